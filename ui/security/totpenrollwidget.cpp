#include "ui/security/totpenrollwidget.h"

#include "core/security/operatorservice.h"
#include "core/util/qrcode.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace paydesk {

TotpEnrollWidget::TotpEnrollWidget(OperatorService &operators, Session &session, QWidget *parent)
    : QWidget(parent), m_operators(operators), m_session(session), m_intro(new QLabel(this)),
      m_qr(new QLabel(this)), m_secret(new QLabel(this)), m_code(new QLineEdit(this)),
      m_error(new QLabel(this)), m_confirm(new QPushButton(tr("Confirm"), this)),
      m_recovery(new QPlainTextEdit(this))
{
    m_intro->setText(tr("Scan the code with an authenticator app (Google Authenticator, Microsoft "
                        "Authenticator, FreeOTP...), then type the 6-digit code it shows."));
    m_intro->setWordWrap(true);
    m_qr->setObjectName(QStringLiteral("qrLabel"));
    m_qr->setAlignment(Qt::AlignCenter);
    m_secret->setObjectName(QStringLiteral("secretLabel"));
    m_secret->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_secret->setAlignment(Qt::AlignCenter);
    m_code->setObjectName(QStringLiteral("codeEdit"));
    m_code->setPlaceholderText(QStringLiteral("123456"));
    m_code->setMaxLength(12);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_confirm->setObjectName(QStringLiteral("confirmButton"));
    m_recovery->setObjectName(QStringLiteral("recoveryCodes"));
    m_recovery->setReadOnly(true);
    m_recovery->setMaximumHeight(180);
    m_recovery->hide();

    auto *codeRow = new QHBoxLayout;
    codeRow->addStretch(1);
    codeRow->addWidget(m_code);
    codeRow->addWidget(m_confirm);
    codeRow->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_intro);
    layout->addWidget(m_qr);
    layout->addWidget(m_secret);
    layout->addLayout(codeRow);
    layout->addWidget(m_error);
    layout->addWidget(m_recovery);
    connect(m_confirm, &QPushButton::clicked, this, &TotpEnrollWidget::confirm);
    connect(m_code, &QLineEdit::returnPressed, this, &TotpEnrollWidget::confirm);
}

QString TotpEnrollWidget::errorText() const
{
    return m_error->text();
}

bool TotpEnrollWidget::begin()
{
    auto enrollment = m_operators.beginTotpEnrollment(m_session);
    if (!enrollment.ok()) {
        m_error->setText(enrollment.error().message);
        m_confirm->setEnabled(false);
        return false;
    }
    m_codes.clear();
    m_uri = enrollment.value().otpauthUri;
    m_qr->setPixmap(QPixmap::fromImage(renderQrCode(m_uri, 5)));
    m_secret->setText(tr("Or enter this key by hand: %1").arg(enrollment.value().secretBase32));
    m_error->clear();
    m_code->clear();
    m_code->setEnabled(true);
    m_confirm->setEnabled(true);
    m_recovery->hide();
    return true;
}

void TotpEnrollWidget::confirm()
{
    if (!m_confirm->isEnabled())
        return;
    auto codes = m_operators.confirmTotpEnrollment(m_session, m_code->text());
    if (!codes.ok()) {
        m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_error->setText(codes.error().message);
        m_code->selectAll();
        return;
    }
    m_codes = codes.value();
    m_error->setText(
        tr("Two-factor authentication is on. Write down these recovery codes and keep them "
           "somewhere safe: each one works once if the phone is lost. They are not shown again."));
    m_error->setStyleSheet(QString());
    m_recovery->setPlainText(m_codes.join(QLatin1Char('\n')));
    m_recovery->show();
    m_intro->hide();
    m_qr->clear();
    m_qr->hide();
    m_secret->clear();
    m_code->setEnabled(false);
    m_confirm->setEnabled(false);
    emit enrolled(m_codes);
}

} // namespace paydesk
