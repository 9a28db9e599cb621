#pragma once

#include "ui/onboarding/onboardingpage.h"

class QLabel;
class QPushButton;

namespace paydesk {

/// Try it with the sandbox: starts the built-in sandbox provider and provisions its practice
/// merchant account (a key pair made here, its public half registered with the sandbox), then
/// says how to pay a test QR. A commit page.
class SandboxStep : public OnboardingPage
{
    Q_OBJECT
public:
    explicit SandboxStep(QWidget *parent = nullptr);

    void initializePage() override;
    bool isComplete() const override { return m_ready; }
    int nextId() const override;

    QString description() const { return m_description; }
    QString statusText() const;

private:
    void start();

    QLabel *m_status;
    QPushButton *m_retry;
    bool m_ready = false;
    QString m_description;
};

} // namespace paydesk
