#pragma once

#include "core/money/money.h"
#include "core/providers/paymentprovider.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace paydesk {

/// Where an order (one payment attempt) stands. See ARCHITECTURE §3.
enum class OrderStatus {
    Created, ///< row committed, provider not (yet) answered
    Pending, ///< provider has it; waiting for the buyer
    Unknown, ///< no answer (timeout, 5xx): resolved only by query
    Paid,
    PartiallyRefunded,
    Refunded,
    Failed, ///< definite failure
    Closed, ///< never paid: closed, cancelled, reversed or expired
};

/// How the customer pays.
enum class OrderKind {
    Qr,   ///< merchant shows a QR, the buyer scans it
    Code, ///< the buyer shows a payment code, the cashier scans it
    Link, ///< a QR/link shared with the buyer, valid for longer
    Cash,
};

/// "CREATED", "PENDING", ... exactly as stored and printed by `paydesk orders --json`.
QString orderStatusName(OrderStatus status);
std::optional<OrderStatus> orderStatusFromName(QStringView name);
QList<OrderStatus> allOrderStatuses();
/// A translated word for the cashier ("Paid", "Waiting for the customer", ...).
QString orderStatusDisplayName(OrderStatus status);

QString orderKindName(OrderKind kind); ///< "qr", "code", "link", "cash"
std::optional<OrderKind> orderKindFromName(QStringView name);

/// Inverse of failureReasonName() (providers/provideradvice.h), for the stored column.
FailureReason failureReasonFromName(QStringView name);

/// True while the order may still change without a refund: CREATED, PENDING, UNKNOWN.
bool isOpenStatus(OrderStatus status);

/// One payment attempt as stored in `orders`.
struct Order
{
    qint64 id = 0;
    QString outTradeNo;
    QString provider; ///< a ProviderRegistry id, or "cash"
    OrderKind kind = OrderKind::Qr;
    Money amount;
    OrderStatus status = OrderStatus::Created;
    qint64 refundedMinor = 0;
    QString transactionId;
    QString qrCode;
    QString authCodeMasked;
    QString payerHash;
    QString cashier;
    QString till;
    QString saleId; ///< groups the attempts (retries with new codes) of one sale
    FailureReason failureReason = FailureReason::None;
    QString message;
    QDateTime createdAt; ///< UTC
    QDateTime updatedAt; ///< UTC
    QDateTime expiresAt; ///< UTC; invalid for cash
    std::optional<qint64> tenderedMinor;
    std::optional<qint64> changeMinor;
    bool needsRefund = false; ///< paid after we had closed/failed it: refund it (late success)
    QString owner; ///< the process driving it (OrderOwner): its creator, or whoever took it over
};

/// This process as an order owner: OrderOwner::current().
QString processOwnerId();
/// OrderOwner::isAnotherLiveProcess(\a owner).
bool isOwnedByAnotherLiveProcess(const QString &owner);

/// One line of an order's timeline (`order_events`).
struct OrderEvent
{
    qint64 id = 0;
    qint64 orderId = 0;
    QDateTime at;                    ///< UTC
    std::optional<OrderStatus> from; ///< none for the creation event
    OrderStatus to = OrderStatus::Created;
    QString note;
};

} // namespace paydesk

Q_DECLARE_METATYPE(paydesk::OrderStatus)
