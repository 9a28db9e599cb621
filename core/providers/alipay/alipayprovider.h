#pragma once

#include "core/providers/alipay/alipayconfig.h"
#include "core/providers/paymentprovider.h"
#include "core/security/pinnedkeyverifier.h"
#include "core/util/clock.h"

#include <QJsonObject>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace paydesk {

/// Alipay OpenAPI adapter (RSA2). Sends requests the way the official SDKs do: common
/// params (and sign) in the URL query, biz_content in a form-encoded POST body. Every
/// answer is believed only after its signature over the raw inner object verifies with
/// the Alipay public key; anything else (timeout, connection error, 5xx, no answer,
/// unparseable or unsigned body, bad signature) is ProviderStatus Unknown, never Failed.
class AlipayProvider final : public PaymentProvider
{
    Q_OBJECT
public:
    /// \a network and \a clock must outlive the provider. The clock only stamps
    /// requests; timeouts use real timers on the replies (config.timeoutMs).
    AlipayProvider(AlipayConfig config, QNetworkAccessManager *network, Clock *clock,
                   QObject *parent = nullptr);

    QString id() const override { return QStringLiteral("alipay"); }
    const AlipayConfig &config() const { return m_config; }

    void createQrOrder(const QrOrderRequest &request, Reply<QrOrderReply> done) override;
    void payWithCode(const CodePayRequest &request, Reply<TradeReply> done) override;
    void query(const QString &outTradeNo, Reply<TradeReply> done) override;
    void close(const QString &outTradeNo, Reply<ProviderStatus> done) override;
    void cancel(const QString &outTradeNo, Reply<CancelReply> done) override;
    void refund(const RefundRequest &request, Reply<RefundReply> done) override;
    void refundQuery(const QString &outTradeNo, const QString &outRequestNo,
                     Reply<RefundReply> done) override;
    void downloadStatement(const QDate &day, Reply<StatementReply> done) override;
    Result<Notification> verifyNotification(const QByteArray &body,
                                            const QMap<QByteArray, QByteArray> &headers) override;

    /// The mapping of a verified answer's code/sub_code onto a ProviderStatus
    /// (10000/10003 Ok, 20000 and ACQ.SYSTEM_ERROR Unknown, 4xxxx Failed with a reason).
    static ProviderStatus mapResult(const QString &code, const QString &subCode,
                                    const QString &message);
    /// Alipay's trade_status words → TradeState.
    static TradeState tradeStateFromString(const QString &tradeStatus);

private:
    struct Answer
    {
        ProviderStatus status;
        QJsonObject body; ///< the verified inner object; empty unless the answer verified
    };
    using AnswerFn = std::function<void(const Answer &)>;

    void call(const QString &method, const QJsonObject &bizContent, AnswerFn done);
    void handleReply(QNetworkReply *reply, const QString &method, bool timedOut, AnswerFn done);
    void fetch(const QUrl &url, std::function<void(Result<QByteArray>)> done);
    void armTimeout(QNetworkReply *reply);
    QString beijingTimestamp() const;

    AlipayConfig m_config;
    PinnedKeyVerifier m_pins;
    QNetworkAccessManager *m_network;
    Clock *m_clock;
};

} // namespace paydesk
