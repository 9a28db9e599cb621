#include "core/security/operatorservice.h"

#include "core/crypto/crypto.h"
#include "core/security/auditlog.h"
#include "core/settings/storesettings.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QJsonObject>
#include <QRegularExpression>
#include <QSqlQuery>

namespace paydesk {

namespace {

constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;

const char kSelect[] =
    "SELECT id, name, role, password_hash, totp_secret, failed_attempts, locked_until,"
    " disabled, must_change_password, created_at, last_login_at"
    " FROM operators ";

QDateTime parseTime(const QVariant &v)
{
    if (v.isNull() || v.toString().isEmpty())
        return {};
    return QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
}

Status checkName(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[\\w][\\w .\\-@]{0,39}$"),
                                       QRegularExpression::UseUnicodePropertiesOption);
    if (!re.match(name).hasMatch())
        return Status::failure(
            QStringLiteral("security.bad_name"),
            QCoreApplication::translate(
                "paydesk::OperatorService",
                "An operator name is 1 to 40 letters, digits, spaces, dots, dashes or @."));
    return {};
}

Error lockedError(const QDateTime &now, const QDateTime &until)
{
    const int minutes = int(std::max<qint64>(1, (now.secsTo(until) + 59) / 60));
    return Error{QStringLiteral("security.locked"),
                 QCoreApplication::translate("paydesk::OperatorService",
                                             "Too many failed attempts. Try again in %n minute(s).",
                                             nullptr, minutes)};
}

} // namespace

struct OperatorService::Row
{
    OperatorInfo info;
    QString passwordHash;
};

OperatorService::OperatorService(Database &db, Clock &clock, SecretVault &vault, AuditLog &audit)
    : m_db(db), m_clock(clock), m_audit(audit), m_secondFactor(db, clock, vault, audit)
{
}

QString OperatorService::nowText() const
{
    return AuditLog::formatTime(m_clock.nowUtc());
}

PasswordPolicy OperatorService::passwordPolicy() const
{
    return PasswordPolicy(StoreSettings::read(SettingsStore(m_db)).storeName);
}

int OperatorService::idleLockMinutes() const
{
    return std::max(0, StoreSettings::read(SettingsStore(m_db)).idleLockMinutes);
}

int OperatorService::stepUpSeconds() const
{
    bool ok = false;
    const int v = SettingsStore(m_db)
                      .value(QStringLiteral("security.step_up_seconds"), QStringLiteral("120"))
                      .toInt(&ok);
    return ok && v > 0 ? v : 120;
}

qint64 OperatorService::refundLimitMinor() const
{
    return std::max<qint64>(0, StoreSettings::read(SettingsStore(m_db)).refundLimit.minor());
}

// ---- password hashing -------------------------------------------------------------------

Result<QString> OperatorService::hashPassword(const QString &password, const ScryptCost &cost)
{
    const QByteArray salt = crypto::randomBytes(kSaltBytes);
    if (salt.size() != kSaltBytes)
        return Result<QString>::failure(QStringLiteral("security.random"),
                                        tr("The system random generator failed."));
    auto hash = crypto::scrypt(password.toUtf8(), salt, cost.n, cost.r, cost.p, kHashBytes);
    if (!hash.ok())
        return hash.error();
    return QStringLiteral("scrypt$%1$%2$%3$%4$%5")
        .arg(cost.n)
        .arg(cost.r)
        .arg(cost.p)
        .arg(QString::fromLatin1(salt.toBase64()), QString::fromLatin1(hash.value().toBase64()));
}

bool OperatorService::verifyPassword(const QString &password, const QString &encoded)
{
    const QStringList parts = encoded.split(QLatin1Char('$'));
    if (parts.size() != 6 || parts.at(0) != u"scrypt")
        return false;
    bool okN = false, okR = false, okP = false;
    const quint64 n = parts.at(1).toULongLong(&okN);
    const quint32 r = parts.at(2).toUInt(&okR);
    const quint32 p = parts.at(3).toUInt(&okP);
    // Refuse absurd factors from a tampered row rather than allocating gigabytes.
    if (!okN || !okR || !okP || n < 2 || (n & (n - 1)) != 0 || n > (quint64(1) << 20) || r == 0 ||
        r > 32 || p == 0 || p > 16)
        return false;
    const QByteArray salt = QByteArray::fromBase64(parts.at(4).toLatin1());
    const QByteArray expected = QByteArray::fromBase64(parts.at(5).toLatin1());
    if (salt.isEmpty() || expected.isEmpty())
        return false;
    auto hash = crypto::scrypt(password.toUtf8(), salt, n, r, p, int(expected.size()));
    return hash.ok() && crypto::constantTimeEquals(hash.value(), expected);
}

