#include "core/security/session.h"

#include "core/security/operatorservice.h"
#include "core/util/clock.h"

namespace paydesk {

bool Session::can(Permission permission) const
{
    return isValid() && roleAllows(m_role, permission);
}

Status Session::authorize(Permission permission) const
{
    if (!isValid())
        return Status::failure(QStringLiteral("security.no_session"), tr("Nobody is logged in."));
    if (!roleAllows(m_role, permission))
        return Status::failure(
            QStringLiteral("security.forbidden"),
            tr("A %1 may not do this: %2.")
                .arg(roleDisplayName(m_role), permissionDisplayName(permission)));
    if (permissionNeedsStepUp(permission)) {
        if (!m_totpEnrolled)
            return Status::failure(QStringLiteral("security.totp_not_enrolled"),
                                   tr("Set up two-factor authentication for %1 before doing this.")
                                       .arg(m_operatorName));
        if (!hasFreshStepUp())
            return Status::failure(QStringLiteral("security.step_up_required"),
                                   tr("Enter a code from your authenticator app to confirm."));
    }
    return {};
}

bool Session::refundNeedsApproval(qint64 amountMinor) const
{
    return m_service && amountMinor > m_service->refundLimitMinor();
}

Status Session::authorizeRefund(qint64 amountMinor) const
{
    if (auto s = authorize(Permission::Refund); !s.ok())
        return s;
    if (refundNeedsApproval(amountMinor))
        return authorize(Permission::RefundOverLimit);
    return {};
}

Status Session::stepUp(const QString &code)
{
    if (!isValid())
        return Status::failure(QStringLiteral("security.no_session"), tr("Nobody is logged in."));
    auto s = m_service->verifySecondFactor(m_operatorId, code, QStringLiteral("step_up"));
    if (!s.ok())
        return s;
    m_stepUpAt = m_clock->nowUtc();
    m_lastActivity = m_stepUpAt;
    return {};
}

bool Session::hasFreshStepUp() const
{
    if (!isValid() || !m_stepUpAt.isValid())
        return false;
    const qint64 age = m_stepUpAt.secsTo(m_clock->nowUtc());
    return age >= 0 && age < m_service->stepUpSeconds();
}

void Session::touch()
{
    if (m_clock)
        m_lastActivity = m_clock->nowUtc();
}

bool Session::isIdle() const
{
    if (!isValid())
        return false;
    const int minutes = m_service->idleLockMinutes();
    return minutes > 0 && m_lastActivity.secsTo(m_clock->nowUtc()) >= qint64(minutes) * 60;
}

} // namespace paydesk
