#include "core/storage/transaction.h"

#include "core/storage/database.h"
#include "core/util/log.h"

namespace paydesk {

Transaction::Transaction(Database &db, Durability durability)
    : m_db(db), m_level(db.m_transactionDepth)
{
    // SQLite refuses to change the safety level inside a transaction, so a relaxed commit
    // switches it before BEGIN and back after COMMIT/ROLLBACK (restoreDurability()).
    if (m_level == 0 && durability == Durability::Normal) {
        if (auto r = m_db.exec(QStringLiteral("PRAGMA synchronous=NORMAL")); r.ok())
            m_relaxed = true;
        else
            qCWarning(lcStorage) << "cannot relax durability; committing FULL:"
                                 << r.error().message;
    }
    const QString sql = m_level == 0 ? QStringLiteral("BEGIN IMMEDIATE")
                                     : QStringLiteral("SAVEPOINT sp_%1").arg(m_level);
    if (auto r = m_db.exec(sql); !r.ok()) {
        restoreDurability();
        // A full or read-only disk says so (and what to do); anything else here is a lock.
        m_began = Database::isDiskProblem(r.error())
                      ? r.error()
                      : Error{QStringLiteral("storage.begin"),
                              tr("The database is busy; try again in a moment. (%1)")
                                  .arg(r.error().message)};
        return;
    }
    m_open = true;
    ++m_db.m_transactionDepth;
}

Transaction::~Transaction()
{
    if (m_open)
        rollback();
    restoreDurability();
}

void Transaction::restoreDurability()
{
    if (!m_relaxed)
        return;
    // Outside any transaction again (this was the outermost one), so the pragma is allowed.
    if (auto r = m_db.exec(QStringLiteral("PRAGMA synchronous=FULL")); !r.ok()) {
        qCCritical(lcStorage) << "cannot restore synchronous=FULL:" << r.error().message;
        return; // stays m_relaxed: the destructor tries again
    }
    m_relaxed = false;
}

Status Transaction::commit()
{
    if (!m_open)
        return Error{QStringLiteral("storage.not_open"), tr("No transaction is open.")};
    const QString sql =
        m_level == 0 ? QStringLiteral("COMMIT") : QStringLiteral("RELEASE sp_%1").arg(m_level);
    if (auto r = m_db.exec(sql); !r.ok()) {
        rollback();
        return r.error();
    }
    m_open = false;
    --m_db.m_transactionDepth;
    restoreDurability();
    return {};
}

void Transaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    --m_db.m_transactionDepth;
    if (m_level == 0) {
        if (auto r = m_db.exec(QStringLiteral("ROLLBACK")); !r.ok())
            qCWarning(lcStorage) << "rollback failed:" << r.error().message;
    } else {
        (void)m_db.exec(QStringLiteral("ROLLBACK TO sp_%1").arg(m_level));
        (void)m_db.exec(QStringLiteral("RELEASE sp_%1").arg(m_level));
    }
    restoreDurability();
}

} // namespace paydesk