Result<QString> OperatorService::hashNewPassword(const QString &password,
                                                 const QString &operatorName) const
{
    const PasswordAssessment a = passwordPolicy().assess(password, operatorName);
    if (!a.acceptable)
        return Result<QString>::failure(QStringLiteral("security.weak_password"),
                                        a.problems.join(QLatin1Char(' ')));
    return hashPassword(password, m_cost);
}

QString OperatorService::otpauthUri(const QString &operatorName, const QString &secretBase32)
{
    return SecondFactor::otpauthUri(operatorName, secretBase32);
}

// ---- rows --------------------------------------------------------------------------------

OperatorService::Row OperatorService::readRow(const QSqlQuery &q)
{
    Row row;
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
    return row;
}

std::optional<OperatorService::Row> OperatorService::loadRowWhere(const QString &where,
                                                                  const QVariant &bind) const
{
    auto q = m_db.exec(QString::fromLatin1(kSelect) + where, {bind});
    if (!q.ok() || !q.value().next())
        return std::nullopt;
    return readRow(q.value());
}

std::optional<OperatorService::Row> OperatorService::loadRow(const QString &name) const
{
    return loadRowWhere(QStringLiteral("WHERE name = ? COLLATE NOCASE"), name.trimmed());
}

std::optional<OperatorService::Row> OperatorService::loadRow(qint64 id) const
{
    return loadRowWhere(QStringLiteral("WHERE id = ?"), id);
}

Result<QList<OperatorInfo>> OperatorService::list() const
{
    auto q =
        m_db.exec(QString::fromLatin1(kSelect) + QStringLiteral("ORDER BY name COLLATE NOCASE"));
    if (!q.ok())
        return q.error();
    QList<OperatorInfo> out;
    while (q.value().next())
        out << readRow(q.value()).info;
    return out;
}

std::optional<OperatorInfo> OperatorService::find(const QString &name) const
{
    if (auto row = loadRow(name))
        return row->info;
    return std::nullopt;
}

std::optional<QDateTime> OperatorService::lockedUntil(const QString &name) const
{
    auto row = loadRow(name);
    if (!row || !row->info.lockedUntil.isValid() || row->info.lockedUntil <= m_clock.nowUtc())
        return std::nullopt;
    return row->info.lockedUntil;
}

bool OperatorService::needsBootstrap() const
{
    auto v = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM operators"));
    return v.ok() && v.value() && v.value()->toLongLong() == 0;
}

// ---- shared checks and writes -------------------------------------------------------------

Status OperatorService::requireLoggedIn(const Session &self)
{
    if (!self.isValid())
        return Status::failure(QStringLiteral("security.no_session"), tr("Nobody is logged in."));
    return {};
}

Status OperatorService::requireManage(const Session &by) const
{
    return by.authorize(Permission::ManageOperators);
}

Error OperatorService::unknownOperator(const QString &name)
{
    return Error{QStringLiteral("security.unknown_operator"),
                 tr("There is no operator called %1.").arg(name)};
}

/// Refuses when the enabled owner about to be disabled or demoted is the last one. Call it
/// inside the transaction that makes the change.
Status OperatorService::keepAnOwner() const
{
    auto v = m_db.scalar(
        QStringLiteral("SELECT COUNT(*) FROM operators WHERE role = 'owner' AND disabled = 0"));
    if (!v.ok())
        return v.error();
    const int owners = v.value() ? v.value()->toInt() : 0;
    if (owners <= 1)
        return Status::failure(QStringLiteral("security.last_owner"),
                               tr("The store must keep at least one owner."));
    return {};
}

/// Runs \a sql and appends the audit entry, both or neither (a savepoint when the caller
/// already holds a transaction, e.g. for a check that must see the same state).
Status OperatorService::writeAndAudit(const QString &sql, const QVariantList &binds,
                                      const QString &action, const QString &actor,
                                      const QJsonObject &details)
{
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto w = m_db.exec(sql, binds);
    if (!w.ok())
        return w.error();
    if (auto a = m_audit.append(action, actor, details); !a.ok())
        return a.error();
    return tx.commit();
}

// ---- creation -----------------------------------------------------------------------------

