#pragma once

#include "core/orders/order.h"

#include <QDateTime>
#include <QMetaType>
#include <QString>

#include <optional>

namespace paydesk {

/// What the cashier and customer screens show about one order.
struct OrderSnapshot
{
    QString outTradeNo;
    QString saleId;
    QString provider;
    OrderKind kind = OrderKind::Qr;
    Money amount;
    OrderStatus status = OrderStatus::Created;
    QString message; ///< one-line status for the cashier (translated)
    FailureReason reason = FailureReason::None;
    QString cashierAdvice;  ///< what the cashier should do (translated)
    QString customerAdvice; ///< what to tell the customer (translated)
    QString qrCode;         ///< QR / link text once the provider gave it
    QString transactionId;
    QDateTime expiresAt;  ///< UTC; when the QR/link or the code wait runs out
    int secondsLeft = -1; ///< at the time of the snapshot; -1 when not applicable
    std::optional<qint64> tenderedMinor;
    std::optional<qint64> changeMinor;
    bool cancelling = false; ///< a close/cancel is under way
    bool needsRefund = false;

    bool isOpen() const { return isOpenStatus(status); }
};

/// What only a live flow knows about its order: the deadline it is counting down to and
/// whether its close-out loop (close/cancel at the provider until final) is running.
struct FlowProgress
{
    QDateTime deadline; ///< UTC
    bool closingOut = false;
    /// Why the order's last step could not be saved (a full or read-only disk), translated;
    /// empty while its writes go through. The flow keeps trying.
    QString storageProblem;
};

/// The screens' view of \a order at \a nowUtc. Without \a progress (an order no flow is
/// driving) the stored expiry counts down and nothing is being cancelled. \a walletName is
/// the provider's display name from the registry, for the customer's instructions.
OrderSnapshot snapshotOf(const Order &order, const QDateTime &nowUtc,
                         const std::optional<FlowProgress> &progress = std::nullopt,
                         const QString &walletName = {});

} // namespace paydesk

Q_DECLARE_METATYPE(paydesk::OrderSnapshot)
