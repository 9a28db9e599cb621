#include "sandbox/alipay/billwriter.h"

#include "sandbox/alipay/alipayprotocol.h"
#include "sandbox/settlement.h"

#include <QStringEncoder>
#include <QTimeZone>

#include <zip.h>

namespace paydesk::sandbox {

using namespace Qt::StringLiterals;

namespace {

// Protocol data: Alipay's column names and comment lines are Chinese on the wire.
const QStringList alipayColumns = {u"支付宝交易号"_s,
                                   u"商户订单号"_s,
                                   u"业务类型"_s,
                                   u"商品名称"_s,
                                   u"创建时间"_s,
                                   u"完成时间"_s,
                                   u"门店编号"_s,
                                   u"门店名称"_s,
                                   u"操作员"_s,
                                   u"终端号"_s,
                                   u"对方账户"_s,
                                   u"订单金额（元）"_s,
                                   u"商家实收（元）"_s,
                                   u"支付宝红包（元）"_s,
                                   u"集分宝（元）"_s,
                                   u"支付宝优惠（元）"_s,
                                   u"商家优惠（元）"_s,
                                   u"券核销金额（元）"_s,
                                   u"券名称"_s,
                                   u"商家红包消费金额（元）"_s,
                                   u"卡消费金额（元）"_s,
                                   u"退款批次号/请求号"_s,
                                   u"服务费（元）"_s,
                                   u"分润（元）"_s,
                                   u"备注"_s};

QString cell(const QString &text)
{
    if (text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"')) ||
        text.contains(QLatin1Char('\n'))) {
        QString quoted = text;
        quoted.replace(u"\""_s, u"\"\""_s);
        return QLatin1Char('"') + quoted + QLatin1Char('"');
    }
    return text;
}

// Alipay appends a TAB to id cells so spreadsheets keep them as text.
QString idCell(const QString &id)
{
    return id.isEmpty() ? QString() : id + QLatin1Char('\t');
}

QString chineseStamp(const QDateTime &beijing)
{
    return beijing.toString(u"yyyy年MM月dd日 HH:mm:ss"_s);
}

struct Row
{
    QDateTime completedUtc;
    QStringList cells;
};

Row makeRow(const Trade &t, const QString &logonId, bool refund, const Refund *r)
{
    const qint64 amount = refund ? -r->amountMinor : t.amountMinor;
    const qint64 fee = refund ? -r->feeMinor : t.feeMinor;
    const QString zero = u"0.00"_s;
    const QDateTime completed = refund ? r->createdUtc : t.paidUtc;
    return Row{completed,
               {idCell(t.transactionId),
                idCell(t.outTradeNo),
                refund ? u"退款"_s : u"交易"_s,
                cell(t.subject),
                alipay::beijingText(t.createdUtc),
                alipay::beijingText(completed),
                cell(t.storeId),
                QString(),
                cell(t.operatorId),
                cell(t.terminalId),
                logonId,
                alipay::yuan(amount),
                alipay::yuan(amount),
                zero,
                zero,
                zero,
                zero,
                zero,
                QString(),
                zero,
                zero,
                refund ? idCell(r->outRequestNo) : QString(),
                alipay::yuan(fee),
                zero,
                refund ? cell(r->reason) : QString()}};
}

} // namespace

QString BillWriter::alipayCsvName(const App &app, QDate day)
{
    return app.merchantPid + QLatin1Char('_') + day.toString(u"yyyyMMdd"_s) + u"_业务明细.csv"_s;
}

QString BillWriter::alipayTradeCsv(const App &app, QDate day, const QList<const Trade *> &trades,
                                   const QHash<QString, QString> &accounts, const QDateTime &nowUtc)
{
    QList<Row> rows;
    int payments = 0;
    int refunds = 0;
    qint64 total = 0;
    qint64 fees = 0;
    for (const Trade *t : trades) {
        if (t->appId != app.appId || !t->wasPaid())
            continue;
        const QString account = accounts.value(t->buyerId);
        if (alipay::beijing(t->paidUtc).date() == day) {
            for (int copy = 0; copy < t->billCopies; ++copy) {
                rows.append(makeRow(*t, account, false, nullptr));
                ++payments;
                total += t->amountMinor;
                fees += t->feeMinor;
            }
        }
        for (const Refund &r : t->refunds) {
            if (alipay::beijing(r.createdUtc).date() != day)
                continue;
            rows.append(makeRow(*t, account, true, &r));
            ++refunds;
            total -= r.amountMinor;
            fees -= r.feeMinor;
        }
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const Row &a, const Row &b) { return a.completedUtc < b.completedUtc; });

