#include "core/checkout/checkoutservice.h"

#include "core/checkout/paymentcoderouter.h"
#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QUuid>

#include <algorithm>

namespace paydesk {

CheckoutService::CheckoutService(Database &db, Ledger &ledger, Clock &clock,
                                 ProviderLookup providers, CheckoutConfig config,
                                 PayerHasher *payerHasher, QObject *parent)
    : QObject(parent), m_db(db), m_ledger(ledger), m_clock(clock),
      m_providers(std::move(providers)), m_config(std::move(config)), m_orders(db, ledger, clock),
      m_exceptions(db, clock), m_guard(m_orders, m_exceptions),
      m_booking(db, m_orders, m_guard, m_exceptions, payerHasher)
{
    qRegisterMetaType<paydesk::OrderSnapshot>();
}

CheckoutService::~CheckoutService() = default;

PaymentProvider *CheckoutService::provider(const QString &id) const
{
    return m_providers ? m_providers(id) : nullptr;
}

PaymentProvider *CheckoutService::providerFor(const Order &order) const
{
    return provider(order.provider);
}

int CheckoutService::reverseNotBeforeSeconds(const Order &order) const
{
    const ProviderDescriptor *d = m_registry ? m_registry->find(order.provider) : nullptr;
    return d ? d->capabilities.reverseNotBeforeSeconds : 0;
}

QString CheckoutService::newSaleId() const
{
    return QUuid::createUuid().toString(QUuid::Id128).left(20);
}

QStringList CheckoutService::activeOrders() const
{
    QStringList list;
    for (const auto &[out, flow] : m_flows)
        list << out;
    return list;
}

OrderFlow *CheckoutService::flowOf(const QString &outTradeNo) const
{
    auto it = m_flows.find(outTradeNo);
    return it == m_flows.end() ? nullptr : it->second.get();
}

OrderFlow &CheckoutService::addFlow(const Order &order)
{
    auto &slot = m_flows[order.outTradeNo];
    FlowHost &host = *this;
    slot = std::make_unique<OrderFlow>(host, m_orders, m_clock, m_config, order);
    return *slot;
}

// ---------------------------------------------------------------------------------------
// Creating orders

Status CheckoutService::checkAmount(const Money &amount) const
{
    if (amount.minor() <= 0)
        return Error{QStringLiteral("checkout.bad_amount"),
                     tr("Enter an amount greater than zero.")};
    if (amount.minor() > m_config.maxSaleAmount.minor())
        return Error{QStringLiteral("checkout.amount_too_large"),
                     tr("%1 is more than the largest sale this till takes (%2). Check the "
                        "amount; a larger sale needs the manager.")
                         .arg(amount.toDecimalString(), m_config.maxSaleAmount.toDecimalString())};
    return {};
}

Result<Order> CheckoutService::createOrder(OrderKind kind, const QString &providerId,
                                           const Money &amount, const QString &saleId,
                                           const QString &maskedCode, const QDateTime &expires)
{
    PAYDESK_TRY(checkAmount(amount));
    auto created = writeNewOrder(kind, providerId, amount, saleId, maskedCode, expires);
    if (!created.ok() && Database::isDiskProblem(created.error()))
        // Rule 1 held: without the row on disk the provider was never called.
        return Error{created.error().code,
                     tr("No payment was taken: the order could not be saved before asking the "
                        "provider. %1")
                         .arg(created.error().message)};
    return created;
}

Result<Order> CheckoutService::writeNewOrder(OrderKind kind, const QString &providerId,
                                             const Money &amount, const QString &saleId,
                                             const QString &maskedCode, const QDateTime &expires)
{
    // One durable (FULL) commit for the sequence number and the CREATED row: both must be
    // on disk before the network call (rule 1), neither is needed without the other.
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
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
    PAYDESK_TRY(tx.commit());
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
    PAYDESK_TRY(checkAmount(amount));
    const QString id = providerId.isEmpty() ? m_config.defaultProvider : providerId;
    PaymentProvider *p = provider(id);
    if (!p)
        return Error{QStringLiteral("checkout.no_provider"),
                     tr("Payments with \"%1\" are not set up on this till.").arg(id)};
    auto verdict = m_guard.check(saleId);
    if (!verdict.ok())
        return verdict.error();
    if (verdict.value().kind == SaleGuard::Verdict::Kind::Refuse)
        return verdict.value().refusal;
    if (verdict.value().kind == SaleGuard::Verdict::Kind::Wait)
        return Error{QStringLiteral("checkout.sale_busy"),
                     tr("An earlier payment of this sale (%1) is still being closed; wait for "
                        "it to finish.")
                         .arg(verdict.value().openAttempts.join(QStringLiteral(", ")))};
    const int expiry =
        kind == OrderKind::Link ? m_config.linkExpirySeconds : m_config.qrExpirySeconds;
    auto order = createOrder(kind, id, amount, saleId, {}, m_clock.nowUtc().addSecs(expiry));
    if (!order.ok())
        return order.error();
    const QString out = order.value().outTradeNo;
    OrderFlow &flow = addFlow(order.value());
    flowUpdated(flow);

    QrOrderRequest request;
    request.outTradeNo = out;
    request.amount = amount;
    request.subject = m_config.tradeSubject();
    request.storeId = m_config.storeCode;
    request.timeoutMinutes = std::max(1, (expiry + 59) / 60);
    flow.createQr(*p, request);
    return out;
}

Result<QString> CheckoutService::chargeCode(const Money &amount, const QString &authCode,
                                            const QString &saleId)
{
    const PaymentCodeRoute route = m_registry ? PaymentCodeRouter::route(authCode, *m_registry)
                                              : PaymentCodeRouter::route(authCode);
    if (!route.routable())
        return Error{route.verdict == PaymentCodeRoute::Verdict::Unsupported
                         ? QStringLiteral("checkout.code_unsupported")
                         : QStringLiteral("checkout.code_invalid"),
                     route.message};
    PaymentProvider *p = provider(route.provider);
    if (!p)
        return Error{
            QStringLiteral("checkout.no_provider"),
            tr("This is a %1 code, but %1 is not set up on this till. Ask the customer to pay "
               "another way, or take cash.")
                .arg(walletName(route.provider))};
    PAYDESK_TRY(checkAmount(amount));
    auto verdict = m_guard.check(saleId);
    if (!verdict.ok())
        return verdict.error();
    if (verdict.value().kind == SaleGuard::Verdict::Kind::Refuse)
        return verdict.value().refusal;

    auto order = createOrder(OrderKind::Code, route.provider, amount, saleId,
                             PaymentCodeRouter::mask(route.code),
                             m_clock.nowUtc().addMSecs(m_config.codeWaitLimitMs));
    if (!order.ok())
        return order.error();
    const QString out = order.value().outTradeNo;
    OrderFlow &flow = addFlow(order.value());
    flowUpdated(flow);
    if (verdict.value().kind == SaleGuard::Verdict::Kind::Go && !m_guard.queued(saleId)) {
        flow.payWithCode(route.code);
        return out;
    }
    // Earlier attempts of this sale may still take money: this code waits, unsent, until
    // they are final. Only the newest code waits; the one it replaces is never used.
    note(out, tr("Waiting for the previous attempt %1 to close")
                  .arg(verdict.value().openAttempts.join(QStringLiteral(", "))));
    if (auto replaced = m_guard.enqueue(saleId, {out, route.code})) {
        const QString text =
            tr("Replaced by a newer payment code before it was sent; nothing was charged.");
        if (OrderFlow *old = flowOf(replaced->outTradeNo)) {
            old->closeUnsent(text);
        } else {
            OrderChange c;
            c.message = text;
            logIfFailed(m_orders.transition(replaced->outTradeNo, OrderStatus::Closed, c),
                        lcCheckout(), "closing a replaced attempt");
        }
    }
    dispatchQueued(saleId);
    return out;
}

void CheckoutService::dispatchQueued(const QString &saleId)
{
    const auto queued = m_guard.queued(saleId);
    if (!queued)
        return;
    auto verdict = m_guard.check(saleId, queued->outTradeNo);
    if (!verdict.ok()) {
        // Unreadable now (the database is busy): look again shortly.
        qCWarning(lcCheckout) << "sale" << saleId << "not checked:" << verdict.error().message;
        m_clock.callAfter(m_config.retryMs, this, [this, saleId] { dispatchQueued(saleId); });
        return;
    }
    switch (verdict.value().kind) {
    case SaleGuard::Verdict::Kind::Go:
        m_guard.take(saleId);
        if (OrderFlow *flow = flowOf(queued->outTradeNo))
            flow->payWithCode(queued->authCode);
        return;
    case SaleGuard::Verdict::Kind::Refuse:
        m_guard.take(saleId);
        if (OrderFlow *flow = flowOf(queued->outTradeNo))
            flow->closeUnsent(
                verdict.value().paidAttempt.isEmpty()
                    ? verdict.value().refusal.message
                    : tr("The previous attempt was paid; this code was not charged."));
        return;
    case SaleGuard::Verdict::Kind::Wait:
        for (const QString &earlier : verdict.value().openAttempts)
            driveToFinal(earlier);
        return;
    }
}

void CheckoutService::driveToFinal(const QString &outTradeNo)
{
    if (!flowOf(outTradeNo))
        resume(outTradeNo);
    if (OrderFlow *flow = flowOf(outTradeNo); flow && !flow->closingOut())
        flow->closeOut(CloseOut::Replaced);
}

Result<Order> CheckoutService::recordCash(const Money &amount, const Money &tendered,
                                          const QString &saleId)
{
    PAYDESK_TRY(checkAmount(amount));
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
    PAYDESK_TRY(tx.began());
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
    PAYDESK_TRY(tx.commit());
    const OrderSnapshot s = snapshotFor(paid.value(), m_clock.nowUtc());
    emit orderUpdated(s);
    emit orderFinished(s);
    return paid;
}

// ---------------------------------------------------------------------------------------
// Driving, cancelling and resuming

Status CheckoutService::cancel(const QString &outTradeNo)
{
    if (!flowOf(outTradeNo)) {
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
    OrderFlow *flow = flowOf(outTradeNo);
    if (!flow)
        return {}; // finished while resuming
    if (const auto sale = m_guard.saleOfQueued(outTradeNo)) {
        // Never sent: nothing to ask the provider.
        m_guard.take(*sale);
        flow->closeUnsent(tr("Cancelled by the cashier; nothing was charged."));
        return {};
    }
    flow->cancel();
    return {};
}

bool CheckoutService::resume(const QString &outTradeNo)
{
    if (flowOf(outTradeNo))
        return true;
    auto loaded = m_orders.load(outTradeNo);
    if (!loaded.ok() || !loaded.value() || !isOpenStatus(loaded.value()->status))
        return true;
    return addFlow(*loaded.value()).resume();
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
        if (!self || !reply.status.ok() || !isPaidState(reply.state))
            return;
        if (OrderFlow *f = self->flowOf(outTradeNo); f && f->closingOut())
            return; // the close-out loop is authoritative while it runs
        self->tradePaid(outTradeNo, reply);
    });
}

