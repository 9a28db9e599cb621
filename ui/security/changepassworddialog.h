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
/// LoginDialog opens it by itself when an owner reset the password.
class ChangePasswordDialog : public QDialog
{
    Q_OBJECT
public:
    ChangePasswordDialog(OperatorService &operators, const Session &session,
                         QWidget *parent = nullptr);
    QString errorText() const;

private:
    void updateState();
    void change();

    OperatorService &m_operators;
    const Session &m_session;
    QLineEdit *m_old;
    QLineEdit *m_new;
    QLineEdit *m_confirm;
    PasswordStrengthMeter *m_meter;
    QLabel *m_error;
    QPushButton *m_ok;
};

} // namespace paydesk
