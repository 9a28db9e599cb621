#pragma once

#include "core/providers/paymentprovider.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QHash>
#include <QObject>
#include <QUrl>

#include <memory>

class QHttpServer;
class QHttpServerRequest;

namespace paydesk {

class CheckoutService;
class PaymentProvider;
class ReplayGuard;

/// Receives providers' asynchronous notifications over HTTP on 127.0.0.1 (so only for a
/// sandbox: a real provider cannot reach a store PC). A notification is believed only
/// after the adapter verified its signature and the ReplayGuard accepted it: a replay
/// of a booked notification is answered (so the provider stops retrying) but never
/// processed twice; a stale or forged one is refused. The id is marked seen in the booking's
/// transaction: a booking that fails is answered with a failure, so the provider retries.
class NotificationReceiver : public QObject
{
    Q_OBJECT
public:
    NotificationReceiver(CheckoutService &checkout, ReplayGuard &guard, QObject *parent = nullptr);
    ~NotificationReceiver() override;

    Result<quint16> listen();
    /// http://127.0.0.1:PORT/notify/<provider>
    QUrl urlFor(const QString &providerId) const;
    /// Notifications of \a provider are answered as \a ack says (its status and content type on
    /// success, its failure body on a refusal; ProviderCapabilities::notificationAck).
    void addProvider(PaymentProvider *provider, const NotificationAck &ack = {});

    struct Counters
    {
        int accepted = 0;
        int replayed = 0;
        int refused = 0;
        int failed = 0; ///< verified and fresh, but booking failed: answered so it is retried
    };
    Counters counters() const { return m_counters; }

signals:
    void notificationAccepted(const QString &providerId, const QString &outTradeNo);

private:
    struct Answer
    {
        int status;
        QByteArray body;
        QByteArray contentType = QByteArrayLiteral("text/plain");
    };
    Answer handle(const QString &providerId, const QHttpServerRequest &request);

    CheckoutService &m_checkout;
    ReplayGuard &m_guard;
    std::unique_ptr<QHttpServer> m_server;
    quint16 m_port = 0;
    QHash<QString, PaymentProvider *> m_providers;
    QHash<QString, NotificationAck> m_acks;
    Counters m_counters;
};

} // namespace paydesk
