#include "ui/mainwindow.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace paydesk {

namespace {
QString languageName(const QString &code)
{
    // Each language is named in itself so a person who cannot read the current one finds theirs.
    if (code == u"zh_CN")
        return QStringLiteral("中文（简体）");
    if (code == u"en")
        return QStringLiteral("English");
    return code;
}
} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    resize(1200, 760);

    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_navigation = new QListWidget(central);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setFixedWidth(190);
    m_navigation->setStyleSheet(QStringLiteral(
        "QListWidget { background: #1f2a36; color: #e8edf2; border: none; font-size: 15px; "
        "padding-top: 12px;"
        " outline: 0; show-decoration-selected: 1; }"
        "QListWidget::item { padding: 12px 16px; border: none; }"
        "QListWidget::item:!selected { padding: 12px 16px; }"
        "QListWidget::item:selected { background: #2f6fdf; color: white; padding: 12px 16px; }"));
    m_stack = new QStackedWidget(central);
    m_stack->setObjectName(QStringLiteral("views"));
    layout->addWidget(m_navigation);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    for (int i = 0; i < kViewCount; ++i) {
        auto *item = new QListWidgetItem(m_navigation);
        item->setData(Qt::UserRole, i);
        QWidget *placeholder = makePlaceholder(View(i));
        m_views[i] = placeholder;
        m_placeholder[i] = true;
        m_stack->addWidget(placeholder);
    }
    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        m_stack->setCurrentIndex(row);
        emit viewChanged(View(row));
    });

    auto *toolbar = addToolBar(QString());
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    m_lockAction = toolbar->addAction(QString());
    m_lockAction->setObjectName(QStringLiteral("lockAction"));
    m_lockAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_lockAction, &QAction::triggered, this, &MainWindow::lockRequested);
    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    m_languageLabel = new QLabel(toolbar);
    toolbar->addWidget(m_languageLabel);
    m_language = new QComboBox(toolbar);
    m_language->setObjectName(QStringLiteral("languageCombo"));
    toolbar->addWidget(m_language);
    m_helpMenu = new QMenu(this);
    m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_help = new QToolButton(toolbar);
    m_help->setObjectName(QStringLiteral("helpButton"));
    m_help->setMenu(m_helpMenu);
    m_help->setPopupMode(QToolButton::InstantPopup);
    toolbar->addWidget(m_help);
    connect(m_language, &QComboBox::activated, this, [this](int index) {
        const QString code = m_language->itemData(index).toString();
        if (m_switchLanguage)
            m_switchLanguage(code);
    });

    m_operator = new QLabel(this);
    m_operator->setObjectName(QStringLiteral("operatorLabel"));
    m_provider = new QLabel(this);
    m_provider->setObjectName(QStringLiteral("providerLabel"));
    // Permanent: who is logged in and where the money goes stay visible under status messages.
    statusBar()->addPermanentWidget(m_operator);
    statusBar()->addPermanentWidget(m_provider);

    retranslateUi();
    m_navigation->setCurrentRow(0);
}

void MainWindow::setViewWidget(View view, QWidget *widget)
{
    const int i = int(view);
    QWidget *old = m_views[i];
    const bool wasCurrent = m_stack->currentIndex() == i;
    m_stack->insertWidget(i, widget);
    if (old) {
        m_stack->removeWidget(old);
        old->deleteLater();
    }
    m_views[i] = widget;
    m_placeholder[i] = false;
    if (wasCurrent)
        m_stack->setCurrentIndex(i);
}

QWidget *MainWindow::viewWidget(View view) const
{
    return m_views[int(view)];
}

void MainWindow::showView(View view)
{
    m_navigation->setCurrentRow(int(view));
}

MainWindow::View MainWindow::currentView() const
{
    return View(m_stack->currentIndex());
}

void MainWindow::setLanguages(const QStringList &languages, const QString &current)
{
    const QSignalBlocker blocker(m_language);
    m_language->clear();
    for (const QString &code : languages) {
        m_language->addItem(languageName(code), code);
        if (code == current)
            m_language->setCurrentIndex(m_language->count() - 1);
    }
}

void MainWindow::setLanguageSwitcher(std::function<bool(const QString &)> switcher)
{
    m_switchLanguage = std::move(switcher);
}

void MainWindow::setOperatorText(const QString &text)
{
    m_operator->setText(text);
}

void MainWindow::setProviderText(const QString &text)
{
    m_provider->setText(text);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

QString MainWindow::titleOf(View view)
{
    switch (view) {
    case View::Checkout:
        return tr("Checkout");
    case View::Orders:
        return tr("Orders");
    case View::Cases:
        return tr("Cases & refunds");
    case View::Reconciliation:
        return tr("Reconciliation");
    case View::Dashboard:
        return tr("Dashboard");
    case View::Settings:
        return tr("Settings");
    }
    return {};
}

QString MainWindow::placeholderTextOf(View view)
{
    switch (view) {
    case View::Cases:
        return tr("Refunds, duplicate charges and the customer issue log are not part of this "
                  "version yet. Use the Orders view to find a payment.");
    case View::Reconciliation:
        return tr("Daily reconciliation against the provider's statement is not part of this "
                  "version yet.");
    case View::Dashboard:
        return tr("Sales analytics are not part of this version yet.");
    default:
        return tr("This area is not available in this version.");
    }
}

QWidget *MainWindow::makePlaceholder(View view)
{
    auto *page = new QWidget;
    page->setObjectName(QStringLiteral("placeholder%1").arg(int(view)));
    auto *layout = new QVBoxLayout(page);
    auto *title = new QLabel(page);
    title->setObjectName(QStringLiteral("placeholderTitle"));
    title->setStyleSheet(QStringLiteral("font-size: 22px; font-weight: 600;"));
    auto *text = new QLabel(page);
    text->setObjectName(QStringLiteral("placeholderText"));
    text->setWordWrap(true);
    text->setStyleSheet(QStringLiteral("color: #555; font-size: 14px;"));
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addStretch(1);
    layout->setContentsMargins(32, 32, 32, 32);
    return page;
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("Paydesk — cashier"));
    for (int i = 0; i < kViewCount; ++i) {
        m_navigation->item(i)->setText(titleOf(View(i)));
        if (m_placeholder[i] && m_views[i]) {
            if (auto *t = m_views[i]->findChild<QLabel *>(QStringLiteral("placeholderTitle")))
                t->setText(titleOf(View(i)));
            if (auto *t = m_views[i]->findChild<QLabel *>(QStringLiteral("placeholderText")))
                t->setText(placeholderTextOf(View(i)));
        }
    }
    m_lockAction->setText(tr("Lock till"));
    m_lockAction->setToolTip(tr("Lock the till (Ctrl+L)"));
    m_languageLabel->setText(tr("Language:") + QLatin1Char(' '));
    m_help->setText(tr("Help"));
}

} // namespace paydesk
