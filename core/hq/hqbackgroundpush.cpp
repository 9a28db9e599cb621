#include "core/hq/hqbackgroundpush.h"

#include "core/hq/hqconnection.h"
#include "core/hq/hqpusher.h"
#include "core/storage/database.h"
#include "core/util/background.h"

#include <QThread>
#include <QTimer>

#include <memory>

namespace paydesk {

namespace {

/// What lives on the push thread: created, used and destroyed there.
struct PushState
{
    std::unique_ptr<Database> db;
    std::unique_ptr<HqPusher> pusher;
};

} // namespace

HqBackgroundPush::HqBackgroundPush(QString databasePath, HqIdentity identity, HqEndpoint endpoint,
                                   std::chrono::seconds interval, QObject *parent)
    : QObject(parent), m_path(std::move(databasePath)), m_identity(std::move(identity)),
      m_endpoint(std::move(endpoint)), m_interval(interval)
{
}

HqBackgroundPush::~HqBackgroundPush()
{
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
    }
}

void HqBackgroundPush::start()
{
    if (m_thread)
        return;
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("hq-push"));
    auto *timer = new QTimer;
    timer->setInterval(m_interval);
    timer->moveToThread(m_thread);
    auto state = std::make_shared<PushState>();
    auto tick = [this, state] {
        if (!state->db) {
            auto db = Database::open(m_path);
            if (!db.ok()) {
                emit failed(db.error().message);
                return;
            }
            state->db = std::move(db).value();
            state->pusher = std::make_unique<HqPusher>(*state->db, m_identity, m_endpoint);
        }
        auto stats = state->pusher->pushAll();
        if (stats.ok())
            emit pushed(stats.value().rows, stats.value().remaining);
        else {
            qCInfo(lcHq) << "push failed, retrying next interval:" << stats.error().message;
            emit failed(stats.error().message);
        }
    };
    connect(timer, &QTimer::timeout, timer, tick);
    connect(m_thread, &QThread::started, timer, [timer, tick] {
        runAtBackgroundPriority(); // a push never slows a sale
        tick();
        timer->start();
    });
    // Last things on the push thread: its connections close where they were opened.
    connect(
        m_thread, &QThread::finished, timer,
        [timer, state] {
            timer->stop();
            state->pusher.reset();
            state->db.reset();
        },
        Qt::DirectConnection);
    connect(m_thread, &QThread::finished, timer, &QObject::deleteLater);
    m_thread->start();
}

} // namespace paydesk
