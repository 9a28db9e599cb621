#pragma once

#include <QDialog>

class QComboBox;

namespace paydesk {

class ConnectAccountPanel;
class ProviderConnector;
class ProviderRegistry;
class Session;

/// Settings → Payment provider → "Connect an existing account…": the wizard's Connect page as
/// a dialog, with a choice of provider. The account is used from the next start.
class ConnectAccountDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectAccountDialog(const ProviderRegistry &registry, ProviderConnector &connector,
                         Session &session, QWidget *parent = nullptr);

    ConnectAccountPanel *panel() const { return m_panel; }

private:
    QComboBox *m_provider;
    ConnectAccountPanel *m_panel;
};

} // namespace paydesk
