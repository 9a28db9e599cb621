#include "sandbox/wechatpay/wechatpaybill.h"

#include "sandbox/wechatpay/wechatpayprotocol.h"

#include <algorithm>

namespace paydesk::sandbox {

using namespace wechatpay;
using namespace Qt::StringLiterals;

namespace {

// Protocol data: WeChat's column names are Chinese on the wire.
const QStringList detailColumns = {
    u"交易时间"_s,     u"公众账号ID"_s, u"商户号"_s,         u"特约商户号"_s, u"设备号"_s,
    u"微信订单号"_s,   u"商户订单号"_s, u"用户标识"_s,       u"交易类型"_s,   u"交易状态"_s,
    u"付款银行"_s,     u"货币种类"_s,   u"应结订单金额"_s,   u"代金券金额"_s, u"微信退款单号"_s,
    u"商户退款单号"_s, u"退款金额"_s,   u"充值券退款金额"_s, u"退款类型"_s,   u"退款状态"_s,
    u"商品名称"_s,     u"商户数据包"_s, u"手续费"_s,         u"费率"_s,       u"订单金额"_s,
    u"申请退款金额"_s, u"费率备注"_s};
const QStringList summaryColumns = {u"总交易单数"_s,       u"应结订单总金额"_s, u"退款总金额"_s,
                                    u"充值券退款总金额"_s, u"手续费总金额"_s,   u"订单总金额"_s,
                                    u"申请退款总金额"_s};

// Free text cannot carry the separators: WeChat's file has no quoting.
QString plain(QString text)
{
    for (const QChar c : {u',', u'`', u'\r', u'\n'})
        text.replace(c, u' ');
    return text;
}

QByteArray row(const QStringList &values)
{
    QStringList cells;
    for (const QString &v : values)
        cells << u'`' + v;
    return cells.join(u',').toUtf8() + "\r\n";
}

struct Row
{
    QDateTime atUtc;
    QStringList values;
    qint64 settled = 0, refunded = 0, fee = 0, ordered = 0;
};

} // namespace

QByteArray WechatPayBill::tradeBill(const QString &mchid, const QString &appid, QDate day,
                                    const QList<Line> &lines, int feeRateBasisPoints)
{
    const QString rate = u"%1.%2%"_s.arg(feeRateBasisPoints / 100)
                             .arg(feeRateBasisPoints % 100, 2, 10, QLatin1Char('0'));
    const QString zero = u"0.00"_s;
    QList<Row> rows;
    for (const Line &line : lines) {
        const Trade &t = *line.trade;
        const QString type = t.dialectData.value(u"trade_type").toString();
        const QString device = t.dialectData.value(u"device_info").toString();
        const QString attach = plain(t.dialectData.value(u"attach").toString());
        const auto base = [&](const QDateTime &at, const QString &state) {
            return QStringList{beijing(at).toString(u"yyyy-MM-dd HH:mm:ss"_s),
                               appid,
                               mchid,
                               u"0"_s,
                               device,
                               t.transactionId,
                               t.outTradeNo,
                               line.openid,
                               type,
                               state,
                               u"OTHERS"_s,
                               u"CNY"_s};
        };
        if (t.wasPaid() && beijing(t.paidUtc).date() == day) {
            Row r{t.paidUtc,    base(t.paidUtc, u"SUCCESS"_s), t.amountMinor, 0, t.feeMinor,
                  t.amountMinor};
            r.values << yuan(t.amountMinor) << zero << u"0"_s << u"0"_s << zero << zero << QString()
                     << QString() << plain(t.subject) << attach << yuan(t.feeMinor) << rate
                     << yuan(t.amountMinor) << zero << QString();
            for (int copy = 0; copy < t.billCopies; ++copy)
                rows << r;
        }
        for (const Refund &refund : t.refunds) {
            if (beijing(refund.createdUtc).date() != day)
                continue;
            Row r{refund.createdUtc,
                  base(refund.createdUtc, u"REFUND"_s),
                  0,
                  refund.amountMinor,
                  -refund.feeMinor,
                  0};
            r.values << zero << zero << line.refundIds.value(refund.outRequestNo)
                     << refund.outRequestNo << yuan(refund.amountMinor) << zero << u"ORIGINAL"_s
                     << u"SUCCESS"_s << plain(t.subject) << attach << yuan(-refund.feeMinor) << rate
                     << zero << yuan(refund.amountMinor) << QString();
            rows << r;
        }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row &a, const Row &b) { return a.atUtc < b.atUtc; });

