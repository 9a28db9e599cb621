#include "app/shiftcontroller.h"

#include "app/appcontext.h"
#include "app/providersetup.h"

#include "core/announce/announcer.h"
#include "core/providers/providerregistry.h"
#include "core/receipts/receiptprinter.h"
#include "core/security/session.h"
#include "core/settings/storesettings.h"
#include "core/shifts/shiftservice.h"
#include "ui/announce/announcementsettingspage.h"
#include "ui/announce/speechannouncer.h"
#include "ui/mainwindow.h"
#include "ui/settingsview.h"
#include "ui/shifts/cashentrydialog.h"
#include "ui/shifts/closeshiftdialog.h"
#include "ui/shifts/shiftreportdialog.h"

#include <QAction>
#include <QEvent>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace paydesk {

namespace {

QMap<QString, QString> providerNames(AppContext &ctx)
{
    QMap<QString, QString> names;
    for (const QString &id : ctx.providerRegistry().ids())
        names.insert(id, ctx.providerRegistry().displayName(id));
    return names;
}

} // namespace

ShiftController::ShiftController(AppContext &ctx, Session &session, MainWindow &window,
                                 QObject *parent)
    : QObject(parent), m_ctx(ctx), m_session(session), m_window(window)
{
    m_menu = m_window.menuBar()->addMenu(QString());
    m_menu->setObjectName(QStringLiteral("shiftMenu"));
    m_open = m_menu->addAction(QString(), this, &ShiftController::openShift);
    m_open->setObjectName(QStringLiteral("openShiftAction"));
    m_payout = m_menu->addAction(QString(), this, &ShiftController::payout);
    m_payout->setObjectName(QStringLiteral("payoutAction"));
    m_report = m_menu->addAction(QString(), this, [this] {
        if (auto current = m_ctx.shifts().current(m_ctx.storeSettings().tillIdentity());
            current.ok() && current.value())
            showReport(current.value()->id);
    });
    m_report->setObjectName(QStringLiteral("shiftReportAction"));
    m_close = m_menu->addAction(QString(), this, [this] { (void)closeShift(); });
    m_close->setObjectName(QStringLiteral("closeShiftAction"));
    m_close->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_close->setShortcutContext(Qt::ApplicationShortcut);
    m_window.addAction(m_close); // the shortcut works while the menu is closed
    m_window.installEventFilter(this);

    m_announceSettings = std::make_unique<AnnouncementSettings>(m_ctx.settings(), m_ctx.audit());
    m_speech = std::make_unique<SpeechAnnouncer>();
    m_speech->configure(m_announceSettings->values());
    m_announcer = std::make_unique<Announcer>(
        m_ctx.checkout(), m_ctx.orderQueries(), *m_announceSettings,
        [speech = m_speech.get()](const Announcement &a) { speech->announce(a); });

    connect(&m_ctx.shifts(), &ShiftService::shiftOpened, this, &ShiftController::updateActions);
    connect(&m_ctx.shifts(), &ShiftService::shiftClosed, this, &ShiftController::updateActions);
    retranslate();
    updateActions();
}

ShiftController::~ShiftController() = default;

