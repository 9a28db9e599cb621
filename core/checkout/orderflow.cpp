#include "core/checkout/orderflow.h"

#include "core/providers/provideradvice.h"
#include "core/storage/database.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <algorithm>

namespace paydesk {

OrderFlow::OrderFlow(FlowHost &host, OrderRepository &orders, Clock &clock,
                     const CheckoutConfig &config, Order order)
    : m_host(host), m_orders(orders), m_clock(clock), m_config(config), m_order(std::move(order))
{
    m_deadline = m_order.expiresAt.isValid() ? m_order.expiresAt : m_clock.nowUtc();
    m_pollMs = m_order.kind == OrderKind::Link   ? m_config.linkPollMs
               : m_order.kind == OrderKind::Code ? m_config.codePollMs
                                                 : m_config.qrPollMs;
}

// ---------------------------------------------------------------------------------------
// Starting

void OrderFlow::createQr(PaymentProvider &provider, const QrOrderRequest &request)
{
    QPointer<OrderFlow> self(this);
    QPointer<QObject> alive(m_host.lifetime());
    QPointer<PaymentProvider> p(&provider);
    const QString out = outTradeNo();
    provider.createQrOrder(request, [self, alive, p, out](const QrOrderReply &reply) {
        if (self) {
            self->onQrCreated(reply);
            return;
        }
        // Closed here while the request was under way. If the provider created the trade
        // after all, close it: nobody has seen this QR.
        if (alive && p && !reply.status.failed())
            p->close(out, [out](const ProviderStatus &s) {
                qCInfo(lcCheckout) << "closed late QR" << out << s.code << s.subCode;
            });
    });
}

void OrderFlow::onQrCreated(const QrOrderReply &reply)
{
    if (m_closingOut)
        return; // the cashier cancelled while we waited: the close-out loop decides
    if (reply.status.ok()) {
        OrderChange c;
        c.qrCode = reply.qrCode;
        c.message = m_order.kind == OrderKind::Link
                        ? tr("Payment link ready: waiting for the customer to pay")
                        : tr("Waiting for the customer to scan and pay");
        if (apply(OrderStatus::Pending, c))
            schedule(m_pollMs, [this] { poll(); });
    } else if (reply.status.failed()) {
        OrderChange c;
        c.failureReason = reply.status.reason;
        c.message =
            tr("The QR code could not be created: %1").arg(adviceFor(reply.status.reason).cashier);
        c.note = QStringLiteral("%1 %2 %3")
                     .arg(reply.status.code, reply.status.subCode, reply.status.message);
        apply(OrderStatus::Failed, c);
    } else {
        OrderChange c;
        c.failureReason = reply.status.reason;
        c.message = tr("No answer from the provider while creating the QR code; closing it.");
        c.note = QStringLiteral("%1 %2").arg(reply.status.code, reply.status.message);
        // The QR text never reached us, so nobody can pay it: close it at the provider.
        if (apply(OrderStatus::Unknown, c))
            closeOut(CloseOut::NoQr);
    }
}

void OrderFlow::payWithCode(const QString &authCode)
{
    if (m_closingOut)
        return;
    PaymentProvider *p = m_host.providerFor(m_order);
    if (!p) {
        closeUnsent(tr("The provider is no longer available; nothing was charged."));
        return;
    }
    // A code that waited for earlier attempts gets its full wait from now on.
    m_deadline = m_clock.nowUtc().addMSecs(m_config.codeWaitLimitMs);
    CodePayRequest request;
    request.outTradeNo = outTradeNo();
    request.amount = m_order.amount;
    request.subject = m_config.tradeSubject();
    request.authCode = authCode;
    request.storeId = m_config.storeCode;
    QPointer<OrderFlow> self(this);
    QPointer<QObject> alive(m_host.lifetime());
    FlowHost *host = &m_host;
    const QString out = outTradeNo();
    p->payWithCode(request, [self, alive, host, out](const TradeReply &reply) {
        if (self)
            self->onCodePaid(reply);
        else if (alive && !reply.status.unknown() && isPaidState(reply.state))
            host->tradePaid(out, reply);
    });
}

void OrderFlow::onCodePaid(const TradeReply &reply)
{
    if (m_closingOut)
        return;
    if (reply.status.unknown()) {
        OrderChange c;
        c.failureReason = reply.status.reason;
        c.message = tr("No answer from the provider: checking the payment. Do not charge again.");
        c.note = QStringLiteral("%1 %2").arg(reply.status.code, reply.status.message);
        if (apply(OrderStatus::Unknown, c))
            schedule(m_pollMs, [this] { poll(); });
        return;
    }
    if (reply.status.failed() && reply.status.reason == FailureReason::TradeAlreadyPaid) {
        // Paydesk sends a pay once, so "already paid" means some trade owns our out_trade_no:
        // only a query tells whose payment it is (the booking checks its figures).
        note(tr("The provider says this order number is already paid; checking by query."));
        OrderChange c;
        c.message = tr("Checking the payment with the provider. Do not charge again.");
        if (apply(OrderStatus::Unknown, c))
            poll();
        return;
    }
    if (isPaidState(reply.state) && !reply.status.failed()) {
        m_host.tradePaid(outTradeNo(), reply);
        return;
    }
    if (reply.status.failed()) {
        OrderChange c;
        c.failureReason = reply.status.reason;
        c.message = tr("Payment failed: %1").arg(adviceFor(reply.status.reason).cashier);
        c.note = QStringLiteral("%1 %2 %3")
                     .arg(reply.status.code, reply.status.subCode, reply.status.message);
        apply(OrderStatus::Failed, c);
        return;
    }
    // Accepted, not paid yet: the customer confirms on the phone (10003 / USERPAYING).
    OrderChange c;
    c.message = tr("The customer is entering the payment password…");
    c.note = reply.status.code;
    if (apply(OrderStatus::Pending, c))
        schedule(m_pollMs, [this] { poll(); });
}

bool OrderFlow::resume()
{
    note(tr("Resumed after a restart"));
    const QDateTime now = m_clock.nowUtc();
    if (m_order.kind == OrderKind::Link && m_order.status == OrderStatus::Pending &&
        now < m_deadline) {
        // A shared link stays payable until it expires: keep waiting for it.
        poll();
        return false;
    }
    if (m_order.kind == OrderKind::Code && m_order.expiresAt.isValid() && now < m_order.expiresAt) {
        // A payment code still inside its wait (the customer may be entering the password):
        // keep querying until the limit, then cancel — as if nothing had happened.
        poll();
        return true;
    }
    // Everything else is finished now: a query first (it may have been paid), then
    // close/cancel until the provider gives a final answer.
    m_closingOut = true;
    m_why = CloseOut::Recovery;
    PaymentProvider *p = m_host.providerFor(m_order);
    if (!p) {
        retryCloseOut();
        return true;
    }
    QPointer<OrderFlow> self(this);
    p->query(outTradeNo(), [self](const TradeReply &reply) {
        if (!self)
            return;
        if (reply.status.ok() && isPaidState(reply.state)) {
            self->m_host.tradePaid(self->outTradeNo(), reply);
        } else if (reply.status.ok() && reply.state == TradeState::Closed) {
            OrderChange c;
            c.message = tr("The provider had closed this payment; nothing was charged.");
            self->apply(OrderStatus::Closed, c);
        } else {
            self->closeOutStep();
        }
    });
    return true;
}

// ---------------------------------------------------------------------------------------
// Polling

void OrderFlow::poll()
{
    if (m_closingOut)
        return;
    PaymentProvider *p = m_host.providerFor(m_order);
    if (!p) {
        schedule(m_config.retryMaxMs, [this] { poll(); });
        return;
    }
    QPointer<OrderFlow> self(this);
    QPointer<QObject> alive(m_host.lifetime());
    FlowHost *host = &m_host;
    const QString out = outTradeNo();
    p->query(out, [self, alive, host, out](const TradeReply &reply) {
        if (self)
            self->onPolled(reply);
        else if (alive && reply.status.ok() && isPaidState(reply.state))
            host->tradePaid(out, reply);
    });
}

void OrderFlow::onPolled(const TradeReply &reply)
{
    if (m_closingOut)
        return;
    if (reply.status.ok()) {
        switch (reply.state) {
        case TradeState::Success:
        case TradeState::Finished:
            m_host.tradePaid(outTradeNo(), reply);
            return;
        case TradeState::Closed: {
            OrderChange c;
            c.message = tr("The provider closed this payment; nothing was charged.");
            apply(OrderStatus::Closed, c);
            return;
        }
        case TradeState::PayError:
            note(tr("The provider reports a payment error; cancelling."));
            closeOut(CloseOut::CodeTimeout);
            return;
        case TradeState::UserPaying:
            if (m_order.status != OrderStatus::Pending || m_order.message.isEmpty()) {
                OrderChange c;
                c.message = tr("The customer is entering the payment password…");
                if (m_order.status == OrderStatus::Pending)
                    note(*c.message);
                else if (!apply(OrderStatus::Pending, c))
                    return;
            }
            break;
        case TradeState::WaitBuyerPay:
            if (m_order.status == OrderStatus::Unknown) {
                OrderChange c;
                c.message = tr("The provider has the payment; waiting for the customer.");
                if (!apply(OrderStatus::Pending, c))
                    return;
            }
            break;
        case TradeState::NotExist:
            break;
        }
    }
    const QDateTime now = m_clock.nowUtc();
    if (now >= m_deadline) {
        closeOut(m_order.kind == OrderKind::Code ? CloseOut::CodeTimeout : CloseOut::Expired);
        return;
    }
    const qint64 left = now.msecsTo(m_deadline);
    schedule(std::min<qint64>(m_pollMs, std::max<qint64>(left, 0)), [this] { poll(); });
    m_host.flowUpdated(*this); // the countdown moved
}

// ---------------------------------------------------------------------------------------
// The close-out loop: close (QR, link) or cancel (payment code) until final

void OrderFlow::cancel()
{
    if (m_closingOut) {
        m_why = CloseOut::Cancel;
        return;
    }
    closeOut(CloseOut::Cancel);
}

void OrderFlow::closeOut(CloseOut why)
{
    if (m_closingOut)
        return;
    m_closingOut = true;
    m_why = why;
    m_retries = 0;
    ++m_token; // stops any scheduled poll
    note(why == CloseOut::Cancel ? tr("Cashier cancelled; closing at the provider")
                                 : tr("Closing at the provider"));
    m_host.flowUpdated(*this);
    closeOutStep();
}

void OrderFlow::closeUnsent(const QString &message)
{
    ++m_token;
    OrderChange c;
    c.message = message;
    apply(OrderStatus::Closed, c);
}

QString OrderFlow::closedMessage() const
{
    switch (m_why) {
    case CloseOut::Cancel:
        return tr("Cancelled by the cashier; nothing was charged.");
    case CloseOut::Expired:
        return tr("The QR code expired before it was paid; nothing was charged.");
    case CloseOut::CodeTimeout:
        return tr("Not paid in time; the payment was cancelled and nothing was charged.");
    case CloseOut::NoQr:
        return tr("The QR code could not be created; nothing was charged. Try again.");
    case CloseOut::Replaced:
        return tr("Replaced by a new payment code; this attempt was cancelled.");
    case CloseOut::Recovery:
        return tr("Left open when Paydesk stopped; closed at start-up. Nothing was charged.");
    }
    return {};
}

void OrderFlow::closeOutStep()
{
    PaymentProvider *p = m_host.providerFor(m_order);
    if (!p) {
        retryCloseOut(); // the provider is not reachable yet: try again later
        return;
    }
    QPointer<OrderFlow> self(this);
    if (m_order.kind == OrderKind::Code) {
        // Some providers refuse a reverse made too soon after the pay (their capabilities say
        // how soon): wait for that moment instead of spending a call that cannot succeed.
        const QDateTime earliest =
            m_order.createdAt.addSecs(m_host.reverseNotBeforeSeconds(m_order));
        const QDateTime now = m_clock.nowUtc();
        if (m_order.createdAt.isValid() && now < earliest) {
            schedule(now.msecsTo(earliest), [this] { closeOutStep(); });
            return;
        }
        p->cancel(outTradeNo(), [self](const CancelReply &reply) {
            if (self)
                self->onCancelled(reply);
        });
    } else {
        p->close(outTradeNo(), [self](const ProviderStatus &status) {
            if (self)
                self->onClosed(status);
        });
    }
}

void OrderFlow::closedOut(const QString &noteText)
{
    OrderChange c;
    c.message = closedMessage();
    c.note = noteText;
    apply(OrderStatus::Closed, c);
}

void OrderFlow::onClosed(const ProviderStatus &status)
{
    if (status.ok() || (status.failed() && (status.reason == FailureReason::TradeNotExist ||
                                            status.reason == FailureReason::TradeClosed))) {
        closedOut(QStringLiteral("close: %1 %2").arg(status.code, status.subCode));
        return;
    }
    if (status.failed()) {
        // e.g. ACQ.TRADE_HAS_SUCCESS: the customer paid just now. Ask what happened.
        closeOutByQuery();
        return;
    }
    retryCloseOut();
}

void OrderFlow::onCancelled(const CancelReply &reply)
{
    if (reply.status.ok() && !reply.retry) {
        OrderChange c;
        c.message = reply.action == CancelAction::Refunded
                        ? tr("Cancelled: the customer had paid and the money was returned to them.")
                        : closedMessage();
        c.note = QStringLiteral("cancel: action=%1").arg(cancelActionName(reply.action));
        apply(OrderStatus::Closed, c);
        return;
    }
    if (reply.status.failed() && (reply.status.reason == FailureReason::TradeNotExist ||
                                  reply.status.reason == FailureReason::TradeClosed)) {
        closedOut(QStringLiteral("cancel: %1 %2").arg(reply.status.code, reply.status.subCode));
        return;
    }
    if (reply.status.failed() && !reply.retry) {
        closeOutByQuery();
        return;
    }
    // retry_flag=Y / recall=Y or no answer: call again (ARCHITECTURE §3 rule 4).
    retryCloseOut();
}

void OrderFlow::closeOutByQuery()
{
    PaymentProvider *p = m_host.providerFor(m_order);
    if (!p) {
        retryCloseOut();
        return;
    }
    QPointer<OrderFlow> self(this);
    p->query(outTradeNo(), [self](const TradeReply &reply) {
        if (!self)
            return;
        const bool neverPaid =
            reply.state == TradeState::Closed ||
            (reply.state == TradeState::NotExist && self->m_order.kind != OrderKind::Code);
        if (reply.status.ok() && isPaidState(reply.state))
            self->m_host.tradePaid(self->outTradeNo(), reply);
        else if (reply.status.ok() && neverPaid)
            self->closedOut(QStringLiteral("query: closed"));
        else
            self->retryCloseOut();
    });
}

void OrderFlow::retryCloseOut()
{
    const qint64 delay =
        std::min<qint64>(qint64(m_config.retryMs) << std::min(m_retries, 10), m_config.retryMaxMs);
    ++m_retries;
    note(tr("No final answer yet; trying again in %n s", nullptr, int((delay + 999) / 1000)));
    schedule(delay, [this] { closeOutStep(); });
}

// ---------------------------------------------------------------------------------------
// Plumbing

void OrderFlow::schedule(qint64 ms, std::function<void()> fn)
{
    const quint64 token = ++m_token;
    m_clock.callAfter(ms, this, [this, token, fn = std::move(fn)] {
        if (m_token == token)
            fn();
    });
}

bool OrderFlow::apply(OrderStatus to, OrderChange change)
{
    auto result = m_orders.transition(outTradeNo(), to, change);
    if (!result.ok()) {
        qCWarning(lcCheckout) << "transition failed" << outTradeNo() << orderStatusName(to)
                              << result.error().message;
        if (Database::isDiskProblem(result.error()))
            m_storageProblem =
                tr("This payment's progress could not be saved: %1").arg(result.error().message);
        continueFromStore();
        return false;
    }
    m_storageProblem.clear();
    m_order = result.value();
    if (isOpenStatus(m_order.status)) {
        m_host.flowUpdated(*this);
        return true;
    }
    m_host.flowFinished(outTradeNo(), m_order);
    return false;
}

void OrderFlow::continueFromStore()
{
    auto stored = m_orders.load(outTradeNo());
    if (stored.ok() && stored.value() && !isOpenStatus(stored.value()->status)) {
        // Finished elsewhere (another process, a notification): that is the outcome.
        m_host.flowFinished(outTradeNo(), *stored.value());
        return;
    }
    if (stored.ok() && stored.value())
        m_order = *stored.value();
    // Still open, or unreadable (the database is busy): the same step again, later.
    if (m_closingOut)
        retryCloseOut();
    else
        schedule(m_config.retryMs, [this] { poll(); });
    m_host.flowUpdated(*this);
}

void OrderFlow::note(const QString &text)
{
    logIfFailed(m_orders.addNote(outTradeNo(), text), lcCheckout(), "timeline note");
}

} // namespace paydesk