    const QDateTime start(day, QTime(0, 0), QTimeZone(8 * 3600));
    QStringList lines;
    lines << u"#支付宝业务明细查询"_s;
    lines << u"#账号：[%1]"_s.arg(app.merchantPid);
    lines << u"#起始日期：[%1]   终止日期：[%2]"_s.arg(chineseStamp(start),
                                                       chineseStamp(start.addDays(1)));
    lines << u"#-----------------------------------------业务明细列表"
             u"----------------------------------------"_s;
    lines << alipayColumns.join(QLatin1Char(','));
    for (const Row &row : rows)
        lines << row.cells.join(QLatin1Char(','));
    lines << u"#-----------------------------------------业务明细列表结束"
             u"------------------------------------"_s;
    lines << u"#交易合计：%1笔，退款合计：%2笔"_s.arg(payments).arg(refunds);
    lines << u"#商家实收合计：%1元，服务费合计：%2元"_s.arg(alipay::yuan(total),
                                                            alipay::yuan(fees));
    lines << u"#导出时间：[%1]"_s.arg(chineseStamp(alipay::beijing(nowUtc)));
    return lines.join(u"\r\n"_s) + u"\r\n"_s;
}

Result<QByteArray> BillWriter::alipayTradeZip(const App &app, QDate day,
                                              const QList<const Trade *> &trades,
                                              const QHash<QString, QString> &accounts,
                                              const QDateTime &nowUtc)
{
    QStringEncoder gbk("GB18030");
    if (!gbk.isValid())
        return Result<QByteArray>::failure(u"sandbox.gbk"_s,
                                           tr("This system cannot encode GBK text."));
    const QByteArray csv = gbk.encode(alipayTradeCsv(app, day, trades, accounts, nowUtc));
    return zip({{alipayCsvName(app, day), csv}});
}

QString BillWriter::alipayFundCsvName(const App &app, QDate day)
{
    return app.merchantPid + QLatin1Char('_') + day.toString(u"yyyyMMdd"_s) + u"_账务明细.csv"_s;
}

