#pragma once

#include "core/onboarding/application.h"
#include "core/onboarding/signupclient.h"
#include "core/onboarding/signupdraftstore.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QObject>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace paydesk {
class Clock;
class ProviderAccountStore;
} // namespace paydesk

namespace paydesk::onboarding {

/// One merchant's way through the signup: the application being edited, its draft, the
/// provider's client, the review it follows and the account it ends with. The wizard's pages
/// edit application() and call these; the session decides and persists.
class SignupSession : public QObject
{
    Q_OBJECT
public:
    using PartnerSource = std::function<void(const QString &provider, QObject *ctx,
                                             std::function<void(Result<SignupPartner>)>)>;

    struct Services
    {
        SignupDraftStore &drafts;
        ProviderAccountStore &accounts;
        const SignupRegistry &signups;
        QNetworkAccessManager *network;
        Clock &clock;
        QString environment; ///< of the account it ends with ("sandbox-embedded", …)
        /// The Paydesk sandbox behind the partner, when there is one: the only place a
        /// micro-deposit can be asked for from here (DepositClient).
        QUrl sandboxBase;
        /// Gives the partner to sign up through for a provider (a sandbox partner, or the
        /// configured production one).
        PartnerSource partnerFor;
    };

    /// Partners registered on demand in the Paydesk sandbox at \a base (each provider's
    /// SignupDescriptor::sandboxPartner); \a signups must outlive the source.
    static PartnerSource sandboxPartners(const SignupRegistry &signups,
                                         QNetworkAccessManager *network, QUrl base);

    explicit SignupSession(Services services, QObject *parent = nullptr);
    ~SignupSession() override;

    MerchantApplication &application() { return m_app; }
    const MerchantApplication &application() const { return m_app; }
    const SignupDescriptor *descriptor() const;
    Clock &clock() const { return m_s.clock; }
    QNetworkAccessManager *network() const { return m_s.network; }
    const SignupPartner &partner() const { return m_partner; }
    QUrl sandboxBase() const { return m_s.sandboxBase; }
    /// The embedded sandbox's address is known only once it runs: the first-run wizard starts
    /// it when the new-account way is taken, before the bank page asks for a micro-deposit.
    void setSandboxBase(const QUrl &base) { m_s.sandboxBase = base; }

    /// Loads the saved draft, if any; gives the page to reopen at (-1 when none).
    Result<int> resume();
    Status save(int page);

    /// Sends (or resends) the application: state Submitted, rejections cleared.
    void submit(std::function<void(Status)> done);
    /// Asks the provider where the review stands and records it.
    void refresh(std::function<void(Status)> done);
    /// After Finished: generates the merchant's key pair here, registers its public half,
    /// stores the account (private key encrypted) and clears the draft.
    void activate(std::function<void(Result<ProviderAccount>)> done);

signals:
    void changed();

private:
    void withClient(std::function<void(Result<SignupClient *>)> next);
    QString newBusinessCode() const;

    Services m_s;
    MerchantApplication m_app;
    int m_page = 0;
    SignupPartner m_partner;
    std::unique_ptr<SignupClient> m_client;
};

} // namespace paydesk::onboarding
