#include "core/ledger/ledger.h"

#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QHash>

namespace paydesk {

Ledger::Ledger(Database &db, const Clock &clock) : m_db(db), m_clock(clock) {}

Result<qint64> Ledger::post(const QString &memo, const QList<Posting> &postings,
                            const QString &reference, const QString &operatorName)
{
    if (postings.size() < 2)
        return Error{QStringLiteral("ledger.too_few_postings"),
                     tr("A journal entry needs at least two postings.")};
    qint64 sum = 0;
    for (const Posting &p : postings) {
        if (p.amountMinor == 0)
            return Error{QStringLiteral("ledger.zero_posting"), tr("A posting cannot be zero.")};
        if (__builtin_add_overflow(sum, p.amountMinor, &sum))
            return Error{QStringLiteral("ledger.overflow"),
                         tr("The entry's amounts are too large.")};
    }
    if (sum != 0)
        return Error{QStringLiteral("ledger.unbalanced"),
                     tr("The entry does not balance: debits and credits differ by %1 minor units.")
                         .arg(sum)};

    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto entry = m_db.exec(
        QStringLiteral("INSERT INTO journal_entries(created_at, memo, reference, operator)"
                       " VALUES(?, ?, ?, ?)"),
        {m_clock.nowUtc().toString(Qt::ISODateWithMs), memo,
         reference.isEmpty() ? QVariant() : QVariant(reference),
         operatorName.isEmpty() ? QVariant() : QVariant(operatorName)});
    if (!entry.ok())
        return entry.error();
    const qint64 id = entry.value().lastInsertId().toLongLong();
    for (const Posting &p : postings) {
        auto r = m_db.exec(
            QStringLiteral("INSERT INTO postings(entry_id, account, amount_minor) VALUES(?, ?, ?)"),
            {id, p.account, p.amountMinor});
        if (!r.ok())
            return Error{QStringLiteral("ledger.posting_refused"),
                         tr("The posting to account \"%1\" was refused: %2")
                             .arg(p.account, r.error().message)};
    }
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    qCDebug(lcLedger) << "posted entry" << id << memo << reference;
    return id;
}

Status Ledger::ensureAccount(const QString &code, const QString &kind, const QString &name)
{
    auto r = m_db.exec(
        QStringLiteral("INSERT OR IGNORE INTO accounts(code, kind, name) VALUES(?, ?, ?)"),
        {code, kind, name});
    if (!r.ok())
        return r.error();
    return {};
}

Result<qint64> Ledger::balance(const QString &account) const
{
    auto v = m_db.scalar(
        QStringLiteral("SELECT COALESCE(SUM(amount_minor), 0) FROM postings WHERE account = ?"),
        {account});
    if (!v.ok())
        return v.error();
    return v.value() ? v.value()->toLongLong() : qint64(0);
}

Result<QList<AccountBalance>> Ledger::trialBalance() const
{
    auto q = m_db.exec(QStringLiteral("SELECT a.code, a.kind, COALESCE(SUM(p.amount_minor), 0)"
                                      " FROM accounts a LEFT JOIN postings p ON p.account = a.code"
                                      " GROUP BY a.code, a.kind ORDER BY a.code"));
    if (!q.ok())
        return q.error();
    QList<AccountBalance> rows;
    while (q.value().next())
        rows.append({q.value().value(0).toString(), q.value().value(1).toString(),
                     q.value().value(2).toLongLong()});
    return rows;
}

Result<QList<JournalEntry>> Ledger::entries(const QString &reference) const
{
    const QString sql = QStringLiteral(
        "SELECT e.id, e.created_at, e.memo, COALESCE(e.reference, ''), COALESCE(e.operator, ''),"
        " p.account, p.amount_minor FROM journal_entries e JOIN postings p ON p.entry_id = e.id %1"
        " ORDER BY e.id, p.id");
    auto q = reference.isEmpty()
                 ? m_db.exec(sql.arg(QString()))
                 : m_db.exec(sql.arg(QStringLiteral("WHERE e.reference = ?")), {reference});
    if (!q.ok())
        return q.error();
    QList<JournalEntry> list;
    while (q.value().next()) {
        const qint64 id = q.value().value(0).toLongLong();
        if (list.isEmpty() || list.last().id != id) {
            JournalEntry e;
            e.id = id;
            e.createdAt = QDateTime::fromString(q.value().value(1).toString(), Qt::ISODateWithMs);
            e.memo = q.value().value(2).toString();
            e.reference = q.value().value(3).toString();
            e.operatorName = q.value().value(4).toString();
            list.append(e);
        }
        list.last().postings.append(
            {q.value().value(5).toString(), q.value().value(6).toLongLong()});
    }
    return list;
}

} // namespace paydesk
