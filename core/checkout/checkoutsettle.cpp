#include "core/checkout/checkoutservice.h"

#include "core/checkout/checkoutflow_p.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QPointer>

#include <algorithm>

// Closing (QR, link) or cancelling (payment code) an order at the provider, retried with
// back-off until the provider gives a final answer (DESIGN rule 4); an unclear answer is
// resolved by query, never by charging again.

namespace paydesk {

Status CheckoutService::cancel(const QString &outTradeNo)
{
    if (!m_flows.contains(outTradeNo)) {
        auto loaded = m_orders.loadExisting(outTradeNo);
        if (!loaded.ok())
            return loaded.error();
        if (!isOpenStatus(loaded.value().status))
            return Error{QStringLiteral("checkout.not_open"),
                         tr("Order %1 is already %2.")
                             .arg(outTradeNo, orderStatusDisplayName(loaded.value().status))};
        // Open in the database but not driven by this process (e.g. left by a crash).
        resume(outTradeNo);
    }
    Flow *flow = m_flows.value(outTradeNo);
    if (!flow)
        return {}; // finished while resuming
    if (flow->settling) {
        flow->settleWhy = Settle::Cancel;
        return {};
    }
    startSettle(outTradeNo, Settle::Cancel);
    return {};
}

QString CheckoutService::closedMessage(Settle why) const
{
    switch (why) {
    case Settle::Cancel:
        return tr("Cancelled by the cashier; nothing was charged.");
    case Settle::Expired:
        return tr("The QR code expired before it was paid; nothing was charged.");
    case Settle::CodeTimeout:
        return tr("Not paid in time; the payment was cancelled and nothing was charged.");
    case Settle::NoQr:
        return tr("The QR code could not be created; nothing was charged. Try again.");
    case Settle::Replaced:
        return tr("Replaced by a new payment code; this attempt was cancelled.");
    case Settle::Recovery:
        return tr("Left open when Paydesk stopped; closed at start-up. Nothing was charged.");
    }
    return {};
}

void CheckoutService::startSettle(const QString &out, Settle why)
{
    Flow *flow = m_flows.value(out);
    if (!flow)
        return;
    if (flow->settling)
        return;
    flow->settling = true;
    flow->settleWhy = why;
    flow->retries = 0;
    ++flow->token; // stops any scheduled poll
    note(out, why == Settle::Cancel ? tr("Cashier cancelled; closing at the provider")
                                    : tr("Closing at the provider"));
    publish(out);
    settleStep(out);
}

PaymentProvider *CheckoutService::settleProvider(const QString &out)
{
    Flow *flow = m_flows.value(out);
    if (!flow)
        return nullptr;
    PaymentProvider *p = providerFor(flow->order);
    if (!p)
        retrySettle(out); // the provider is not reachable yet: try again later
    return p;
}

void CheckoutService::settleStep(const QString &out)
{
    PaymentProvider *p = settleProvider(out);
    if (!p)
        return;
    QPointer<CheckoutService> self(this);
    if (m_flows.value(out)->order.kind == OrderKind::Code) {
        p->cancel(out, [self, out](const CancelReply &reply) {
            if (self)
                self->onCancelled(out, reply);
        });
    } else {
        p->close(out, [self, out](const ProviderStatus &status) {
            if (self)
                self->onClosed(out, status);
        });
    }
}

void CheckoutService::onClosed(const QString &out, const ProviderStatus &status)
{
    Flow *flow = m_flows.value(out);
    if (!flow)
        return;
    const bool closed =
        status.ok() || (status.failed() && (status.reason == FailureReason::TradeNotExist ||
                                            status.reason == FailureReason::TradeClosed));
    if (closed) {
        OrderChange c;
        c.message = closedMessage(flow->settleWhy);
        c.note = QStringLiteral("close: %1 %2").arg(status.code, status.subCode);
        apply(out, OrderStatus::Closed, c);
        return;
    }
    if (status.failed()) {
        // e.g. ACQ.TRADE_HAS_SUCCESS: the customer paid just now. Ask what happened.
        settleByQuery(out);
        return;
    }
    retrySettle(out);
}

void CheckoutService::onCancelled(const QString &out, const CancelReply &reply)
{
    Flow *flow = m_flows.value(out);
    if (!flow)
        return;
    if (reply.status.ok() && !reply.retry) {
        OrderChange c;
        c.message = reply.action == u"refund"
                        ? tr("Cancelled: the customer had paid and the money was returned to them.")
                        : closedMessage(flow->settleWhy);
        c.note = QStringLiteral("cancel: action=%1").arg(reply.action);
        apply(out, OrderStatus::Closed, c);
        return;
    }
    if (reply.status.failed() && (reply.status.reason == FailureReason::TradeNotExist ||
                                  reply.status.reason == FailureReason::TradeClosed)) {
        OrderChange c;
        c.message = closedMessage(flow->settleWhy);
        c.note = QStringLiteral("cancel: %1 %2").arg(reply.status.code, reply.status.subCode);
        apply(out, OrderStatus::Closed, c);
        return;
    }
    if (reply.status.failed() && !reply.retry) {
        settleByQuery(out);
        return;
    }
    // retry_flag=Y / recall=Y or no answer: call again (DESIGN rule 4).
    retrySettle(out);
}

void CheckoutService::settleByQuery(const QString &out)
{
    PaymentProvider *p = settleProvider(out);
    if (!p)
        return;
    QPointer<CheckoutService> self(this);
    p->query(out, [self, out](const TradeReply &reply) {
        if (!self)
            return;
        Flow *f = self->m_flows.value(out);
        if (!f)
            return;
        if (reply.status.ok() && isPaidState(reply.state)) {
            self->onTradeFound(out, reply);
        } else if (reply.status.ok() &&
                   (reply.state == TradeState::Closed || reply.state == TradeState::NotExist) &&
                   f->order.kind != OrderKind::Code) {
            OrderChange c;
            c.message = self->closedMessage(f->settleWhy);
            c.note = QStringLiteral("query: closed");
            self->apply(out, OrderStatus::Closed, c);
        } else if (reply.status.ok() && reply.state == TradeState::Closed) {
            OrderChange c;
            c.message = self->closedMessage(f->settleWhy);
            c.note = QStringLiteral("query: closed");
            self->apply(out, OrderStatus::Closed, c);
        } else {
            self->retrySettle(out);
        }
    });
}

void CheckoutService::retrySettle(const QString &out)
{
    Flow *flow = m_flows.value(out);
    if (!flow)
        return;
    const qint64 delay = std::min<qint64>(qint64(m_config.retryMs) << std::min(flow->retries, 10),
                                          m_config.retryMaxMs);
    ++flow->retries;
    note(out, tr("No final answer yet; trying again in %n s", nullptr, int((delay + 999) / 1000)));
    schedule(out, delay, [this, out] { settleStep(out); });
}

} // namespace paydesk
