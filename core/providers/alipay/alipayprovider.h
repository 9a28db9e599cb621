#pragma once

#include "core/providers/alipay/alipayconfig.h"
#include "core/providers/alipay/alipaytransport.h"
#include "core/providers/paymentprovider.h"
#include "core/util/clock.h"

#include <QJsonObject>

#include <functional>

class QNetworkAccessManager;

namespace paydesk {

/// Alipay OpenAPI adapter (RSA2): builds each method's biz_content and maps the verified
/// answer onto the provider-neutral replies. Signing, sending and believing an answer is
/// AlipayTransport's job; an answer it cannot believe arrives here as Unknown, never Failed.
class AlipayProvider final : public PaymentProvider
{
    Q_OBJECT
public:
    /// \a network and \a clock must outlive the provider. The clock only stamps
    /// requests; timeouts use real timers on the replies (config.timeoutMs).
    AlipayProvider(AlipayConfig config, QNetworkAccessManager *network, Clock *clock,
                   QObject *parent = nullptr);

    /// The adapter's registry id.
    static QString providerId() { return QStringLiteral("alipay"); }
    QString id() const override { return providerId(); }
    /// Anything but the literal body `success` makes Alipay re-send for about 25 hours.
    static NotificationAck notificationAck()
    {
        return {200, QByteArrayLiteral("success"), QByteArrayLiteral("text/plain")};
    }
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
    /// bill_type=signcustomer: the 账务明细 zip (AlipayFundBillParser).
    void downloadFundStatement(const QDate &day, Reply<FundStatementReply> done) override;
    Result<Notification> verifyNotification(const QByteArray &body,
                                            const QMap<QByteArray, QByteArray> &headers) override;

    /// The mapping of a verified answer's code/sub_code onto a ProviderStatus
    /// (10000/10003 Ok, 20000 and ACQ.SYSTEM_ERROR Unknown, 4xxxx Failed with a reason).
    static ProviderStatus mapResult(const QString &code, const QString &subCode,
                                    const QString &message);
    /// Alipay's trade_status words → TradeState.
    static TradeState tradeStateFromString(const QString &tradeStatus);

private:
    /// Asks for the download address of \a billType's bill of \a day, then fetches it: Ok
    /// with the file's bytes, or why not.
    void downloadBill(const QString &billType, const QDate &day,
                      std::function<void(const ProviderStatus &, const QByteArray &)> done);

    AlipayConfig m_config;
    AlipayTransport m_transport;
};

} // namespace paydesk
