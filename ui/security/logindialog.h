#pragma once

#include "core/security/session.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace paydesk {

class OperatorService;

/// Operator name + password (+ the TOTP code when the operator enrolled two-factor: the field
/// appears when the service answers security.totp_required). Wrong input shows the error and
/// keeps the dialog open; a lock-out shows the remaining time. On success session() is set
/// and the dialog accepts.
class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    explicit LoginDialog(OperatorService &operators, QWidget *parent = nullptr);

    Session session() const { return m_session; }
    void setOperatorName(const QString &name);
    QString errorText() const;

signals:
    void loggedIn(const paydesk::Session &session);

protected:
    void tryLogin();
    void setMessage(const QString &text);
    QLineEdit *nameEdit() const { return m_name; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    OperatorService &m_operators;
    Session m_session;
    QLabel *m_message;
    QLineEdit *m_name;
    QLineEdit *m_password;
    QLabel *m_totpLabel;
    QLineEdit *m_totp;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

/// The till lock: shows who locked it; the same or another operator unlocks with their
/// password (and code). It cannot be dismissed any other way.
class LockScreen : public LoginDialog
{
    Q_OBJECT
public:
    LockScreen(OperatorService &operators, const QString &lockedBy, QWidget *parent = nullptr);

protected:
    void reject() override {} // Escape does not unlock the till
};

} // namespace paydesk
