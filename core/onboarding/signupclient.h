#pragma once

#include "core/crypto/crypto.h"
#include "core/onboarding/application.h"
#include "core/providers/providerregistry.h"
#include "core/util/result.h"

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace paydesk {
class Clock;
}

namespace paydesk::onboarding {

/// The service provider / ISV account Paydesk signs merchants up through (a 服务商 or a
/// third-party app, per provider): who signs the sign-up calls. Provider-neutral fields; each
/// client reads the ones its protocol needs.
struct SignupPartner
{
    QString provider;
    QUrl endpoint;     ///< the provider's API (gateway URL or base URL)
    QString partnerId; ///< app_id / sp_mchid
    QByteArray partnerPrivateKeyPem;
    QString partnerSerial; ///< the partner's certificate serial, where the protocol names it
    QByteArray providerPublicKeyPem;
    QString providerSerial; ///< platform key id, where the protocol names it
    QUrl sandboxBase;       ///< set when the partner lives in a Paydesk sandbox

    QJsonObject toJson() const;
    static SignupPartner fromJson(const QJsonObject &o);
};

/// What the provider says about a submitted application.
struct ReviewStatus
{
    ApplicationState state = ApplicationState::Submitted;
    QString providerState; ///< the provider's own state name
    QList<Rejection> rejections;
    QString confirmUrl;
    QString merchantId;
};

/// One provider's merchant sign-up protocol (core/providers/<id>/): documents uploaded through
/// its media API, the application submitted under its business code, the review polled. The
/// wizard and SignupSession talk to this only.
class SignupClient : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /// Uploads the documents and submits \a application (a resubmission reuses its
    /// businessCode). Gives the provider's application reference.
    virtual void submit(const MerchantApplication &application,
                        std::function<void(Result<QString>)> done) = 0;
    virtual void query(const MerchantApplication &application,
                       std::function<void(Result<ReviewStatus>)> done) = 0;
    /// After Finished: registers \a merchantKey's public half for the new merchant and gives
    /// the account the till takes payments with (the private key stays with the caller).
    virtual void activate(const MerchantApplication &application, const crypto::RsaKey &merchantKey,
                          std::function<void(Result<ProviderAccount>)> done) = 0;
};

using SignupClientFactory = std::function<std::unique_ptr<SignupClient>(
    const SignupPartner &, QNetworkAccessManager *, Clock *)>;

/// One provider's sign-up: its client, the categories it refuses (with the reason, in its
/// words, translated) and whether it asks for the business's own login with it.
struct SignupDescriptor
{
    QString provider;
    SignupClientFactory factory;
    std::function<QString(const QString &category)> restriction; ///< empty = allowed
    /// Label of BusinessInfo::walletAccount for this provider; empty = not asked.
    std::function<QString()> walletAccountLabel;
    /// Makes a partner in a Paydesk sandbox at \a base (registers a partner key there).
    std::function<void(QNetworkAccessManager *, const QUrl &base, QObject *ctx,
                       std::function<void(Result<SignupPartner>)>)>
        sandboxPartner;
};

/// The sign-ups this build has, filled by each provider folder (registerBuiltinSignups).
class SignupRegistry
{
public:
    void add(SignupDescriptor descriptor) { m_items.push_back(std::move(descriptor)); }
    const SignupDescriptor *find(const QString &provider) const
    {
        for (const SignupDescriptor &d : m_items)
            if (d.provider == provider)
                return &d;
        return nullptr;
    }
    QStringList providers() const
    {
        QStringList out;
        for (const SignupDescriptor &d : m_items)
            out << d.provider;
        return out;
    }

private:
    std::vector<SignupDescriptor> m_items;
};

/// Generated from PAYDESK_SIGNUP_CLIENTS (core/providers/CMakeLists.txt).
void registerBuiltinSignups(SignupRegistry &registry);

} // namespace paydesk::onboarding
