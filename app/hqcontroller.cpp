#include "app/hqcontroller.h"

#include "app/appcontext.h"

#include "core/hq/hqbackgroundpush.h"
#include "core/hq/hqconnection.h"
#include "core/hq/hqreport.h"
#include "core/hq/hqsettings.h"
#include "core/storage/database.h"
#include "ui/hq/headofficewindow.h"
#include "ui/hq/hqconnectdialog.h"

#include <QApplication>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTimeZone>

namespace paydesk {

namespace {

QDate todayInChina()
{
    return QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
}

/// The connection dialog until a connection opens; nullptr when the user cancels.
std::unique_ptr<HqConnection> askAndConnect(const QString &url, QWidget *parent)
{
    HqConnectDialog dialog(url, parent);
    while (dialog.exec() == QDialog::Accepted) {
        auto endpoint = HqEndpoint::parse(dialog.url(), dialog.password());
        if (!endpoint.ok()) {
            dialog.showError(endpoint.error().message);
            continue;
        }
        auto conn = HqConnection::open(endpoint.value());
        if (conn.ok())
            return std::move(conn).value();
        dialog.showError(conn.error().message);
    }
    return nullptr;
}

} // namespace

HqController::HqController(AppContext &ctx, QMainWindow &window)
    : QObject(&window), m_ctx(ctx), m_window(window)
{
    m_menu = m_window.menuBar()->addMenu(QString());
    m_menu->setObjectName(QStringLiteral("hqMenu"));
    m_open = m_menu->addAction(QString(), this, [this] { openHeadOffice(); });
    m_open->setObjectName(QStringLiteral("hqOpen"));
    retranslate();
}

HqController::~HqController() = default;

void HqController::retranslate()
{
    m_menu->setTitle(tr("Head &office"));
    m_open->setText(tr("&Consolidated books of every store..."));
}

void HqController::startPush()
{
    HqSettings settings(m_ctx.database(), m_ctx.settings(), m_ctx.vault());
    const HqSettings::Values v = settings.values();
    if (!v.enabled || m_push)
        return;
    auto endpoint = settings.endpoint();
    if (!endpoint.ok()) {
        m_window.statusBar()->showMessage(endpoint.error().message, 30000);
        return;
    }
    m_push =
        std::make_unique<HqBackgroundPush>(m_ctx.database().path(), v.identity, endpoint.value(),
                                           std::chrono::seconds(v.intervalSeconds));
    connect(m_push.get(), &HqBackgroundPush::failed, this, [this](const QString &message) {
        // Once per distinct failure: a head office down all day is not news every 30 s.
        if (message == m_lastFailure)
            return;
        m_lastFailure = message;
        m_window.statusBar()->showMessage(
            tr("Head office not reached; sales are kept and sent later. %1").arg(message), 30000);
    });
    connect(m_push.get(), &HqBackgroundPush::pushed, this,
            [this](qint64, qint64) { m_lastFailure.clear(); });
    m_push->start();
}

void HqController::openHeadOffice(const QString &url)
{
    if (m_hqWindow) {
        m_hqWindow->show();
        m_hqWindow->raise();
        m_hqWindow->refresh();
        return;
    }
    auto conn = askAndConnect(url, &m_window);
    if (!conn)
        return;
    m_connection = std::move(conn);
    m_report = std::make_unique<HqReport>(*m_connection);
    m_hqWindow = std::make_unique<HeadOfficeWindow>(*m_report, m_connection->endpoint().url(),
                                                    todayInChina());
    m_hqWindow->show();
}

int runHeadOfficeOnly(const QString &url)
{
    std::unique_ptr<HqConnection> conn;
    // A URL that connects as given (password from PGPASSWORD or ~/.pgpass) needs no dialog.
    if (auto endpoint = HqEndpoint::parse(url); endpoint.ok())
        if (auto direct = HqConnection::open(endpoint.value()); direct.ok())
            conn = std::move(direct).value();
    if (!conn)
        conn = askAndConnect(url, nullptr);
    if (!conn)
        return 0;
    HqReport report(*conn);
    HeadOfficeWindow window(report, conn->endpoint().url(), todayInChina());
    window.show();
    return QApplication::exec();
}

} // namespace paydesk
