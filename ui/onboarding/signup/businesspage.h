#pragma once

#include "ui/onboarding/signup/signuppage.h"

#include <functional>

class QComboBox;
class QLineEdit;

namespace paydesk::ui::onboarding {

/// Merchant type, registered name, credit code (check digit warns), category (a provider's
/// restricted categories are refused here, with its reason), taxpayer and contact details.
class BusinessPage : public SignupPage
{
    Q_OBJECT
public:
    BusinessPage(paydesk::onboarding::SignupSession &session,
                 std::function<QString()> chosenProvider, QWidget *parent = nullptr);

protected:
    void load() override;
    void collect() override;
    QList<paydesk::onboarding::FieldIssue> checks() const override;

private:
    QLineEdit *line(const char *name);

    std::function<QString()> m_chosenProvider;
    QComboBox *m_type;
    QLineEdit *m_name;
    QLineEdit *m_shortName;
    QLineEdit *m_code;
    QComboBox *m_category;
    QComboBox *m_taxpayer;
    QLineEdit *m_address;
    QLineEdit *m_phone;
    QLineEdit *m_wallet;
    QLineEdit *m_contact;
    QLineEdit *m_mobile;
    QLineEdit *m_email;
};

} // namespace paydesk::ui::onboarding
