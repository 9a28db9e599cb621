#include "ui/stepupdialog.h"

#include "core/security/session.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk {

StepUpDialog::StepUpDialog(Session &session, const QString &why, QWidget *parent)
    : QDialog(parent), m_session(session)
{
    setObjectName(QStringLiteral("stepUpDialog"));
    setWindowTitle(tr("Confirm with your authenticator"));
    auto *layout = new QVBoxLayout(this);
    auto *text = new QLabel(why + QStringLiteral("\n\n") +
                                tr("Enter the 6-digit code from your authenticator app, or one of "
                                   "your recovery codes."),
                            this);
    text->setWordWrap(true);
    m_code = new QLineEdit(this);
    m_code->setObjectName(QStringLiteral("stepUpCode"));
    m_code->setPlaceholderText(tr("Code"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("stepUpError"));
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("stepUpOk"));
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Confirm"));
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    layout->addWidget(text);
    layout->addWidget(m_code);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &StepUpDialog::tryCode);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void StepUpDialog::tryCode()
{
    const Status s = m_session.stepUp(m_code->text().trimmed());
    if (s.ok()) {
        accept();
        return;
    }
    m_error->setText(s.error().message);
    m_code->selectAll();
    m_code->setFocus();
}

bool StepUpDialog::ensure(Session &session, const QString &why, QWidget *parent)
{
    if (session.hasFreshStepUp())
        return true;
    StepUpDialog dialog(session, why, parent);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace paydesk
