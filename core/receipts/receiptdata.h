#pragma once

#include "core/money/money.h"
#include "core/orders/order.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <optional>

namespace paydesk {

/// Everything printed on a customer receipt.
struct ReceiptData
{
    Q_DECLARE_TR_FUNCTIONS(ReceiptData)
public:
    QString storeName;
    QString cashier;
    QString till;
    QDateTime time; ///< UTC; printed in Beijing time
    Money amount;
    QString providerName; ///< display name given by the caller
    QString provider;     ///< the provider id, or "cash"
    QString transactionId;
    QString outTradeNo;
    QString status; ///< e.g. "PAID"
    std::optional<Money> tendered;
    std::optional<Money> change;
    bool reprint = false;
    /// Set on a refund receipt (printed headed "REFUND"): what went back to the customer.
    struct RefundPart
    {
        Money amount;        ///< this refund
        Money refundedTotal; ///< all refunds of the order so far, this one included
        QString outRequestNo;
        QString reason; ///< as the customer should read it (translated key or free text)
    };
    std::optional<RefundPart> refund;

    /// \a providerName is the provider's display name from the registry.
    static ReceiptData fromOrder(const Order &order, const QString &storeName,
                                 const QString &providerName = {});
    /// The provider's display name, "Cash" (translated), or the id when no name is known.
    QString providerDisplayName() const;
    /// Label/value lines in print order, already translated and formatted.
    QList<QPair<QString, QString>> lines(const QLocale &locale) const;
};

} // namespace paydesk
