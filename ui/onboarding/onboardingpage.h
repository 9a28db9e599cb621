#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QWizardPage>

class QLabel;

namespace paydesk {

class OnboardingWizard;

/// A page of the first-run wizard with a draft: what it holds is saved when it is left and
/// given back when the wizard opens again. Sensitive fields are named so the DraftStore
/// encrypts them.
class OnboardingPage : public QWizardPage
{
    Q_OBJECT
public:
    using QWizardPage::QWizardPage;

    /// DraftStore page key; empty for a page without a draft.
    virtual QString draftKey() const { return {}; }
    virtual QJsonObject draft() const { return {}; }
    virtual QStringList sensitiveKeys() const { return {}; }
    virtual void restore(const QJsonObject &draft) { Q_UNUSED(draft) }

protected:
    OnboardingWizard *onboardingWizard() const;
    /// A red, word-wrapped label for errors, with \a objectName.
    static QLabel *errorLabel(const QString &objectName, QWidget *parent);
    /// A muted explanatory label.
    static QLabel *noteLabel(const QString &text, QWidget *parent);
};

} // namespace paydesk
