#include "core/security/operatorrecords.h"

#include "core/storage/database.h"

#include <QSqlQuery>

namespace paydesk {

namespace {

const char kSelect[] =
    "SELECT id, name, role, password_hash, totp_secret, failed_attempts, locked_until,"
    " disabled, must_change_password, created_at, last_login_at, password_changed_at"
    " FROM operators ";

QDateTime parseTime(const QVariant &v)
{
    if (v.isNull() || v.toString().isEmpty())
        return {};
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

OperatorRecord readRecord(const QSqlQuery &q)
{
    OperatorRecord row;
    OperatorInfo &info = row.info;
    info.id = q.value(0).toLongLong();
    info.name = q.value(1).toString();
    info.role = roleFromId(q.value(2).toString()).value_or(Role::Cashier);
    row.passwordHash = q.value(3).toString();
    info.totpEnrolled = !q.value(4).toString().isEmpty();
    info.failedAttempts = q.value(5).toInt();
    info.lockedUntil = parseTime(q.value(6));
    info.disabled = q.value(7).toInt() != 0;
    info.mustChangePassword = q.value(8).toInt() != 0;
    info.createdAt = parseTime(q.value(9));
    info.lastLoginAt = parseTime(q.value(10));
    info.passwordChangedAt = parseTime(q.value(11));
    if (!info.passwordChangedAt.isValid())
        info.passwordChangedAt = info.createdAt;
    return row;
}

} // namespace

std::optional<OperatorRecord> OperatorRecords::loadWhere(const QString &where,
                                                         const QVariant &bind) const
{
    auto q = m_db.exec(QString::fromLatin1(kSelect) + where, {bind});
    if (!q.ok() || !q.value().next())
        return std::nullopt;
    return readRecord(q.value());
}

std::optional<OperatorRecord> OperatorRecords::byName(const QString &name) const
{
    return loadWhere(QStringLiteral("WHERE name = ? COLLATE NOCASE"), name.trimmed());
}

std::optional<OperatorRecord> OperatorRecords::byId(qint64 id) const
{
    return loadWhere(QStringLiteral("WHERE id = ?"), id);
}

Result<QList<OperatorInfo>> OperatorRecords::all() const
{
    auto q =
        m_db.exec(QString::fromLatin1(kSelect) + QStringLiteral("ORDER BY name COLLATE NOCASE"));
    if (!q.ok())
        return q.error();
    QList<OperatorInfo> out;
    while (q.value().next())
        out << readRecord(q.value()).info;
    return out;
}

std::optional<qint64> OperatorRecords::count() const
{
    auto v = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM operators"));
    if (!v.ok() || !v.value())
        return std::nullopt;
    return v.value()->toLongLong();
}

std::optional<int> OperatorRecords::enabledOwners() const
{
    auto v = m_db.scalar(
        QStringLiteral("SELECT COUNT(*) FROM operators WHERE role = 'owner' AND disabled = 0"));
    if (!v.ok() || !v.value())
        return std::nullopt;
    return v.value()->toInt();
}

} // namespace paydesk
