#include "ui/onboarding/signup/bankpage.h"

#include "core/money/money.h"
#include "core/onboarding/depositclient.h"
#include "ui/onboarding/pageids.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>

namespace paydesk::ui::onboarding {

using namespace paydesk::onboarding;
namespace F = ApplicationFields;

BankPage::BankPage(SignupSession &session, QWidget *parent)
    : SignupPage(session, paydesk::onboarding::BankAccountPage, parent)
{
    setTitle(tr("Bank account"));
    setSubTitle(tr("Where the provider pays your takings."));
    auto *form = new QFormLayout(this);
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("accountType"));
    m_type->addItem(tr("Corporate account (对公账户)"), int(AccountType::Corporate));
    m_type->addItem(tr("Personal account of the legal representative"), int(AccountType::Personal));
    addField(form, tr("Account type"), m_type, QStringLiteral("bank.type"));
    m_holder = new QLineEdit(this);
    m_holder->setObjectName(QStringLiteral("holder"));
    addField(form, tr("Account holder"), m_holder, QString::fromLatin1(F::accountHolder));
    m_bank = new QComboBox(this);
    m_bank->setObjectName(QStringLiteral("bank"));
    m_bank->setEditable(true);
    m_bank->addItems({QString(), tr("Industrial and Commercial Bank of China"),
                      tr("China Construction Bank"), tr("Agricultural Bank of China"),
                      tr("Bank of China"), tr("China Merchants Bank"),
                      tr("Bank of Communications")});
    addField(form, tr("Bank"), m_bank, QString::fromLatin1(F::bankName));
    m_branch = new QLineEdit(this);
    m_branch->setObjectName(QStringLiteral("branch"));
    addField(form, tr("Branch"), m_branch, QStringLiteral("bank.branch"));
    m_number = new QLineEdit(this);
    m_number->setObjectName(QStringLiteral("accountNumber"));
    addField(form, tr("Account number"), m_number, QString::fromLatin1(F::accountNumber));

    auto *deposit = new QWidget(this);
    auto *row = new QHBoxLayout(deposit);
    row->setContentsMargins(0, 0, 0, 0);
    m_send = new QPushButton(tr("Send a test deposit"), deposit);
    m_send->setObjectName(QStringLiteral("sendDeposit"));
    m_amount = new QLineEdit(deposit);
    m_amount->setObjectName(QStringLiteral("depositAmount"));
    m_amount->setPlaceholderText(tr("Amount received, e.g. 0.37"));
    m_verify = new QPushButton(tr("Verify"), deposit);
    m_verify->setObjectName(QStringLiteral("verifyDeposit"));
    row->addWidget(m_send);
    row->addWidget(m_amount);
    row->addWidget(m_verify);
    m_depositStatus = new QLabel(this);
    m_depositStatus->setObjectName(QStringLiteral("depositStatus"));
    m_depositStatus->setWordWrap(true);
    form->addRow(tr("Verification"), deposit);
    form->addRow(QString(), m_depositStatus);

    connect(m_type, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    connect(m_bank, &QComboBox::currentTextChanged, this, [this] { refresh(); });
    for (QLineEdit *e : {m_holder, m_branch, m_number})
        connect(e, &QLineEdit::textChanged, this, [this] { refresh(); });
    connect(m_send, &QPushButton::clicked, this, &BankPage::sendDeposit);
    connect(m_verify, &QPushButton::clicked, this, &BankPage::confirmDeposit);
    connect(m_amount, &QLineEdit::returnPressed, this, &BankPage::confirmDeposit);
}

void BankPage::load()
{
    const MerchantApplication &app = m_session.application();
    const BankAccount &k = app.bank;
    m_type->setCurrentIndex(std::max(0, m_type->findData(int(k.type))));
    // A sensible first guess: the account holder is who the type says it must be.
    m_holder->setText(!k.holder.isEmpty()                ? k.holder
                      : k.type == AccountType::Corporate ? app.business.name
                                                         : app.legal.name);
    m_bank->setCurrentText(k.bank);
    m_branch->setText(k.branch);
    m_number->setText(k.number);
    m_verifiedNumber = k.verified ? k.number : QString();
    if (!m_deposits)
        m_deposits = new DepositClient(m_session.network(), m_session.sandboxBase(), this);
    const bool available = m_deposits->available();
    m_send->setEnabled(available);
    m_amount->setEnabled(available && !app.depositRef.isEmpty());
    m_verify->setEnabled(available && !app.depositRef.isEmpty());
    if (k.verified)
        setDepositMessage(tr("Account verified."), true);
    else if (!available)
        setDepositMessage(tr("The provider verifies the account on its own page after "
                             "approval."),
                          true);
}

void BankPage::collect()
{
    BankAccount &k = m_session.application().bank;
    k.type = AccountType(m_type->currentData().toInt());
    k.holder = m_holder->text().trimmed();
    k.bank = m_bank->currentText().trimmed();
    k.branch = m_branch->text().trimmed();
    k.number = m_number->text().remove(u' ');
    k.verified = !m_verifiedNumber.isEmpty() && m_verifiedNumber == k.number;
}

QList<FieldIssue> BankPage::checks() const
{
    return ApplicationChecks::bank(m_session.application(), m_deposits && m_deposits->available());
}

void BankPage::setDepositMessage(const QString &text, bool good)
{
    m_depositStatus->setText(text);
    m_depositStatus->setStyleSheet(good ? QStringLiteral("color: #1b6e20;")
                                        : QStringLiteral("color: #b3261e;"));
}

void BankPage::sendDeposit()
{
    collect();
    m_send->setEnabled(false);
    m_deposits->send(m_session.application().bank, [this](Result<QString> ref) {
        m_send->setEnabled(true);
        if (!ref.ok())
            return setDepositMessage(ref.error().message, false);
        m_session.application().depositRef = ref.value();
        m_amount->setEnabled(true);
        m_verify->setEnabled(true);
        m_amount->setFocus();
        setDepositMessage(tr("A small amount under ¥1.00 is on its way to this account. Type "
                             "what arrives."),
                          true);
    });
}

void BankPage::confirmDeposit()
{
    const auto amount = Money::parse(m_amount->text(), locale());
    if (!amount.ok())
        return setDepositMessage(amount.error().message, false);
    const QString number = m_number->text().remove(u' ');
    m_verify->setEnabled(false);
    m_deposits->confirm(m_session.application().depositRef, amount.value(),
                        [this, number](Result<DepositClient::Attempt> attempt) {
                            m_verify->setEnabled(true);
                            if (!attempt.ok()) {
                                m_session.application().depositRef.clear();
                                m_verify->setEnabled(false);
                                m_amount->setEnabled(false);
                                return setDepositMessage(attempt.error().message, false);
                            }
                            if (!attempt.value().verified)
                                return setDepositMessage(
                                    tr("That is not the amount sent. %n tries left.", nullptr,
                                       attempt.value().triesLeft),
                                    false);
                            m_verifiedNumber = number;
                            setDepositMessage(tr("Account verified."), true);
                            refresh();
                        });
}

} // namespace paydesk::ui::onboarding
