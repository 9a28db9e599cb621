#pragma once

#include "core/util/result.h"

#include <QCoreApplication>

namespace paydesk {

class Database;

/// RAII transaction: BEGIN IMMEDIATE on construction (a SAVEPOINT when nested inside
/// another Transaction on the same Database), rolled back in the destructor unless
/// commit() succeeded. Check began() before doing work.
class [[nodiscard]] Transaction
{
    Q_DECLARE_TR_FUNCTIONS(Transaction)
public:
    /// How durable the COMMIT of an outermost transaction is.
    enum class Durability {
        /// synchronous=FULL (the Database default): the commit is on disk when commit()
        /// returns. Every money transition and every row that must exist before a network
        /// call (ARCHITECTURE §3 rules 1 and 5) uses this.
        Full,
        /// synchronous=NORMAL for this one commit (WAL mode): atomic and consistent, but a
        /// power cut may lose it until the next FULL commit or checkpoint, which syncs the
        /// whole WAL and so covers it. Only for changes whose loss is harmless because the
        /// previous committed state already leads Recovery to the right outcome. Ignored
        /// when nested (the outermost transaction decides); the connection is back at FULL
        /// as soon as the transaction ends (commit or rollback).
        Normal,
    };

    explicit Transaction(Database &db, Durability durability = Durability::Full);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    /// The error of BEGIN, if it failed (e.g. the database is locked by another process).
    const Status &began() const { return m_began; }
    Status commit();
    void rollback();

private:
    Database &m_db;
    Status m_began;
    int m_level = 0;
    bool m_open = false;
    bool m_relaxed = false; ///< synchronous=NORMAL was set for this (outermost) transaction
    void restoreDurability();
};

} // namespace paydesk