Result<OperatorInfo> OperatorService::insertOperator(const QString &name, Role role,
                                                     const QString &passwordHash,
                                                     const QString &action, const QString &actor,
                                                     const QJsonObject &details)
{
    const QString now = nowText();
    if (auto w = writeAndAudit(
            QStringLiteral(
                "INSERT INTO operators(name, role, password_hash, created_at, updated_at)"
                " VALUES(?, ?, ?, ?, ?)"),
            {name, roleId(role), passwordHash, now, now}, action, actor, details);
        !w.ok())
        return w.error();
    return loadRow(name)->info;
}

Result<OperatorInfo> OperatorService::bootstrapOwner(const QString &rawName,
                                                     const QString &password)
{
    const QString name = rawName.trimmed();
    if (auto s = checkName(name); !s.ok())
        return s.error();
    auto hash = hashNewPassword(password, name);
    if (!hash.ok())
        return hash.error();

    // The "no operator yet" check and the insert see the same state.
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    if (!needsBootstrap())
        return Result<OperatorInfo>::failure(QStringLiteral("security.already_bootstrapped"),
                                             tr("The store already has an owner."));
    auto owner =
        insertOperator(name, Role::Owner, hash.value(), QStringLiteral("operator.bootstrap_owner"),
                       name, {{QStringLiteral("name"), name}});
    if (!owner.ok())
        return owner;
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    qCInfo(lcSecurity) << "first owner created";
    return owner;
}

Result<OperatorInfo> OperatorService::createOperator(const Session &by, const QString &rawName,
                                                     Role role, const QString &password)
{
    if (auto s = requireManage(by); !s.ok())
        return s.error();
    const QString name = rawName.trimmed();
    if (auto s = checkName(name); !s.ok())
        return s.error();
    if (loadRow(name))
        return Result<OperatorInfo>::failure(
            QStringLiteral("security.name_taken"),
            tr("There is already an operator called %1.").arg(name));
    auto hash = hashNewPassword(password, name);
    if (!hash.ok())
        return hash.error();
    return insertOperator(name, role, hash.value(), QStringLiteral("operator.created"),
                          by.operatorName(),
                          {{QStringLiteral("name"), name}, {QStringLiteral("role"), roleId(role)}});
}

// ---- changes ------------------------------------------------------------------------------

Status OperatorService::setDisabled(const Session &by, const QString &name, bool disabled)
{
    if (auto s = requireManage(by); !s.ok())
        return s;
    auto row = loadRow(name);
    if (!row)
        return unknownOperator(name);
    if (disabled && row->info.id == by.operatorId())
        return Status::failure(QStringLiteral("security.self"), tr("You cannot disable yourself."));
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    if (disabled && row->info.role == Role::Owner && !row->info.disabled) {
        if (auto s = keepAnOwner(); !s.ok())
            return s;
    }
    if (auto w = writeAndAudit(
            QStringLiteral("UPDATE operators SET disabled = ?, updated_at = ? WHERE id = ?"),
            {disabled ? 1 : 0, nowText(), row->info.id},
            disabled ? QStringLiteral("operator.disabled") : QStringLiteral("operator.enabled"),
            by.operatorName(), {{QStringLiteral("name"), row->info.name}});
        !w.ok())
        return w;
    return tx.commit();
}

Status OperatorService::setRole(const Session &by, const QString &name, Role role)
{
    if (auto s = requireManage(by); !s.ok())
        return s;
    auto row = loadRow(name);
    if (!row)
        return unknownOperator(name);
    if (row->info.role == role)
        return {};
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    if (row->info.role == Role::Owner && !row->info.disabled) {
        if (auto s = keepAnOwner(); !s.ok())
            return s;
    }
    if (auto w = writeAndAudit(
            QStringLiteral("UPDATE operators SET role = ?, updated_at = ? WHERE id = ?"),
            {roleId(role), nowText(), row->info.id}, QStringLiteral("operator.role_changed"),
            by.operatorName(),
            {{QStringLiteral("name"), row->info.name},
             {QStringLiteral("from"), roleId(row->info.role)},
             {QStringLiteral("to"), roleId(role)}});
        !w.ok())
        return w;
    return tx.commit();
}

