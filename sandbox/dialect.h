#pragma once

#include "core/crypto/crypto.h"
#include "core/util/clock.h"
#include "sandbox/httpfrontend.h"
#include "sandbox/tradestore.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace paydesk::sandbox {

class FaultPlan;
class Notifier;

/// The payment codes one wallet shows its buyers: which field of POST /sandbox/buyers (and
/// /sandbox/codes) carries them and the digits they start with (ARCHITECTURE §9).
struct WalletCodes
{
    QString provider;
    QString field;
    QString prefix;
};

/// What every dialect shares: the provider-neutral state, the fault plan, the notifier.
struct DialectContext
{
    TradeStore &store;
    FaultPlan &faults;
    Notifier &notifier;
    Clock &clock;
    crypto::RsaKey sandboxKey; ///< the sandbox signs as the provider with this key
    std::function<QUrl()> baseUrl;
};

/// One provider's wire protocol over the shared trade store (sandbox/<provider>/). The server
/// routes requests to it and applies the transport faults (timeout, drop, 5xx, latency) around
/// its gateway; the dialect applies the business faults its protocol knows.
class Dialect
{
public:
    virtual ~Dialect() = default;

    /// The provider id in /sandbox/apps, trades and codes (the core registry's id).
    virtual QString provider() const = 0;
    virtual WalletCodes walletCodes() const = 0;
    /// The path of the provider's API on this server; every request there goes to gateway().
    virtual QString gatewayPath() const = 0;
    /// One API request: the raw URL query and the raw body.
    virtual HttpReply gateway(const QByteArray &rawQuery, const QByteArray &rawBody) = 0;
    /// Any other GET this dialect serves (e.g. a statement download); nullopt = not its path.
    virtual std::optional<HttpReply> get(const QString &path, const QUrlQuery &query) = 0;
    /// The answer of POST /sandbox/apps for \a app just registered (ARCHITECTURE §7a).
    virtual QJsonObject appRegistered(const App &app, const QByteArray &sandboxPublicKeyPem) = 0;
    /// A trade of this provider was paid: send its notification if it asked for one.
    virtual void notifyPaid(const Trade &trade) = 0;
};

/// Every dialect of this build (generated from PAYDESK_SANDBOX_DIALECTS in
/// sandbox/CMakeLists.txt), in that order.
std::vector<std::unique_ptr<Dialect>> builtinDialects(const DialectContext &context);

} // namespace paydesk::sandbox
