#include "app/notificationreceiver.h"

#include "core/checkout/checkoutservice.h"
#include "core/providers/paymentprovider.h"
#include "core/security/replayguard.h"
#include "core/util/log.h"

#include <QHostAddress>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>

namespace paydesk {

NotificationReceiver::NotificationReceiver(CheckoutService &checkout, ReplayGuard &guard,
                                           QObject *parent)
    : QObject(parent), m_checkout(checkout), m_guard(guard),
      m_server(std::make_unique<QHttpServer>())
{
    m_server->route(QStringLiteral("/notify/<arg>"), QHttpServerRequest::Method::Post,
                    [this](const QString &providerId, const QHttpServerRequest &request) {
                        const Answer a = handle(providerId, request);
                        return QHttpServerResponse(a.contentType, a.body,
                                                   QHttpServerResponder::StatusCode(a.status));
                    });
}

NotificationReceiver::~NotificationReceiver() = default;

Result<quint16> NotificationReceiver::listen()
{
    const int port = m_server->listen(QHostAddress::LocalHost, 0);
    if (port <= 0)
        return Error{QStringLiteral("notify.listen"),
                     tr("Cannot open a local port for payment notifications.")};
    m_port = quint16(port);
    return m_port;
}

QUrl NotificationReceiver::urlFor(const QString &providerId) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1/notify/%2").arg(m_port).arg(providerId));
}

void NotificationReceiver::addProvider(PaymentProvider *provider, const NotificationAck &ack)
{
    m_providers.insert(provider->id(), provider);
    m_acks.insert(provider->id(), ack);
}

NotificationReceiver::Answer NotificationReceiver::handle(const QString &providerId,
                                                          const QHttpServerRequest &request)
{
    PaymentProvider *provider = m_providers.value(providerId);
    if (!provider) {
        ++m_counters.refused;
        return {404, QByteArrayLiteral("unknown provider")};
    }
    QMap<QByteArray, QByteArray> headers;
    for (const auto &[name, value] : request.headers())
        headers.insert(name.toLower(), value);
    const NotificationAck ack = m_acks.value(providerId);
    const auto refuse = [&ack](int status) -> Answer {
        return {status, ack.failureBody, ack.contentType};
    };
    const auto acknowledge = [&ack](const QByteArray &body) -> Answer {
        return {ack.httpStatus, body, ack.contentType};
    };
    auto verified = provider->verifyNotification(request.body(), headers);
    if (!verified.ok()) {
        ++m_counters.refused;
        qCWarning(lcApp) << "refused a notification from" << providerId << verified.error().code;
        return refuse(400);
    }
    const Notification &n = verified.value();
    const QString replayId = providerId + QLatin1Char(':') + n.notifyId;
    const Status fresh = m_guard.check(replayId, n.sentAt);
    if (!fresh.ok()) {
        if (fresh.error().code == u"replay.duplicate") {
            // Already booked (the id is only marked together with its booking): acknowledge
            // so the provider stops, do nothing else.
            ++m_counters.replayed;
            qCInfo(lcApp) << "replayed notification ignored" << replayId;
            return acknowledge(n.ackBody);
        }
        ++m_counters.refused;
        qCWarning(lcApp) << "refused a notification:" << fresh.error().code << replayId;
        return refuse(400);
    }
    const Status booked = m_checkout.handleNotification(
        providerId, n, [this, &replayId] { return m_guard.markSeen(replayId); });
    if (!booked.ok()) {
        // Nothing was recorded, the id included: not acknowledging makes the provider retry.
        ++m_counters.failed;
        qCWarning(lcApp) << "notification not booked, provider will retry" << replayId
                         << booked.error().code;
        return refuse(500);
    }
    ++m_counters.accepted;
    emit notificationAccepted(providerId, n.outTradeNo);
    return acknowledge(n.ackBody);
}

} // namespace paydesk
