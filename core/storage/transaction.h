#pragma once

#include "util/result.h"

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
    explicit Transaction(Database &db);
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
};

} // namespace paydesk
