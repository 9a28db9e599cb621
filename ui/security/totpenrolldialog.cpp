#include "ui/security/totpenrolldialog.h"

#include "ui/security/totpenrollwidget.h"

#include <QDialogButtonBox>
#include <QVBoxLayout>

namespace paydesk {

TotpEnrollDialog::TotpEnrollDialog(OperatorService &operators, Session &session, QWidget *parent)
    : QDialog(parent), m_widget(new TotpEnrollWidget(operators, session, this))
{
    setObjectName(QStringLiteral("totpEnrollDialog"));
    setWindowTitle(tr("Set up two-factor authentication"));
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close->setObjectName(QStringLiteral("closeButtons"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_widget);
    layout->addWidget(close);
    connect(close, &QDialogButtonBox::rejected, this,
            [this] { m_widget->isEnrolled() ? accept() : reject(); });
    m_widget->begin();
}

QString TotpEnrollDialog::otpauthUri() const
{
    return m_widget->otpauthUri();
}

QStringList TotpEnrollDialog::recoveryCodes() const
{
    return m_widget->recoveryCodes();
}

} // namespace paydesk
