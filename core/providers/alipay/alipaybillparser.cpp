#include "core/providers/alipay/alipaybillparser.h"

#include "core/providers/alipay/alipaybillfile.h"
#include "core/providers/alipay/alipaylog.h"

#include <QHash>
#include <QStringDecoder>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace paydesk {

using alipaybill::decodeBill;
using alipaybill::readCsvEntries;
using alipaybill::splitCsv;
using alipaybill::ZipEntry;

namespace {

// Protocol data: Alipay's column names, as they appear in the file.
const QString kTradeNo = u"支付宝交易号"_s;
const QString kOutTradeNo = u"商户订单号"_s;
const QString kBizType = u"业务类型"_s;
const QString kSubject = u"商品名称"_s;
const QString kCreated = u"创建时间"_s;
const QString kFinished = u"完成时间"_s;
const QString kStoreId = u"门店编号"_s;
const QString kAmount = u"订单金额（元）"_s;
const QString kReceived = u"商家实收（元）"_s;
const QString kRequestNo = u"退款批次号/请求号"_s;
const QString kFee = u"服务费（元）"_s;
const QString kRemark = u"备注"_s;
const QString kTypePayment = u"交易"_s;
const QString kTypeRefund = u"退款"_s;

QTimeZone beijing()
{
    static const QTimeZone zone = [] {
        QTimeZone z("Asia/Shanghai");
        return z.isValid() ? z : QTimeZone(8 * 3600);
    }();
    return zone;
}

bool isHeaderRow(const QStringList &cells)
{
    bool trade = false, outTrade = false;
    for (const QString &c : cells) {
        const QString t = c.trimmed();
        trade = trade || t == kTradeNo;
        outTrade = outTrade || t == kOutTradeNo;
    }
    return trade && outTrade;
}

} // namespace

Result<QList<StatementLine>> AlipayBillParser::parse(const QByteArray &zipBytes)
{
    using R = Result<QList<StatementLine>>;
    auto entries = readCsvEntries(zipBytes);
    if (!entries.ok())
        return entries.error();

    // Alipay zips hold a detail file and a summary file; the detail one has the header
    // with the transaction columns.
    const auto hasHeader = [](const QString &text) {
        const QList<QStringList> rows = splitCsv(text);
        return std::any_of(rows.cbegin(), rows.cend(), [](const QStringList &r) {
            return !r.value(0).startsWith(u'#') && isHeaderRow(r);
        });
    };
    for (const ZipEntry &entry : std::as_const(entries.value())) {
        bool decoded = false;
        QString text = decodeBill(entry.data, &decoded);
        if (!decoded || !hasHeader(text)) {
            // Not GBK after all? Some re-exported bills are UTF-8 without a BOM.
            QStringDecoder utf8(QStringDecoder::Utf8);
            text = utf8(entry.data);
            decoded = !utf8.hasError();
        }
        if (decoded && hasHeader(text))
            return parseCsv(text);
    }
    return R::failure(u"alipay.bill.no_detail"_s,
                      tr("The Alipay statement has no transaction list (header row not found)."));
}

