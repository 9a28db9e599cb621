#pragma once

#include "core/checkout/checkoutconfig.h"
#include "core/checkout/orderflow.h"
#include "core/checkout/ordersnapshot.h"
#include "core/checkout/paymentbooking.h"
#include "core/checkout/paymentexceptions.h"
#include "core/checkout/saleguard.h"
#include "core/orders/order.h"
#include "core/orders/orderrepository.h"
#include "core/providers/paymentprovider.h"
#include "core/providers/providerregistry.h"
#include "core/util/result.h"

#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace paydesk {

class Clock;
class Database;
class Ledger;
class PayerHasher;

/// Counter checkout: creates orders (row committed before any network call), hands each
/// in-flight order to its OrderFlow, keeps the sale-level rule through SaleGuard and books
/// successes through PaymentBooking. Unknown outcomes are resolved by query — never by
/// charging again. One instance per till.
class CheckoutService : public QObject, private FlowHost
{
    Q_OBJECT
public:
    /// \a payerHasher salts the payer ids that are stored; without one none are stored.
    CheckoutService(Database &db, Ledger &ledger, Clock &clock, ProviderLookup providers,
                    CheckoutConfig config, PayerHasher *payerHasher = nullptr,
                    QObject *parent = nullptr);
    ~CheckoutService() override;

    const CheckoutConfig &config() const { return m_config; }
    void setCashier(const QString &name) { m_config.cashier = name; }
    /// New store settings (StoreSettings::applyTo); orders already created keep theirs.
    void setConfig(CheckoutConfig config) { m_config = std::move(config); }
    OrderRepository &orders() { return m_orders; }
    PaymentExceptions &exceptions() { return m_exceptions; }
    Clock &clock() { return m_clock; }
    PaymentProvider *provider(const QString &id) const;
    /// Where payment codes are routed and display names come from; without one (tests that
    /// build no composition root) the built-in registrations are used and ids are shown.
    void setProviderRegistry(const ProviderRegistry *registry) { m_registry = registry; }
    /// The provider's display name for the cashier's and customer's texts.
    QString walletName(const QString &providerId) const
    {
        return m_registry ? m_registry->displayName(providerId) : providerId;
    }
    /// A fresh id to group the attempts of one sale.
    QString newSaleId() const;

    /// Merchant-presented QR. The order is committed (CREATED) before the provider is
    /// called; returns its out_trade_no. Progress arrives through orderUpdated().
    Result<QString> startQr(const Money &amount, const QString &providerId = {},
                            const QString &saleId = {});
    /// Like startQr with the longer link expiry; the snapshot's qrCode is the link to share.
    Result<QString> startPaymentLink(const Money &amount, const QString &providerId = {},
                                     const QString &saleId = {});
    /// Charges a customer's payment code, routed by its prefix. An unroutable code is
    /// refused with a message and creates no order. With \a saleId, the code is sent only
    /// once every earlier attempt of the sale is final and none was paid; until then it
    /// waits, and a newer code replaces it. A sale already paid is refused.
    Result<QString> chargeCode(const Money &amount, const QString &authCode,
                               const QString &saleId = {});
    /// Cash sale: PAID at once, Dr cash / Cr revenue:sales; \a tendered ≥ amount.
    Result<Order> recordCash(const Money &amount, const Money &tendered,
                             const QString &saleId = {});
    /// The cashier gives up on an open order: close (QR/link) or cancel (code) at the
    /// provider, retried until final. Never leaves the order open.
    Status cancel(const QString &outTradeNo);

    /// Drives an open order found in the database (Recovery) to a final state. Returns
    /// false when it only resumed waiting (an unexpired payment link).
    bool resume(const QString &outTradeNo);
    /// Queries an order of any status: finds payments that arrived late.
    void recheck(const QString &outTradeNo);
    /// A verified notification from a provider: books a success (idempotently). \a
    /// inSameTransaction (marking the notification id seen) commits with the booking; an
    /// error means nothing was recorded and the provider should send it again.
    Status handleNotification(const QString &providerId, const Notification &notification,
                              const std::function<Status()> &inSameTransaction = {});

    std::optional<OrderSnapshot> snapshot(const QString &outTradeNo) const;
    bool isActive(const QString &outTradeNo) const { return m_flows.count(outTradeNo) > 0; }
    QStringList activeOrders() const;

signals:
    void orderUpdated(const paydesk::OrderSnapshot &snapshot);
    /// The order reached PAID, FAILED or CLOSED (or later states).
    void orderFinished(const paydesk::OrderSnapshot &snapshot);
    /// A success arrived for an order already CLOSED/FAILED here; it is now PAID with
    /// needs_refund set: the duplicates work offers the refund.
    void lateSuccessDetected(const QString &outTradeNo);
    /// A second attempt of one sale was paid: \a outTradeNo is PAID with needs_refund set
    /// and a payment exception waits for the manager.
    void duplicateChargeDetected(const QString &saleId, const QString &outTradeNo);

private:
    OrderSnapshot snapshotFor(const Order &order, const QDateTime &nowUtc,
                              const std::optional<FlowProgress> &progress = std::nullopt) const
    {
        return snapshotOf(order, nowUtc, progress, walletName(order.provider));
    }
    // FlowHost
    PaymentProvider *providerFor(const Order &order) const override;
    int reverseNotBeforeSeconds(const Order &order) const override;
    void flowUpdated(const OrderFlow &flow) override;
    void flowFinished(const QString &outTradeNo, const Order &stored) override;
    void tradePaid(const QString &outTradeNo, const TradeReply &reply) override;
    QObject *lifetime() override { return this; }

    Result<QString> startQrLike(OrderKind kind, const Money &amount, const QString &providerId,
                                const QString &saleId);
    Status checkAmount(const Money &amount) const;
    Result<Order> createOrder(OrderKind kind, const QString &providerId, const Money &amount,
                              const QString &saleId, const QString &maskedCode,
                              const QDateTime &expires);
    Result<Order> writeNewOrder(OrderKind kind, const QString &providerId, const Money &amount,
                                const QString &saleId, const QString &maskedCode,
                                const QDateTime &expires);
    OrderFlow &addFlow(const Order &order);
    OrderFlow *flowOf(const QString &outTradeNo) const;
    /// Sends the sale's queued code when nothing else of the sale can take money, closes it
    /// when the sale is paid, or drives the earlier attempts to final.
    void dispatchQueued(const QString &saleId);
    void driveToFinal(const QString &outTradeNo);
    void publishBooking(const BookingOutcome &outcome);
    void note(const QString &outTradeNo, const QString &text);

    Database &m_db;
    Ledger &m_ledger;
    Clock &m_clock;
    ProviderLookup m_providers;
    const ProviderRegistry *m_registry = nullptr;
    CheckoutConfig m_config;
    OrderRepository m_orders;
    PaymentExceptions m_exceptions;
    SaleGuard m_guard;
    PaymentBooking m_booking;
    std::map<QString, std::unique_ptr<OrderFlow>> m_flows;
};

} // namespace paydesk
