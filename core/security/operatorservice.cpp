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

} // namespace

OperatorService::OperatorService(Database &db, Clock &clock, SecretVault &vault, AuditLog &audit)
    : m_db(db), m_clock(clock), m_audit(audit), m_records(db), m_throttle(db, clock, audit),
      m_secondFactor(db, clock, vault, audit)
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

// ---- passwords ----------------------------------------------------------------------------

Result<QString> OperatorService::hashNewPassword(const QString &password,
                                                 const QString &operatorName) const
{
    const PasswordAssessment a = passwordPolicy().assess(password, operatorName);
    if (!a.acceptable)
        return Result<QString>::failure(QStringLiteral("security.weak_password"),
                                        a.problems.join(QLatin1Char(' ')));
    return PasswordHasher::hash(password, m_cost);
}

PasswordChange OperatorService::passwordChangeFor(const OperatorInfo &info,
                                                  const QDateTime &now) const
{
    if (info.mustChangePassword)
        return PasswordChange::Reset;
    if (m_passwordMaxAgeDays > 0 && info.passwordChangedAt.isValid() &&
        info.passwordChangedAt.addDays(m_passwordMaxAgeDays) <= now)
        return PasswordChange::Expired;
    return PasswordChange::None;
}

QString OperatorService::otpauthUri(const QString &operatorName, const QString &secretBase32)
{
    return SecondFactor::otpauthUri(operatorName, secretBase32);
}

// ---- reading ------------------------------------------------------------------------------

Result<QList<OperatorInfo>> OperatorService::list() const
{
    return m_records.all();
}

std::optional<OperatorInfo> OperatorService::find(const QString &name) const
{
    if (auto row = m_records.byName(name))
        return row->info;
    return std::nullopt;
}

std::optional<QDateTime> OperatorService::lockedUntil(const QString &name) const
{
    auto row = m_records.byName(name);
    if (!row || !row->info.lockedUntil.isValid() || row->info.lockedUntil <= m_clock.nowUtc())
        return std::nullopt;
    return row->info.lockedUntil;
}

bool OperatorService::needsBootstrap() const
{
    return m_records.count() == std::optional<qint64>(0);
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
    if (m_records.enabledOwners().value_or(0) <= 1)
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
    PAYDESK_TRY(tx.began());
    PAYDESK_TRY(m_db.exec(sql, binds));
    PAYDESK_TRY(m_audit.append(action, actor, details));
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
                "INSERT INTO operators(name, role, password_hash, created_at, updated_at,"
                " password_changed_at) VALUES(?, ?, ?, ?, ?, ?)"),
            {name, roleId(role), passwordHash, now, now, now}, action, actor, details);
        !w.ok())
        return w.error();
    return m_records.byName(name)->info;
}

Result<OperatorInfo> OperatorService::bootstrapOwner(const QString &rawName,
                                                     const QString &password)
{
    const QString name = rawName.trimmed();
    PAYDESK_TRY(checkName(name));
    auto hash = hashNewPassword(password, name);
    if (!hash.ok())
        return hash.error();

    // The "no operator yet" check and the insert see the same state.
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    if (!needsBootstrap())
        return Result<OperatorInfo>::failure(QStringLiteral("security.already_bootstrapped"),
                                             tr("The store already has an owner."));
    auto owner =
        insertOperator(name, Role::Owner, hash.value(), QStringLiteral("operator.bootstrap_owner"),
                       name, {{QStringLiteral("name"), name}});
    if (!owner.ok())
        return owner;
    PAYDESK_TRY(tx.commit());
    qCInfo(lcSecurity) << "first owner created";
    return owner;
}

