#include "core/reports/journalexporter.h"

#include "core/money/money.h"

#include <QSet>

namespace paydesk {

namespace {

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString csvRow(const QStringList &fields)
{
    QStringList out;
    for (const QString &f : fields)
        out << csvField(f);
    return out.join(QLatin1Char(',')) + QStringLiteral("\r\n");
}

/// A Beancount string literal: backslash and quote escaped, no line breaks.
QString beanString(QString text)
{
    text.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    text.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    text.replace(QLatin1Char('\r'), QLatin1Char(' '));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QString decimal(qint64 minor)
{
    return Money::fromMinor(minor).toDecimalString();
}

} // namespace

JournalExporter::JournalExporter(const Ledger &ledger, QTimeZone zone)
    : m_ledger(ledger), m_zone(std::move(zone))
{
}

std::optional<JournalExporter::Format> JournalExporter::formatFromName(const QString &name)
{
    if (name == u"csv")
        return Format::Csv;
    if (name == u"beancount")
        return Format::Beancount;
    return std::nullopt;
}

QString JournalExporter::beancountAccount(const QString &code, const QString &kind)
{
    static const QHash<QString, QString> roots{
        {QStringLiteral("asset"), QStringLiteral("Assets")},
        {QStringLiteral("liability"), QStringLiteral("Liabilities")},
        {QStringLiteral("equity"), QStringLiteral("Equity")},
        {QStringLiteral("revenue"), QStringLiteral("Income")},
        {QStringLiteral("expense"), QStringLiteral("Expenses")},
    };
    const QString root = roots.value(kind, QStringLiteral("Equity"));
    QStringList parts = code.split(QLatin1Char(':'), Qt::SkipEmptyParts);
    // "revenue:sales" is already under its kind: Income:Sales, not Income:Revenue:Sales.
    if (!parts.isEmpty() && (parts.first() == kind || roots.value(parts.first()) == root))
        parts.removeFirst();
    QStringList out{root};
    for (const QString &part : parts) {
        // A component starts with a capital letter or a digit, then letters, digits or dashes.
        QString c;
        for (const QChar ch : part) {
            if (ch.unicode() < 128 && (ch.isLetterOrNumber()))
                c += ch;
            else if (!c.endsWith(QLatin1Char('-')))
                c += QLatin1Char('-');
        }
        while (c.endsWith(QLatin1Char('-')))
            c.chop(1);
        while (c.startsWith(QLatin1Char('-')))
            c.remove(0, 1);
        if (c.isEmpty())
            c = QStringLiteral("X") + QString::number(qHash(part) % 100000);
        c[0] = c[0].toUpper();
        out << c;
    }
    if (out.size() == 1)
        out << QStringLiteral("General");
    return out.join(QLatin1Char(':'));
}

Result<JournalExporter::Export> JournalExporter::exportRange(QDate from, QDate to,
                                                             Format format) const
{
    if (!from.isValid() || !to.isValid() || to < from)
        return Error{QStringLiteral("reports.bad_range"),
                     tr("The range needs two dates, the first not after the second.")};
    auto all = m_ledger.entries();
    if (!all.ok())
        return all.error();
    QList<JournalEntry> entries;
    Export result;
    for (const JournalEntry &e : all.value()) {
        const QDate day = e.createdAt.toTimeZone(m_zone).date();
        if (day < from || day > to)
            continue;
        entries.append(e);
        result.postings += int(e.postings.size());
    }
    result.entries = int(entries.size());
    if (format == Format::Csv) {
        result.text = csv(entries);
    } else {
        auto accounts = m_ledger.trialBalance();
        if (!accounts.ok())
            return accounts.error();
        QHash<QString, QString> kinds;
        for (const AccountBalance &a : accounts.value())
            kinds.insert(a.account, a.kind);
        result.text = beancount(entries, from, kinds);
    }
    return result;
}

QByteArray JournalExporter::csv(const QList<JournalEntry> &entries) const
{
    QString out =
        csvRow({QStringLiteral("date"), QStringLiteral("time"), QStringLiteral("entry"),
                QStringLiteral("reference"), QStringLiteral("memo"), QStringLiteral("operator"),
                QStringLiteral("account"), QStringLiteral("debit"), QStringLiteral("credit"),
                QStringLiteral("currency")});
    for (const JournalEntry &e : entries) {
        const QDateTime local = e.createdAt.toTimeZone(m_zone);
        for (const Posting &p : e.postings)
            out += csvRow({local.date().toString(Qt::ISODate),
                           local.time().toString(QStringLiteral("HH:mm:ss")), QString::number(e.id),
                           e.reference, e.memo, e.operatorName, p.account,
                           p.amountMinor > 0 ? decimal(p.amountMinor) : QString(),
                           p.amountMinor < 0 ? decimal(-p.amountMinor) : QString(),
                           QStringLiteral("CNY")});
    }
    return out.toUtf8();
}

QByteArray JournalExporter::beancount(const QList<JournalEntry> &entries, QDate from,
                                      const QHash<QString, QString> &kinds) const
{
    QString out;
    out += QStringLiteral("; Paydesk journal, store days %1 to %2 (%3)\n")
               .arg(from.toString(Qt::ISODate),
                    entries.isEmpty()
                        ? from.toString(Qt::ISODate)
                        : entries.last().createdAt.toTimeZone(m_zone).date().toString(Qt::ISODate),
                    QString::fromUtf8(m_zone.id()));
    out += QStringLiteral("option \"operating_currency\" \"CNY\"\n\n");

    // Every account a posting uses, opened on the first day of the range.
    QStringList used;
    QSet<QString> seen;
    for (const JournalEntry &e : entries)
        for (const Posting &p : e.postings)
            if (!seen.contains(p.account)) {
                seen.insert(p.account);
                used << p.account;
            }
    std::sort(used.begin(), used.end());
    const QDate open = entries.isEmpty()
                           ? from
                           : std::min(from, entries.first().createdAt.toTimeZone(m_zone).date());
    for (const QString &code : used)
        out += QStringLiteral("%1 open %2 CNY\n")
                   .arg(open.toString(Qt::ISODate), beancountAccount(code, kinds.value(code)));
    out += QLatin1Char('\n');

    for (const JournalEntry &e : entries) {
        const QDateTime local = e.createdAt.toTimeZone(m_zone);
        out +=
            QStringLiteral("%1 * %2\n").arg(local.date().toString(Qt::ISODate), beanString(e.memo));
        out += QStringLiteral("  entry: \"%1\"\n").arg(e.id);
        out += QStringLiteral("  time: \"%1\"\n")
                   .arg(local.time().toString(QStringLiteral("HH:mm:ss")));
        if (!e.reference.isEmpty())
            out += QStringLiteral("  reference: %1\n").arg(beanString(e.reference));
        if (!e.operatorName.isEmpty())
            out += QStringLiteral("  operator: %1\n").arg(beanString(e.operatorName));
        for (const Posting &p : e.postings)
            out += QStringLiteral("  %1  %2 CNY\n")
                       .arg(beancountAccount(p.account, kinds.value(p.account)),
                            decimal(p.amountMinor));
        out += QLatin1Char('\n');
    }
    return out.toUtf8();
}

} // namespace paydesk
