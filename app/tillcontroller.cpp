#include "app/tillcontroller.h"

#include "app/appcontext.h"
#include "app/hqcontroller.h"
#include "app/providersetup.h"
#include "app/shiftcontroller.h"

#include "core/analytics/salesanalytics.h"
#include "core/backup/dailybackup.h"
#include "core/books/syncscheduler.h"
#include "core/books/syncservice.h"
#include "core/cases/casedesk.h"
#include "core/cases/caserefunder.h"
#include "core/cases/duplicatedetector.h"
#include "core/checkout/checkoutservice.h"
#include "core/checkout/recovery.h"
#include "core/onboarding/draftstore.h"
#include "core/onboarding/providercatalog.h"
#include "core/onboarding/providerconnector.h"
#include "core/onboarding/signupdraftstore.h"
#include "core/onboarding/signupsession.h"
#include "core/orders/orderqueries.h"
#include "core/providers/provideraccountstore.h"
#include "core/providers/providerregistry.h"
#include "core/receipts/escposencoder.h"
#include "core/receipts/receiptdata.h"
#include "core/receipts/receiptprinter.h"
#include "core/reconcile/dayreportbuilder.h"
#include "core/reconcile/reconciliationservice.h"
#include "core/refunds/refundreceipt.h"
#include "core/refunds/refundservice.h"
#include "core/security/anomalymonitor.h"
#include "core/security/auditlog.h"
#include "core/security/idlelock.h"
#include "core/security/operatorservice.h"
#include "core/security/privacyservice.h"
#include "core/settings/storesettings.h"
#include "core/storage/settingsstore.h"
#include "core/util/log.h"
#include "core/util/translations.h"
#include "ui/books/syncpanel.h"
#include "ui/cases/casesview.h"
#include "ui/checkout/checkoutview.h"
#include "ui/checkout/customerdisplay.h"
#include "ui/checkout/ordersview.h"
#include "ui/dashboard/dashboardview.h"
#include "ui/mainwindow.h"
#include "ui/onboarding/connectaccountdialog.h"
#include "ui/onboarding/onboardingwizard.h"
#include "ui/onboarding/providersupportdialog.h"
#include "ui/onboarding/signup/signuppages.h"
#include "ui/reconcile/reconciliationview.h"
#include "ui/security/activityfilter.h"
#include "ui/security/logindialog.h"
#include "ui/settingsview.h"

#include <QApplication>
#include <QDialog>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QStatusBar>
#include <QVBoxLayout>

#include <algorithm>

