#pragma once

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

#include <optional>

class QSqlQuery;

namespace paydesk {

class AuditLog;
class Clock;
class Database;
class SecretVault;

/// scrypt work factors for new password hashes. Production uses the defaults; tests may lower
/// N to stay fast (verification always uses the factors stored in the hash).
struct ScryptCost
{
    quint64 n = quint64(1) << 15;
    quint32 r = 8;
    quint32 p = 1;
};

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
};

/// Operators and their credentials: scrypt password hashes, lock-out, and (through the
/// SecondFactor it owns) TOTP with the secret kept only as a SecretVault blob and one-time
/// recovery codes of which only hashes are kept. Every login, failure, lock-out and change is
/// written to the audit log.
///
/// Settings it reads: store name (password policy), idle lock and refund limit through
/// StoreSettings::read (keys and defaults live there), security.step_up_seconds (120).
class OperatorService
{
    Q_DECLARE_TR_FUNCTIONS(OperatorService)
public:
    static constexpr int MaxFailures = 5;
    static constexpr int LockoutMinutes = 15;
    static constexpr int RecoveryCodeCount = SecondFactor::RecoveryCodeCount;

    OperatorService(Database &db, Clock &clock, SecretVault &vault, AuditLog &audit);

    /// Lowers the scrypt cost of NEW hashes (tests only).
    void setScryptCost(const ScryptCost &cost) { m_cost = cost; }

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
    /// A login that included a second factor counts as a fresh step-up.
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
    /// The operator changes their own password.
    Status changePassword(const Session &self, const QString &oldPassword,
                          const QString &newPassword);
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
    Status verifySecondFactor(qint64 operatorId, const QString &code, const QString &purpose);

    int idleLockMinutes() const;
    int stepUpSeconds() const;
    qint64 refundLimitMinor() const;

    /// "scrypt$N$r$p$salt_b64$hash_b64"
    static Result<QString> hashPassword(const QString &password, const ScryptCost &cost = {});
    static bool verifyPassword(const QString &password, const QString &encoded);
    static QString otpauthUri(const QString &operatorName, const QString &secretBase32);

private:
    struct Row;
    static Row readRow(const QSqlQuery &q);
    std::optional<Row> loadRowWhere(const QString &where, const QVariant &bind) const;
    std::optional<Row> loadRow(const QString &name) const;
    std::optional<Row> loadRow(qint64 id) const;
    Result<QString> hashNewPassword(const QString &password, const QString &operatorName) const;
    Error recordFailure(const Row &row, const QString &reason, const QDateTime &now,
                        const Error &otherwise);
    static Status requireLoggedIn(const Session &self);
    Status requireManage(const Session &by) const;
    static Error unknownOperator(const QString &name);
    Status keepAnOwner() const;
    Status writeAndAudit(const QString &sql, const QVariantList &binds, const QString &action,
                         const QString &actor, const QJsonObject &details = {});
    Result<OperatorInfo> insertOperator(const QString &name, Role role, const QString &passwordHash,
                                        const QString &action, const QString &actor,
                                        const QJsonObject &details);
    Session makeSession(const Row &row, bool steppedUp);
    QString nowText() const;

    Database &m_db;
    Clock &m_clock;
    AuditLog &m_audit;
    SecondFactor m_secondFactor;
    ScryptCost m_cost;
    QString m_dummyHash;
};

} // namespace paydesk
