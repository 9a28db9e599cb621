#pragma once

// An in-test PaymentProvider double: each call is logged and answered by a scripted
// handler (synchronously, like a provider whose reply is already there). Used only for
// the pure sequencing of CheckoutService; the real adapter is tested against the sandbox.

#include "core/providers/paymentprovider.h"

#include <QStringList>

#include <functional>

namespace paydesk::test {

class ScriptedProvider final : public PaymentProvider
{
public:
    explicit ScriptedProvider(QString id = QStringLiteral("alipay"), QObject *parent = nullptr)
        : PaymentProvider(parent), m_id(std::move(id))
    {
    }

    QString id() const override { return m_id; }

    std::function<QrOrderReply(const QrOrderRequest &)> onCreateQr = [](const QrOrderRequest &r) {
        QrOrderReply reply;
        reply.status = ProviderStatus::success();
        reply.qrCode = QStringLiteral("https://qr.example.test/") + r.outTradeNo;
        return reply;
    };
    std::function<TradeReply(const CodePayRequest &)> onPay = [](const CodePayRequest &r) {
        TradeReply reply;
        reply.status = ProviderStatus::success();
        reply.state = TradeState::Success;
        reply.outTradeNo = r.outTradeNo;
        reply.transactionId = QStringLiteral("T") + r.outTradeNo;
        reply.total = r.amount;
        return reply;
    };
    std::function<TradeReply(const QString &)> onQuery = [](const QString &out) {
        TradeReply reply;
        reply.status = ProviderStatus::success();
        reply.state = TradeState::NotExist;
        reply.outTradeNo = out;
        return reply;
    };
    std::function<ProviderStatus(const QString &)> onClose = [](const QString &) {
        return ProviderStatus::success();
    };
    std::function<CancelReply(const QString &)> onCancel = [](const QString &) {
        CancelReply reply;
        reply.status = ProviderStatus::success();
        reply.action = CancelAction::Closed;
        return reply;
    };
    /// When set, payWithCode keeps the callback here instead of answering.
    bool holdPay = false;
    Reply<TradeReply> heldPay;

    QStringList
        calls; ///< "createQr:<out>", "pay:<out>", "query:<out>", "close:<out>", "cancel:<out>"
    int count(const QString &prefix) const
    {
        int n = 0;
        for (const QString &c : calls)
            n += c.startsWith(prefix) ? 1 : 0;
        return n;
    }

    void createQrOrder(const QrOrderRequest &request, Reply<QrOrderReply> done) override
    {
        calls << QStringLiteral("createQr:") + request.outTradeNo;
        done(onCreateQr(request));
    }
    void payWithCode(const CodePayRequest &request, Reply<TradeReply> done) override
    {
        calls << QStringLiteral("pay:") + request.outTradeNo;
        lastAuthCode = request.authCode;
        if (holdPay) {
            heldPay = std::move(done);
            return;
        }
        done(onPay(request));
    }
    void query(const QString &outTradeNo, Reply<TradeReply> done) override
    {
        calls << QStringLiteral("query:") + outTradeNo;
        done(onQuery(outTradeNo));
    }
    void close(const QString &outTradeNo, Reply<ProviderStatus> done) override
    {
        calls << QStringLiteral("close:") + outTradeNo;
        done(onClose(outTradeNo));
    }
    void cancel(const QString &outTradeNo, Reply<CancelReply> done) override
    {
        calls << QStringLiteral("cancel:") + outTradeNo;
        done(onCancel(outTradeNo));
    }
    void refund(const RefundRequest &, Reply<RefundReply> done) override
    {
        calls << QStringLiteral("refund");
        RefundReply r;
        r.status =
            ProviderStatus::failure(FailureReason::Other, {}, {}, QStringLiteral("not scripted"));
        done(r);
    }
    void refundQuery(const QString &, const QString &, Reply<RefundReply> done) override
    {
        RefundReply r;
        r.status =
            ProviderStatus::failure(FailureReason::Other, {}, {}, QStringLiteral("not scripted"));
        done(r);
    }
    void downloadStatement(const QDate &, Reply<StatementReply> done) override
    {
        StatementReply r;
        r.status =
            ProviderStatus::failure(FailureReason::Other, {}, {}, QStringLiteral("not scripted"));
        done(r);
    }
    Result<Notification> verifyNotification(const QByteArray &,
                                            const QMap<QByteArray, QByteArray> &) override
    {
        return Result<Notification>::failure(QStringLiteral("test"),
                                             QStringLiteral("not scripted"));
    }

    QString lastAuthCode;

private:
    QString m_id;
};

inline TradeReply trade(const QString &out, TradeState state,
                        ProviderStatus status = ProviderStatus::success())
{
    TradeReply r;
    r.status = std::move(status);
    r.state = state;
    r.outTradeNo = out;
    if (state == TradeState::Success)
        r.transactionId = QStringLiteral("T") + out;
    return r;
}

} // namespace paydesk::test
