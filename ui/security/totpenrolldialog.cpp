#include "ui/security/totpenrolldialog.h"

#include "core/security/operatorservice.h"
#include "core/util/qrcode.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk {

TotpEnrollDialog::TotpEnrollDialog(OperatorService &operators, Session &session, QWidget *parent)
    : QDialog(parent), m_operators(operators), m_session(session), m_qr(new QLabel(this)),
      m_secret(new QLabel(this)), m_code(new QLineEdit(this)), m_error(new QLabel(this)),
      m_confirm(new QPushButton(tr("Confirm"), this)), m_recovery(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("totpEnrollDialog"));
    setWindowTitle(tr("Set up two-factor authentication"));
    auto *intro =
        new QLabel(tr("Scan the code with an authenticator app (Google Authenticator, Microsoft "
                      "Authenticator, FreeOTP...), then type the 6-digit code it shows."),
                   this);
    intro->setWordWrap(true);
    m_qr->setObjectName(QStringLiteral("qrLabel"));
    m_qr->setAlignment(Qt::AlignCenter);
    m_secret->setObjectName(QStringLiteral("secretLabel"));
    m_secret->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_code->setObjectName(QStringLiteral("codeEdit"));
    m_code->setPlaceholderText(QStringLiteral("123456"));
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_confirm->setObjectName(QStringLiteral("confirmButton"));
    m_recovery->setObjectName(QStringLiteral("recoveryCodes"));
    m_recovery->setReadOnly(true);
    m_recovery->hide();
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close->setObjectName(QStringLiteral("closeButtons"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_qr);
    layout->addWidget(m_secret);
    layout->addWidget(m_code);
    layout->addWidget(m_confirm);
    layout->addWidget(m_error);
    layout->addWidget(m_recovery);
    layout->addWidget(close);
    connect(m_confirm, &QPushButton::clicked, this, &TotpEnrollDialog::confirm);
    connect(m_code, &QLineEdit::returnPressed, this, &TotpEnrollDialog::confirm);
    connect(close, &QDialogButtonBox::rejected, this,
            [this] { m_codes.isEmpty() ? reject() : accept(); });

    auto enrollment = m_operators.beginTotpEnrollment(m_session);
    if (!enrollment.ok()) {
        m_error->setText(enrollment.error().message);
        m_confirm->setEnabled(false);
        return;
    }
    m_uri = enrollment.value().otpauthUri;
    const QImage qr = renderQrCode(m_uri, 6);
    m_qr->setPixmap(QPixmap::fromImage(qr));
    m_secret->setText(tr("Or enter this key by hand: %1").arg(enrollment.value().secretBase32));
}

void TotpEnrollDialog::confirm()
{
    auto codes = m_operators.confirmTotpEnrollment(m_session, m_code->text());
    if (!codes.ok()) {
        m_error->setText(codes.error().message);
        return;
    }
    m_codes = codes.value();
    m_error->setText(
        tr("Two-factor authentication is on. Write down these recovery codes and keep them "
           "somewhere safe: each one works once if the phone is lost. They are not shown again."));
    m_error->setStyleSheet(QString());
    m_recovery->setPlainText(m_codes.join(QLatin1Char('\n')));
    m_recovery->show();
    m_qr->clear();
    m_secret->clear();
    m_code->setEnabled(false);
    m_confirm->setEnabled(false);
}

} // namespace paydesk