void ShiftController::onLogin()
{
    auto current = m_ctx.shifts().current(m_ctx.storeSettings().tillIdentity());
    if (!current.ok()) {
        m_window.statusBar()->showMessage(current.error().message, 15000);
        return;
    }
    if (current.value() && current.value()->cashier != m_session.operatorName()) {
        // The handover: the shift on the till is someone else's.
        const auto answer = QMessageBox::question(
            &m_window, tr("Shift handover"),
            tr("%1's shift is still open on this till. Close it now with a drawer count, "
               "then open yours? (No: keep working in %1's shift.)")
                .arg(current.value()->cashier),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
        if (answer != QMessageBox::Yes || !closeShift())
            return updateActions();
        current = std::optional<Shift>();
    }
    if (!current.value())
        openShift();
    updateActions();
}

void ShiftController::openShift()
{
    CashEntryDialog dialog(CashEntryDialog::Mode::OpeningFloat, &m_window);
    if (dialog.exec() != QDialog::Accepted)
        return updateActions();
    auto opened = m_ctx.shifts().open(m_ctx.storeSettings().tillIdentity(),
                                      m_session.operatorName(), dialog.amount());
    if (!opened.ok())
        QMessageBox::warning(&m_window, tr("Open shift"), opened.error().message);
    else
        m_window.statusBar()->showMessage(
            tr("Shift opened with %1 in the drawer.").arg(dialog.amount().format(QLocale())),
            10000);
    updateActions();
}

bool ShiftController::closeShift()
{
    auto current = m_ctx.shifts().current(m_ctx.storeSettings().tillIdentity());
    if (!current.ok() || !current.value())
        return false;
    CloseShiftDialog dialog({&m_ctx.shifts(), &m_ctx.operators(), current.value()->id,
                             m_session.operatorName(), m_ctx.storeSettings().cashDifferenceLimit(),
                             m_ctx.storeName(), providerNames(m_ctx)},
                            &m_window);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    showReport(dialog.closed().shift.id);
    return true;
}

void ShiftController::payout()
{
    auto current = m_ctx.shifts().current(m_ctx.storeSettings().tillIdentity());
    if (!current.ok() || !current.value())
        return;
    CashEntryDialog dialog(CashEntryDialog::Mode::Payout, &m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto paid = m_ctx.shifts().payout(current.value()->id, dialog.amount(), dialog.reason(),
                                      m_session.operatorName());
    if (!paid.ok())
        QMessageBox::warning(&m_window, tr("Pay out cash"), paid.error().message);
}

void ShiftController::showReport(qint64 shiftId)
{
    auto summary = m_ctx.shifts().summary(shiftId);
    if (!summary.ok()) {
        QMessageBox::warning(&m_window, tr("Shift report"), summary.error().message);
        return;
    }
    ShiftReportDialog::Printer print;
    if (auto target = PrinterTarget::parse(m_ctx.storeSettings().receiptPrinter()); target.ok())
        print = [this, spec = target.value()](const QByteArray &bytes,
                                              std::function<void(const Status &)> done) {
            auto *printer = new ReceiptPrinter(m_ctx.clock(), this);
            printer->send(bytes, spec, [printer, done](const Status &status) {
                printer->deleteLater();
                done(status);
            });
        };
    ShiftReportDialog dialog(ShiftReport(summary.value(), m_ctx.storeName(), providerNames(m_ctx)),
                             print, &m_window);
    dialog.exec();
}

void ShiftController::addSettingsPage(SettingsView &view)
{
    auto *page = new AnnouncementSettingsPage(*m_announceSettings, *m_speech,
                                              [this] { return m_session.operatorName(); });
    if (const ProviderSetup *setup = m_ctx.providers())
        page->setSampleProvider(m_ctx.providerRegistry().displayName(setup->defaultProvider()));
    view.addPage(page, [] { return tr("Announcements"); });
}

void ShiftController::updateActions()
{
    auto current = m_ctx.shifts().current(m_ctx.storeSettings().tillIdentity());
    const bool open = current.ok() && current.value();
    m_open->setEnabled(!open);
    m_payout->setEnabled(open);
    m_report->setEnabled(open);
    m_close->setEnabled(open);
}

bool ShiftController::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == &m_window && event->type() == QEvent::LanguageChange)
        retranslate();
    return QObject::eventFilter(watched, event);
}

void ShiftController::retranslate()
{
    m_menu->setTitle(tr("&Shift"));
    m_open->setText(tr("Open shift…"));
    m_payout->setText(tr("Pay out cash…"));
    m_report->setText(tr("Shift report…"));
    m_close->setText(tr("Close shift and count the drawer…"));
    if (m_speech)
        m_speech->configure(m_announceSettings->values());
}

} // namespace paydesk
