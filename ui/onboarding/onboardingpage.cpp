#include "ui/onboarding/onboardingpage.h"

#include "ui/onboarding/onboardingwizard.h"

#include <QLabel>

namespace paydesk {

OnboardingWizard *OnboardingPage::onboardingWizard() const
{
    return qobject_cast<OnboardingWizard *>(wizard());
}

QLabel *OnboardingPage::errorLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setStyleSheet(QStringLiteral("color: #b00020;"));
    return label;
}

QLabel *OnboardingPage::noteLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #5f6b7a;"));
    return label;
}

} // namespace paydesk