Status OperatorService::changePassword(const Session &self, const QString &oldPassword,
                                       const QString &newPassword)
{
    if (auto s = requireLoggedIn(self); !s.ok())
        return s;
    auto row = loadRow(self.operatorId());
    if (!row)
        return Status::failure(QStringLiteral("security.unknown_operator"),
                               tr("The operator no longer exists."));
    if (!verifyPassword(oldPassword, row->passwordHash)) {
        (void)m_audit.append(QStringLiteral("operator.password_change_failed"), row->info.name,
                             {{QStringLiteral("reason"), QStringLiteral("wrong_old_password")}});
        return Status::failure(QStringLiteral("security.bad_credentials"),
                               tr("The current password is wrong."));
    }
    if (oldPassword == newPassword)
        return Status::failure(QStringLiteral("security.same_password"),
                               tr("Choose a password different from the current one."));
    auto hash = hashNewPassword(newPassword, row->info.name);
    if (!hash.ok())
        return hash.error();
    return writeAndAudit(
        QStringLiteral("UPDATE operators SET password_hash = ?, must_change_password = 0,"
                       " updated_at = ? WHERE id = ?"),
        {hash.value(), nowText(), row->info.id}, QStringLiteral("operator.password_changed"),
        row->info.name);
}

Status OperatorService::resetPassword(const Session &by, const QString &name,
                                      const QString &newPassword)
{
    if (auto s = requireManage(by); !s.ok())
        return s;
    auto row = loadRow(name);
    if (!row)
        return unknownOperator(name);
    auto hash = hashNewPassword(newPassword, row->info.name);
    if (!hash.ok())
        return hash.error();
    return writeAndAudit(
        QStringLiteral("UPDATE operators SET password_hash = ?, must_change_password = ?,"
                       " failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?"),
        {hash.value(), row->info.id == by.operatorId() ? 0 : 1, nowText(), row->info.id},
        QStringLiteral("operator.password_reset"), by.operatorName(),
        {{QStringLiteral("name"), row->info.name}});
}

// ---- authentication -------------------------------------------------------------------------

/// Counts a failed login of \a row (locking it out at MaxFailures); returns the lock-out error
/// when this failure locked it, else \a otherwise.
Error OperatorService::recordFailure(const Row &row, const QString &reason, const QDateTime &now,
                                     const Error &otherwise)
{
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    const int failures = row.info.failedAttempts + 1;
    if (auto a = m_audit.append(
            QStringLiteral("operator.login_failed"), row.info.name,
            {{QStringLiteral("reason"), reason}, {QStringLiteral("attempt"), failures}});
        !a.ok())
        return a.error();
    const bool lockedNow = failures >= MaxFailures;
    if (lockedNow) {
        const QDateTime until = m_clock.nowUtc().addSecs(qint64(LockoutMinutes) * 60);
        if (auto w = writeAndAudit(
                QStringLiteral(
                    "UPDATE operators SET failed_attempts = 0, locked_until = ? WHERE id = ?"),
                {AuditLog::formatTime(until), row.info.id}, QStringLiteral("operator.locked_out"),
                row.info.name,
                {{QStringLiteral("until"), AuditLog::formatTime(until)},
                 {QStringLiteral("failures"), failures}});
            !w.ok())
            return w.error();
        qCWarning(lcSecurity) << "operator locked out after" << failures << "failures";
    } else {
        auto u = m_db.exec(QStringLiteral("UPDATE operators SET failed_attempts = ? WHERE id = ?"),
                           {failures, row.info.id});
        if (!u.ok())
            return u.error();
    }
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return lockedNow ? lockedError(now, now.addSecs(qint64(LockoutMinutes) * 60)) : otherwise;
}

Session OperatorService::makeSession(const Row &row, bool steppedUp)
{
    Session s;
    s.m_service = this;
    s.m_clock = &m_clock;
    s.m_operatorId = row.info.id;
    s.m_operatorName = row.info.name;
    s.m_role = row.info.role;
    s.m_totpEnrolled = row.info.totpEnrolled;
    s.m_loginAt = m_clock.nowUtc();
    s.m_lastActivity = s.m_loginAt;
    if (steppedUp)
        s.m_stepUpAt = s.m_loginAt;
    return s;
}

