#pragma once

#include "core/crypto/crypto.h"
#include "core/util/clock.h"
#include "sandbox/alipay/alipayprotocol.h"
#include "sandbox/dialect.h"
#include "sandbox/tradestore.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

namespace paydesk::sandbox {

class FaultPlan;
class Notifier;

/// The Alipay dialect: the OpenAPI front-end at `/alipay/gateway.do`. Parses and verifies
/// signed requests exactly as Alipay does, runs the trade methods against the TradeStore and
/// answers with signed JSON; serves the bill downloads under /bill/download. Transport faults
/// (timeout, drop, 5xx, latency) are applied by the server around it; this class applies the
/// business faults (userpaying, dup_notify, late_success).
class AlipayGateway : public QObject, public Dialect
{
    Q_OBJECT
public:
    AlipayGateway(TradeStore &store, FaultPlan &faults, Notifier &notifier, Clock &clock,
                  crypto::RsaKey sandboxKey, std::function<QUrl()> baseUrl,
                  QObject *parent = nullptr);

    QString provider() const override { return QStringLiteral("alipay"); }
    WalletCodes walletCodes() const override;
    QString gatewayPath() const override { return QStringLiteral("/alipay/gateway.do"); }
    HttpReply gateway(const GatewayRequest &request) override;
    std::optional<HttpReply> get(const QString &path, const QUrlQuery &query) override;
    QJsonObject appRegistered(const App &app, const QByteArray &sandboxPublicKeyPem) override;

    /// One gateway request: the raw URL query and the raw form body. Returns the JSON text
    /// `{"<method>_response":{...},"sign":"..."}` (or `error_response`).
    QByteArray handle(const QByteArray &rawQuery, const QByteArray &rawBody);

    /// Sends the trade_status_sync notification for a paid trade that carried notify_url.
    void notifyPaid(const Trade &trade) override;

    /// The bill zip behind a bill_download_url token, while the URL is still valid (30 s).
    std::optional<QByteArray> billDownload(const QString &token);

    /// The QR content for a precreated trade: a page on this sandbox.
    QString qrCodeUrl(const QString &token) const;

    static constexpr qint64 billUrlLifetimeMs = 30 * 1000;
    static constexpr qint64 lateSuccessDelayMs = 1000;
    static constexpr qint64 defaultQrLifetimeMinutes = 120;

private:
    using Handler = alipay::JsonWriter (AlipayGateway::*)(const App &, const QJsonObject &,
                                                          const alipay::Params &);

    QByteArray signedAnswer(const QByteArray &responseKey, const alipay::JsonWriter &inner) const;
    static alipay::JsonWriter success();
    static alipay::JsonWriter failure(const QString &code, const QString &subCode,
                                      const QString &subMsg);
    Trade *findTrade(const App &app, const QJsonObject &biz);
    void maybeLateSuccess(const Trade &trade);
    alipay::JsonWriter tradeNotExist(const QJsonObject &biz) const;
    /// The app's public key, parsed once per distinct PEM (OpenSSL 3's decoder setup costs
    /// more than the signature check itself).
    std::optional<crypto::RsaKey> appKey(const App &app);

    // Methods (alipaytrades.cpp).
    alipay::JsonWriter precreate(const App &app, const QJsonObject &biz, const alipay::Params &p);
    alipay::JsonWriter pay(const App &app, const QJsonObject &biz, const alipay::Params &p);
    alipay::JsonWriter query(const App &app, const QJsonObject &biz, const alipay::Params &p);
    alipay::JsonWriter close(const App &app, const QJsonObject &biz, const alipay::Params &p);
    alipay::JsonWriter cancel(const App &app, const QJsonObject &biz, const alipay::Params &p);
    alipay::JsonWriter refund(const App &app, const QJsonObject &biz, const alipay::Params &p);
    alipay::JsonWriter refundQuery(const App &app, const QJsonObject &biz, const alipay::Params &p);
    alipay::JsonWriter billUrl(const App &app, const QJsonObject &biz, const alipay::Params &p);

    TradeStore &m_store;
    FaultPlan &m_faults;
    Notifier &m_notifier;
    Clock &m_clock;
    crypto::RsaKey m_key;
    std::function<QUrl()> m_baseUrl;
    QHash<QByteArray, Handler> m_methods;
    QHash<QByteArray, crypto::RsaKey> m_appKeys; ///< by PEM text
    struct Bill
    {
        QByteArray zip;
        QDateTime expiresUtc;
    };
    QHash<QString, Bill> m_bills;
};

} // namespace paydesk::sandbox
