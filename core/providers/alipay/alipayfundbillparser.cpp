#include "core/providers/alipay/alipayfundbillparser.h"

#include "core/money/money.h"
#include "core/providers/alipay/alipaybillfile.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

// Protocol data: the signcustomer bill's column names and markers, as in the file.
const QString kSerial = u"账务流水号"_s;
const QString kTime = u"发生时间"_s;
const QString kIncome = u"收入金额（+元）"_s;
const QString kExpense = u"支出金额（-元）"_s;
const QString kType = u"业务类型"_s;
const QString kRemark = u"备注"_s;
const QString kWithdrawal = u"提现"_s;
const QString kExpenseTotal = u"#支出合计"_s;
const QString kIncomeTotal = u"#收入合计"_s;

bool isHeader(const QStringList &row)
{
    bool serial = false, type = false;
    for (const QString &c : row) {
        serial = serial || c.trimmed() == kSerial;
        type = type || c.trimmed() == kType;
    }
    return serial && type;
}

struct Total
{
    bool seen = false;
    qint64 count = 0;
    Money amount;
};

// "#支出合计：3笔，共-12.34元" (the sign may be left out).
bool readTotal(const QString &line, Total *out)
{
    static const QRegularExpression re(u"(\\d+)笔，共(-?\\d+(?:\\.\\d{1,2})?)元"_s);
    const QRegularExpressionMatch m = re.match(line);
    if (!m.hasMatch())
        return false;
    auto amount = Money::fromDecimalString(m.captured(2));
    if (!amount.ok())
        return false;
    out->seen = true;
    out->count = m.captured(1).toLongLong();
    out->amount = amount.value().isNegative() ? amount.value().negated() : amount.value();
    return true;
}

} // namespace

Result<QList<Payout>> AlipayFundBillParser::parse(const QByteArray &zipBytes,
                                                  const QString &providerId)
{
    using R = Result<QList<Payout>>;
    auto entries = alipaybill::readCsvEntries(zipBytes);
    if (!entries.ok())
        return entries.error();
    for (const alipaybill::ZipEntry &entry : std::as_const(entries.value())) {
        bool decoded = false;
        QString text = alipaybill::decodeBill(entry.data, &decoded);
        if (!decoded) {
            QStringDecoder utf8(QStringDecoder::Utf8);
            text = utf8(entry.data);
            decoded = !utf8.hasError();
        }
        if (!decoded)
            continue;
        const QList<QStringList> rows = alipaybill::splitCsv(text);
        if (std::any_of(rows.cbegin(), rows.cend(), [](const QStringList &r) {
                return !r.value(0).startsWith(u'#') && isHeader(r);
            }))
            return parseCsv(text, providerId);
    }
    return R::failure(u"alipay.fundbill.no_detail"_s,
                      tr("The Alipay fund statement has no list of movements (header row not "
                         "found)."));
}

