#pragma once

#include "core/util/clock.h"

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace paydesk::sandbox {

/// Delivers provider notifications (callbacks) over HTTP POST and retries while the receiver
/// does not acknowledge them. Provider-neutral: the front-end builds the body and says what
/// counts as an acknowledgement.
class Notifier : public QObject
{
    Q_OBJECT
public:
    /// Decides from the HTTP status and body whether the receiver took the notification.
    using Acknowledged = std::function<bool(int httpStatus, const QByteArray &body)>;

    Notifier(Clock &clock, QObject *parent = nullptr);
    ~Notifier() override;

    using Headers = QList<QPair<QByteArray, QByteArray>>;

    /// Posts now, then again after each delay of the retry schedule until acknowledged.
    /// \a headers go with every attempt (e.g. a callback's signature headers).
    void deliver(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                 Acknowledged acknowledged, const Headers &headers = {});

    /// Number of POSTs sent so far (attempts, retries and duplicates).
    int attempts() const { return m_attempts; }

    /// Waits between attempts, in ms: real providers retry for about a day; the sandbox a few
    /// times.
    static constexpr qint64 retryDelaysMs[] = {1000, 4000, 15000, 60000};

private:
    void attempt(const QUrl &url, const QByteArray &body, const QByteArray &contentType,
                 const Acknowledged &acknowledged, const Headers &headers, int attemptIndex);

    Clock &m_clock;
    QNetworkAccessManager *m_network;
    int m_attempts = 0;
};

} // namespace paydesk::sandbox
