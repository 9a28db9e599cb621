#pragma once

#include "core/onboarding/providerconnector.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QVBoxLayout;

namespace paydesk {

class CredentialForm;
class ProviderRegistry;
class Session;

/// Connecting one provider's existing account: its credential form (registry-driven), "Check
/// and connect", and what came of it. The ProviderConnector proves the credentials with a
/// signed query before saving; a wrong key is shown at its field and nothing is saved. Used by
/// the wizard's Connect page and by Settings.
class ConnectAccountPanel : public QWidget
{
    Q_OBJECT
public:
    ConnectAccountPanel(const ProviderRegistry &registry, ProviderConnector &connector,
                        Session &session, QWidget *parent = nullptr);

    /// Builds the form of \a providerId (kept when it is already shown).
    void setProvider(const QString &providerId);
    QString provider() const { return m_provider; }
    CredentialForm *form() const { return m_form; }

    const ConnectOutcome *outcome() const { return m_outcome ? &*m_outcome : nullptr; }
    bool isConnected() const { return m_outcome && m_outcome->ok(); }
    bool isChecking() const { return m_checking; }
    QString statusText() const;

signals:
    void connectedChanged();
    /// Something worth saving in a draft changed (a key pair was made, or the account connected).
    void draftWorthSaving();

private:
    void connectAccount();
    void finished(const ConnectOutcome &outcome);

    const ProviderRegistry &m_registry;
    ProviderConnector &m_connector;
    Session &m_session;
    QVBoxLayout *m_formBox;
    CredentialForm *m_form = nullptr;
    QString m_provider;
    QPushButton *m_connect;
    QLabel *m_status;
    std::optional<ConnectOutcome> m_outcome;
    bool m_checking = false;
    bool m_steppedUp = false;
};

} // namespace paydesk