Status CheckoutService::handleNotification(const QString &providerId, const Notification &n,
                                           const std::function<Status()> &inSameTransaction)
{
    const auto acknowledgeOnly = [&]() -> Status {
        if (!inSameTransaction)
            return {};
        Transaction tx(m_db);
        PAYDESK_TRY(tx.began());
        PAYDESK_TRY(inSameTransaction());
        return tx.commit();
    };
    auto loaded = m_orders.load(n.outTradeNo);
    if (!loaded.ok())
        return loaded.error();
    if (!loaded.value()) {
        qCWarning(lcCheckout) << "notification for an unknown order" << n.outTradeNo;
        return acknowledgeOnly();
    }
    if (loaded.value()->provider != providerId) {
        qCWarning(lcCheckout) << "notification from" << providerId << "for a"
                              << loaded.value()->provider << "order" << n.outTradeNo;
        return acknowledgeOnly();
    }
    if (!isPaidState(n.state))
        return acknowledgeOnly();
    if (!n.amount.isZero() && n.amount != loaded.value()->amount) {
        // Not believed; the flow's own query finds out what was paid.
        qCWarning(lcCheckout) << "notification amount mismatch for" << n.outTradeNo;
        return acknowledgeOnly();
    }
    if (OrderFlow *f = flowOf(n.outTradeNo); f && f->closingOut())
        return acknowledgeOnly(); // the close-out loop will find the payment itself
    TradeReply r;
    r.status = ProviderStatus::success();
    r.state = n.state;
    r.outTradeNo = n.outTradeNo;
    r.transactionId = n.transactionId;
    r.total = n.amount;
    // A notification that wins the race with the pay answer still names the payer, so the
    // same-payer duplicate check sees this payment (docs/CASES.md).
    r.buyerId = n.buyerId;
    auto booked = m_booking.book(n.outTradeNo, r, inSameTransaction);
    if (!booked.ok()) {
        qCWarning(lcCheckout) << "notification for" << n.outTradeNo
                              << "not booked:" << booked.error().message;
        return booked.error();
    }
    publishBooking(booked.value());
    return {};
}

