#include "checkout/checkoutservice.h"

#include "checkout/paymentcoderouter.h"
#include "providers/provideradvice.h"
#include "storage/database.h"
#include "storage/transaction.h"
#include "util/clock.h"
#include "util/log.h"

#include <QCryptographicHash>
#include <QPointer>
#include <QUuid>

#include <algorithm>

namespace paydesk {

struct CheckoutService::Flow
{
    Order order;
    QDateTime deadline; ///< QR/link expiry, or the end of the payment-code wait
    int pollMs = 2000;
    quint64 token = 0; ///< only the latest scheduled step of a flow runs
    bool requestInFlight = false;
    bool settling = false;
    Settle settleWhy = Settle::Cancel;
    int retries = 0;
    QList<std::function<void(const Order &)>> afterFinal;
};

namespace {

bool isPaidState(TradeState s)
{
    return s == TradeState::Success || s == TradeState::Finished;
}

} // namespace

CheckoutService::CheckoutService(Database &db, Ledger &ledger, Clock &clock,
                                 ProviderLookup providers, CheckoutConfig config, QObject *parent)
    : QObject(parent), m_db(db), m_ledger(ledger), m_clock(clock),
      m_providers(std::move(providers)), m_config(std::move(config)), m_orders(db, ledger, clock)
{
    qRegisterMetaType<paydesk::OrderSnapshot>();
}

CheckoutService::~CheckoutService()
{
    qDeleteAll(m_flows);
}

PaymentProvider *CheckoutService::provider(const QString &id) const
{
    return m_providers ? m_providers(id) : nullptr;
}

PaymentProvider *CheckoutService::providerFor(const Order &order) const
{
    return provider(order.provider);
}

QString CheckoutService::newSaleId() const
{
    return QUuid::createUuid().toString(QUuid::Id128).left(20);
}

QString CheckoutService::payerHash(const QString &providerId, const QString &buyerId)
{
    if (buyerId.isEmpty())
        return {};
    const QByteArray input = "paydesk-payer-v1:" + providerId.toUtf8() + ':' + buyerId.toUtf8();
    return QString::fromLatin1(QCryptographicHash::hash(input, QCryptographicHash::Sha256).toHex());
}

// ---------------------------------------------------------------------------------------
// Creating orders

Result<Order> CheckoutService::createOrder(OrderKind kind, const QString &providerId,
                                           const Money &amount, const QString &saleId,
                                           const QString &maskedCode, const QDateTime &expires)
{
    if (amount.minor() <= 0)
        return Error{QStringLiteral("checkout.bad_amount"),
                     tr("Enter an amount greater than zero.")};
    // One durable (FULL) commit for the sequence number and the CREATED row: both must be
    // on disk before the network call (rule 1), neither is needed without the other.
    Transaction tx(m_db);
    if (!tx.began().ok())
        return tx.began().error();
    auto out = m_orders.nextOutTradeNo(m_config.storeCode, m_config.till);
    if (!out.ok())
        return out.error();
    NewOrder n;
    n.outTradeNo = out.value();
    n.provider = providerId;
    n.kind = kind;
    n.amount = amount;
    n.saleId = saleId;
    n.cashier = m_config.cashier;
    n.till = m_config.till;
    n.authCodeMasked = maskedCode;
    n.expiresAt = expires;
    auto created = m_orders.create(n);
    if (!created.ok())
        return created;
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    return created;
}

Result<QString> CheckoutService::startQr(const Money &amount, const QString &providerId,
                                         const QString &saleId)
{
    return startQrLike(OrderKind::Qr, amount, providerId, saleId);
}

Result<QString> CheckoutService::startPaymentLink(const Money &amount, const QString &providerId,
                                                  const QString &saleId)
{
    return startQrLike(OrderKind::Link, amount, providerId, saleId);
}

Result<QString> CheckoutService::startQrLike(OrderKind kind, const Money &amount,
                                             const QString &providerId, const QString &saleId)
{
    const QString id = providerId.isEmpty() ? m_config.defaultProvider : providerId;
    PaymentProvider *p = provider(id);
    if (!p)
        return Error{QStringLiteral("checkout.no_provider"),
                     tr("Payments with \"%1\" are not set up on this till.").arg(id)};
    const int expiry =
        kind == OrderKind::Link ? m_config.linkExpirySeconds : m_config.qrExpirySeconds;
    const QDateTime expires = m_clock.nowUtc().addSecs(expiry);
    auto order = createOrder(kind, id, amount, saleId, {}, expires);
    if (!order.ok())
        return order.error();
    const QString out = order.value().outTradeNo;

    auto *flow = new Flow;
    flow->order = order.value();
    flow->deadline = expires;
    flow->pollMs = kind == OrderKind::Link ? m_config.linkPollMs : m_config.qrPollMs;
    flow->requestInFlight = true;
    m_flows.insert(out, flow);
    publish(out);

    QrOrderRequest request;
    request.outTradeNo = out;
    request.amount = amount;
    request.subject =
        m_config.subject.isEmpty()
            ? (m_config.storeName.isEmpty() ? QStringLiteral("Paydesk") : m_config.storeName)
            : m_config.subject;
    request.storeId = m_config.storeCode;
    request.timeoutMinutes = std::max(1, (expiry + 59) / 60);
    QPointer<CheckoutService> self(this);
    p->createQrOrder(request, [self, out](const QrOrderReply &reply) {
        if (self)
            self->onQrCreated(out, reply);
    });
    return out;
}

void CheckoutService::onQrCreated(const QString &out, const QrOrderReply &reply)
{
    Flow *flow = m_flows.value(out);
    if (!flow) {
        // Already closed locally (cancelled while the request was under way). If the
        // provider created the trade after all, close it: nobody has seen this QR.
        if (!reply.status.failed()) {
            auto order = m_orders.load(out);
            if (order.ok() && order.value()) {
                if (PaymentProvider *p = providerFor(*order.value()))
                    p->close(out, [out](const ProviderStatus &s) {
                        qCInfo(lcCheckout) << "closed late QR" << out << s.code << s.subCode;
                    });
            }
        }
        return;
    }
    flow->requestInFlight = false;
    if (flow->settling) {
        // The cashier cancelled while we waited: the settle loop decides.
        return;
    }
    if (reply.status.ok()) {
        OrderChange c;
        c.qrCode = reply.qrCode;
        c.message = flow->order.kind == OrderKind::Link
                        ? tr("Payment link ready: waiting for the customer to pay")
                        : tr("Waiting for the customer to scan and pay");
        if (!apply(out, OrderStatus::Pending, c))
            return;
        schedule(out, m_flows.value(out)->pollMs, [this, out] { poll(out); });
    } else if (reply.status.failed()) {
        OrderChange c;
        c.failureReason = reply.status.reason;
        c.message =
            tr("The QR code could not be created: %1").arg(adviceFor(reply.status.reason).cashier);
        c.note = QStringLiteral("%1 %2 %3")
                     .arg(reply.status.code, reply.status.subCode, reply.status.message);
        apply(out, OrderStatus::Failed, c);
    } else {
        OrderChange c;
        c.failureReason = reply.status.reason;
        c.message = tr("No answer from the provider while creating the QR code; closing it.");
        c.note = QStringLiteral("%1 %2").arg(reply.status.code, reply.status.message);
        if (!apply(out, OrderStatus::Unknown, c))
            return;
        // The QR text never reached us, so nobody can pay it: close it at the provider.
        startSettle(out, Settle::NoQr);
    }
}

Result<QString> CheckoutService::chargeCode(const Money &amount, const QString &authCode,
                                            const QString &saleId)
{
    const PaymentCodeRoute route = PaymentCodeRouter::route(authCode);
    if (!route.routable())
        return Error{route.verdict == PaymentCodeRoute::Verdict::UnionPay
                         ? QStringLiteral("checkout.code_unsupported")
                         : QStringLiteral("checkout.code_invalid"),
                     route.message};
    PaymentProvider *p = provider(route.provider);
    if (!p)
        return Error{
            QStringLiteral("checkout.no_provider"),
            route.provider == u"wechatpay"
                ? tr("This is a WeChat Pay code, but WeChat Pay is not set up on this till. "
                     "Ask the customer to pay with Alipay or cash.")
                : tr("This is an Alipay code, but Alipay is not set up on this till. "
                     "Ask the customer to pay another way.")};
    if (amount.minor() <= 0)
        return Error{QStringLiteral("checkout.bad_amount"),
                     tr("Enter an amount greater than zero.")};

    QString previous;
    if (!saleId.isEmpty()) {
        OrderFilter f;
        f.saleId = saleId;
        auto attempts = m_orders.list(f);
        if (!attempts.ok())
            return attempts.error();
        for (const Order &o : attempts.value()) {
            if (o.status == OrderStatus::Paid)
                return Error{QStringLiteral("checkout.sale_paid"),
                             tr("This sale is already paid (order %1). Do not charge again.")
                                 .arg(o.outTradeNo)};
            if (isOpenStatus(o.status))
                previous = o.outTradeNo;
        }
    }

    auto order = createOrder(OrderKind::Code, route.provider, amount, saleId,
                             PaymentCodeRouter::mask(route.code),
                             m_clock.nowUtc().addMSecs(m_config.codeWaitLimitMs));
    if (!order.ok())
        return order.error();
    const QString out = order.value().outTradeNo;
    auto *flow = new Flow;
    flow->order = order.value();
    flow->deadline = order.value().expiresAt;
    flow->pollMs = m_config.codePollMs;
    flow->requestInFlight = true;
    m_flows.insert(out, flow);
    publish(out);

    const QString code = route.code;
    if (!previous.isEmpty()) {
        // A new code for the same sale: the earlier attempt is closed first, so that the
        // customer can never pay twice for one sale.
        note(out, tr("Waiting for the previous attempt %1 to close").arg(previous));
        if (!m_flows.contains(previous))
            resume(previous);
        if (Flow *prev = m_flows.value(previous)) {
            QPointer<CheckoutService> self(this);
            prev->afterFinal.append([self, out, code, previous](const Order &finished) {
                if (!self || !self->m_flows.contains(out))
                    return;
                if (finished.status == OrderStatus::Paid) {
                    OrderChange c;
                    c.message = tr("The previous attempt was paid; this code was not charged.");
                    self->apply(out, OrderStatus::Closed, c);
                    return;
                }
                self->sendCodePay(out, code);
            });
            if (!prev->settling)
                startSettle(previous, Settle::Replaced);
            return out;
        }
        // The previous attempt finished meanwhile: check how.
        auto prevOrder = m_orders.load(previous);
        if (prevOrder.ok() && prevOrder.value() && prevOrder.value()->status == OrderStatus::Paid) {
            OrderChange c;
            c.message = tr("The previous attempt was paid; this code was not charged.");
            apply(out, OrderStatus::Closed, c);
            return out;
        }
    }
    sendCodePay(out, code);
    return out;
}

void CheckoutService::sendCodePay(const QString &out, const QString &authCode)
{
    Flow *flow = m_flows.value(out);
    if (!flow)
        return;
    PaymentProvider *p = providerFor(flow->order);
    if (!p) {
        OrderChange c;
        c.message = tr("The provider is no longer available; nothing was charged.");
        apply(out, OrderStatus::Closed, c);
        return;
    }
    if (flow->settling)
        return;
    flow->requestInFlight = true;
    CodePayRequest request;
    request.outTradeNo = out;
    request.amount = flow->order.amount;
    request.subject =
        m_config.subject.isEmpty()
            ? (m_config.storeName.isEmpty() ? QStringLiteral("Paydesk") : m_config.storeName)
            : m_config.subject;
    request.authCode = authCode;
    request.storeId = m_config.storeCode;
    QPointer<CheckoutService> self(this);
    p->payWithCode(request, [self, out](const TradeReply &reply) {
        if (self)
            self->onCodePaid(out, reply);
    });
}

void CheckoutService::onCodePaid(const QString &out, const TradeReply &reply)
{
    Flow *flow = m_flows.value(out);
    if (!flow) {
        if (!reply.status.unknown() && isPaidState(reply.state))
            onTradeFound(out, reply);
        return;
    }
    flow->requestInFlight = false;
    if (flow->settling)
        return;
    if (reply.status.unknown()) {
        OrderChange c;
        c.failureReason = reply.status.reason;
        c.message = tr("No answer from the provider: checking the payment. Do not charge again.");
        c.note = QStringLiteral("%1 %2").arg(reply.status.code, reply.status.message);
        if (!apply(out, OrderStatus::Unknown, c))
            return;
        schedule(out, m_flows.value(out)->pollMs, [this, out] { poll(out); });
        return;
    }
    if (isPaidState(reply.state)) {
        onTradeFound(out, reply);
        return;
    }
    if (reply.status.failed()) {
        OrderChange c;
        c.failureReason = reply.status.reason;
        c.message = tr("Payment failed: %1").arg(adviceFor(reply.status.reason).cashier);
        c.note = QStringLiteral("%1 %2 %3")
                     .arg(reply.status.code, reply.status.subCode, reply.status.message);
        apply(out, OrderStatus::Failed, c);
        return;
    }
    // Accepted, not paid yet: the customer confirms on the phone (10003 / USERPAYING).
    OrderChange c;
    c.message = tr("The customer is entering the payment password…");
    c.note = reply.status.code;
    if (!apply(out, OrderStatus::Pending, c))
        return;
    schedule(out, m_flows.value(out)->pollMs, [this, out] { poll(out); });
}

// ---------------------------------------------------------------------------------------
// Polling

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

// ---------------------------------------------------------------------------------------
// Closing / cancelling until final

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

void CheckoutService::settleStep(const QString &out)
{
    Flow *flow = m_flows.value(out);
    if (!flow)
        return;
    PaymentProvider *p = providerFor(flow->order);
    if (!p) {
        retrySettle(out);
        return;
    }
    QPointer<CheckoutService> self(this);
    if (flow->order.kind == OrderKind::Code) {
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
    Flow *flow = m_flows.value(out);
    if (!flow)
        return;
    PaymentProvider *p = providerFor(flow->order);
    if (!p) {
        retrySettle(out);
        return;
    }
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

// ---------------------------------------------------------------------------------------
// Success, late success, notifications, recovery

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
            c.message = self->tr("The provider had closed this payment; nothing was charged.");
            self->apply(outTradeNo, OrderStatus::Closed, c);
        } else {
            self->settleStep(outTradeNo);
        }
    });
    return true;
}

