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

} // namespace paydesk::sandbox
