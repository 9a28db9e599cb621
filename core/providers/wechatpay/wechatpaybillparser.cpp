#include "core/providers/wechatpay/wechatpaybillparser.h"

#include <QHash>
#include <QStringList>
#include <QTimeZone>

#include <optional>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

const QString kTime = u"交易时间"_s;
const QString kTransactionId = u"微信订单号"_s;
const QString kOutTradeNo = u"商户订单号"_s;
const QString kState = u"交易状态"_s;
const QString kSettled = u"应结订单金额"_s;
const QString kOutRefundNo = u"商户退款单号"_s;
const QString kRefund = u"退款金额"_s;
const QString kSubject = u"商品名称"_s;
const QString kAttach = u"商户数据包"_s;
const QString kFee = u"手续费"_s;
const QString kTotal = u"订单金额"_s;
const QString kDevice = u"设备号"_s;
const QString kSummaryCount = u"总交易单数"_s;
const QString kSummaryRefund = u"退款总金额"_s;

// A field as written: a leading backtick marks it as text (so spreadsheets keep the digits).
QStringList fieldsOf(const QString &line)
{
    QStringList fields = line.split(u',');
    for (QString &f : fields) {
        if (f.startsWith(u'`'))
            f.remove(0, 1);
        f = f.trimmed();
    }
    return fields;
}

} // namespace

Result<QList<StatementLine>> WechatPayBillParser::parse(const QByteArray &file)
{
    using R = Result<QList<StatementLine>>;
    const auto fail = [](const QString &why) {
        return R::failure(u"wechatpay.bill.malformed"_s,
                          tr("The WeChat Pay statement cannot be read: %1").arg(why));
    };
    QByteArray bytes = file;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    if (bytes.trimmed().isEmpty())
        return fail(tr("the file is empty"));
    if (!bytes.endsWith('\n'))
        return fail(tr("the file ends in the middle of a line (truncated)"));
    QStringList lines = QString::fromUtf8(bytes).split(u'\n');
    for (QString &l : lines)
        if (l.endsWith(u'\r'))
            l.chop(1);
    lines.removeAll(QString());

    const QStringList header = fieldsOf(lines.value(0));
    QHash<QString, qsizetype> column;
    for (qsizetype i = 0; i < header.size(); ++i)
        column.insert(header.at(i), i);
    for (const QString &needed : {kTime, kTransactionId, kOutTradeNo, kState, kSettled,
                                  kOutRefundNo, kRefund, kFee, kTotal})
        if (!column.contains(needed))
            return fail(tr("the header has no column %1").arg(needed));

    QList<StatementLine> out;
    Money refundTotal;
    qsizetype at = 1;
    for (; at < lines.size(); ++at) {
        const QStringList f = fieldsOf(lines.at(at));
        if (f.value(0) == kSummaryCount)
            break;
        const int row = int(at) + 1;
        if (f.size() != header.size())
            return fail(tr("line %1 has %2 fields instead of %3")
                            .arg(row)
                            .arg(f.size())
                            .arg(header.size()));
        const auto cell = [&](const QString &name) { return f.at(column.value(name)); };
        const auto money = [&](const QString &name) -> std::optional<Money> {
            auto m = Money::fromDecimalString(cell(name));
            return m.ok() ? std::optional<Money>(m.value()) : std::nullopt;
        };
        StatementLine line;
        const QString state = cell(kState);
        if (state == u"SUCCESS")
            line.kind = StatementLine::Kind::Payment;
        else if (state == u"REFUND")
            line.kind = StatementLine::Kind::Refund;
        else
            return fail(tr("line %1 has the unknown state \"%2\"").arg(row).arg(state));
        QDateTime t = QDateTime::fromString(cell(kTime), u"yyyy-MM-dd HH:mm:ss"_s);
        if (!t.isValid())
            return fail(tr("line %1 has the bad time \"%2\"").arg(row).arg(cell(kTime)));
        t.setTimeZone(QTimeZone("Asia/Shanghai"));
        line.createdAt = t.toUTC();
        line.finishedAt = line.createdAt;
        line.transactionId = cell(kTransactionId);
        line.outTradeNo = cell(kOutTradeNo);
        if (line.outTradeNo.isEmpty())
            return fail(tr("line %1 has no merchant order number").arg(row));
        const auto total = money(kTotal);
        const auto settled = money(kSettled);
        const auto refund = money(kRefund);
        const auto fee = money(kFee);
        if (!total || !settled || !refund || !fee)
            return fail(tr("line %1 has an amount that is not a number of yuan").arg(row));
        const auto negative = [](const Money &m) { return m.isNegative() ? m : m.negated(); };
        const auto positive = [](const Money &m) { return m.isNegative() ? m.negated() : m; };
        if (line.kind == StatementLine::Kind::Refund) {
            line.outRequestNo = cell(kOutRefundNo);
            if (line.outRequestNo.isEmpty())
                return fail(tr("line %1 is a refund without a refund number").arg(row));
            line.amount = negative(*refund);
            line.received = negative(*refund);
            line.fee = negative(*fee);
            auto sum = refundTotal.plus(positive(*refund));
            if (!sum.ok())
                return fail(sum.error().message);
            refundTotal = sum.value();
        } else {
            line.amount = positive(*total);
            line.received = positive(*settled);
            line.fee = positive(*fee);
        }
        line.subject = cell(kSubject);
        line.remark = column.contains(kAttach) ? cell(kAttach) : QString();
        line.storeId = column.contains(kDevice) ? cell(kDevice) : QString();
        out.append(line);
    }
    // The summary is the end of the file: without it the download was cut short.
    if (at + 1 >= lines.size())
        return fail(tr("the summary rows are missing (truncated)"));
    const QStringList summaryHeader = fieldsOf(lines.at(at));
    const QStringList summary = fieldsOf(lines.at(at + 1));
    if (at + 2 != lines.size() || summary.size() != summaryHeader.size())
        return fail(tr("the summary is not one row after its header"));
    const qsizetype countAt = summaryHeader.indexOf(kSummaryCount);
    const qsizetype refundAt = summaryHeader.indexOf(kSummaryRefund);
    bool numeric = false;
    const qsizetype count = summary.value(countAt).toLongLong(&numeric);
    if (!numeric || count != out.size())
        return fail(tr("the summary counts %1 rows, the file has %2")
                        .arg(summary.value(countAt))
                        .arg(out.size()));
    if (refundAt >= 0) {
        auto stated = Money::fromDecimalString(summary.value(refundAt));
        if (!stated.ok() || stated.value() != refundTotal)
            return fail(tr("the refunds add up to %1, the summary says %2")
                            .arg(refundTotal.toDecimalString(), summary.value(refundAt)));
    }
    return out;
}

} // namespace paydesk
