#include "ui/onboarding/connectaccountdialog.h"

#include "core/onboarding/providerconnector.h"
#include "core/providers/providerregistry.h"
#include "ui/onboarding/connectaccountpanel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace paydesk {

ConnectAccountDialog::ConnectAccountDialog(const ProviderRegistry &registry,
                                           ProviderConnector &connector, Session &session,
                                           QWidget *parent)
    : QDialog(parent), m_provider(new QComboBox(this)),
      m_panel(new ConnectAccountPanel(registry, connector, session, this))
{
    setObjectName(QStringLiteral("connectAccountDialog"));
    setWindowTitle(tr("Connect an existing merchant account"));
    m_provider->setObjectName(QStringLiteral("providerCombo"));
    for (const QString &id : connector.connectableProviders())
        m_provider->addItem(registry.displayName(id), id);
    auto *top = new QFormLayout;
    top->addRow(tr("Provider:"), m_provider);
    auto *note = new QLabel(tr("Paydesk checks the details with the provider before saving them. "
                               "A new account is used from the next start of Paydesk."),
                            this);
    note->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this,
            [this] { m_panel->isConnected() ? accept() : reject(); });
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(note);
    layout->addWidget(m_panel, 1);
    layout->addWidget(buttons);
    connect(m_provider, &QComboBox::currentIndexChanged, this,
            [this] { m_panel->setProvider(m_provider->currentData().toString()); });
    m_panel->setProvider(m_provider->currentData().toString());
    resize(720, 640);
}

} // namespace paydesk
