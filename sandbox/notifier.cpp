#include "sandbox/notifier.h"

#include "sandbox/sandboxlog.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <iterator>

namespace paydesk::sandbox {

namespace {
constexpr int notifyTimeoutMs = 10000;
}

Notifier::Notifier(Clock &clock, QObject *parent)
    : QObject(parent), m_clock(clock), m_network(new QNetworkAccessManager(this))
{
}

Notifier::~Notifier() = default;

void Notifier::deliver(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                       Acknowledged acknowledged, const Headers &headers)
{
    if (!url.isValid() || url.scheme().isEmpty()) {
        qCWarning(lcSandbox) << "not notifying an invalid URL" << url;
        return;
    }
    attempt(url, body, contentType, acknowledged, headers, 0);
}

void Notifier::attempt(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                       const Acknowledged &acknowledged, const Headers &headers, int attemptIndex)
{
    ++m_attempts;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setTransferTimeout(notifyTimeoutMs);
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    QNetworkReply *reply = m_network->post(request, body);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, url, body, contentType, acknowledged, headers, attemptIndex] {
                reply->deleteLater();
                const int status =
                    reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QByteArray answer = reply->readAll();
                if (reply->error() == QNetworkReply::NoError && acknowledged(status, answer)) {
                    qCDebug(lcSandbox) << "notification acknowledged by" << url;
                    return;
                }
                if (attemptIndex >= int(std::size(retryDelaysMs))) {
                    qCWarning(lcSandbox) << "giving up notifying" << url << "after"
                                         << attemptIndex + 1 << "attempts";
                    return;
                }
                qCInfo(lcSandbox) << "notification not acknowledged by" << url << "status" << status
                                  << "- retrying";
                m_clock.callAfter(
                    retryDelaysMs[attemptIndex], this,
                    [this, url, body, contentType, acknowledged, headers, attemptIndex] {
                        attempt(url, body, contentType, acknowledged, headers, attemptIndex + 1);
                    });
            });
}

} // namespace paydesk::sandbox
