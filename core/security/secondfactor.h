#pragma once

#include "core/util/result.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace paydesk {

class AuditLog;
class Clock;
class Database;
class SecretVault;

/// The result of beginning TOTP enrollment: show the URI as a QR code and the secret as text.
struct TotpEnrollment
{
    QString secretBase32;
    QString otpauthUri; ///< otpauth://totp/Paydesk:<name>?secret=...&issuer=Paydesk
};

/// An operator's second factor: the TOTP secret (kept only as a SecretVault blob bound to the
/// operator), enrollment, verification that refuses a replay of an already used time step, and
/// the one-time recovery codes (only their hashes are stored). Every outcome is audited.
///
/// OperatorService owns it and decides who may call what (sessions, permissions, step-up);
/// this class only knows the factor itself and the operator columns and table it lives in.
class SecondFactor
{
public:
    static constexpr int RecoveryCodeCount = 10;

    SecondFactor(Database &db, Clock &clock, SecretVault &vault, AuditLog &audit);

    /// Stores a new pending secret for \a operatorId (replacing any earlier pending one).
    Result<TotpEnrollment> beginEnrollment(qint64 operatorId, const QString &operatorName);
    /// Activates the pending secret when \a code matches it; returns RecoveryCodeCount fresh
    /// recovery codes. Codes: security.no_enrollment, security.bad_totp.
    Result<QStringList> confirmEnrollment(qint64 operatorId, const QString &code);
    /// Verifies a TOTP code (refusing a replayed time step) or an unused recovery code; audits
    /// success and failure as "operator.<purpose>". Codes: security.totp_not_enrolled,
    /// security.bad_totp.
    Status verify(qint64 operatorId, const QString &code, const QString &purpose);
    /// Replaces the recovery codes of \a operatorId (old ones stop working).
    Result<QStringList> regenerateRecoveryCodes(qint64 operatorId, const QString &operatorName);
    /// Removes the secret and the recovery codes of \a operatorId; audited as done by \a actorName.
    Status reset(qint64 operatorId, const QString &operatorName, const QString &actorName);
    int remainingRecoveryCodes(qint64 operatorId) const;

    static QString otpauthUri(const QString &operatorName, const QString &secretBase32);

private:
    struct State;
    std::optional<State> loadState(qint64 operatorId) const;
    Result<QStringList> storeRecoveryCodes(qint64 operatorId);
    Status deleteRecoveryCodes(qint64 operatorId);
    bool useRecoveryCode(qint64 operatorId, const QString &code);
    Status refuse(const QString &action, const QString &operatorName, const QString &reason,
                  const QString &message);
    QString nowText() const;

    Database &m_db;
    Clock &m_clock;
    SecretVault &m_vault;
    AuditLog &m_audit;
};

} // namespace paydesk