// ---------------------------------------------------------------------------------------
// What flows report

void CheckoutService::flowUpdated(const OrderFlow &flow)
{
    emit orderUpdated(snapshotFor(flow.order(), m_clock.nowUtc(), flow.progress()));
}

void CheckoutService::flowFinished(const QString &outTradeNo, const Order &stored)
{
    // Copies first: both may live in the flow, and the flow ends here (this is its last act).
    const QString out = outTradeNo;
    const Order finished = stored;
    m_flows.erase(out);
    if (auto sale = m_guard.saleOfQueued(out))
        m_guard.take(*sale);
    const OrderSnapshot s = snapshotFor(finished, m_clock.nowUtc());
    emit orderUpdated(s);
    emit orderFinished(s);
    dispatchQueued(finished.saleId);
}

void CheckoutService::tradePaid(const QString &outTradeNo, const TradeReply &reply)
{
    auto booked = m_booking.book(outTradeNo, reply);
    if (!booked.ok()) {
        qCWarning(lcCheckout) << "success for" << outTradeNo
                              << "not booked:" << booked.error().message;
        if (OrderFlow *flow = flowOf(outTradeNo)) {
            // The money is taken and the order still open here: the flow asks again until the
            // booking is written; Recovery does the same after a restart. Never a new charge.
            if (Database::isDiskProblem(booked.error()))
                flow->setStorageProblem(
                    tr("The provider took the payment (transaction %1), but it could not be "
                       "saved yet: %2")
                        .arg(reply.transactionId, booked.error().message));
            flow->continueFromStore();
        }
        return;
    }
    publishBooking(booked.value());
}

