#pragma once

#include "core/security/permissions.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace paydesk {

class Clock;
class OperatorService;

/// Why the operator must choose a new password before the till opens.
enum class PasswordChange {
    None,
    Reset,   ///< an owner set a temporary password
    Expired, ///< older than the owner's maximum password age
};

/// Who is at the till: an authenticated operator with a role, the time of their last activity
/// and of their last second-factor proof (step-up). Obtained from OperatorService::authenticate
/// or authenticateHeadless; a default-constructed Session is "nobody" and may do nothing.
///
/// A Session is a small value; keep ONE per till (e.g. in MainWindow) and call touch() on user
/// activity, so isIdle() and the step-up freshness are those of that one object.
class Session
{
    Q_DECLARE_TR_FUNCTIONS(Session)
public:
    Session() = default;

    bool isValid() const { return m_operatorId > 0 && m_service; }
    qint64 operatorId() const { return m_operatorId; }
    QString operatorName() const { return m_operatorName; }
    Role role() const { return m_role; }
    bool totpEnrolled() const { return m_totpEnrolled; }
    QDateTime loginAt() const { return m_loginAt; }
    QDateTime lastActivity() const { return m_lastActivity; }
    /// Set at login; the login flow asks for a new password before the session is used.
    PasswordChange passwordChange() const { return m_passwordChange; }

    /// The role table alone (use it to show or hide actions).
    bool can(Permission permission) const;
    /// The full check before doing \a permission: role, then for step-up actions an enrolled
    /// TOTP and a fresh step-up. Codes: security.no_session, security.forbidden,
    /// security.totp_not_enrolled, security.step_up_required.
    Status authorize(Permission permission) const;
    /// Refund of \a amountMinor: Refund, and RefundOverLimit above security.refund_limit_minor.
    Status authorizeRefund(qint64 amountMinor) const;
    /// True when \a amountMinor needs RefundOverLimit.
    bool refundNeedsApproval(qint64 amountMinor) const;

    /// Proves the second factor again (TOTP code or an unused recovery code). Valid for
    /// security.step_up_seconds (default 120).
    Status stepUp(const QString &code);
    bool hasFreshStepUp() const;

    /// Records user activity now.
    void touch();
    /// True when there was no activity for security.idle_lock_minutes (0 = never).
    bool isIdle() const;

private:
    friend class OperatorService;

    OperatorService *m_service = nullptr;
    Clock *m_clock = nullptr;
    qint64 m_operatorId = 0;
    QString m_operatorName;
    Role m_role = Role::Cashier;
    bool m_totpEnrolled = false;
    QDateTime m_loginAt;
    QDateTime m_lastActivity;
    QDateTime m_stepUpAt;
    PasswordChange m_passwordChange = PasswordChange::None;
};

} // namespace paydesk
