#include "core/cases/casetext.h"

namespace paydesk {

QString CaseText::kind(CaseKind kind)
{
    switch (kind) {
    case CaseKind::DuplicateSale:
        return tr("Charged twice for one sale");
    case CaseKind::LatePayment:
        return tr("Paid after the order was closed");
    case CaseKind::LostAnswer:
        return tr("Lost answer, paid again");
    case CaseKind::SamePayer:
        return tr("Same payer, same amount (suspected)");
    case CaseKind::ProviderMismatch:
        return tr("Provider's figures differ");
    }
    return {};
}

QString CaseText::status(CaseStatus status)
{
    switch (status) {
    case CaseStatus::Open:
        return tr("Open");
    case CaseStatus::Refunding:
        return tr("Refund in progress");
    case CaseStatus::Refunded:
        return tr("Refunded");
    case CaseStatus::Dismissed:
        return tr("Dismissed");
    }
    return {};
}

QString CaseText::explanation(const Case &c)
{
    const QStringList others = [&] {
        QStringList list = c.orders();
        list.removeAll(c.refundOutTradeNo);
        return list;
    }();
    const QString first =
        others.isEmpty() ? tr("another order") : others.join(QStringLiteral(", "));
    switch (c.kind) {
    case CaseKind::DuplicateSale:
        return tr("Order %1 was paid although order %2 of the same sale had been paid already.")
            .arg(c.refundOutTradeNo, first);
    case CaseKind::LatePayment:
        return others.isEmpty()
                   ? tr("Order %1 was paid after the till had closed it: the customer was "
                        "probably asked to pay again, or left without the goods.")
                         .arg(c.refundOutTradeNo)
                   : tr("Order %1 was paid after the till had closed it, and the sale was paid "
                        "by order %2.")
                         .arg(c.refundOutTradeNo, first);
    case CaseKind::LostAnswer:
        return tr("The provider's answer to order %1 or %2 was lost; both turned out paid, for the "
                  "same amount at the same till a few minutes apart.")
            .arg(first, c.refundOutTradeNo);
    case CaseKind::SamePayer:
        return tr("The same payer paid the same amount at this till twice within a few minutes "
                  "(orders %1 and %2). It may be two purchases: ask the customer.")
            .arg(first, c.refundOutTradeNo);
    case CaseKind::ProviderMismatch:
        return tr("The provider reports a payment for order %1 that the till did not book "
                  "because its figures differ from the order.")
            .arg(c.refundOutTradeNo);
    }
    return {};
}

QString CaseText::suggestedAction(const Case &c)
{
    if (!c.refundable())
        return tr("Look the payment up with the provider (Find payment), then refund it there or "
                  "book it by hand; dismiss the case with what was done.");
    const QString amount = c.amount.format(QLocale());
    switch (c.kind) {
    case CaseKind::SamePayer:
        return tr("Ask the customer. If it was one purchase, refund the later charge: %1 of "
                  "order %2.")
            .arg(amount, c.refundOutTradeNo);
    default:
        return tr("Refund the later charge: %1 of order %2.").arg(amount, c.refundOutTradeNo);
    }
}

} // namespace paydesk
