#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace paydesk {

class OperatorService;
class Session;

/// Two-factor set-up for the logged-in operator, as a widget (the enrolment dialog and the
/// first-run wizard's owner page both show it): the otpauth:// QR code and the secret, a
/// first code that must verify, then the one-time recovery codes, shown once.
class TotpEnrollWidget : public QWidget
{
    Q_OBJECT
public:
    TotpEnrollWidget(OperatorService &operators, Session &session, QWidget *parent = nullptr);

    /// Starts (or restarts) the enrolment: a new secret and QR. False when it cannot start
    /// (the reason is shown).
    bool begin();

    QString otpauthUri() const { return m_uri; }
    QStringList recoveryCodes() const { return m_codes; }
    bool isEnrolled() const { return !m_codes.isEmpty(); }
    QString errorText() const;

signals:
    void enrolled(const QStringList &recoveryCodes);

private:
    void confirm();

    OperatorService &m_operators;
    Session &m_session;
    QString m_uri;
    QStringList m_codes;
    QLabel *m_intro;
    QLabel *m_qr;
    QLabel *m_secret;
    QLineEdit *m_code;
    QLabel *m_error;
    QPushButton *m_confirm;
    QPlainTextEdit *m_recovery;
};

} // namespace paydesk