Result<Session> OperatorService::authenticate(const QString &rawName, const QString &password,
                                              const QString &totpCode)
{
    const QString name = rawName.trimmed();
    const Error badCredentials{QStringLiteral("security.bad_credentials"),
                               tr("Wrong operator name or password.")};
    auto row = loadRow(name);
    if (!row) {
        // Spend the same time as a real check so timing does not reveal which names exist.
        if (m_dummyHash.isEmpty()) {
            auto dummy = hashPassword(QStringLiteral("paydesk-dummy-password"), m_cost);
            if (dummy.ok())
                m_dummyHash = dummy.value();
        }
        (void)verifyPassword(password, m_dummyHash);
        (void)m_audit.append(QStringLiteral("operator.login_failed"), name,
                             {{QStringLiteral("reason"), QStringLiteral("unknown_operator")}});
        return badCredentials;
    }
    const QDateTime now = m_clock.nowUtc();
    if (row->info.lockedUntil.isValid() && row->info.lockedUntil > now) {
        (void)m_audit.append(QStringLiteral("operator.login_refused"), row->info.name,
                             {{QStringLiteral("reason"), QStringLiteral("locked")}});
        return lockedError(now, row->info.lockedUntil);
    }
    if (!verifyPassword(password, row->passwordHash))
        return recordFailure(*row, QStringLiteral("wrong_password"), now, badCredentials);
    if (row->info.disabled) {
        (void)m_audit.append(QStringLiteral("operator.login_refused"), row->info.name,
                             {{QStringLiteral("reason"), QStringLiteral("disabled")}});
        return Result<Session>::failure(QStringLiteral("security.disabled"),
                                        tr("This operator is disabled. Ask the owner."));
    }
    bool steppedUp = false;
    if (row->info.totpEnrolled) {
        if (totpCode.trimmed().isEmpty())
            return Result<Session>::failure(QStringLiteral("security.totp_required"),
                                            tr("Enter the code from your authenticator app."));
        auto s = verifySecondFactor(row->info.id, totpCode, QStringLiteral("login_second_factor"));
        if (!s.ok())
            return recordFailure(*row, QStringLiteral("wrong_second_factor"), now, s.error());
        steppedUp = true;
    }
    if (auto w = writeAndAudit(
            QStringLiteral("UPDATE operators SET failed_attempts = 0, locked_until = NULL,"
                           " last_login_at = ? WHERE id = ?"),
            {AuditLog::formatTime(now), row->info.id}, QStringLiteral("operator.login"),
            row->info.name,
            {{QStringLiteral("role"), roleId(row->info.role)},
             {QStringLiteral("second_factor"), steppedUp}});
        !w.ok())
        return w.error();
    row->info.failedAttempts = 0;
    return makeSession(*row, steppedUp);
}

// ---- second factor (delegated to SecondFactor) ------------------------------------------------

Status OperatorService::verifySecondFactor(qint64 operatorId, const QString &code,
                                           const QString &purpose)
{
    return m_secondFactor.verify(operatorId, code, purpose);
}

Result<TotpEnrollment> OperatorService::beginTotpEnrollment(const Session &self)
{
    if (auto s = requireLoggedIn(self); !s.ok())
        return s.error();
    return m_secondFactor.beginEnrollment(self.operatorId(), self.operatorName());
}

Result<QStringList> OperatorService::confirmTotpEnrollment(Session &self, const QString &code)
{
    if (auto s = requireLoggedIn(self); !s.ok())
        return s.error();
    auto codes = m_secondFactor.confirmEnrollment(self.operatorId(), code);
    if (!codes.ok())
        return codes;
    self.m_totpEnrolled = true;
    self.m_stepUpAt = m_clock.nowUtc();
    return codes;
}

int OperatorService::remainingRecoveryCodes(qint64 operatorId) const
{
    return m_secondFactor.remainingRecoveryCodes(operatorId);
}

Result<QStringList> OperatorService::regenerateRecoveryCodes(const Session &self)
{
    if (auto s = requireLoggedIn(self); !s.ok())
        return s.error();
    if (!self.totpEnrolled())
        return Result<QStringList>::failure(
            QStringLiteral("security.totp_not_enrolled"),
            tr("Two-factor authentication is not set up for this operator."));
    if (!self.hasFreshStepUp())
        return Result<QStringList>::failure(
            QStringLiteral("security.step_up_required"),
            tr("Enter a code from your authenticator app to confirm."));
    return m_secondFactor.regenerateRecoveryCodes(self.operatorId(), self.operatorName());
}

Status OperatorService::resetTotp(const Session &by, const QString &name)
{
    if (auto s = requireManage(by); !s.ok())
        return s;
    auto row = loadRow(name);
    if (!row)
        return unknownOperator(name);
    return m_secondFactor.reset(row->info.id, row->info.name, by.operatorName());
}

} // namespace paydesk
