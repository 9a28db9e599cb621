#pragma once

#include "ui/onboarding/onboardingpage.h"

class QButtonGroup;
class QLabel;
class QLineEdit;

namespace paydesk {

class ProviderComparison;

/// Choose a provider: the comparison read from the catalog, a fee calculator (monthly volume
/// and average ticket → monthly fees per provider, side by side), and one choice. Providers this
/// till cannot use for the chosen way are shown but cannot be picked.
class ProviderChoiceStep : public OnboardingPage
{
    Q_OBJECT
public:
    explicit ProviderChoiceStep(QWidget *parent = nullptr);

    QString chosenProvider() const;
    void choose(QString providerId);
    ProviderComparison *comparison() const { return m_comparison; }
    QString calculatorError() const;

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;
    int nextId() const override;

    QString draftKey() const override { return QStringLiteral("provider"); }
    QJsonObject draft() const override;
    void restore(const QJsonObject &draft) override;

private:
    void build();
    void recalculate();
    QStringList availableProviders() const;

    QButtonGroup *m_choice = nullptr;
    QWidget *m_choiceRow = nullptr;
    ProviderComparison *m_comparison = nullptr;
    QLineEdit *m_volume = nullptr;
    QLineEdit *m_ticket = nullptr;
    QLabel *m_calcError = nullptr;
    QLabel *m_source = nullptr;
    QString m_pending; ///< a restored choice, applied once the page is built
    QJsonObject m_pendingCalc;
};

} // namespace paydesk