Result<OperatorInfo> OperatorService::createOperator(const Session &by, const QString &rawName,
                                                     Role role, const QString &password)
{
    PAYDESK_TRY(requireManage(by));
    const QString name = rawName.trimmed();
    PAYDESK_TRY(checkName(name));
    if (m_records.byName(name))
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
    PAYDESK_TRY(requireManage(by));
    auto row = m_records.byName(name);
    if (!row)
        return unknownOperator(name);
    if (disabled && row->info.id == by.operatorId())
        return Status::failure(QStringLiteral("security.self"), tr("You cannot disable yourself."));
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    if (disabled && row->info.role == Role::Owner && !row->info.disabled) {
        PAYDESK_TRY(keepAnOwner());
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
    PAYDESK_TRY(requireManage(by));
    auto row = m_records.byName(name);
    if (!row)
        return unknownOperator(name);
    if (row->info.role == role)
        return {};
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    if (row->info.role == Role::Owner && !row->info.disabled) {
        PAYDESK_TRY(keepAnOwner());
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

Status OperatorService::changePassword(Session &self, const QString &oldPassword,
                                       const QString &newPassword)
{
    PAYDESK_TRY(requireLoggedIn(self));
    auto row = m_records.byId(self.operatorId());
    if (!row)
        return Status::failure(QStringLiteral("security.unknown_operator"),
                               tr("The operator no longer exists."));
    if (!PasswordHasher::verify(oldPassword, row->passwordHash)) {
        logIfFailed(
            m_audit.append(QStringLiteral("operator.password_change_failed"), row->info.name,
                           {{QStringLiteral("reason"), QStringLiteral("wrong_old_password")}}),
            lcSecurity(), "audit of a failed password change");
        return Status::failure(QStringLiteral("security.bad_credentials"),
                               tr("The current password is wrong."));
    }
    if (oldPassword == newPassword)
        return Status::failure(QStringLiteral("security.same_password"),
                               tr("Choose a password different from the current one."));
    auto hash = hashNewPassword(newPassword, row->info.name);
    if (!hash.ok())
        return hash.error();
    const QString now = nowText();
    PAYDESK_TRY(writeAndAudit(
        QStringLiteral("UPDATE operators SET password_hash = ?, must_change_password = 0,"
                       " password_changed_at = ?, updated_at = ? WHERE id = ?"),
        {hash.value(), now, now, row->info.id}, QStringLiteral("operator.password_changed"),
        row->info.name));
    self.m_passwordChange = PasswordChange::None;
    return {};
}

Status OperatorService::resetPassword(const Session &by, const QString &name,
                                      const QString &newPassword)
{
    PAYDESK_TRY(requireManage(by));
    auto row = m_records.byName(name);
    if (!row)
        return unknownOperator(name);
    auto hash = hashNewPassword(newPassword, row->info.name);
    if (!hash.ok())
        return hash.error();
    return writeAndAudit(
        QStringLiteral("UPDATE operators SET password_hash = ?, must_change_password = ?,"
                       " failed_attempts = 0, locked_until = NULL, password_changed_at = ?,"
                       " updated_at = ? WHERE id = ?"),
        {hash.value(), row->info.id == by.operatorId() ? 0 : 1, nowText(), nowText(), row->info.id},
        QStringLiteral("operator.password_reset"), by.operatorName(),
        {{QStringLiteral("name"), row->info.name}});
}

// ---- authentication -------------------------------------------------------------------------

Session OperatorService::makeSession(const OperatorRecord &row, bool steppedUp,
                                     PasswordChange change)
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
    s.m_passwordChange = change;
    return s;
}

Result<Session> OperatorService::authenticate(const QString &rawName, const QString &password,
                                              const QString &totpCode)
{
    const QString name = rawName.trimmed();
    const Error badCredentials{QStringLiteral("security.bad_credentials"),
                               tr("Wrong operator name or password.")};
    auto row = m_records.byName(name);
    if (!row) {
        // Spend the same time as a real check so timing does not reveal which names exist.
        if (m_dummyHash.isEmpty()) {
            auto dummy = PasswordHasher::hash(QStringLiteral("paydesk-dummy-password"), m_cost);
            if (dummy.ok())
                m_dummyHash = dummy.value();
        }
        [[maybe_unused]] const bool never = PasswordHasher::verify(password, m_dummyHash);
        logIfFailed(
            m_audit.append(QStringLiteral("operator.login_failed"), name,
                           {{QStringLiteral("reason"), QStringLiteral("unknown_operator")}}),
            lcSecurity(), "audit of a failed login");
        return badCredentials;
    }
    const QDateTime now = m_clock.nowUtc();
    if (row->info.lockedUntil.isValid() && row->info.lockedUntil > now) {
        logIfFailed(m_audit.append(QStringLiteral("operator.login_refused"), row->info.name,
                                   {{QStringLiteral("reason"), QStringLiteral("locked")}}),
                    lcSecurity(), "audit of a refused login");
        return LoginThrottle::lockedError(now, row->info.lockedUntil);
    }
    if (!PasswordHasher::verify(password, row->passwordHash))
        return m_throttle.recordFailure(row->info.id, row->info.name,
                                        QStringLiteral("wrong_password"), badCredentials);
    if (row->info.disabled) {
        logIfFailed(m_audit.append(QStringLiteral("operator.login_refused"), row->info.name,
                                   {{QStringLiteral("reason"), QStringLiteral("disabled")}}),
                    lcSecurity(), "audit of a refused login");
        return Result<Session>::failure(QStringLiteral("security.disabled"),
                                        tr("This operator is disabled. Ask the owner."));
    }
    bool steppedUp = false;
    if (row->info.totpEnrolled) {
        if (totpCode.trimmed().isEmpty())
            return Result<Session>::failure(QStringLiteral("security.totp_required"),
                                            tr("Enter the code from your authenticator app."));
        auto s =
            m_secondFactor.verify(row->info.id, totpCode, QStringLiteral("login_second_factor"));
        if (!s.ok())
            return m_throttle.recordFailure(row->info.id, row->info.name,
                                            QStringLiteral("wrong_second_factor"), s.error());
        steppedUp = true;
    }
    const PasswordChange change = passwordChangeFor(row->info, now);
    QJsonObject details{{QStringLiteral("role"), roleId(row->info.role)},
                        {QStringLiteral("second_factor"), steppedUp}};
    if (change == PasswordChange::Expired)
        details.insert(QStringLiteral("password_expired"), true);
    if (auto w = writeAndAudit(
            QStringLiteral("UPDATE operators SET failed_attempts = 0, locked_until = NULL,"
                           " last_login_at = ? WHERE id = ?"),
            {AuditLog::formatTime(now), row->info.id}, QStringLiteral("operator.login"),
            row->info.name, details);
        !w.ok())
        return w.error();
    row->info.failedAttempts = 0;
    return makeSession(*row, steppedUp, change);
}

// ---- second factor (delegated to SecondFactor) ------------------------------------------------

Status OperatorService::verifySecondFactor(qint64 operatorId, const QString &code,
                                           const QString &purpose)
{
    auto row = m_records.byId(operatorId);
    if (!row)
        return Status::failure(QStringLiteral("security.unknown_operator"),
                               tr("The operator no longer exists."));
    const QDateTime now = m_clock.nowUtc();
    if (const QDateTime until = m_throttle.lockedUntil(operatorId); until.isValid()) {
        logIfFailed(
            m_audit.append(QStringLiteral("operator.") + purpose + QStringLiteral("_refused"),
                           row->info.name, {{QStringLiteral("reason"), QStringLiteral("locked")}}),
            lcSecurity(), "audit of a refused second factor");
        return LoginThrottle::lockedError(now, until);
    }
    auto s = m_secondFactor.verify(operatorId, code, purpose);
    if (!s.ok() && s.error().code == u"security.bad_totp")
        return m_throttle.recordFailure(operatorId, row->info.name,
                                        QStringLiteral("wrong_") + purpose, s.error());
    return s;
}

Result<TotpEnrollment> OperatorService::beginTotpEnrollment(const Session &self)
{
    PAYDESK_TRY(requireLoggedIn(self));
    return m_secondFactor.beginEnrollment(self.operatorId(), self.operatorName());
}

Result<QStringList> OperatorService::confirmTotpEnrollment(Session &self, const QString &code)
{
    PAYDESK_TRY(requireLoggedIn(self));
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
    PAYDESK_TRY(requireLoggedIn(self));
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
    PAYDESK_TRY(requireManage(by));
    auto row = m_records.byName(name);
    if (!row)
        return unknownOperator(name);
    return m_secondFactor.reset(row->info.id, row->info.name, by.operatorName());
}

} // namespace paydesk