QString BillWriter::alipayFundCsv(const App &app, QDate day, const TradeStore &store,
                                  const QDateTime &nowUtc)
{
    // Protocol data: the signcustomer bill's columns and business types.
    static const QStringList columns = {
        u"账务流水号"_s,     u"业务流水号"_s, u"商户订单号"_s,      u"商品名称"_s,
        u"发生时间"_s,       u"对方账号"_s,   u"收入金额（+元）"_s, u"支出金额（-元）"_s,
        u"账户余额（元）"_s, u"交易渠道"_s,   u"业务类型"_s,        u"备注"_s};
    qint64 balance = Settlement::openingBalance(app, store, day);
    int incomeRows = 0, expenseRows = 0, row = 0;
    qint64 income = 0, expense = 0;
    QStringList lines;
    const QDateTime start(day, QTime(0, 0), QTimeZone(8 * 3600));
    lines << u"#支付宝账务明细查询"_s;
    lines << u"#账号：[%1]"_s.arg(app.merchantPid);
    lines << u"#起始日期：[%1]   终止日期：[%2]"_s.arg(chineseStamp(start),
                                                       chineseStamp(start.addDays(1)));
    lines << u"#-----------------------------------------账务明细列表"
             u"----------------------------------------"_s;
    lines << columns.join(QLatin1Char(','));
    for (const FundMovement &m : Settlement::movements(app, store, day)) {
        ++row;
        balance += m.amountMinor;
        const QString serial =
            day.toString(u"yyyyMMdd"_s) + u"%1"_s.arg(row, 8, 10, QLatin1Char('0'));
        QString businessNo, outTradeNo, subject, counterparty, type, remark;
        QString accountSerial = serial;
        if (m.trade) {
            businessNo = m.trade->transactionId;
            outTradeNo = m.trade->outTradeNo;
            subject = m.trade->subject;
        }
        switch (m.kind) {
        case FundMovement::Kind::Payment:
            type = u"在线支付"_s;
            break;
        case FundMovement::Kind::Fee:
            type = u"收费"_s;
            remark = u"服务费[%1]"_s.arg(businessNo);
            break;
        case FundMovement::Kind::Refund:
            type = u"交易退款"_s;
            remark = m.outRequestNo;
            break;
        case FundMovement::Kind::FeeReturned:
            type = u"收费退回"_s;
            remark = u"服务费退回[%1]"_s.arg(businessNo);
            break;
        case FundMovement::Kind::Payout:
            // The payout's own id is its account serial; the remark names the day it settles.
            accountSerial = m.reference;
            businessNo = m.reference;
            subject = u"提现"_s;
            counterparty = u"银行卡(尾号0000)"_s;
            type = u"提现"_s;
            remark = u"结算 %1"_s.arg(m.coversDay.toString(Qt::ISODate));
            break;
        }
        const bool in = m.amountMinor >= 0;
        if (in) {
            ++incomeRows;
            income += m.amountMinor;
        } else {
            ++expenseRows;
            expense += m.amountMinor;
        }
        lines << QStringList{idCell(accountSerial),
                             idCell(businessNo),
                             idCell(outTradeNo),
                             cell(subject),
                             alipay::beijingText(m.atUtc),
                             cell(counterparty),
                             in ? alipay::yuan(m.amountMinor) : u"0.00"_s,
                             in ? u"0.00"_s : alipay::yuan(m.amountMinor),
                             alipay::yuan(balance),
                             u"支付宝"_s,
                             type,
                             cell(remark)}
                     .join(QLatin1Char(','));
    }
    lines << u"#-----------------------------------------账务明细列表结束"
             u"------------------------------------"_s;
    lines << u"#支出合计：%1笔，共%2元"_s.arg(expenseRows).arg(alipay::yuan(expense));
    lines << u"#收入合计：%1笔，共%2元"_s.arg(incomeRows).arg(alipay::yuan(income));
    lines << u"#导出时间：[%1]"_s.arg(chineseStamp(alipay::beijing(nowUtc)));
    return lines.join(u"\r\n"_s) + u"\r\n"_s;
}

Result<QByteArray> BillWriter::alipayFundZip(const App &app, QDate day, const TradeStore &store,
                                             const QDateTime &nowUtc)
{
    QStringEncoder gbk("GB18030");
    if (!gbk.isValid())
        return Result<QByteArray>::failure(u"sandbox.gbk"_s,
                                           tr("This system cannot encode GBK text."));
    const QByteArray csv = gbk.encode(alipayFundCsv(app, day, store, nowUtc));
    return zip({{alipayFundCsvName(app, day), csv}});
}

Result<QByteArray> BillWriter::zip(const QList<QPair<QString, QByteArray>> &files)
{
    const auto fail = [] {
        return Result<QByteArray>::failure(u"sandbox.zip"_s, tr("Cannot build the bill zip."));
    };
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer)
        return fail();
    zip_t *archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (!archive) {
        zip_source_free(buffer);
        return fail();
    }
    zip_source_keep(buffer); // survive zip_close so the bytes can be read back
    for (const auto &[name, data] : files) {
        zip_source_t *entry =
            zip_source_buffer(archive, data.constData(), zip_uint64_t(data.size()), 0);
        if (!entry ||
            zip_file_add(archive, name.toUtf8().constData(), entry, ZIP_FL_ENC_UTF_8) < 0) {
            zip_source_free(entry);
            zip_discard(archive);
            zip_source_free(buffer);
            return fail();
        }
    }
    // The entries point into \a files, which outlive this call.
    if (zip_close(archive) < 0) {
        zip_discard(archive);
        zip_source_free(buffer);
        return fail();
    }
    QByteArray out;
    if (zip_source_open(buffer) == 0) {
        char chunk[8192];
        zip_int64_t n;
        while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0)
            out.append(chunk, n);
        zip_source_close(buffer);
    }
    zip_source_free(buffer);
    if (out.isEmpty())
        return fail();
    return out;
}

} // namespace paydesk::sandbox