void CheckoutService::publishBooking(const BookingOutcome &outcome)
{
    using Kind = BookingOutcome::Kind;
    if (outcome.kind == Kind::Unknown)
        return;
    const Order &order = outcome.order;
    const QString out = order.outTradeNo;
    if (OrderFlow *flow = flowOf(out)) {
        if (isOpenStatus(order.status))
            flow->continueFromStore();
        else
            flowFinished(out, order);
    } else if (outcome.changed) {
        emit orderUpdated(snapshotFor(order, m_clock.nowUtc()));
    }
    if (outcome.kind == Kind::Late) {
        qCWarning(lcCheckout) << "late success detected for" << out;
        emit lateSuccessDetected(out);
    }
    if (!outcome.otherPaid.isEmpty() &&
        (outcome.kind == Kind::Duplicate || outcome.kind == Kind::Late)) {
        qCWarning(lcCheckout) << "duplicate charge for sale" << order.saleId << out << "after"
                              << outcome.otherPaid;
        emit duplicateChargeDetected(order.saleId, out);
    }
}

std::optional<OrderSnapshot> CheckoutService::snapshot(const QString &outTradeNo) const
{
    if (OrderFlow *flow = flowOf(outTradeNo))
        return snapshotFor(flow->order(), m_clock.nowUtc(), flow->progress());
    auto loaded = m_orders.load(outTradeNo);
    if (!loaded.ok() || !loaded.value())
        return std::nullopt;
    return snapshotFor(*loaded.value(), m_clock.nowUtc());
}

void CheckoutService::note(const QString &outTradeNo, const QString &text)
{
    logIfFailed(m_orders.addNote(outTradeNo, text), lcCheckout(), "timeline note");
}

} // namespace paydesk
