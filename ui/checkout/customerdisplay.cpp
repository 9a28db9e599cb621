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
}

void CustomerDisplay::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        setWindowTitle(tr("Customer display"));
    QWidget::changeEvent(event);
}

} // namespace paydesk
