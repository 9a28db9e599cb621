#include "core/checkout/paymentbooking.h"

#include "core/checkout/paymentexceptions.h"
#include "core/checkout/saleguard.h"
#include "core/orders/orderrepository.h"
#include "core/security/payerhasher.h"
#include "core/storage/transaction.h"
#include "core/util/log.h"

namespace paydesk {

PaymentBooking::PaymentBooking(Database &db, OrderRepository &orders, const SaleGuard &guard,
                               PaymentExceptions &exceptions, PayerHasher *payerHasher)
    : m_db(db), m_orders(orders), m_guard(guard), m_exceptions(exceptions),
      m_payerHasher(payerHasher)
{
}

QString PaymentBooking::payerHashOf(const QString &providerId, const QString &payerId) const
{
    if (payerId.trimmed().isEmpty())
        return {};
    if (!m_payerHasher) {
        qCWarning(lcCheckout) << "no payer hasher: the payer id is not stored";
        return {};
    }
    auto h = m_payerHasher->hash(providerId, payerId);
    return logIfFailed(h, lcCheckout(), "payer hash") ? h.value() : QString();
}

Result<BookingOutcome> PaymentBooking::book(const QString &outTradeNo, const TradeReply &reply,
                                            const std::function<Status()> &alsoInTransaction)
{
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    if (alsoInTransaction)
        PAYDESK_TRY(alsoInTransaction());
    auto loaded = m_orders.load(outTradeNo);
    if (!loaded.ok())
        return loaded.error();
    BookingOutcome outcome;
    if (!loaded.value()) {
        qCWarning(lcCheckout) << "success for an order we do not know:" << outTradeNo;
        outcome.changed = false;
    } else {
        auto written = write(*loaded.value(), reply);
        if (!written.ok())
            return written.error();
        outcome = written.value();
    }
    PAYDESK_TRY(tx.commit());
    return outcome;
}

Status PaymentBooking::flag(const Order &order, int kind, const TradeReply &reply,
                            const QString &details)
{
    auto open = m_exceptions.openForSale(order.saleId);
    if (!open.ok())
        return open.error();
    for (const PaymentException &e : open.value())
        if (e.outTradeNo == order.outTradeNo && int(e.kind) == kind)
            return {}; // reported already: a repeated answer is not a new case
    PaymentException e;
    e.outTradeNo = order.outTradeNo;
    e.saleId = order.saleId;
    e.kind = PaymentException::Kind(kind);
    e.providerOutTradeNo = reply.outTradeNo;
    if (!reply.total.isZero())
        e.providerTotalMinor = reply.total.minor();
    e.providerTransactionId = reply.transactionId;
    e.details = details;
    auto r = m_exceptions.record(e);
    if (!r.ok())
        return r.error();
    return {};
}

Result<BookingOutcome> PaymentBooking::write(const Order &order, const TradeReply &reply)
{
    BookingOutcome outcome;
    outcome.order = order;
    const bool open = isOpenStatus(order.status);
    const bool closed = order.status == OrderStatus::Closed || order.status == OrderStatus::Failed;
    if (!open && !closed) {
        outcome.kind = BookingOutcome::Kind::Repeated; // PAID or refunded: booked once
        outcome.changed = false;
        return outcome;
    }
    if (const auto mismatch = mismatchOf(order, reply.outTradeNo, reply.total)) {
        const QString figures =
            tr("The provider reports %1 for order %2 (transaction %3); this order is %4.")
                .arg(reply.total.isZero() ? tr("no amount") : reply.total.toDecimalString(),
                     reply.outTradeNo.isEmpty() ? order.outTradeNo : reply.outTradeNo,
                     reply.transactionId.isEmpty() ? tr("none") : reply.transactionId,
                     order.amount.toDecimalString());
        qCWarning(lcCheckout) << "paid answer does not match" << order.outTradeNo << figures;
        PAYDESK_TRY(flag(order, int(*mismatch), reply, figures));
        outcome.kind = BookingOutcome::Kind::Mismatch;
        outcome.changed = open;
        if (open) {
            OrderChange c;
            c.failureReason = FailureReason::Other;
            c.message = tr("Not booked: the provider's answer does not match this order. Do not "
                           "hand over the goods; the manager must check it. %1")
                            .arg(figures);
            auto r = m_orders.transition(order.outTradeNo, OrderStatus::Failed, c);
            if (!r.ok())
                return r.error();
            outcome.order = r.value();
        } else {
            PAYDESK_TRY(m_orders.addNote(order.outTradeNo, figures));
        }
        return outcome;
    }

    auto other = m_guard.otherPaidAttempt(order.saleId, order.outTradeNo);
    if (!other.ok())
        return other.error();
    outcome.otherPaid = other.value().value_or(QString());
    OrderChange c;
    c.transactionId = reply.transactionId;
    c.payerHash = payerHashOf(order.provider, reply.buyerId);
    if (open && outcome.otherPaid.isEmpty()) {
        c.message = tr("Paid");
        c.failureReason = FailureReason::None;
        outcome.kind = BookingOutcome::Kind::Paid;
    } else if (open) {
        c.message = tr("Charged twice for one sale (order %1 was paid first): refund this "
                       "payment.")
                        .arg(outcome.otherPaid);
        c.flagNeedsRefund = true;
        outcome.kind = BookingOutcome::Kind::Duplicate;
    } else {
        c.message = tr("Paid after it had been closed: refund the customer (late payment).");
        c.flagNeedsRefund = true;
        outcome.kind = BookingOutcome::Kind::Late;
    }
    auto r = m_orders.transition(order.outTradeNo, OrderStatus::Paid, c);
    if (!r.ok())
        return r.error();
    outcome.order = r.value();
    if (!outcome.otherPaid.isEmpty())
        PAYDESK_TRY(flag(outcome.order, int(PaymentException::Kind::DuplicateCharge), reply,
                         tr("Order %1 of the same sale was paid first.").arg(outcome.otherPaid)));
    return outcome;
}

} // namespace paydesk
