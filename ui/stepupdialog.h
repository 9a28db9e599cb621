#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;

namespace paydesk {

class Session;

/// Asks the logged-in manager or owner for their authenticator code (or a recovery code)
/// before a guarded action, and proves it to the Session. Accepts only on success.
class StepUpDialog : public QDialog
{
    Q_OBJECT
public:
    StepUpDialog(Session &session, const QString &why, QWidget *parent = nullptr);

    /// Runs the dialog when \a session has no fresh step-up; true when the action may go on.
    static bool ensure(Session &session, const QString &why, QWidget *parent);

private:
    void tryCode();

    Session &m_session;
    QLineEdit *m_code;
    QLabel *m_error;
};

} // namespace paydesk
