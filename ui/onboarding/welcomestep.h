#pragma once

#include "ui/onboarding/onboardingpage.h"
#include "ui/onboarding/onboardingwizard.h"

class QButtonGroup;
class QLabel;
class QRadioButton;

namespace paydesk {

/// The three ways on: open a new merchant account (only offered when the signup pages are in
/// this wizard), connect an account the store already has, or try Paydesk with the sandbox.
class WelcomeStep : public OnboardingPage
{
    Q_OBJECT
public:
    explicit WelcomeStep(QWidget *parent = nullptr);

    onboarding::Way way() const;
    void setWay(onboarding::Way way);

    void initializePage() override;
    bool isComplete() const override;
    int nextId() const override;

    QString draftKey() const override { return QStringLiteral("welcome"); }
    QJsonObject draft() const override;
    void restore(const QJsonObject &draft) override;

private:
    QRadioButton *addWay(onboarding::Way way, const QString &objectName, const QString &title,
                         const QString &text);

    QButtonGroup *m_group;
    QRadioButton *m_newAccount = nullptr;
    QLabel *m_newAccountText = nullptr;
};

} // namespace paydesk
