#pragma once

#include "core/security/session.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace paydesk {

class OperatorService;

/// A manager (or the owner) confirms an action at the cashier's till with their own name,
/// password and authenticator code; the result is the manager's session with a fresh step-up.
class ManagerApprovalDialog : public QDialog
{
    Q_OBJECT
public:
    ManagerApprovalDialog(OperatorService &operators, const QString &why,
                          QWidget *parent = nullptr);
    const Session &session() const { return m_session; }

private:
    void tryApprove();

    OperatorService &m_operators;
    QLineEdit *m_name;
    QLineEdit *m_password;
    QLineEdit *m_code;
    QLabel *m_error;
    Session m_session;
};

} // namespace paydesk
