#include "ui/onboarding/welcomestep.h"

#include <QButtonGroup>
#include <QLabel>
#include <QRadioButton>
#include <QVBoxLayout>

using paydesk::onboarding::Way;

namespace paydesk {

namespace {

QString wayId(Way way)
{
    switch (way) {
    case Way::NewAccount:
        return QStringLiteral("new_account");
    case Way::ConnectAccount:
        return QStringLiteral("connect");
    case Way::Sandbox:
        return QStringLiteral("sandbox");
    }
    return {};
}

} // namespace

WelcomeStep::WelcomeStep(QWidget *parent) : OnboardingPage(parent), m_group(new QButtonGroup(this))
{
    setObjectName(QStringLiteral("welcomePage"));
    setTitle(tr("Welcome to Paydesk"));
    setSubTitle(tr("Paydesk takes wallet payments at your counter. How would you like to start?"));
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(6);
    Q_UNUSED(layout)

    m_newAccount =
        addWay(Way::NewAccount, QStringLiteral("wayNewAccount"), tr("Open a new merchant account"),
               tr("For a store without a payment account yet. Paydesk compares the providers, "
                  "guides you through the application with checks before anything is sent, and "
                  "follows the review until the till is live."));
    m_newAccountText = findChild<QLabel *>(QStringLiteral("wayNewAccountText"));
    addWay(Way::ConnectAccount, QStringLiteral("wayConnect"),
           tr("Connect an account I already have"),
           tr("For a store that already has a merchant account: enter its app id and keys. "
              "Paydesk proves them with a harmless signed query before saving them."));
    QRadioButton *sandbox =
        addWay(Way::Sandbox, QStringLiteral("waySandbox"), tr("Try it with the sandbox"),
               tr("A practice merchant account on this PC: take payments in a minute, no real "
                  "money. You can connect a real account later in Settings."));
    qobject_cast<QVBoxLayout *>(this->layout())->addStretch(1);
    sandbox->setChecked(true);
    connect(m_group, &QButtonGroup::idClicked, this, &WelcomeStep::completeChanged);
}

QRadioButton *WelcomeStep::addWay(Way way, const QString &objectName, const QString &title,
                                  const QString &text)
{
    auto *button = new QRadioButton(title, this);
    button->setObjectName(objectName);
    QFont bold = button->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    button->setFont(bold);
    auto *description = noteLabel(text, this);
    description->setObjectName(objectName + QStringLiteral("Text"));
    description->setContentsMargins(26, 0, 0, 12);
    m_group->addButton(button, int(way));
    auto *layout = qobject_cast<QVBoxLayout *>(this->layout());
    layout->addWidget(button);
    layout->addWidget(description);
    return button;
}

void WelcomeStep::initializePage()
{
    // No dead option: a new account is offered only when this wizard has the signup pages.
    const bool signup = wizard() && wizard()->page(onboarding::BusinessPage);
    m_newAccount->setVisible(signup);
    m_newAccountText->setVisible(signup);
    if (!signup && m_newAccount->isChecked())
        setWay(Way::Sandbox);
}

Way WelcomeStep::way() const
{
    const int id = m_group->checkedId();
    return id < 0 ? Way::Sandbox : Way(id);
}

void WelcomeStep::setWay(Way way)
{
    if (QAbstractButton *b = m_group->button(int(way)))
        b->setChecked(true);
    emit completeChanged();
}

bool WelcomeStep::isComplete() const
{
    const QAbstractButton *checked = m_group->checkedButton();
    return checked && !checked->isHidden();
}

int WelcomeStep::nextId() const
{
    return onboarding::OwnerPage;
}

QJsonObject WelcomeStep::draft() const
{
    return {{QStringLiteral("way"), wayId(way())}};
}

void WelcomeStep::restore(const QJsonObject &draft)
{
    const QString id = draft.value(QStringLiteral("way")).toString();
    for (Way w : {Way::NewAccount, Way::ConnectAccount, Way::Sandbox})
        if (wayId(w) == id)
            setWay(w);
}

} // namespace paydesk
