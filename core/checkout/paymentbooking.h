#pragma once

#include "core/orders/order.h"
#include "core/providers/paymentprovider.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>

#include <functional>

namespace paydesk {

class Database;
class OrderRepository;
class PayerHasher;
class PaymentExceptions;
class SaleGuard;

/// What booking a provider's "paid" did to the order.
struct BookingOutcome
{
    enum class Kind {
        Paid,      ///< an open order is now PAID
        Duplicate, ///< PAID, but another attempt of the sale was paid first: refund one
        Late,      ///< PAID after we had closed/failed it: refund it
        Mismatch,  ///< not our payment as reported (total / out_trade_no): for the manager
        Repeated,  ///< already booked: nothing changed
        Unknown,   ///< no such order here
    };
    Kind kind = Kind::Unknown;
    Order order;         ///< as stored afterwards
    QString otherPaid;   ///< Duplicate (and Late, when it is one too): the attempt paid first
    bool changed = true; ///< the order row changed (a snapshot is worth publishing)
};

/// Books a provider's success, believing it only when it is our payment: the reply's
/// out_trade_no and total must match the order, or the order is not PAID but FAILED with a
/// payment exception carrying the provider's figures (a manager decides: refund, or book
/// by hand). A success for a sale that is already paid is booked as a duplicate charge
/// (needs_refund, payment exception). Payer ids are stored only as PayerHasher hashes.
class PaymentBooking
{
    Q_DECLARE_TR_FUNCTIONS(CheckoutService)
public:
    PaymentBooking(Database &db, OrderRepository &orders, const SaleGuard &guard,
                   PaymentExceptions &exceptions, PayerHasher *payerHasher);

    /// Writes the booking in one transaction. \a alsoInTransaction (e.g. marking a
    /// notification id seen) commits or rolls back with it.
    Result<BookingOutcome> book(const QString &outTradeNo, const TradeReply &reply,
                                const std::function<Status()> &alsoInTransaction = {});

    /// The stored form of a payer id: a salted per-install hash, or nothing.
    QString payerHashOf(const QString &providerId, const QString &payerId) const;

private:
    Result<BookingOutcome> write(const Order &order, const TradeReply &reply);
    Status flag(const Order &order, int kind, const TradeReply &reply, const QString &details);

    Database &m_db;
    OrderRepository &m_orders;
    const SaleGuard &m_guard;
    PaymentExceptions &m_exceptions;
    PayerHasher *m_payerHasher;
};

} // namespace paydesk