Result<QList<Payout>> AlipayFundBillParser::parseCsv(const QString &text, const QString &providerId)
{
    using R = Result<QList<Payout>>;
    const auto fail = [](const QString &code, const QString &why) {
        return R::failure(code, tr("The Alipay fund statement cannot be read: %1").arg(why));
    };
    QTimeZone beijing("Asia/Shanghai");
    if (!beijing.isValid())
        beijing = QTimeZone(8 * 3600);

    QHash<QString, int> column;
    int width = 0, lineNo = 0;
    qint64 incomeRows = 0, expenseRows = 0;
    Money income, expense;
    Total statedIncome, statedExpense;
    QList<Payout> out;
    for (const QStringList &row : alipaybill::splitCsv(text)) {
        ++lineNo;
        const QString first = row.value(0).trimmed();
        if (first.startsWith(u'#')) {
            const QString line = row.join(u',');
            if (first.startsWith(kExpenseTotal) && !readTotal(line, &statedExpense))
                return fail(u"alipay.fundbill.bad_total"_s,
                            tr("line %1 has unreadable totals").arg(lineNo));
            if (first.startsWith(kIncomeTotal) && !readTotal(line, &statedIncome))
                return fail(u"alipay.fundbill.bad_total"_s,
                            tr("line %1 has unreadable totals").arg(lineNo));
            continue;
        }
        if (std::all_of(row.cbegin(), row.cend(),
                        [](const QString &c) { return c.trimmed().isEmpty(); }))
            continue;
        if (column.isEmpty()) {
            if (!isHeader(row))
                return fail(u"alipay.fundbill.no_header"_s,
                            tr("line %1 comes before the header row").arg(lineNo));
            for (int i = 0; i < row.size(); ++i)
                if (!column.contains(row.at(i).trimmed()))
                    column.insert(row.at(i).trimmed(), i);
            width = int(row.size());
            for (const QString &needed : {kSerial, kTime, kIncome, kExpense, kType})
                if (!column.contains(needed))
                    return fail(u"alipay.fundbill.missing_column"_s,
                                tr("the header has no column %1").arg(needed));
            continue;
        }
        if (row.size() < width)
            return fail(
                u"alipay.fundbill.bad_row"_s,
                tr("line %1 has %2 cells instead of %3").arg(lineNo).arg(row.size()).arg(width));
        const auto cell = [&](const QString &name) {
            const int i = column.value(name, -1);
            return i < 0 ? QString() : row.at(i).trimmed(); // also drops the TAB after IDs
        };
        QDateTime at = QDateTime::fromString(cell(kTime), u"yyyy-MM-dd HH:mm:ss"_s);
        if (!at.isValid())
            return fail(u"alipay.fundbill.bad_row"_s,
                        tr("line %1 has the bad time \"%2\"").arg(lineNo).arg(cell(kTime)));
        at.setTimeZone(beijing);
        auto in = Money::fromDecimalString(cell(kIncome));
        auto outAmount = Money::fromDecimalString(cell(kExpense));
        if (!in.ok() || !outAmount.ok() || in.value().isNegative())
            return fail(u"alipay.fundbill.bad_amount"_s,
                        tr("line %1 has an amount that is not a number of yuan").arg(lineNo));
        // Expenses are written negative; some exports leave the sign out.
        const Money spent =
            outAmount.value().isNegative() ? outAmount.value().negated() : outAmount.value();
        if (!in.value().isZero() && !spent.isZero())
            return fail(u"alipay.fundbill.bad_amount"_s,
                        tr("line %1 is both income and expense").arg(lineNo));
        if (spent.isZero()) {
            ++incomeRows;
            auto sum = income.plus(in.value());
            if (!sum.ok())
                return fail(u"alipay.fundbill.bad_amount"_s, sum.error().message);
            income = sum.value();
        } else {
            ++expenseRows;
            auto sum = expense.plus(spent);
            if (!sum.ok())
                return fail(u"alipay.fundbill.bad_amount"_s, sum.error().message);
            expense = sum.value();
        }
        if (cell(kType) == kWithdrawal && !spent.isZero()) {
            if (cell(kSerial).isEmpty())
                return fail(
                    u"alipay.fundbill.bad_row"_s,
                    tr("line %1 is a withdrawal without an account serial number").arg(lineNo));
            Payout p;
            p.provider = providerId;
            p.reference = cell(kSerial);
            p.paidAt = at.toUTC();
            p.coversDay = payoutCoversDay(cell(kRemark), at.date());
            p.amountMinor = spent.minor();
            out.append(p);
        }
    }
    if (column.isEmpty())
        return fail(u"alipay.fundbill.no_header"_s, tr("it has no header row"));
    if (!statedIncome.seen || !statedExpense.seen)
        return fail(u"alipay.fundbill.truncated"_s,
                    tr("the income and expense totals are missing (truncated)"));
    if (statedIncome.count != incomeRows || statedExpense.count != expenseRows ||
        statedIncome.amount != income || statedExpense.amount != expense)
        return fail(u"alipay.fundbill.totals"_s,
                    tr("the totals (%1 in, %2 out) do not match the rows (%3, %4)")
                        .arg(statedIncome.amount.toDecimalString(),
                             statedExpense.amount.toDecimalString(), income.toDecimalString(),
                             expense.toDecimalString()));
    return out;
}

} // namespace paydesk
