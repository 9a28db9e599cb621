#pragma once

#include "core/crypto/crypto.h"
#include "core/util/clock.h"
#include "sandbox/dialect.h"
#include "sandbox/tradestore.h"
#include "sandbox/wechatpay/wechatpayprotocol.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <optional>

namespace paydesk::sandbox {

class FaultPlan;
class Notifier;

/// The WeChat Pay dialect under `/wechatpay` (sandbox/wechatpay/README.md): API v3 (JSON,
/// WECHATPAY2-SHA256-RSA2048 Authorization verified with the merchant's registered key, every
/// answer signed with the platform key, AES-256-GCM callbacks, trade bills) in
/// wechatpayv3.cpp, and the v2 payment-code API (XML, MD5 / HMAC-SHA256 with the APIv2 key)
/// in wechatpayv2.cpp. Transport faults are applied by the server around it; this class
/// applies the business faults (userpaying, dup_notify, late_success).
class WechatPayGateway : public QObject, public Dialect
{
    Q_OBJECT
public:
    explicit WechatPayGateway(const DialectContext &context, QObject *parent = nullptr);

    QString provider() const override { return QStringLiteral("wechatpay"); }
    WalletCodes walletCodes() const override;
    QString gatewayPath() const override { return QStringLiteral("/wechatpay"); }
    bool serves(const QString &path) const override;
    HttpReply gateway(const GatewayRequest &request) override;
    std::optional<HttpReply> get(const QString &, const QUrlQuery &) override
    {
        return std::nullopt;
    }
    void prepareApp(App &app) override;
    QJsonObject appRegistered(const App &app, const QByteArray &sandboxPublicKeyPem) override;
    std::optional<QString> qrToken(const QString &qrContent) const override;
    void paymentDeclined(Trade &trade) override;
    void notifyPaid(const Trade &trade) override;

    /// The id of the platform key the sandbox signs with (Wechatpay-Serial): 40 upper-case hex
    /// digits derived from that key, never a merchant's serial.
    QString platformSerial() const { return m_platformSerial; }

    static constexpr qint64 maxClockSkewSeconds = 300;
    static constexpr qint64 billUrlLifetimeMs = 30 * 1000;
    static constexpr qint64 lateSuccessDelayMs = 1000;
    static constexpr qint64 defaultQrLifetimeMinutes = 120;
    /// A reverse sooner than this after the order was created answers USERPAYING, recall=Y.
    static constexpr qint64 reverseNotBeforeSeconds = 15;
    /// A paid payment-code order can be reversed for this long.
    static constexpr qint64 reverseWindowDays = 7;

private:
    // v3 (wechatpayv3.cpp)
    HttpReply v3(const GatewayRequest &request);
    HttpReply v3Route(const App &app, const GatewayRequest &request, const QStringList &parts);
    HttpReply v3Native(const App &app, const QJsonObject &in);
    HttpReply v3Query(const App &app, const Trade *trade, const QUrlQuery &query);
    HttpReply v3Close(const App &app, const QString &outTradeNo, const QJsonObject &in);
    HttpReply v3Refund(const App &app, const QJsonObject &in);
    HttpReply v3RefundQuery(const App &app, const QString &outRefundNo);
    HttpReply v3TradeBill(const App &app, const QUrlQuery &query);
    HttpReply v3BillDownload(const App &app, const QUrlQuery &query);
    /// GET /v3/bill/fundflowbill: the fund-flow bill of any day (Settlement), BASIC account.
    HttpReply v3FundFlowBill(const App &app, const QUrlQuery &query);
    /// A download link for \a bytes, answered with their SHA1 like both bill calls.
    HttpReply billLink(const App &app, const QByteArray &bytes);
    /// A v3 answer signed with the platform key (Wechatpay-* headers over \a body).
    HttpReply v3Answer(int status, const QByteArray &body) const;
    HttpReply v3Error(int status, const char *code, const QString &message) const;
    HttpReply v3Json(const QJsonObject &body) const;

    // v2 (wechatpayv2.cpp)
    using Fields = QList<QPair<QString, QString>>;
    HttpReply v2(const GatewayRequest &request);
    Fields v2Micropay(const App &app, const wechatpay::XmlParams &in);
    Fields v2OrderQuery(const App &app, const wechatpay::XmlParams &in);
    Fields v2Reverse(const App &app, const wechatpay::XmlParams &in);
    /// `return_code=FAIL`: a transport-level refusal, unsigned as at WeChat.
    static HttpReply v2Refused(const QString &message);
    /// `return_code=SUCCESS` with \a fields, signed with the request's algorithm.
    HttpReply v2Answer(const App &app, wechatpay::SignType type, const Fields &fields) const;

    // Shared (wechatpaygateway.cpp)
    const App *appByMchid(const QString &mchid) const;
    std::optional<crypto::RsaKey> merchantKey(const App &app);
    static QString appid(const App &app);
    static QString apiV3Key(const App &app);
    static QString apiV2Key(const App &app);
    /// Signed Wechatpay-* headers over \a body.
    QList<QPair<QByteArray, QByteArray>> signedHeaders(const QByteArray &body) const;
    /// trade_state of \a trade: SUCCESS, REFUND, NOTPAY, CLOSED, REVOKED, USERPAYING, PAYERROR.
    static QString tradeState(const Trade &trade);
    static QString tradeStateDesc(const QString &state);
    QString openid(const App &app, const QString &buyerId) const;
    /// A new trade of this provider with WeChat's transaction id shape.
    Trade &addTrade(const App &app, const QString &outTradeNo, const QString &kind,
                    qint64 amountMinor);
    /// All refunds of \a app's trades named \a outRefundNo (at most one).
    std::optional<std::pair<Trade *, const Refund *>> findRefund(const App &app,
                                                                 const QString &outRefundNo);
    /// Refunds \a amountMinor under \a outRefundNo and gives the refund a WeChat refund id.
    Result<Refund> refund(Trade &trade, const QString &outRefundNo, qint64 amountMinor,
                          const QString &reason);
    static QString refundId(const Trade &trade, const QString &outRefundNo);
    QJsonObject transactionJson(const App &app, const Trade &trade) const;
    QJsonObject refundJson(const Trade &trade, const Refund &refund) const;
    void maybeLateSuccess(const Trade &trade);
    /// Posts an encrypted, signed v3 callback to \a url (twice under dup_notify).
    void sendCallback(const App &app, const QString &url, const QString &eventType,
                      const QString &summary, const QString &originalType,
                      const QJsonObject &plaintext);
    static bool acceptedNotifyUrl(const QString &url);

    TradeStore &m_store;
    FaultPlan &m_faults;
    Notifier &m_notifier;
    Clock &m_clock;
    crypto::RsaKey m_key;
    QString m_platformSerial;
    std::function<QUrl()> m_baseUrl;
    QHash<QByteArray, crypto::RsaKey> m_merchantKeys; ///< by PEM text
    struct Bill
    {
        QByteArray bytes;
        QString mchid;
        QDateTime expiresUtc;
    };
    QHash<QString, Bill> m_bills;
};

} // namespace paydesk::sandbox
