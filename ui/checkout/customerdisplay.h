#pragma once

#include "core/cases/customerhelp.h"
#include "core/checkout/checkoutservice.h"

#include <QWidget>

class QLabel;

namespace paydesk {

/// The customer-facing window: amount, QR and what to do, mirrored from CheckoutService.
/// A separate top-level window, placed full screen on the second screen when there is one.
class CustomerDisplay : public QWidget
{
    Q_OBJECT
public:
    explicit CustomerDisplay(CheckoutService &service, QWidget *parent = nullptr);

    /// Shows the window: full screen on the second screen when
    /// QGuiApplication::screens().size() > 1, otherwise as a normal window.
    void showOnBestScreen();
    /// True when showOnBestScreen() found a second screen.
    bool onSecondScreen() const { return m_onSecondScreen; }

public slots:
    void showSnapshot(const paydesk::OrderSnapshot &snapshot);
    void showIdle();
    /// After a refund: what happens next and a safety tip, in both languages. \a processing:
    /// the provider has the refund but the money is not back yet.
    void showRefund(const paydesk::Money &amount, const QString &walletName, bool processing);

protected:
    void changeEvent(QEvent *event) override;

private:
    /// Shows \a situation's help in the till's language and, below it, in the other one.
    void showHelp(CustomerHelp::Situation situation, const Money &amount, const QString &wallet);

    CheckoutService &m_service;
    QLabel *m_storeLabel = nullptr;
    QLabel *m_amountLabel = nullptr;
    QLabel *m_qrLabel = nullptr;
    QLabel *m_statusLabel = nullptr;
    QLabel *m_helpLabel = nullptr;
    QString m_current;
    bool m_onSecondScreen = false;
};

} // namespace paydesk
