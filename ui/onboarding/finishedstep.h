#pragma once

#include "ui/onboarding/onboardingpage.h"

class QLabel;

namespace paydesk {

/// The end of the first run: what was set up (owner, two-factor, provider and account, or the
/// sandbox) and where the provider's hotline is kept (Help menu).
class FinishedStep : public OnboardingPage
{
    Q_OBJECT
public:
    explicit FinishedStep(QWidget *parent = nullptr);

    void initializePage() override;
    int nextId() const override { return -1; }
    QString summaryText() const;

private:
    QLabel *m_summary;
};

} // namespace paydesk
