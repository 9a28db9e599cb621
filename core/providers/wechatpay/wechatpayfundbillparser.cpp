#include "core/providers/wechatpay/wechatpayfundbillparser.h"

#include "core/money/money.h"

#include <QHash>
#include <QStringList>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

const QString kTime = u"记账时间"_s;
const QString kFlowId = u"资金流水单号"_s;
const QString kBusiness = u"业务名称"_s;
const QString kDirection = u"收支类型"_s;
const QString kAmount = u"收支金额(元)"_s;
const QString kRemark = u"备注"_s;
const QString kWithdrawal = u"提现"_s;
const QString kIncome = u"收入"_s;
const QString kExpense = u"支出"_s;
const QString kSummaryCount = u"资金流水总笔数"_s;
const QString kSummaryIncomeCount = u"收入笔数"_s;
const QString kSummaryIncome = u"收入金额"_s;
const QString kSummaryExpenseCount = u"支出笔数"_s;
const QString kSummaryExpense = u"支出金额"_s;

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

// "20.0" (the summary writes counts as decimals) or "20".
bool countOf(const QString &text, qint64 *out)
{
    bool ok = false;
    const double d = text.toDouble(&ok);
    if (!ok || d < 0 || d != qint64(d))
        return false;
    *out = qint64(d);
    return true;
}

} // namespace

Result<QList<Payout>> WechatPayFundBillParser::parse(const QByteArray &file,
                                                     const QString &providerId)
{
    using R = Result<QList<Payout>>;
    const auto fail = [](const QString &why) {
        return R::failure(u"wechatpay.fundbill.malformed"_s,
                          tr("The WeChat Pay fund statement cannot be read: %1").arg(why));
    };
    QByteArray bytes = file;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    if (bytes.trimmed().isEmpty())
        return fail(tr("the file is empty"));
    if (!bytes.endsWith('\n'))
        return fail(tr("the file ends in the middle of a line (truncated)"));
    const QString text = QString::fromUtf8(bytes);
    if (text.contains(QChar::ReplacementCharacter))
        return fail(tr("the file is not UTF-8 text"));
    QStringList lines = text.split(u'\n');
    for (QString &l : lines)
        if (l.endsWith(u'\r'))
            l.chop(1);
    lines.removeAll(QString());

    const QStringList header = fieldsOf(lines.value(0));
    QHash<QString, qsizetype> column;
    for (qsizetype i = 0; i < header.size(); ++i)
        column.insert(header.at(i), i);
    for (const QString &needed : {kTime, kFlowId, kBusiness, kDirection, kAmount})
        if (!column.contains(needed))
            return fail(tr("the header has no column %1").arg(needed));

    QList<Payout> out;
    qint64 rows = 0, incomeRows = 0, expenseRows = 0;
    Money income, expense;
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
        QDateTime t = QDateTime::fromString(cell(kTime), u"yyyy-MM-dd HH:mm:ss"_s);
        if (!t.isValid())
            return fail(tr("line %1 has the bad time \"%2\"").arg(row).arg(cell(kTime)));
        t.setTimeZone(QTimeZone("Asia/Shanghai"));
        auto amount = Money::fromDecimalString(cell(kAmount));
        if (!amount.ok() || amount.value().isNegative())
            return fail(tr("line %1 has an amount that is not a number of yuan").arg(row));
        const QString direction = cell(kDirection);
        ++rows;
        if (direction == kIncome) {
            ++incomeRows;
            auto sum = income.plus(amount.value());
            if (!sum.ok())
                return fail(sum.error().message);
            income = sum.value();
        } else if (direction == kExpense) {
            ++expenseRows;
            auto sum = expense.plus(amount.value());
            if (!sum.ok())
                return fail(sum.error().message);
            expense = sum.value();
        } else {
            return fail(
                tr("line %1 is neither income nor expense (\"%2\")").arg(row).arg(direction));
        }
        if (cell(kBusiness) == kWithdrawal && direction == kExpense) {
            if (cell(kFlowId).isEmpty())
                return fail(tr("line %1 is a withdrawal without a fund-flow number").arg(row));
            Payout p;
            p.provider = providerId;
            p.reference = cell(kFlowId);
            p.paidAt = t.toUTC();
            p.coversDay =
                payoutCoversDay(column.contains(kRemark) ? cell(kRemark) : QString(), t.date());
            p.amountMinor = amount.value().minor();
            out.append(p);
        }
    }
    if (at + 1 >= lines.size())
        return fail(tr("the summary rows are missing (truncated)"));
    const QStringList summaryHeader = fieldsOf(lines.at(at));
    const QStringList summary = fieldsOf(lines.at(at + 1));
    if (at + 2 != lines.size() || summary.size() < summaryHeader.size())
        return fail(tr("the summary is not one row after its header"));
    const auto stated = [&](const QString &name) {
        return summary.value(summaryHeader.indexOf(name));
    };
    qint64 n = -1;
    if (!countOf(stated(kSummaryCount), &n) || n != rows)
        return fail(
            tr("the summary counts %1 rows, the file has %2").arg(stated(kSummaryCount)).arg(rows));
    if (!countOf(stated(kSummaryIncomeCount), &n) || n != incomeRows ||
        !countOf(stated(kSummaryExpenseCount), &n) || n != expenseRows)
        return fail(tr("the summary's income and expense counts do not match the rows"));
    auto statedIncome = Money::fromDecimalString(stated(kSummaryIncome));
    auto statedExpense = Money::fromDecimalString(stated(kSummaryExpense));
    if (!statedIncome.ok() || statedIncome.value() != income || !statedExpense.ok() ||
        statedExpense.value() != expense)
        return fail(tr("the summary's totals (%1 in, %2 out) do not match the rows (%3, %4)")
                        .arg(stated(kSummaryIncome), stated(kSummaryExpense),
                             income.toDecimalString(), expense.toDecimalString()));
    return out;
}

} // namespace paydesk