namespace paydesk {

TillController::TillController(AppContext &ctx, Translations &translations, QObject *parent)
    : QObject(parent), m_ctx(ctx), m_translations(translations)
{
}

TillController::~TillController()
{
    if (m_activity)
        qApp->removeEventFilter(m_activity.get());
}

bool TillController::start()
{
    if (!login())
        return false;
    // Retention: personal data older than privacy.retention_months goes, money records stay.
    if (auto purged = m_ctx.privacy().purgeExpired(m_session.operatorName()); !purged.ok())
        qCWarning(lcApp) << "retention purge failed:" << purged.error().message;
    buildWindow();
    startProviders();
    // The shift opens once the window is up and Recovery runs (the float dialog is modal).
    QMetaObject::invokeMethod(
        this, [this] { m_shifts->onLogin(); }, Qt::QueuedConnection);
    // The day's backup, once the till is up (not on its way to the first window).
    m_dailyBackup = std::make_unique<DailyBackup>(m_ctx.backups());
    connect(m_dailyBackup.get(), &DailyBackup::backedUp, this,
            [this](bool ok, const QString &what) {
                if (!ok && m_window)
                    m_window->statusBar()->showMessage(tr("The daily backup failed: %1").arg(what),
                                                       30000);
            });
    m_dailyBackup->start();
    // A till joined to head office sends its books in the background (never on the payment path).
    m_hq->startPush();
    return true;
}

bool TillController::login()
{
    auto operators = m_ctx.operators().list();
    DraftStore drafts(m_ctx.database(), m_ctx.vault(), m_ctx.clock());
    const bool fresh = operators.ok() && operators.value().isEmpty();
    if (fresh)
        return runOnboarding(Session());
    LoginDialog dialog(m_ctx.operators());
    if (dialog.exec() != QDialog::Accepted)
        return false;
    m_session = dialog.session();
    // A first run left midway (quit or cancelled after the owner was made) resumes for the owner.
    if (m_session.isValid() && m_session.role() == Role::Owner &&
        OnboardingWizard::hasUnfinishedDraft(drafts))
        return runOnboarding(m_session);
    return m_session.isValid();
}

ProviderConnector &TillController::connector()
{
    if (!m_connector)
        m_connector = std::make_unique<ProviderConnector>(
            m_ctx.providerRegistry(), m_ctx.database(), m_ctx.vault(), m_ctx.audit(), m_ctx.clock(),
            ProviderEnvironment{&m_ctx.network(), &m_ctx.clock()});
    return *m_connector;
}

const ProviderCatalog *TillController::catalog()
{
    if (!m_catalog) {
        auto loaded = ProviderCatalog::builtin();
        if (!loaded.ok()) {
            qCWarning(lcApp) << loaded.error().message;
            return nullptr;
        }
        m_catalog = std::make_unique<ProviderCatalog>(loaded.value());
    }
    return m_catalog.get();
}

bool TillController::runOnboarding(const Session &resumed)
{
    const ProviderCatalog *providers = catalog();
    if (!providers) {
        QMessageBox::critical(nullptr, tr("Paydesk cannot start"),
                              tr("The provider comparison data is missing from this build."));
        return false;
    }
    DraftStore drafts(m_ctx.database(), m_ctx.vault(), m_ctx.clock());
    onboarding::Services services{
        m_ctx.operators(),
        m_ctx.providerRegistry(),
        *providers,
        drafts,
        connector(),
        [this]() -> Result<QString> {
            PAYDESK_TRY(m_ctx.startProviders());
            const ProviderSetup *setup = m_ctx.providers();
            if (!setup || !setup->isSandbox())
                return Error{QStringLiteral("onboarding.not_sandbox"),
                             tr("A real merchant account is already connected on this till, so "
                                "the sandbox is not used.")};
            const QString id = setup->defaultProvider();
            const ProviderAccount *account = setup->account(id);
            return tr("Practice %1 merchant account %2, at the sandbox %3.")
                .arg(m_ctx.providerRegistry().displayName(id), account ? account->appId : QString(),
                     setup->sandboxBase().toString());
        }};
    OnboardingWizard wizard(services);
    if (resumed.isValid())
        wizard.setSession(resumed);

    // The third way: the signup pages of ui/onboarding/signup. Their partner and micro-deposits
    // are the sandbox's in this build, so the new account lives where the sandbox way does.
    onboarding::SignupRegistry signups;
    onboarding::registerBuiltinSignups(signups);
    onboarding::SignupDraftStore signupDrafts(drafts); // the same draft table, its own key
    ProviderAccountStore accounts(m_ctx.database(), m_ctx.vault(), m_ctx.clock());
    const QUrl sandboxUrl = m_ctx.sandboxUrl();
    const QString environment =
        sandboxUrl.isEmpty()
            ? QStringLiteral("sandbox-embedded")
            : QStringLiteral("sandbox:") + sandboxUrl.toString(QUrl::StripTrailingSlash);
    onboarding::SignupSession *signup = nullptr;
    onboarding::SignupSession::Services signupServices{
        signupDrafts,
        accounts,
        signups,
        &m_ctx.network(),
        m_ctx.clock(),
        environment,
        sandboxUrl,
        [this, &signups, &signup](const QString &provider, QObject *ctx,
                                  std::function<void(Result<onboarding::SignupPartner>)> done) {
            if (auto started = m_ctx.startProviders(); !started.ok())
                return done(started.error());
            const QUrl base = m_ctx.providers()->sandboxBase();
            signup->setSandboxBase(base);
            onboarding::SignupSession::sandboxPartners(signups, &m_ctx.network(),
                                                       base)(provider, ctx, std::move(done));
        }};
    onboarding::SignupSession signupSession(signupServices);
    signup = &signupSession;
    wizard.services().prepareNewAccount = [this, &signupSession]() -> Status {
        PAYDESK_TRY(m_ctx.startProviders());
        if (!m_ctx.providers()->isSandbox())
            return Error{QStringLiteral("onboarding.not_sandbox"),
                         tr("A real merchant account is already connected on this till.")};
        signupSession.setSandboxBase(m_ctx.providers()->sandboxBase());
        return {};
    };
    ui::onboarding::addSignupPages(
        &wizard,
        {&signupSession, [&wizard] { return wizard.chosenProvider(); }, 3000,
         [&wizard](const ProviderAccount &a) { wizard.setLiveAccount(a.provider, a.appId); }});
    (void)ui::onboarding::resumeSignup(signupSession); // loads its draft; the replay finds the page
    // Pages are set up without showing the wizard, so that exec() shows it modal.
    wizard.restart();
    wizard.resume();
    if (wizard.exec() != QDialog::Accepted)
        return false; // the draft stays: the next start resumes
    wizard.clearDraft();
    m_session = wizard.session();
    return m_session.isValid();
}

void TillController::buildWindow()
{
    CheckoutService &checkout = m_ctx.checkout();
    checkout.setCashier(m_session.operatorName());

    m_window = std::make_unique<MainWindow>();
    m_window->setLanguages(Translations::available(), m_translations.current());
    m_window->setLanguageSwitcher([this](const QString &language) {
        const bool ok = m_translations.use(language);
        if (ok)
            (void)m_ctx.settings().setValue(QStringLiteral("ui.language"), language);
        // The settings pages are rebuilt in the new language; checkout and orders retranslate
        // in place so that a payment in progress stays on screen.
        QMetaObject::invokeMethod(
            this,
            [this] {
                rebuildSettingsView();
                updateStatusTexts();
            },
            Qt::QueuedConnection);
        return ok;
    });

    m_checkoutView = new CheckoutView(checkout, m_ctx.orderQueries());
    m_checkoutView->setEnabled(false); // until providers are up and Recovery has run
    m_ordersView = new OrdersView(checkout, m_ctx.orderQueries());
    m_ordersView->setRefunds({&m_ctx.refunds(), &m_ctx.operators(), &m_ctx.storeSettings(),
                              &m_session, &checkout, &m_ctx.orderQueries()});
    connect(&m_ctx.refunds(), &RefundService::refundChanged, this,
            &TillController::onRefundChanged);
    m_window->setViewWidget(MainWindow::View::Checkout, m_checkoutView);
    m_window->setViewWidget(MainWindow::View::Orders, m_ordersView);
    m_dashboardView = new DashboardView(m_ctx.analytics(), m_ctx.anomalies(),
                                        m_ctx.providerRegistry(), &checkout);
    m_dashboardView->setSession(&m_session);
    m_window->setViewWidget(MainWindow::View::Dashboard, m_dashboardView);
    m_casesView = new CasesView(m_ctx.caseDesk(), m_ctx.orderQueries(), m_ctx.providerRegistry());
    m_casesView->setSession(&m_session);
    m_casesView->setRefunds({&m_ctx.refunds(), &m_ctx.operators(), &m_ctx.storeSettings(),
                             &m_session, &checkout, &m_ctx.orderQueries()},
                            m_ctx.caseDesk().refunder());
    m_window->setViewWidget(MainWindow::View::Cases, m_casesView);
    m_reconciliation = std::make_unique<ReconciliationService>(
        m_ctx.database(), m_ctx.ledger(), m_ctx.audit(), m_ctx.settings(), m_ctx.clock());
    m_reconciliation->setCaseScanner([this](const QStringList &outTradeNos) {
        logIfFailed(
            m_ctx.caseDesk().detector().scanOrders(outTradeNos, QStringLiteral("reconciliation")),
            lcApp(), "case scan after reconciliation");
    });
    ReconciliationSource source;
    // Showing a day reconciles every provider with a statement for it first (a closed day is
    // not re-run), so the view is never older than the statements.
    source.load = [this](QDate day) -> Result<DayReport> {
        auto providers = m_reconciliation->providersWithStatement(day);
        if (!providers.ok())
            return providers.error();
        for (const QString &provider : providers.value())
            if (auto run = m_reconciliation->reconcile(provider, day); !run.ok())
                return run.error();
        auto report = DayReportBuilder(m_ctx.database(), m_reconciliation->store())
                          .build(day, m_ctx.storeName());
        if (report.ok())
            for (const QString &id : m_ctx.providerRegistry().ids())
                report.value().providerNames.insert(id, m_ctx.providerRegistry().displayName(id));
        return report;
    };
    source.resolve = [this](qint64 id, const QString &reason, const Session &by) -> Status {
        auto done = m_reconciliation->resolve(id, reason, by);
        if (!done.ok())
            return done.error();
        return {};
    };
    source.signOff = [this](QDate day, const Session &by) -> Status {
        auto done = m_reconciliation->signOff(day, by);
        if (!done.ok())
            return done.error();
        return {};
    };
    m_reconciliationView = new ReconciliationView(std::move(source));
    m_reconciliationView->setSession(&m_session);
    m_reconciliationView->setOperators(&m_ctx.operators());
    auto *syncPanel = new SyncPanel(m_ctx.statementSync(), m_ctx.statements(),
                                    m_ctx.providerRegistry(), &m_ctx.settlement());
    syncPanel->setDay(m_reconciliationView->day());
    connect(m_reconciliationView, &ReconciliationView::dayChanged, syncPanel, &SyncPanel::setDay);
    m_reconciliationView->setSyncPanel(syncPanel);
    m_window->setViewWidget(MainWindow::View::Reconciliation, m_reconciliationView);
    rebuildSettingsView();
    connect(m_window.get(), &MainWindow::viewChanged, this, [this](MainWindow::View view) {
        if (view == MainWindow::View::Orders && m_ordersView)
            m_ordersView->refresh();
        if (view == MainWindow::View::Cases && m_casesView)
            m_casesView->refresh();
        if (view == MainWindow::View::Reconciliation && m_reconciliationView)
            m_reconciliationView->reload();
    });
    connect(m_window.get(), &MainWindow::lockRequested, this, &TillController::lock);
    connect(m_checkoutView, &CheckoutView::salePaid, this, &TillController::printReceipt);
    connect(&checkout, &CheckoutService::orderFinished, this, &TillController::onOrderFinished);
    connect(&m_ctx.anomalies(), &AnomalyMonitor::alertRaised, this, [this](const Alert &alert) {
        m_window->statusBar()->showMessage(tr("Alert: %1").arg(alert.message), 15000);
    });

    // The hotlines and support links of the first-run comparison stay at hand.
    QAction *support = m_window->helpMenu()->addAction(QString());
    support->setObjectName(QStringLiteral("providerSupportAction"));
    connect(support, &QAction::triggered, this, [this] {
        if (const ProviderCatalog *providers = catalog()) {
            ProviderSupportDialog dialog(*providers, m_ctx.providerRegistry(), m_window.get());
            dialog.exec();
        }
    });

    // Books → Sync statements… (the Reconciliation view embeds the same panel).
    QMenu *books = m_window->menuBar()->addMenu(QString());
    books->setObjectName(QStringLiteral("booksMenu"));
    QAction *syncStatements = books->addAction(QString());
    syncStatements->setObjectName(QStringLiteral("syncStatementsAction"));
    connect(syncStatements, &QAction::triggered, this, &TillController::showSyncPanel);

    m_customerDisplay = std::make_unique<CustomerDisplay>(checkout);
    m_customerDisplay->showOnBestScreen();

    m_idleLock = std::make_unique<IdleLock>(m_ctx.clock(), m_ctx.storeSettings().idleLockMinutes());
    connect(&m_ctx.storeSettings(), &StoreSettings::changed, this, &TillController::applySettings);
    m_activity = std::make_unique<ActivityFilter>(*m_idleLock);
    m_activity->setSession(&m_session);
    qApp->installEventFilter(m_activity.get());
    connect(m_idleLock.get(), &IdleLock::idleTimeout, this, &TillController::lock);
    m_idleLock->start();

    updateStatusTexts();
    if (const QScreen *screen = QGuiApplication::primaryScreen())
        m_window->resize(screen->availableGeometry().size()); // also without a window manager
    m_window->showMaximized();
    m_window->activateWindow();
    m_shifts = std::make_unique<ShiftController>(m_ctx, m_session, *m_window);
    m_hq = new HqController(m_ctx, *m_window);
    rebuildSettingsView();
}

void TillController::startProviders()
{
    m_window->statusBar()->showMessage(tr("Connecting to the payment provider…"));
    if (auto started = m_ctx.startProviders(); !started.ok()) {
        QMessageBox::critical(
            m_window.get(), tr("Payment provider unavailable"),
            tr("Paydesk cannot reach the payment provider, so it cannot take wallet "
               "payments right now. Orders and settings still work.\n\n%1")
                .arg(started.error().message));
        m_window->statusBar()->showMessage(tr("Payment provider unavailable"));
        return;
    }
    m_providersReady = true;
    // Yesterday's statements each morning, and any day missed while the till was off.
    m_syncScheduler =
        std::make_unique<SyncScheduler>(m_ctx.statementSync(), m_ctx.settings(), m_ctx.clock());
    connect(&m_ctx.statementSync(), &SyncService::finished, this, [this](const SyncOutcome &o) {
        if (!o.ok() && !o.cancelled && m_window)
            m_window->statusBar()->showMessage(
                tr("Some provider statements could not be synced: Books → Sync statements…"),
                15000);
        else if (m_window && std::any_of(o.settlement.cbegin(), o.settlement.cend(),
                                         [](const SettlementStatus &s) { return s.flagged(); }))
            m_window->statusBar()->showMessage(
                tr("A payout to the bank is late or short: Books → Sync statements…"), 15000);
    });
    m_syncScheduler->start();
    rebuildSettingsView();
    updateStatusTexts();
    runRecovery();
}

void TillController::rebuildSettingsView()
{
    ProviderInfo info;
    if (ProviderSetup *setup = m_ctx.providers()) {
        const QString id = setup->defaultProvider();
        const ProviderAccount *account = setup->account(id);
        info = {setup->environment(), account ? account->appId : QString(),
                account ? account->gateway.toString() : QString(),
                m_ctx.providerRegistry().displayName(id)};
    }
    m_settingsView = new SettingsView(m_ctx.storeSettings(), m_ctx.operators(), m_ctx.audit(),
                                      m_ctx.anomalies(), info);
    m_settingsView->setSession(&m_session);
    if (m_shifts)
        m_shifts->addSettingsPage(*m_settingsView);
    m_settingsView->setConnectAccount([this] {
        ConnectAccountDialog dialog(m_ctx.providerRegistry(), connector(), m_session,
                                    m_window.get());
        dialog.exec();
    });
    m_settingsView->setPrivacy(&m_ctx.privacy(), [this](const QString &outTradeNo) {
        auto order = m_ctx.orderQueries().byOutTradeNo(outTradeNo);
        return order.ok() && order.value() ? order.value()->payerHash : QString();
    });
    m_window->setViewWidget(MainWindow::View::Settings,
                            m_settingsView); // replaces (and deletes) the old one
}

void TillController::runRecovery()
{
    m_window->statusBar()->showMessage(tr("Checking unfinished payments before taking new ones…"));
    auto *recovery = new Recovery(m_ctx.database(), m_ctx.checkout(), m_ctx.clock(), this);
    recovery->run([this, recovery](const RecoveryReport &report) {
        recovery->deleteLater();
        // Late payments Recovery found become cases (docs/CASES.md).
        logIfFailed(m_ctx.caseDesk().detector().scanAll(QStringLiteral("recovery")), lcApp(),
                    "duplicate-charge scan after recovery");
        if (CaseRefunder *refunder = m_ctx.caseDesk().refunder())
            refunder->refresh();
        if (m_checkoutView) {
            m_checkoutView->setEnabled(true);
            m_checkoutView->setFocus();
        }
        m_window->statusBar()->showMessage(
            report.stillOpen > 0 ? tr("%n earlier payment(s) still being checked; see Orders.",
                                      nullptr, report.stillOpen)
                                 : tr("Ready. %n unfinished payment(s) resolved.", nullptr,
                                      int(report.resolved.size())),
            10000);
        if (m_ordersView)
            m_ordersView->refresh();
    });
    // Refunds a crash left decided or in flight are sent / followed until final (outbox).
    m_ctx.refunds().resumeOutbox([this](int finished, int stillOpen) {
        if (m_window && (finished > 0 || stillOpen > 0))
            m_window->statusBar()->showMessage(
                tr("Unfinished refunds: %1 finished, %2 still being checked.")
                    .arg(finished)
                    .arg(stillOpen),
                10000);
    });
}

void TillController::onRefundChanged(const RefundRecord &refund)
{
    if (refund.status != u"SUCCESS")
        return;
    auto order = m_ctx.orderQueries().select(QStringLiteral("id = ?"), {refund.orderId});
    if (!order.ok() || order.value().isEmpty())
        return;
    const QString spec = m_ctx.storeSettings().receiptPrinter();
    auto target = PrinterTarget::parse(spec);
    if (spec.isEmpty() || !target.ok())
        return; // no receipt printer: the refund dialog saves the receipt as a PDF
    const Order &o = order.value().first();
    const QByteArray bytes = EscPosEncoder().encode(refundReceipt(
        o, refund, m_ctx.storeName(), m_ctx.providerRegistry().displayName(o.provider)));
    auto *printer = new ReceiptPrinter(m_ctx.clock(), this);
    printer->send(bytes, target.value(), [this, printer](const Status &status) {
        printer->deleteLater();
        if (!status.ok() && m_window)
            m_window->statusBar()->showMessage(
                tr("Receipt printer: %1").arg(status.error().message), 15000);
    });
}

void TillController::lock()
{
    if (m_locked)
        return;
    m_locked = true;
    m_idleLock->stop();
    (void)m_ctx.audit().append(QStringLiteral("till.locked"), m_session.operatorName());
    LockScreen screen(m_ctx.operators(), m_session.operatorName(), m_window.get());
    screen.exec();
    if (screen.session().isValid()) {
        m_session = screen.session();
        m_ctx.checkout().setCashier(m_session.operatorName());
        m_settingsView->setSession(&m_session);
        if (m_dashboardView)
            m_dashboardView->setSession(&m_session);
        updateStatusTexts();
        m_shifts->onLogin();
    }
    m_locked = false;
    m_idleLock->start();
}

void TillController::applySettings()
{
    m_idleLock->setIdleMinutes(m_ctx.storeSettings().idleLockMinutes());
    updateStatusTexts();
}

void TillController::onOrderFinished(const OrderSnapshot &s)
{
    PaymentEvent event;
    event.amountMinor = s.amount.minor();
    event.cashier = m_session.operatorName();
    event.reference = s.outTradeNo;
    switch (s.status) {
    case OrderStatus::Paid:
        event.kind = PaymentEvent::Kind::Paid;
        break;
    case OrderStatus::Failed:
        event.kind = s.reason == FailureReason::CodeExpiredOrInvalid
                         ? PaymentEvent::Kind::CodeFailed
                         : PaymentEvent::Kind::Failed;
        break;
    case OrderStatus::Closed:
        if (s.kind != OrderKind::Code)
            return; // an unpaid QR that expired or was closed is no anomaly
        event.kind = PaymentEvent::Kind::Reversal;
        break;
    default:
        return;
    }
    m_ctx.anomalies().observe(event);
}

void TillController::printReceipt(const QString &outTradeNo)
{
    const QString spec = m_ctx.storeSettings().receiptPrinter();
    if (spec.isEmpty())
        return; // no receipt printer: receipts are printed or saved as PDF from Orders
    auto target = PrinterTarget::parse(spec);
    auto order = m_ctx.orderQueries().byOutTradeNo(outTradeNo);
    if (!target.ok() || !order.ok() || !order.value())
        return;
    const QByteArray bytes = EscPosEncoder().encode(
        ReceiptData::fromOrder(*order.value(), m_ctx.storeName(),
                               m_ctx.providerRegistry().displayName(order.value()->provider)));
    auto *printer = new ReceiptPrinter(m_ctx.clock(), this);
    printer->send(bytes, target.value(), [this, printer](const Status &status) {
        printer->deleteLater();
        if (!status.ok() && m_window)
            m_window->statusBar()->showMessage(
                tr("Receipt printer: %1").arg(status.error().message), 15000);
    });
}

void TillController::updateStatusTexts()
{
    if (!m_window)
        return;
    if (QAction *support =
            m_window->helpMenu()->findChild<QAction *>(QStringLiteral("providerSupportAction")))
        support->setText(tr("Payment provider support…"));
    if (auto *books = m_window->menuBar()->findChild<QMenu *>(QStringLiteral("booksMenu"))) {
        books->setTitle(tr("&Books"));
        if (auto *sync = books->findChild<QAction *>(QStringLiteral("syncStatementsAction")))
            sync->setText(tr("Sync statements…"));
    }
    m_window->setOperatorText(
        tr("Operator: %1 (%2)").arg(m_session.operatorName(), roleDisplayName(m_session.role())));
    const ProviderSetup *setup = m_ctx.providers();
    const QString name =
        setup ? m_ctx.providerRegistry().displayName(setup->defaultProvider()) : QString();
    m_window->setProviderText(!setup               ? tr("Provider: not connected")
                              : setup->isSandbox() ? tr("%1 — SANDBOX, no real money").arg(name)
                                                   : tr("%1 — live").arg(name));
}

void TillController::showSyncPanel()
{
    QDialog dialog(m_window.get());
    dialog.setObjectName(QStringLiteral("syncDialog"));
    dialog.setWindowTitle(tr("Sync statements"));
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new SyncPanel(m_ctx.statementSync(), m_ctx.statements(),
                                    m_ctx.providerRegistry(), &m_ctx.settlement(), &dialog));
    dialog.resize(680, 360);
    dialog.exec();
}

} // namespace paydesk
