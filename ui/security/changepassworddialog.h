#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace paydesk {

class OperatorService;
class PasswordStrengthMeter;
class Session;

/// The logged-in operator changes their own password (current + new twice, live strength).
/// LoginDialog opens it by itself when an owner reset the password or it is older than the
/// owner's maximum password age.
class ChangePasswordDialog : public QDialog
{
    Q_OBJECT
public:
    /// Says why a new password is needed when \a session carries a PasswordChange; a
    /// successful change clears it.
    ChangePasswordDialog(OperatorService &operators, Session &session, QWidget *parent = nullptr);
    QString errorText() const;

private:
    void updateState();
    void change();

    OperatorService &m_operators;
    Session &m_session;
    QLabel *m_reason;
    QLineEdit *m_old;
    QLineEdit *m_new;
    QLineEdit *m_confirm;
    PasswordStrengthMeter *m_meter;
    QLabel *m_error;
    QPushButton *m_ok;
};

} // namespace paydesk
