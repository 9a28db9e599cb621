#pragma once

#include "ui/onboarding/signup/signuppage.h"

class QLabel;
class QPushButton;

namespace paydesk::ui::onboarding {

/// Everything on one page, each section with an edit link back to its page; Next submits
/// (a resubmission goes under the same business code).
class ReviewPage : public SignupPage
{
    Q_OBJECT
public:
    ReviewPage(paydesk::onboarding::SignupSession &session, QWidget *parent = nullptr);

    bool validatePage() override;

signals:
    /// The merchant wants to edit \a pageId.
    void editRequested(int pageId);

protected:
    void load() override;
    void collect() override {}
    QList<paydesk::onboarding::FieldIssue> checks() const override;

private:
    QHash<int, QLabel *> m_sections;
    QLabel *m_error;
    bool m_submitted = false;
    bool m_submitting = false;
};

} // namespace paydesk::ui::onboarding
