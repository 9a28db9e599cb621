#pragma once

#include "ui/onboarding/signup/signuppage.h"

class QCheckBox;
class QComboBox;

namespace paydesk::ui::onboarding {

/// Counter QR, payment codes, payment links and the e-invoice preference, sent with the
/// application.
class FeaturesPage : public SignupPage
{
    Q_OBJECT
public:
    FeaturesPage(paydesk::onboarding::SignupSession &session, QWidget *parent = nullptr);

protected:
    void load() override;
    void collect() override;
    QList<paydesk::onboarding::FieldIssue> checks() const override;

private:
    QCheckBox *m_qr;
    QCheckBox *m_codes;
    QCheckBox *m_links;
    QComboBox *m_invoice;
};

} // namespace paydesk::ui::onboarding
