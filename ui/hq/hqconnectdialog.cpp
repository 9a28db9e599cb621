#include "ui/hq/hqconnectdialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk {

HqConnectDialog::HqConnectDialog(const QString &url, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Connect to head office"));
    setObjectName(QStringLiteral("hqConnectDialog"));
    m_url = new QLineEdit(url, this);
    m_url->setObjectName(QStringLiteral("hqUrl"));
    m_url->setPlaceholderText(
        QStringLiteral("postgresql://owner@hq.example.com:5432/paydesk?sslmode=verify-full"));
    m_url->setMinimumWidth(460);
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("hqPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("empty: from PGPASSWORD or ~/.pgpass"));
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("hqConnectError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020"));
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("Address:"), m_url);
    form->addRow(tr("Password:"), m_password);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("hqConnectButtons"));
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("hqConnect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("The consolidated books of every store live in head "
                                    "office's PostgreSQL. Connect with a reader's role."),
                                 this));
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

QString HqConnectDialog::url() const
{
    return m_url->text().trimmed();
}

QString HqConnectDialog::password() const
{
    return m_password->text();
}

void HqConnectDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

} // namespace paydesk
