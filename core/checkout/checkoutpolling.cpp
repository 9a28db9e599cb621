#include "core/checkout/checkoutservice.h"

#include "core/checkout/checkoutflow_p.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QPointer>

#include <algorithm>

// Polling open orders, booking a success (also a late one), provider notifications,
// rechecks, and resuming orders left open by an earlier run.

namespace paydesk {

void CheckoutService::poll(const QString &out)
{
    Flow *flow = m_flows.value(out);
    if (!flow || flow->settling)
        return;
    PaymentProvider *p = providerFor(flow->order);
    if (!p) {
        schedule(out, m_config.retryMaxMs, [this, out] { poll(out); });
        return;
    }
    QPointer<CheckoutService> self(this);
    p->query(out, [self, out](const TradeReply &reply) {
        if (self)
            self->onPolled(out, reply);
    });
}

void CheckoutService::onPolled(const QString &out, const TradeReply &reply)
{
    Flow *flow = m_flows.value(out);
    if (!flow) {
        if (reply.status.ok() && isPaidState(reply.state))
            onTradeFound(out, reply);
        return;
    }
    if (flow->settling)
        return;
    if (reply.status.ok()) {
        switch (reply.state) {
        case TradeState::Success:
        case TradeState::Finished:
            onTradeFound(out, reply);
            return;
        case TradeState::Closed: {
            OrderChange c;
            c.message = tr("The provider closed this payment; nothing was charged.");
            apply(out, OrderStatus::Closed, c);
            return;
        }
        case TradeState::PayError:
            note(out, tr("The provider reports a payment error; cancelling."));
            startSettle(out, Settle::CodeTimeout);
            return;
        case TradeState::UserPaying:
            if (flow->order.status != OrderStatus::Pending || flow->order.message.isEmpty()) {
                OrderChange c;
                c.message = tr("The customer is entering the payment password…");
                if (flow->order.status == OrderStatus::Pending)
                    (void)m_orders.addNote(out, *c.message);
                else if (!apply(out, OrderStatus::Pending, c))
                    return;
            }
            break;
        case TradeState::WaitBuyerPay:
            if (flow->order.status == OrderStatus::Unknown) {
                OrderChange c;
                c.message = tr("The provider has the payment; waiting for the customer.");
                if (!apply(out, OrderStatus::Pending, c))
                    return;
            }
            break;
        case TradeState::NotExist:
            break;
        }
    }
    flow = m_flows.value(out);
    if (!flow)
        return;
    if (m_clock.nowUtc() >= flow->deadline) {
        startSettle(out,
                    flow->order.kind == OrderKind::Code ? Settle::CodeTimeout : Settle::Expired);
        return;
    }
    const qint64 left = m_clock.nowUtc().msecsTo(flow->deadline);
    schedule(out, std::min<qint64>(flow->pollMs, std::max<qint64>(left, 0)),
             [this, out] { poll(out); });
    publish(out); // the countdown moved
}

void CheckoutService::onTradeFound(const QString &out, const TradeReply &reply)
{
    if (!isPaidState(reply.state))
        return;
    auto loaded = m_orders.load(out);
    if (!loaded.ok() || !loaded.value()) {
        qCWarning(lcCheckout) << "success for an order we do not know:" << out;
        return;
    }
    const Order order = *loaded.value();
    if (!reply.total.isZero() && reply.total.minor() != order.amount.minor())
        qCWarning(lcCheckout) << "paid amount differs for" << out << reply.total.minor()
                              << order.amount.minor();
    OrderChange c;
    c.transactionId = reply.transactionId;
    c.payerHash = payerHash(order.provider, reply.buyerId);
    if (isOpenStatus(order.status)) {
        c.message = tr("Paid");
        c.failureReason = FailureReason::None;
        if (m_flows.contains(out)) {
            apply(out, OrderStatus::Paid, c);
        } else {
            auto r = m_orders.transition(out, OrderStatus::Paid, c);
            if (r.ok())
                emit orderUpdated(snapshotOf(r.value(), nullptr));
        }
        return;
    }
    if (order.status == OrderStatus::Closed || order.status == OrderStatus::Failed) {
        c.message = tr("Paid after it had been closed: refund the customer (late payment).");
        c.flagNeedsRefund = true;
        auto r = m_orders.transition(out, OrderStatus::Paid, c);
        if (!r.ok()) {
            qCWarning(lcCheckout) << "late success for" << out
                                  << "not booked:" << r.error().message;
            return;
        }
        qCWarning(lcCheckout) << "late success detected for" << out;
        emit orderUpdated(snapshotOf(r.value(), nullptr));
        emit lateSuccessDetected(out);
    }
    // PAID or refunded already: a repeated answer or notification, booked once.
}

void CheckoutService::recheck(const QString &outTradeNo)
{
    auto loaded = m_orders.load(outTradeNo);
    if (!loaded.ok() || !loaded.value())
        return;
    PaymentProvider *p = providerFor(*loaded.value());
    if (!p || loaded.value()->kind == OrderKind::Cash)
        return;
    QPointer<CheckoutService> self(this);
    p->query(outTradeNo, [self, outTradeNo](const TradeReply &reply) {
        if (self && reply.status.ok() && isPaidState(reply.state)) {
            Flow *f = self->m_flows.value(outTradeNo);
            if (f && f->settling)
                return; // the settle loop is authoritative while it runs
            self->onTradeFound(outTradeNo, reply);
        }
    });
}

void CheckoutService::handleNotification(const QString &providerId, const Notification &n)
{
    auto loaded = m_orders.load(n.outTradeNo);
    if (!loaded.ok() || !loaded.value()) {
        qCWarning(lcCheckout) << "notification for an unknown order" << n.outTradeNo;
        return;
    }
    if (loaded.value()->provider != providerId) {
        qCWarning(lcCheckout) << "notification from" << providerId << "for a"
                              << loaded.value()->provider << "order" << n.outTradeNo;
        return;
    }
    if (!isPaidState(n.state))
        return;
    if (!n.amount.isZero() && n.amount.minor() != loaded.value()->amount.minor()) {
        qCWarning(lcCheckout) << "notification amount mismatch for" << n.outTradeNo;
        return;
    }
    Flow *f = m_flows.value(n.outTradeNo);
    if (f && f->settling) {
        // The close/cancel loop is running and will find the payment itself.
        return;
    }
    TradeReply r;
    r.status = ProviderStatus::success();
    r.state = n.state;
    r.outTradeNo = n.outTradeNo;
    r.transactionId = n.transactionId;
    r.total = n.amount;
    onTradeFound(n.outTradeNo, r);
}

bool CheckoutService::resume(const QString &outTradeNo)
{
    if (m_flows.contains(outTradeNo))
        return true;
    auto loaded = m_orders.load(outTradeNo);
    if (!loaded.ok() || !loaded.value() || !isOpenStatus(loaded.value()->status))
        return true;
    const Order order = *loaded.value();
    auto *flow = new Flow;
    flow->order = order;
    flow->deadline = order.expiresAt.isValid() ? order.expiresAt : m_clock.nowUtc();
    flow->pollMs = order.kind == OrderKind::Link   ? m_config.linkPollMs
                   : order.kind == OrderKind::Code ? m_config.codePollMs
                                                   : m_config.qrPollMs;
    m_flows.insert(outTradeNo, flow);
    note(outTradeNo, tr("Resumed after a restart"));
    if (order.kind == OrderKind::Link && order.status == OrderStatus::Pending &&
        m_clock.nowUtc() < flow->deadline) {
        // A shared link stays payable until it expires: keep waiting for it.
        poll(outTradeNo);
        return false;
    }
    if (order.kind == OrderKind::Code && order.expiresAt.isValid() &&
        m_clock.nowUtc() < order.expiresAt) {
        // A payment code still inside its wait (the customer may be entering the password):
        // keep querying until the limit, then cancel — as if nothing had happened.
        poll(outTradeNo);
        return true;
    }
    // Everything else is finished now: a query first (it may have been paid), then
    // close/cancel until the provider gives a final answer.
    flow->settling = true;
    flow->settleWhy = Settle::Recovery;
    PaymentProvider *p = providerFor(order);
    if (!p) {
        retrySettle(outTradeNo);
        return true;
    }
    QPointer<CheckoutService> self(this);
    p->query(outTradeNo, [self, outTradeNo](const TradeReply &reply) {
        if (!self)
            return;
        if (!self->m_flows.contains(outTradeNo))
            return;
        if (reply.status.ok() && isPaidState(reply.state)) {
            self->onTradeFound(outTradeNo, reply);
        } else if (reply.status.ok() && reply.state == TradeState::Closed) {
            OrderChange c;
            c.message =
                CheckoutService::tr("The provider had closed this payment; nothing was charged.");
            self->apply(outTradeNo, OrderStatus::Closed, c);
        } else {
            self->settleStep(outTradeNo);
        }
    });
    return true;
}

} // namespace paydesk
