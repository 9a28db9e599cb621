#pragma once

#include "core/money/money.h"
#include "core/util/result.h"

#include <QCoreApplication>

namespace paydesk {

class Session;

/// Who may refund how much (DESIGN §8, docs/REFUNDS.md). A refund above the owner's refund
/// limit, and any refund by a cashier when the owner asks for it, needs a manager's (or the
/// owner's) password and a fresh TOTP: the approver's session, proven by a step-up. A manager or
/// owner may approve their own refund with their own fresh step-up.
class RefundApproval
{
    Q_DECLARE_TR_FUNCTIONS(RefundApproval)
public:
    struct Rules
    {
        Money limit = Money::fromMinor(50'000); ///< StoreSettings::Values::refundLimit
        bool cashierNeedsApproval = false;      ///< ...::cashierRefundsNeedApproval
    };

    explicit RefundApproval(Rules rules) : m_rules(rules) {}

    /// True when \a requester's refund of \a amount needs an approver.
    bool needsApproval(const Session &requester, const Money &amount) const;
    /// The full check before a refund is decided. \a approver may be null (no approver
    /// asked yet), or \a requester itself. Codes: the Session's (security.no_session,
    /// security.forbidden), refunds.approval_required (a manager must approve),
    /// refunds.approver_not_allowed (the approver is no manager or owner),
    /// security.step_up_required / security.totp_not_enrolled (the approver's second factor).
    Status authorize(const Session &requester, const Money &amount,
                     const Session *approver = nullptr) const;

private:
    Rules m_rules;
};

} // namespace paydesk