    QByteArray out = "\xEF\xBB\xBF";
    out += detailColumns.join(u',').toUtf8() + "\r\n";
    qint64 settled = 0, refunded = 0, fee = 0, ordered = 0;
    for (const Row &r : rows) {
        out += row(r.values);
        settled += r.settled;
        refunded += r.refunded;
        fee += r.fee;
        ordered += r.ordered;
    }
    out += summaryColumns.join(u',').toUtf8() + "\r\n";
    out += row({QString::number(rows.size()), yuan(settled), yuan(refunded), zero, yuan(fee),
                yuan(ordered), yuan(refunded)});
    return out;
}

QByteArray WechatPayBill::fundFlowBill(QDate day, const QList<FundMovement> &movements,
                                       qint64 openingMinor)
{
    // Protocol data: the fund bill's columns and business names.
    static const QStringList columns = {
        u"记账时间"_s,     u"微信支付业务单号"_s, u"资金流水单号"_s,
        u"业务名称"_s,     u"业务类型"_s,         u"收支类型"_s,
        u"收支金额(元)"_s, u"账户结余(元)"_s,     u"资金变更提交申请人"_s,
        u"备注"_s,         u"业务凭证号"_s};
    static const QStringList summary = {u"资金流水总笔数"_s, u"收入笔数"_s, u"收入金额"_s,
                                        u"支出笔数"_s, u"支出金额"_s};
    QByteArray out = "\xEF\xBB\xBF";
    out += columns.join(u',').toUtf8() + "\r\n";
    qint64 balance = openingMinor, income = 0, expense = 0;
    int incomeRows = 0, expenseRows = 0, n = 0;
    for (const FundMovement &m : movements) {
        ++n;
        balance += m.amountMinor;
        QString businessNo = m.trade ? m.trade->transactionId : QString();
        QString flowNo = day.toString(u"yyyyMMdd"_s) + u"%1"_s.arg(n, 10, 10, QLatin1Char('0'));
        QString name, type, remark, voucher;
        switch (m.kind) {
        case FundMovement::Kind::Payment:
            name = type = u"交易"_s;
            voucher = m.trade->outTradeNo;
            break;
        case FundMovement::Kind::Fee:
            name = u"扣除交易手续费"_s;
            type = u"手续费"_s;
            voucher = m.trade->outTradeNo;
            break;
        case FundMovement::Kind::Refund:
            name = type = u"退款"_s;
            voucher = m.outRequestNo;
            break;
        case FundMovement::Kind::FeeReturned:
            name = u"退还交易手续费"_s;
            type = u"手续费"_s;
            voucher = m.outRequestNo;
            break;
        case FundMovement::Kind::Payout:
            name = type = u"提现"_s;
            businessNo = m.reference;
            flowNo = m.reference;
            voucher = m.reference;
            remark = u"结算 %1"_s.arg(m.coversDay.toString(Qt::ISODate));
            break;
        }
        const bool in = m.amountMinor >= 0;
        if (in) {
            ++incomeRows;
            income += m.amountMinor;
        } else {
            ++expenseRows;
            expense -= m.amountMinor;
        }
        out += row({beijing(m.atUtc).toString(u"yyyy-MM-dd HH:mm:ss"_s), businessNo, flowNo, name,
                    type, in ? u"收入"_s : u"支出"_s, yuan(in ? m.amountMinor : -m.amountMinor),
                    yuan(balance), u"system"_s, plain(remark), voucher});
    }
    out += summary.join(u',').toUtf8() + "\r\n";
    // Counts are written as decimals ("20.0"), as WeChat Pay's own files do.
    out += row({u"%1.0"_s.arg(n), u"%1.0"_s.arg(incomeRows), yuan(income),
                u"%1.0"_s.arg(expenseRows), yuan(expense)});
    return out;
}

} // namespace paydesk::sandbox
