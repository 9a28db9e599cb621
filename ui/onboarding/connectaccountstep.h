#pragma once

#include "core/onboarding/providerconnector.h"
#include "ui/onboarding/onboardingpage.h"

namespace paydesk {

class ConnectAccountPanel;
class CredentialForm;

/// Connect an existing account (ConnectAccountPanel for the chosen provider). A commit page:
/// once the account is proven and saved there is no going back.
class ConnectAccountStep : public OnboardingPage
{
    Q_OBJECT
public:
    explicit ConnectAccountStep(QWidget *parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;
    int nextId() const override;

    QString draftKey() const override { return QStringLiteral("connect"); }
    QJsonObject draft() const override;
    QStringList sensitiveKeys() const override;
    void restore(const QJsonObject &draft) override;

    ConnectAccountPanel *panel() const { return m_panel; }
    CredentialForm *form() const;
    const ConnectOutcome *outcome() const;

private:
    ConnectAccountPanel *m_panel = nullptr;
    QJsonObject m_restored;
};

} // namespace paydesk
