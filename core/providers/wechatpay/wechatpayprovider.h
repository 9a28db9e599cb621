#pragma once

#include "core/providers/paymentprovider.h"
#include "core/providers/wechatpay/wechatpayconfig.h"
#include "core/providers/wechatpay/wechatpaytransport.h"
#include "core/util/clock.h"

#include <QJsonObject>
#include <QSet>

class QNetworkAccessManager;

namespace paydesk {

/// WeChat Pay adapter: API v3 for QR (native) orders, query, close, refunds, bills and
/// callbacks; v2 for payment codes (micropay, orderquery, reverse). Maps verified answers onto
/// the provider-neutral replies; the timing rules of payment codes (query every 5 s, reverse
/// no earlier than 15 s, again while recall=Y) are the checkout's, from the registry's
/// capabilities. An answer it cannot believe is Unknown, never Failed.
class WechatPayProvider final : public PaymentProvider
{
    Q_OBJECT
public:
    /// \a network and \a clock must outlive the provider; the clock stamps and checks
    /// signatures (timeouts use real timers).
    WechatPayProvider(WechatPayConfig config, QNetworkAccessManager *network, Clock *clock,
                      QObject *parent = nullptr);

    /// The adapter's registry id.
    static QString providerId() { return QStringLiteral("wechatpay"); }
    QString id() const override { return providerId(); }
    /// WeChat retries a callback until it gets a 2xx; the JSON says so too.
    static NotificationAck notificationAck();
    const WechatPayConfig &config() const { return m_config; }

    void createQrOrder(const QrOrderRequest &request, Reply<QrOrderReply> done) override;
    void payWithCode(const CodePayRequest &request, Reply<TradeReply> done) override;
    void query(const QString &outTradeNo, Reply<TradeReply> done) override;
    void close(const QString &outTradeNo, Reply<ProviderStatus> done) override;
    /// v2 reverse: closes an unpaid trade, refunds a paid one; retry while recall=Y,
    /// USERPAYING or SYSTEMERROR.
    void cancel(const QString &outTradeNo, Reply<CancelReply> done) override;
    void refund(const RefundRequest &request, Reply<RefundReply> done) override;
    void refundQuery(const QString &outTradeNo, const QString &outRequestNo,
                     Reply<RefundReply> done) override;
    void downloadStatement(const QDate &day, Reply<StatementReply> done) override;
    /// GET /v3/bill/fundflowbill (BASIC account), SHA1 checked (WechatPayFundBillParser).
    void downloadFundStatement(const QDate &day, Reply<FundStatementReply> done) override;
    Result<Notification> verifyNotification(const QByteArray &body,
                                            const QMap<QByteArray, QByteArray> &headers) override;

    /// The trade of a verified v3 transaction object (query answer or decrypted callback).
    static TradeReply tradeFromV3(const QJsonObject &o, ProviderStatus status);
    /// The trade of a verified v2 micropay/orderquery answer.
    static TradeReply tradeFromV2(const QMap<QString, QString> &p, ProviderStatus status,
                                  TradeState state);
    /// The refund of a verified v3 refund object.
    static RefundReply refundFromV3(const QJsonObject &o, ProviderStatus status);

private:
    /// Asks \a target (a bill call) for the download address and SHA1, fetches the file and
    /// checks it: Ok with the bytes and the provider's hash, or why not.
    void downloadBill(
        const QString &target,
        std::function<void(const ProviderStatus &, const QByteArray &, const QByteArray &)> done);

    void queryV2(const QString &outTradeNo, Reply<TradeReply> done);
    void queryV3(const QString &outTradeNo, Reply<TradeReply> done);

    WechatPayConfig m_config;
    WechatPayTransport m_transport;
    Clock *m_clock;
    /// Payment codes sent by this process: queried through v2 orderquery like the pay; any
    /// other out_trade_no (a QR, or a code found by Recovery) through v3, which knows both.
    QSet<QString> m_codeOrders;
};

} // namespace paydesk
