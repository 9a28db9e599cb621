#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace paydesk {

class OperatorService;
class Session;

/// Two-factor set-up for the logged-in operator: shows the otpauth:// QR code and the secret,
/// takes a first code to confirm, then shows the one-time recovery codes once.
class TotpEnrollDialog : public QDialog
{
    Q_OBJECT
public:
    TotpEnrollDialog(OperatorService &operators, Session &session, QWidget *parent = nullptr);

    QString otpauthUri() const { return m_uri; }
    QStringList recoveryCodes() const { return m_codes; }

private:
    void confirm();

    OperatorService &m_operators;
    Session &m_session;
    QString m_uri;
    QStringList m_codes;
    QLabel *m_qr;
    QLabel *m_secret;
    QLineEdit *m_code;
    QLabel *m_error;
    QPushButton *m_confirm;
    QPlainTextEdit *m_recovery;
};

} // namespace paydesk