Status CheckoutService::cancel(const QString &outTradeNo)
{
    if (!m_flows.contains(outTradeNo)) {
        auto loaded = m_orders.load(outTradeNo);
        if (!loaded.ok())
            return loaded.error();
        if (!loaded.value())
            return Error{QStringLiteral("checkout.no_such_order"),
                         tr("There is no order %1.").arg(outTradeNo)};
        if (!isOpenStatus(loaded.value()->status))
            return Error{QStringLiteral("checkout.not_open"),
                         tr("Order %1 is already %2.")
                             .arg(outTradeNo, orderStatusDisplayName(loaded.value()->status))};
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

Result<Order> CheckoutService::recordCash(const Money &amount, const Money &tendered,
                                          const QString &saleId)
{
    if (amount.minor() <= 0)
        return Error{QStringLiteral("checkout.bad_amount"),
                     tr("Enter an amount greater than zero.")};
    auto change = tendered.minus(amount);
    if (!change.ok())
        return change.error();
    if (change.value().isNegative())
        return Error{QStringLiteral("checkout.cash_short"),
                     tr("The cash tendered is less than the amount due.")};
    if (!saleId.isEmpty()) {
        OrderFilter f;
        f.saleId = saleId;
        auto attempts = m_orders.list(f);
        if (!attempts.ok())
            return attempts.error();
        for (const Order &o : attempts.value())
            if (o.status == OrderStatus::Paid || isOpenStatus(o.status))
                return Error{
                    QStringLiteral("checkout.sale_busy"),
                    o.status == OrderStatus::Paid
                        ? tr("This sale is already paid (order %1).").arg(o.outTradeNo)
                        : tr("Cancel the wallet payment %1 before taking cash.").arg(o.outTradeNo)};
    }
    Transaction tx(m_db); // one FULL commit for the sequence number and the paid sale
    if (!tx.began().ok())
        return tx.began().error();
    auto out = m_orders.nextOutTradeNo(m_config.storeCode, m_config.till);
    if (!out.ok())
        return out.error();
    NewOrder n;
    n.outTradeNo = out.value();
    n.provider = QStringLiteral("cash");
    n.kind = OrderKind::Cash;
    n.amount = amount;
    n.saleId = saleId;
    n.cashier = m_config.cashier;
    n.till = m_config.till;
    n.tenderedMinor = tendered.minor();
    n.changeMinor = change.value().minor();
    auto paid = m_orders.createPaidCash(
        n, tr("Paid in cash; change %1").arg(change.value().toDecimalString()));
    if (!paid.ok())
        return paid;
    if (auto c = tx.commit(); !c.ok())
        return c.error();
    const OrderSnapshot s = snapshotOf(paid.value(), nullptr);
    emit orderUpdated(s);
    emit orderFinished(s);
    return paid;
}

// ---------------------------------------------------------------------------------------
// Plumbing

void CheckoutService::schedule(const QString &out, qint64 ms, std::function<void()> fn)
{
    Flow *flow = m_flows.value(out);
    if (!flow)
        return;
    const quint64 token = ++flow->token;
    m_clock.callAfter(ms, this, [this, out, token, fn = std::move(fn)] {
        Flow *f = m_flows.value(out);
        if (f && f->token == token)
            fn();
    });
}

bool CheckoutService::apply(const QString &out, OrderStatus to, OrderChange change)
{
    Flow *flow = m_flows.value(out);
    auto result = m_orders.transition(out, to, change);
    if (!result.ok()) {
        qCWarning(lcCheckout) << "transition failed" << out << orderStatusName(to)
                              << result.error().message;
        if (flow) {
            flow->order.message = result.error().message;
            publish(out);
        }
        return false;
    }
    if (!flow) {
        emit orderUpdated(snapshotOf(result.value(), nullptr));
        return false;
    }
    flow->order = result.value();
    if (isOpenStatus(to)) {
        publish(out);
        return true;
    }
    const OrderSnapshot s = snapshotOf(flow->order, nullptr);
    const auto continuations = flow->afterFinal;
    const Order finished = flow->order;
    m_flows.remove(out);
    delete flow;
    emit orderUpdated(s);
    emit orderFinished(s);
    for (const auto &fn : continuations)
        fn(finished);
    return false;
}

void CheckoutService::note(const QString &out, const QString &text)
{
    if (auto r = m_orders.addNote(out, text); !r.ok())
        qCWarning(lcCheckout) << "timeline note failed" << out << r.error().message;
}

void CheckoutService::publish(const QString &out)
{
    if (Flow *flow = m_flows.value(out))
        emit orderUpdated(snapshotOf(flow->order, flow));
}

std::optional<OrderSnapshot> CheckoutService::snapshot(const QString &outTradeNo) const
{
    if (Flow *flow = m_flows.value(outTradeNo))
        return snapshotOf(flow->order, flow);
    auto loaded = m_orders.load(outTradeNo);
    if (!loaded.ok() || !loaded.value())
        return std::nullopt;
    return snapshotOf(*loaded.value(), nullptr);
}

OrderSnapshot CheckoutService::snapshotOf(const Order &o, const Flow *flow) const
{
    OrderSnapshot s;
    s.outTradeNo = o.outTradeNo;
    s.saleId = o.saleId;
    s.provider = o.provider;
    s.kind = o.kind;
    s.amount = o.amount;
    s.status = o.status;
    s.reason = o.failureReason;
    s.qrCode = o.qrCode;
    s.transactionId = o.transactionId;
    s.tenderedMinor = o.tenderedMinor;
    s.changeMinor = o.changeMinor;
    s.needsRefund = o.needsRefund;
    s.cancelling = flow && flow->settling;
    s.expiresAt = flow ? flow->deadline : o.expiresAt;
    if (isOpenStatus(o.status) && s.expiresAt.isValid())
        s.secondsLeft =
            int(std::max<qint64>(0, (m_clock.nowUtc().msecsTo(s.expiresAt) + 999) / 1000));
    s.message = o.message.isEmpty() ? orderStatusDisplayName(o.status) : o.message;

    switch (o.status) {
    case OrderStatus::Created:
        s.message = o.kind == OrderKind::Code ? tr("Charging the payment code…")
                                              : tr("Creating the QR code…");
        s.cashierAdvice = tr("Wait a moment.");
        s.customerAdvice = tr("One moment please.");
        break;
    case OrderStatus::Pending:
        if (o.kind == OrderKind::Code) {
            s.cashierAdvice =
                tr("Wait: the customer confirms the payment on the phone. Do not charge again.");
            s.customerAdvice = tr("Please confirm the payment on your phone.");
        } else {
            s.cashierAdvice = tr("Show the QR code to the customer. Esc cancels.");
            s.customerAdvice = tr("Scan the QR code with Alipay to pay.");
        }
        break;
    case OrderStatus::Unknown:
        s.cashierAdvice =
            tr("Checking the payment with the provider. Do not charge again and do not "
               "take another payment for this sale yet.");
        s.customerAdvice = tr("Please wait a moment while we confirm your payment. You will not be "
                              "charged twice.");
        break;
    case OrderStatus::Paid:
    case OrderStatus::PartiallyRefunded:
    case OrderStatus::Refunded:
        if (o.needsRefund) {
            s.cashierAdvice =
                tr("This payment arrived after the order was closed. Refund it (Duplicates).");
            s.customerAdvice = tr("Your payment arrived late; it will be refunded.");
        } else {
            s.cashierAdvice = tr("Paid. Hand over the goods and the receipt.");
            s.customerAdvice = tr("Thank you. Payment received.");
        }
        break;
    case OrderStatus::Failed: {
        const Advice a = adviceFor(o.failureReason == FailureReason::None ? FailureReason::Other
                                                                          : o.failureReason);
        s.cashierAdvice = a.cashier;
        s.customerAdvice = a.customer;
        break;
    }
    case OrderStatus::Closed:
        if (o.failureReason != FailureReason::None &&
            o.failureReason != FailureReason::NetworkTrouble &&
            o.failureReason != FailureReason::ProviderBusy) {
            const Advice a = adviceFor(o.failureReason);
            s.cashierAdvice = a.cashier;
            s.customerAdvice = a.customer;
        } else {
            s.cashierAdvice =
                tr("Nothing was charged. Start again or take another payment method.");
            s.customerAdvice = tr("The payment was cancelled; you were not charged.");
        }
        break;
    }
    if (s.cancelling) {
        s.message = tr("Cancelling at the provider… do not charge again yet.");
    }
    return s;
}

} // namespace paydesk