Result<QList<StatementLine>> AlipayBillParser::parseCsv(const QString &text)
{
    using R = Result<QList<StatementLine>>;
    const QList<QStringList> rows = splitCsv(text);

    QHash<QString, int> column;
    int headerWidth = 0;
    QList<StatementLine> lines;
    int lineNo = 0;
    for (const QStringList &row : rows) {
        ++lineNo;
        if (row.value(0).trimmed().startsWith(u'#'))
            continue;
        if (std::all_of(row.cbegin(), row.cend(),
                        [](const QString &c) { return c.trimmed().isEmpty(); }))
            continue;
        if (column.isEmpty()) {
            if (!isHeaderRow(row))
                return R::failure(
                    u"alipay.bill.no_header"_s,
                    tr("Line %1 of the Alipay statement comes before its header row.").arg(lineNo));
            for (int i = 0; i < row.size(); ++i) {
                const QString name = row.at(i).trimmed();
                if (!name.isEmpty() && !column.contains(name))
                    column.insert(name, i);
            }
            headerWidth = int(row.size());
            for (const QString &required : {kTradeNo, kOutTradeNo, kBizType, kCreated, kFinished,
                                            kAmount, kReceived, kRequestNo, kFee}) {
                if (!column.contains(required))
                    return R::failure(
                        u"alipay.bill.missing_column"_s,
                        tr("The Alipay statement has no column \"%1\".").arg(required));
            }
            continue;
        }

        // Trailing empty cells may be cut by some exporters; anything shorter than the
        // last column we read is a broken row.
        const auto cell = [&](const QString &name) -> std::optional<QString> {
            const int idx = column.value(name, -1);
            if (idx < 0)
                return QString();
            if (idx >= row.size())
                return std::nullopt;
            return row.at(idx).trimmed(); // also drops the TAB after ID cells
        };
        const auto fail = [&](const QString &what) {
            return R::failure(
                u"alipay.bill.bad_row"_s,
                tr("Line %1 of the Alipay statement is invalid: %2").arg(lineNo).arg(what));
        };
        for (const QString &name : {kTradeNo, kOutTradeNo, kBizType, kCreated, kFinished, kAmount,
                                    kReceived, kRequestNo, kFee}) {
            if (!cell(name))
                return fail(
                    tr("it has %1 cells, the header has %2").arg(row.size()).arg(headerWidth));
        }

        StatementLine line;
        const QString type = *cell(kBizType);
        if (type == kTypePayment)
            line.kind = StatementLine::Kind::Payment;
        else if (type == kTypeRefund)
            line.kind = StatementLine::Kind::Refund;
        else
            return fail(tr("unknown business type \"%1\"").arg(type));

        line.transactionId = *cell(kTradeNo);
        if (line.transactionId.isEmpty())
            return fail(tr("the Alipay transaction number is empty"));
        line.outTradeNo = *cell(kOutTradeNo);
        if (line.kind == StatementLine::Kind::Refund) {
            line.outRequestNo = *cell(kRequestNo);
            if (line.outRequestNo.isEmpty())
                return fail(tr("a refund without a refund request number"));
        }

        const auto parseTime = [&](const QString &value, QDateTime *out) {
            if (value.isEmpty())
                return true;
            QDateTime t = QDateTime::fromString(value, u"yyyy-MM-dd HH:mm:ss"_s);
            if (!t.isValid())
                return false;
            t.setTimeZone(beijing());
            *out = t.toUTC();
            return true;
        };
        if (!parseTime(*cell(kCreated), &line.createdAt) || !line.createdAt.isValid())
            return fail(tr("bad creation time \"%1\"").arg(*cell(kCreated)));
        if (!parseTime(*cell(kFinished), &line.finishedAt))
            return fail(tr("bad completion time \"%1\"").arg(*cell(kFinished)));

        const auto money = [&](const QString &name, Money *out) {
            auto m = Money::fromDecimalString(*cell(name));
            if (!m.ok())
                return false;
            *out = m.value();
            return true;
        };
        Money amount, received, fee;
        if (!money(kAmount, &amount))
            return fail(tr("bad amount \"%1\" in column %2").arg(*cell(kAmount), kAmount));
        if (!money(kReceived, &received))
            return fail(tr("bad amount \"%1\" in column %2").arg(*cell(kReceived), kReceived));
        if (!money(kFee, &fee))
            return fail(tr("bad amount \"%1\" in column %2").arg(*cell(kFee), kFee));
        // Normalise signs: refunds are money going back, fees are charged on payments and
        // returned on refunds, whatever sign convention the file uses.
        const bool refund = line.kind == StatementLine::Kind::Refund;
        const auto withSign = [](const Money &m, bool negative) {
            return (m.isNegative() != negative && !m.isZero()) ? m.negated() : m;
        };
        line.amount = withSign(amount, refund);
        line.received = withSign(received, refund);
        line.fee = withSign(fee, refund);

        line.subject = cell(kSubject).value_or(QString());
        line.storeId = cell(kStoreId).value_or(QString());
        line.remark = cell(kRemark).value_or(QString());
        lines.append(line);
    }
    if (column.isEmpty())
        return R::failure(u"alipay.bill.no_header"_s,
                          tr("The Alipay statement has no header row."));
    return lines;
}

} // namespace paydesk
