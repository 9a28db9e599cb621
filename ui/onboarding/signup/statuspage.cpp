#include "ui/onboarding/signup/statuspage.h"

#include "core/util/qrcode.h"
#include "ui/onboarding/pageids.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <QWizard>

namespace paydesk::ui::onboarding {

using namespace paydesk::onboarding;

StatusPage::StatusPage(SignupSession &session, int pollMs, QWidget *parent)
    : SignupPage(session, paydesk::onboarding::StatusPage, parent)
{
    setTitle(tr("Application status"));
    setSubTitle(tr("Paydesk asks the provider every few seconds. You may close Paydesk: it "
                   "picks up here next time."));
    auto *column = new QVBoxLayout(this);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("stateLabel"));
    m_state->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: bold;"));
    m_detail = new QLabel(this);
    m_detail->setObjectName(QStringLiteral("statusDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::RichText);
    m_qr = new QLabel(this);
    m_qr->setObjectName(QStringLiteral("confirmQr"));
    m_qr->setAlignment(Qt::AlignCenter);
    m_link = new QLabel(this);
    m_link->setObjectName(QStringLiteral("confirmUrl"));
    m_link->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_link->setOpenExternalLinks(true);
    m_link->setAlignment(Qt::AlignCenter);
    auto *buttons = new QHBoxLayout;
    m_fix = new QPushButton(tr("Fix and send again"), this);
    m_fix->setObjectName(QStringLiteral("fixButton"));
    m_check = new QPushButton(tr("Check now"), this);
    m_check->setObjectName(QStringLiteral("refreshButton"));
    buttons->addWidget(m_fix);
    buttons->addStretch();
    buttons->addWidget(m_check);
    column->addWidget(m_state);
    column->addWidget(m_detail);
    column->addWidget(m_qr);
    column->addWidget(m_link);
    column->addStretch();
    column->addLayout(buttons);
    m_timer = new QTimer(this);
    m_timer->setInterval(pollMs);
    connect(m_timer, &QTimer::timeout, this, &StatusPage::poll);
    connect(m_check, &QPushButton::clicked, this, &StatusPage::poll);
    connect(m_fix, &QPushButton::clicked, this, [this] {
        const auto &rejections = m_session.application().rejections;
        emit fixRequested(rejections.isEmpty() ? QString() : rejections.first().field);
    });
}

int StatusPage::nextId() const
{
    return wizard() && wizard()->page(FinishedPage) ? int(FinishedPage) : -1;
}

void StatusPage::load()
{
    m_live = false;
    show();
    m_timer->start();
    QTimer::singleShot(0, this, &StatusPage::poll);
}

void StatusPage::cleanupPage()
{
    m_timer->stop();
}

void StatusPage::poll()
{
    const ApplicationState s = m_session.application().state;
    if (m_busy || m_live || s == ApplicationState::Rejected || s == ApplicationState::Draft ||
        s == ApplicationState::Cancelled)
        return;
    if (s == ApplicationState::Finished)
        return activate();
    m_busy = true;
    m_session.refresh([this](Status done) {
        m_busy = false;
        if (!done.ok())
            m_detail->setText(done.error().message.toHtmlEscaped());
        else
            show();
        if (m_session.application().state == ApplicationState::Finished)
            activate();
    });
}

void StatusPage::show()
{
    const MerchantApplication &a = m_session.application();
    m_state->setText(m_live ? tr("The till is live") : ApplicationTexts::stateText(a.state));
    m_fix->setVisible(a.state == ApplicationState::Rejected);
    m_check->setVisible(!m_live);
    const bool confirm =
        a.state == ApplicationState::AwaitingConfirmation && !a.confirmUrl.isEmpty();
    m_qr->setVisible(confirm);
    m_link->setVisible(confirm);
    if (confirm) {
        const QPixmap qr = QPixmap::fromImage(renderQrCode(a.confirmUrl, 5));
        m_qr->setPixmap(qr);
        m_qr->setMinimumSize(qr.size());
        m_link->setText(QStringLiteral("<a href=\"%1\">%1</a>").arg(a.confirmUrl.toHtmlEscaped()));
    }
    QString detail;
    if (a.state == ApplicationState::Rejected) {
        detail = tr("The provider's reasons:") + QStringLiteral("<ul>");
        for (const Rejection &r : a.rejections)
            detail += QStringLiteral("<li><b>%1</b>: %2</li>")
                          .arg(ApplicationTexts::fieldName(r.field).toHtmlEscaped(),
                               r.reason.toHtmlEscaped());
        detail += QStringLiteral("</ul>");
    } else if (confirm) {
        detail = tr("The legal representative scans this code with their phone and confirms.");
    } else if (m_live) {
        detail = tr("Merchant account %1 is set up on this till; its private key never left "
                    "this PC.")
                     .arg(a.merchantId.toHtmlEscaped());
    } else if (a.state == ApplicationState::Finished) {
        detail = tr("Setting up the till's keys…");
    }
    m_detail->setText(detail);
}

void StatusPage::activate()
{
    if (m_busy || m_live)
        return;
    m_busy = true;
    show();
    m_session.activate([this](Result<ProviderAccount> account) {
        m_busy = false;
        if (!account.ok()) {
            m_detail->setText(account.error().message.toHtmlEscaped());
            return;
        }
        m_live = true;
        m_timer->stop();
        show();
        emit completeChanged();
        emit live(account.value());
    });
}

} // namespace paydesk::ui::onboarding
