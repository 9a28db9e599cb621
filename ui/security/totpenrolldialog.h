#pragma once

#include <QDialog>

namespace paydesk {

class OperatorService;
class Session;
class TotpEnrollWidget;

/// Two-factor set-up for the logged-in operator in a dialog (TotpEnrollWidget): the
/// otpauth:// QR code and the secret, a first code to confirm, then the recovery codes once.
class TotpEnrollDialog : public QDialog
{
    Q_OBJECT
public:
    TotpEnrollDialog(OperatorService &operators, Session &session, QWidget *parent = nullptr);

    QString otpauthUri() const;
    QStringList recoveryCodes() const;

private:
    TotpEnrollWidget *m_widget;
};

} // namespace paydesk
