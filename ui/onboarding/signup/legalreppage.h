#pragma once

#include "ui/onboarding/signup/signuppage.h"

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLineEdit;

namespace paydesk::ui::onboarding {

/// The legal representative: name, ID number (GB 11643 check digit and a real birth date),
/// ID validity (expired → blocked).
class LegalRepPage : public SignupPage
{
    Q_OBJECT
public:
    LegalRepPage(paydesk::onboarding::SignupSession &session, QWidget *parent = nullptr);

protected:
    void load() override;
    void collect() override;
    QList<paydesk::onboarding::FieldIssue> checks() const override;

private:
    QLineEdit *m_name;
    QComboBox *m_idType;
    QLineEdit *m_idNumber;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QCheckBox *m_longTerm;
};

} // namespace paydesk::ui::onboarding
