#pragma once

#include "core/crypto/crypto.h"
#include "sandbox/httpfrontend.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace paydesk {
class Clock;
}

namespace paydesk::sandbox {

class TradeStore;
class SignupBook;

/// One HTTP request as a sign-up desk sees it: everything a provider's signature may cover.
struct SignupRequest
{
    QByteArray method;   ///< "GET", "POST"
    QString path;        ///< decoded path
    QByteArray target;   ///< path and query exactly as sent (some providers sign it)
    QByteArray rawQuery; ///< the query, still encoded
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
};

/// What every desk shares.
struct SignupContext
{
    TradeStore &store;
    SignupBook &book;
    Clock &clock;
    crypto::RsaKey sandboxKey;
    std::function<QUrl()> baseUrl;
};

/// One provider's merchant sign-up API in the sandbox (sandbox/<provider>/): parses and
/// verifies its requests, runs the neutral review (SignupBook) and answers in its wire format.
/// Sign-up calls are not subject to the transport faults.
class SignupDesk
{
public:
    virtual ~SignupDesk() = default;
    virtual QString provider() const = 0;
    /// nullopt when \a request is not a sign-up call of this provider.
    virtual std::optional<HttpReply> handle(const SignupRequest &request) = 0;
    /// POST /sandbox/signup/partners {"provider", "public_key"}: registers a sign-up partner
    /// (service provider / ISV) and says how to reach the API as it.
    virtual QJsonObject registerPartner(const QByteArray &publicKeyPem) = 0;
};

/// Every desk of this build (generated from PAYDESK_SANDBOX_SIGNUPS in sandbox/CMakeLists.txt).
std::vector<std::unique_ptr<SignupDesk>> builtinSignupDesks(const SignupContext &context);

} // namespace paydesk::sandbox
