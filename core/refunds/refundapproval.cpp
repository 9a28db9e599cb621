#include "core/refunds/refundapproval.h"

#include "core/security/session.h"

#include <QLocale>

namespace paydesk {

bool RefundApproval::needsApproval(const Session &requester, const Money &amount) const
{
    if (amount.minor() > m_rules.limit.minor())
        return true;
    return m_rules.cashierNeedsApproval && requester.role() == Role::Cashier;
}

Status RefundApproval::authorize(const Session &requester, const Money &amount,
                                 const Session *approver) const
{
    PAYDESK_TRY(requester.authorize(Permission::Refund));
    if (!needsApproval(requester, amount))
        return {};
    if (!approver) {
        if (requester.can(Permission::RefundOverLimit))
            approver = &requester; // a manager or owner approves with their own second factor
        else
            return Error{
                QStringLiteral("refunds.approval_required"),
                amount.minor() > m_rules.limit.minor()
                    ? tr("A refund above %1 needs a manager's password and authenticator code.")
                          .arg(m_rules.limit.format(QLocale()))
                    : tr("The owner asks for a manager's password and authenticator code for "
                         "every refund by a cashier.")};
    }
    if (!approver->can(Permission::RefundOverLimit))
        return Error{QStringLiteral("refunds.approver_not_allowed"),
                     tr("%1 cannot approve refunds: a manager or the owner must.")
                         .arg(approver->operatorName())};
    return approver->authorize(Permission::RefundOverLimit);
}

} // namespace paydesk
