#pragma once

#include "core/security/permissions.h"
#include "core/security/session.h"

#include <QDialog>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace paydesk {

class OperatorService;
class PasswordStrengthMeter;

/// Name (optional) + role (optional) + new password with a strength meter and confirmation.
class OperatorPasswordDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { NewOperator, ResetPassword };
    OperatorPasswordDialog(OperatorService &operators, Mode mode, const QString &name = {},
                           QWidget *parent = nullptr);

    QString operatorName() const;
    Role role() const;
    QString password() const;

private:
    void updateState();

    OperatorService &m_operators;
    QLineEdit *m_name;
    QComboBox *m_role;
    QLineEdit *m_password;
    QLineEdit *m_confirm;
    PasswordStrengthMeter *m_meter;
    QPushButton *m_ok;
};

/// The owner's page for operators: list, add with a role, disable/enable, change role, reset a
/// password, reset someone's two-factor, and set up one's own two-factor.
class OperatorsPage : public QWidget
{
    Q_OBJECT
public:
    explicit OperatorsPage(OperatorService &operators, QWidget *parent = nullptr);

    /// The logged-in operator acting on this page (MainWindow calls it after each login).
    void setSession(Session *session);
    void refresh();
    QString selectedName() const;
    QString statusText() const;

private:
    void addOperator();
    void toggleDisabled();
    void changeRole();
    void resetPassword();
    void resetTotp();
    void enrollTotp();
    void report(const Status &status, const QString &done);
    void updateButtons();

    OperatorService &m_operators;
    Session *m_session = nullptr;
    QTableWidget *m_table;
    QPushButton *m_add;
    QPushButton *m_disable;
    QComboBox *m_roleCombo;
    QPushButton *m_setRole;
    QPushButton *m_resetPassword;
    QPushButton *m_resetTotp;
    QPushButton *m_enrollTotp;
    QLabel *m_status;
};

} // namespace paydesk
