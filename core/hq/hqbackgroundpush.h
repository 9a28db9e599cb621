#pragma once

#include "core/hq/hqendpoint.h"
#include "core/hq/hqsettings.h"

#include <QObject>
#include <QString>

#include <chrono>

class QThread;

namespace paydesk {

/// The GUI till's push to head office: every interval, on a thread of its own with its own
/// connection to the till's database file, HqPusher sends what the outbox holds. The cashier's
/// thread never waits on it; a push that fails (head office down) is retried next interval.
class HqBackgroundPush : public QObject
{
    Q_OBJECT
public:
    HqBackgroundPush(QString databasePath, HqIdentity identity, HqEndpoint endpoint,
                     std::chrono::seconds interval, QObject *parent = nullptr);
    ~HqBackgroundPush() override;

    /// Starts the thread; the first push runs at once.
    void start();

signals:
    /// After a push that reached head office: entries sent, entries still queued.
    void pushed(qint64 rows, qint64 pending);
    /// After a push that did not; \a message is for the status bar.
    void failed(const QString &message);

private:
    QString m_path;
    HqIdentity m_identity;
    HqEndpoint m_endpoint;
    std::chrono::seconds m_interval;
    QThread *m_thread = nullptr;
};

} // namespace paydesk
