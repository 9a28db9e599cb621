#pragma once

#include "core/security/permissions.h"
#include "core/util/result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QVariant>

#include <optional>

namespace paydesk {

class Database;

struct OperatorInfo
{
    qint64 id = 0;
    QString name;
    Role role = Role::Cashier;
    bool disabled = false;
    bool totpEnrolled = false;
    bool mustChangePassword = false;
    int failedAttempts = 0;
    QDateTime lockedUntil; ///< invalid when not locked
    QDateTime createdAt;
    QDateTime lastLoginAt;
    QDateTime passwordChangedAt; ///< when the current password was set
};

/// One row of the operators table as the services need it: the public facts and the hash.
struct OperatorRecord
{
    OperatorInfo info;
    QString passwordHash;
};

/// Reads the operators table (the one place that knows its columns for reading). Writes stay
/// with OperatorService, SecondFactor and LoginThrottle, each in the transaction that decides
/// them.
class OperatorRecords
{
public:
    explicit OperatorRecords(Database &db) : m_db(db) {}

    std::optional<OperatorRecord> byName(const QString &name) const; ///< case-insensitive
    std::optional<OperatorRecord> byId(qint64 id) const;
    Result<QList<OperatorInfo>> all() const; ///< by name
    /// How many operators exist (0 until the first owner is created); nullopt on a failure.
    std::optional<qint64> count() const;
    /// Owners who are not disabled; nullopt on a failure.
    std::optional<int> enabledOwners() const;

private:
    std::optional<OperatorRecord> loadWhere(const QString &where, const QVariant &bind) const;

    Database &m_db;
};

} // namespace paydesk
