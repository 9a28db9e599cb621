#include "core/checkout/checkoutservice.h"

#include "core/checkout/checkoutflow_p.h"
#include "core/checkout/paymentcoderouter.h"
#include "core/providers/provideradvice.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QCryptographicHash>
#include <QPointer>
#include <QUuid>

#include <algorithm>

// Starting and charging orders (QR, payment link, payment code, cash) and the flow
// plumbing. Polling and results: checkoutpolling.cpp; closing/cancelling until final:
// checkoutsettle.cpp; what the screens show: checkoutsnapshot.cpp.

namespace paydesk {

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

} // namespace paydesk
