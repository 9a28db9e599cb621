#include "ui/checkout/customerdisplay.h"

#include "core/util/qrcode.h"

#include <QEvent>
#include <QGuiApplication>
#include <QLabel>
#include <QPixmap>
#include <QScreen>
#include <QVBoxLayout>

namespace paydesk {

CustomerDisplay::CustomerDisplay(CheckoutService &service, QWidget *parent)
    : QWidget(parent, Qt::Window), m_service(service)
{
    setObjectName(QStringLiteral("customerDisplay"));
    setWindowTitle(tr("Customer display"));
    auto *layout = new QVBoxLayout(this);
    m_storeLabel = new QLabel(service.config().storeName, this);
    m_storeLabel->setObjectName(QStringLiteral("customerStoreLabel"));
    m_storeLabel->setAlignment(Qt::AlignCenter);
    QFont f = m_storeLabel->font();
    f.setPointSizeF(f.pointSizeF() * 1.8);
    m_storeLabel->setFont(f);
    m_amountLabel = new QLabel(this);
    m_amountLabel->setObjectName(QStringLiteral("customerAmountLabel"));
    m_amountLabel->setAlignment(Qt::AlignCenter);
    f.setPointSizeF(f.pointSizeF() * 2.2);
    f.setBold(true);
    m_amountLabel->setFont(f);
    m_qrLabel = new QLabel(this);
    m_qrLabel->setObjectName(QStringLiteral("customerQrLabel"));
    m_qrLabel->setAlignment(Qt::AlignCenter);
    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("customerStatusLabel"));
    m_statusLabel->setAlignment(Qt::AlignCenter);
    m_statusLabel->setWordWrap(true);
    QFont sf = m_statusLabel->font();
    sf.setPointSizeF(sf.pointSizeF() * 1.6);
    m_statusLabel->setFont(sf);
    layout->addWidget(m_storeLabel);
    layout->addWidget(m_amountLabel);
    layout->addWidget(m_qrLabel, 1);
    layout->addWidget(m_statusLabel);
    m_helpLabel = new QLabel(this);
    m_helpLabel->setObjectName(QStringLiteral("customerHelpLabel"));
    m_helpLabel->setAlignment(Qt::AlignCenter);
    m_helpLabel->setWordWrap(true);
    m_helpLabel->setTextFormat(Qt::RichText);
    QFont hf = m_helpLabel->font();
    hf.setPointSizeF(hf.pointSizeF() * 1.3);
    m_helpLabel->setFont(hf);
    m_helpLabel->hide();
    layout->addWidget(m_helpLabel);
    connect(&service, &CheckoutService::orderUpdated, this, &CustomerDisplay::showSnapshot);
    showIdle();
}

void CustomerDisplay::showOnBestScreen()
{
    const auto screens = QGuiApplication::screens();
    m_onSecondScreen = screens.size() > 1;
    if (m_onSecondScreen) {
        QScreen *second = screens.at(1);
        setScreen(second);
        setGeometry(second->geometry());
        showFullScreen();
    } else {
        show();
    }
}

void CustomerDisplay::showIdle()
{
    m_storeLabel->setText(m_service.config().storeName);
    m_current.clear();
    m_amountLabel->clear();
    m_qrLabel->clear();
    m_statusLabel->setText(tr("Welcome"));
    m_helpLabel->clear();
    m_helpLabel->hide();
}

void CustomerDisplay::showHelp(CustomerHelp::Situation situation, const Money &amount,
                               const QString &wallet)
{
    const QString current =
        locale().language() == QLocale::Chinese ? QStringLiteral("zh_CN") : QStringLiteral("en");
    const CustomerHelp::Text here = CustomerHelp::text(situation, amount, wallet);
    const CustomerHelp::Text other =
        CustomerHelp::textIn(CustomerHelp::otherLanguage(current), situation, amount, wallet);
    QString html = QStringLiteral("<p>%1</p><p><i>%2</i></p>")
                       .arg(here.nextStep.toHtmlEscaped(), here.safetyTip.toHtmlEscaped());
    if (other.nextStep != here.nextStep)
        html += QStringLiteral("<p style=\"color:#666\">%1<br><i>%2</i></p>")
                    .arg(other.nextStep.toHtmlEscaped(), other.safetyTip.toHtmlEscaped());
    m_helpLabel->setText(html);
    m_helpLabel->show();
}

void CustomerDisplay::showRefund(const Money &amount, const QString &walletName, bool processing)
{
    m_current.clear();
    m_storeLabel->setText(m_service.config().storeName);
    m_amountLabel->setText(amount.format(locale()));
    m_qrLabel->clear();
    m_qrLabel->setProperty("qrText", QString());
    m_statusLabel->setText(processing ? tr("Refund requested") : tr("Refunded"));
    showHelp(processing ? CustomerHelp::Situation::RefundProcessing
                        : CustomerHelp::Situation::Refunded,
             amount, walletName);
}

void CustomerDisplay::showSnapshot(const OrderSnapshot &s)
{
    if (!m_current.isEmpty() && s.outTradeNo != m_current && !s.isOpen())
        return; // an older attempt finishing behind the current one
    m_storeLabel->setText(m_service.config().storeName);
    m_current = s.outTradeNo;
    m_amountLabel->setText(s.amount.format(locale()));
    const bool showQr = s.isOpen() && !s.qrCode.isEmpty() && s.kind != OrderKind::Code;
    if (showQr) {
        if (m_qrLabel->property("qrText").toString() != s.qrCode) {
            m_qrLabel->setPixmap(QPixmap::fromImage(renderQrCode(s.qrCode, 10)));
            m_qrLabel->setProperty("qrText", s.qrCode);
        }
    } else {
        m_qrLabel->clear();
        m_qrLabel->setProperty("qrText", QString());
    }
    QString text = s.customerAdvice;
    if (s.changeMinor)
        text = tr("Your change: %1")
                   .arg(Money::fromMinor(*s.changeMinor, s.amount.currency()).format(locale()));
    m_statusLabel->setText(text);
    if (s.status == OrderStatus::Failed)
        showHelp(CustomerHelp::Situation::PaymentFailed, s.amount,
                 m_service.walletName(s.provider));
    else
        m_helpLabel->hide();
}

void CustomerDisplay::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        setWindowTitle(tr("Customer display"));
    QWidget::changeEvent(event);
}

} // namespace paydesk
