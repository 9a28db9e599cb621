#pragma once

#include "core/security/loginthrottle.h"
#include "core/security/operatorrecords.h"
#include "core/security/passwordhasher.h"
#include "core/security/passwordpolicy.h"
#include "core/security/permissions.h"
#include "core/security/secondfactor.h"
#include "core/security/session.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <algorithm>
#include <optional>

namespace paydesk {

class AuditLog;
class Clock;
class Database;
class SecretVault;

/// Operators and their credentials: scrypt password hashes (PasswordHasher), lock-out
/// (LoginThrottle: wrong passwords and wrong second-factor codes alike), an optional maximum
/// password age, and (through the SecondFactor it owns) TOTP with the secret kept only as a
/// SecretVault blob and one-time recovery codes of which only hashes are kept. Every login,
/// failure, lock-out and change is written to the audit log.
///
/// Settings it reads: store name (password policy), idle lock and refund limit through
/// StoreSettings::read (keys and defaults live there), security.step_up_seconds (120).
class OperatorService
{
    Q_DECLARE_TR_FUNCTIONS(OperatorService)
public:
    static constexpr int MaxFailures = LoginThrottle::MaxFailures;
    static constexpr int LockoutMinutes = LoginThrottle::LockoutMinutes;
    static constexpr int RecoveryCodeCount = SecondFactor::RecoveryCodeCount;

    OperatorService(Database &db, Clock &clock, SecretVault &vault, AuditLog &audit);

    /// Lowers the scrypt cost of NEW hashes (tests only).
    void setScryptCost(const ScryptCost &cost) { m_cost = cost; }
    /// The owner's maximum password age in days; 0 (the default) turns it off. A login with an
    /// older password succeeds with Session::passwordChange() == PasswordChange::Expired.
    void setPasswordMaxAgeDays(int days) { m_passwordMaxAgeDays = std::max(0, days); }
    int passwordMaxAgeDays() const { return m_passwordMaxAgeDays; }

    /// The policy with the store name from settings.
    PasswordPolicy passwordPolicy() const;

    /// True until the first owner exists: the GUI then shows the first-run owner dialog.
    bool needsBootstrap() const;
    /// Creates the first owner. Refused once any operator exists.
    Result<OperatorInfo> bootstrapOwner(const QString &name, const QString &password);

    /// Checks the password (and the TOTP or a recovery code when the operator enrolled one).
    /// Error codes: security.bad_credentials, security.locked (message says how long),
    /// security.disabled, security.totp_required (password right, code missing: ask for it;
    /// not counted as a failure), security.bad_totp.
    /// A login that included a second factor counts as a fresh step-up. The session says when a
    /// new password must be chosen first (reset by an owner, or older than the maximum age).
    Result<Session> authenticate(const QString &name, const QString &password,
                                 const QString &totpCode = {});

    Result<QList<OperatorInfo>> list() const;
    std::optional<OperatorInfo> find(const QString &name) const;
    /// When \a name is locked out, until when.
    std::optional<QDateTime> lockedUntil(const QString &name) const;

    Result<OperatorInfo> createOperator(const Session &by, const QString &name, Role role,
                                        const QString &password);
    Status setDisabled(const Session &by, const QString &name, bool disabled);
    Status setRole(const Session &by, const QString &name, Role role);
    /// The operator changes their own password; clears \a self's PasswordChange.
    Status changePassword(Session &self, const QString &oldPassword, const QString &newPassword);
    /// An owner sets a new password for someone (who must change it at next login); also
    /// clears a lock-out.
    Status resetPassword(const Session &by, const QString &name, const QString &newPassword);

    /// Starts (or restarts) TOTP enrollment for the logged-in operator.
    Result<TotpEnrollment> beginTotpEnrollment(const Session &self);
    /// Confirms with a first code from the app; returns the RecoveryCodeCount one-time recovery
    /// codes to show ONCE. The Session passed becomes enrolled via \a self.
    Result<QStringList> confirmTotpEnrollment(Session &self, const QString &code);
    /// New recovery codes (old ones stop working). Needs a fresh step-up.
    Result<QStringList> regenerateRecoveryCodes(const Session &self);
    /// An owner removes someone's TOTP (lost phone); they must enroll again.
    Status resetTotp(const Session &by, const QString &name);
    int remainingRecoveryCodes(qint64 operatorId) const;

    /// Verifies a TOTP code (refusing a replay of an already used time step) or an unused
    /// recovery code for \a operatorId; audits success and failure as "operator.<purpose>".
    /// A wrong code counts towards the lock-out; a locked-out operator is refused
    /// (security.locked).
    Status verifySecondFactor(qint64 operatorId, const QString &code, const QString &purpose);

    int idleLockMinutes() const;
    int stepUpSeconds() const;
    qint64 refundLimitMinor() const;

    static QString otpauthUri(const QString &operatorName, const QString &secretBase32);

private:
    Result<QString> hashNewPassword(const QString &password, const QString &operatorName) const;
    PasswordChange passwordChangeFor(const OperatorInfo &info, const QDateTime &now) const;
    static Status requireLoggedIn(const Session &self);
    Status requireManage(const Session &by) const;
    static Error unknownOperator(const QString &name);
    Status keepAnOwner() const;
    Status writeAndAudit(const QString &sql, const QVariantList &binds, const QString &action,
                         const QString &actor, const QJsonObject &details = {});
    Result<OperatorInfo> insertOperator(const QString &name, Role role, const QString &passwordHash,
                                        const QString &action, const QString &actor,
                                        const QJsonObject &details);
    Session makeSession(const OperatorRecord &row, bool steppedUp, PasswordChange change);
    QString nowText() const;

    Database &m_db;
    Clock &m_clock;
    AuditLog &m_audit;
    OperatorRecords m_records;
    LoginThrottle m_throttle;
    SecondFactor m_secondFactor;
    ScryptCost m_cost;
    int m_passwordMaxAgeDays = 0;
    QString m_dummyHash;
};

} // namespace paydesk
