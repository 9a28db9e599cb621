#pragma once

#include "ui/onboarding/signup/signuppage.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace paydesk::onboarding {
class DepositClient;
}

namespace paydesk::ui::onboarding {

/// The settlement account: type, holder (the business or the legal representative, per
/// type), bank, branch, number (Luhn warns), verified by a micro-deposit the merchant types
/// back (limited tries).
class BankPage : public SignupPage
{
    Q_OBJECT
public:
    BankPage(paydesk::onboarding::SignupSession &session, QWidget *parent = nullptr);

protected:
    void load() override;
    void collect() override;
    QList<paydesk::onboarding::FieldIssue> checks() const override;

private:
    void sendDeposit();
    void confirmDeposit();
    void setDepositMessage(const QString &text, bool good);

    QComboBox *m_type;
    QLineEdit *m_holder;
    QComboBox *m_bank;
    QLineEdit *m_branch;
    QLineEdit *m_number;
    QPushButton *m_send;
    QLineEdit *m_amount;
    QPushButton *m_verify;
    QLabel *m_depositStatus;
    paydesk::onboarding::DepositClient *m_deposits = nullptr;
    QString m_verifiedNumber; ///< the number the deposit verified; editing it voids that
};

} // namespace paydesk::ui::onboarding
