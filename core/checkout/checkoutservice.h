#pragma once

#include "core/orders/order.h"
#include "core/orders/orderrepository.h"
#include "core/providers/paymentprovider.h"
#include "core/util/result.h"

#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace paydesk {

class Clock;
class Database;
class Ledger;

/// Finds the adapter for a provider id ("alipay", "wechatpay"); nullptr when that
/// provider is not set up on this till.
using ProviderLookup = std::function<PaymentProvider *(const QString &providerId)>;

/// Who and where: printed into out_trade_no and every order row; plus the timings of
/// DESIGN §3 (tests shorten them or drive them with a ManualClock).
struct CheckoutConfig
{
    QString storeCode = QStringLiteral("PD");
    QString storeName;
    QString till = QStringLiteral("1");
    QString cashier;
    QString defaultProvider = QStringLiteral("alipay");
    QString subject;               ///< shown in the buyer's wallet; defaults to storeName
    Money maxSaleAmount;           ///< the owner's limit of one sale (StoreSettings)
    int qrExpirySeconds = 300;     ///< merchant QR valid for 5 minutes
    int linkExpirySeconds = 86400; ///< payment link valid for 24 hours
    int qrPollMs = 2000;
    int linkPollMs = 10000;
    int codePollMs = 5000;       ///< USERPAYING: query every 5 s ...
    int codeWaitLimitMs = 30000; ///< ... for 30 s, then cancel
    int retryMs = 2000;          ///< first retry of a close/cancel/query without answer
    int retryMaxMs = 30000;      ///< retries back off up to this
};

/// What the cashier and customer screens show about one order.
struct OrderSnapshot
{
    QString outTradeNo;
    QString saleId;
    QString provider;
    OrderKind kind = OrderKind::Qr;
    Money amount;
    OrderStatus status = OrderStatus::Created;
    QString message; ///< one-line status for the cashier (translated)
    FailureReason reason = FailureReason::None;
    QString cashierAdvice;  ///< what the cashier should do (translated)
    QString customerAdvice; ///< what to tell the customer (translated)
    QString qrCode;         ///< QR / link text once the provider gave it
    QString transactionId;
    QDateTime expiresAt;  ///< UTC; when the QR/link or the code wait runs out
    int secondsLeft = -1; ///< at the time of the snapshot; -1 when not applicable
    std::optional<qint64> tenderedMinor;
    std::optional<qint64> changeMinor;
    bool cancelling = false; ///< a close/cancel is under way
    bool needsRefund = false;

    bool isOpen() const { return isOpenStatus(status); }
};

/// Counter checkout: creates orders (row committed before any network call), drives them
/// through the provider (QR, payment code, payment link), polls, cancels, and resolves
/// unknown outcomes by query — never by charging again. One instance per till.
class CheckoutService : public QObject
{
    Q_OBJECT
public:
    CheckoutService(Database &db, Ledger &ledger, Clock &clock, ProviderLookup providers,
                    CheckoutConfig config, QObject *parent = nullptr);
    ~CheckoutService() override;

    const CheckoutConfig &config() const { return m_config; }
    void setCashier(const QString &name) { m_config.cashier = name; }
    /// New store settings (StoreSettings::applyTo); orders already created keep theirs.
    void setConfig(CheckoutConfig config) { m_config = std::move(config); }
    OrderRepository &orders() { return m_orders; }
    Clock &clock() { return m_clock; }
    PaymentProvider *provider(const QString &id) const;
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
    /// refused with a message and creates no order. With \a saleId, an open earlier
    /// attempt of the same sale is closed/cancelled first; a sale already paid is refused.
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
    /// A verified notification from a provider: books a success (idempotently).
    void handleNotification(const QString &providerId, const Notification &notification);

    std::optional<OrderSnapshot> snapshot(const QString &outTradeNo) const;
    bool isActive(const QString &outTradeNo) const { return m_flows.contains(outTradeNo); }
    QStringList activeOrders() const { return m_flows.keys(); }

    /// Stable, salted hash of a provider's payer id; only the hash is stored.
    static QString payerHash(const QString &providerId, const QString &buyerId);

signals:
    void orderUpdated(const paydesk::OrderSnapshot &snapshot);
    /// The order reached PAID, FAILED or CLOSED (or later states).
    void orderFinished(const paydesk::OrderSnapshot &snapshot);
    /// A success arrived for an order already CLOSED/FAILED here; it is now PAID with
    /// needs_refund set: the duplicates work offers the refund.
    void lateSuccessDetected(const QString &outTradeNo);

private:
    struct Flow;
    enum class Settle { Cancel, Expired, CodeTimeout, NoQr, Replaced, Recovery };

    Result<QString> startQrLike(OrderKind kind, const Money &amount, const QString &providerId,
                                const QString &saleId);
    Result<Order> createOrder(OrderKind kind, const QString &providerId, const Money &amount,
                              const QString &saleId, const QString &maskedCode,
                              const QDateTime &expires);
    void onQrCreated(const QString &out, const QrOrderReply &reply);
    void sendCodePay(const QString &out, const QString &authCode);
    void onCodePaid(const QString &out, const TradeReply &reply);
    void poll(const QString &out);
    void onPolled(const QString &out, const TradeReply &reply);
    void startSettle(const QString &out, Settle why);
    /// The provider for settling \a out; nullptr (with a retry scheduled when the flow
    /// exists) when there is none yet.
    PaymentProvider *settleProvider(const QString &out);
    void settleStep(const QString &out);
    void onClosed(const QString &out, const ProviderStatus &status);
    void onCancelled(const QString &out, const CancelReply &reply);
    void settleByQuery(const QString &out);
    void retrySettle(const QString &out);
    void onTradeFound(const QString &out, const TradeReply &reply);

    void schedule(const QString &out, qint64 ms, std::function<void()> fn);
    bool apply(const QString &out, OrderStatus to, OrderChange change);
    void note(const QString &out, const QString &text);
    OrderSnapshot snapshotOf(const Order &order, const Flow *flow) const;
    void publish(const QString &out);
    QString closedMessage(Settle why) const;
    PaymentProvider *providerFor(const Order &order) const;

    Database &m_db;
    Ledger &m_ledger;
    Clock &m_clock;
    ProviderLookup m_providers;
    CheckoutConfig m_config;
    OrderRepository m_orders;
    QHash<QString, Flow *> m_flows;
};

} // namespace paydesk

Q_DECLARE_METATYPE(paydesk::OrderSnapshot)
