#pragma once

#include "core/security/session.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace paydesk {

class OperatorService;
class PasswordStrengthMeter;

/// First run: create the owner (name, password with a live strength meter, confirmation).
/// The create button stays disabled until the policy accepts the password and both entries
/// match. On success the owner is logged in: session().
class FirstRunOwnerDialog : public QDialog
{
    Q_OBJECT
public:
    explicit FirstRunOwnerDialog(OperatorService &operators, QWidget *parent = nullptr);

    Session session() const { return m_session; }
    QString errorText() const;

private:
    void updateState();
    void create();

    OperatorService &m_operators;
    Session m_session;
    QLineEdit *m_name;
    QLineEdit *m_password;
    QLineEdit *m_confirm;
    PasswordStrengthMeter *m_meter;
    QLabel *m_error;
    QPushButton *m_create;
};

} // namespace paydesk
