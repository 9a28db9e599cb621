#pragma once

#include "core/crypto/crypto.h"
#include "core/util/clock.h"
#include "sandbox/httpfrontend.h"
#include "sandbox/tradestore.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
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

/// One request to a dialect's API, as it arrived.
struct GatewayRequest
{
    QByteArray method; ///< "GET" or "POST"
    QString path;      ///< the decoded path, for routing
    /// The request target (path and query) in the encoding the client sent, for signatures
    /// that cover it. Rebuilt from the parsed URL: Qt's parser keeps '+' and "%2B" apart and
    /// every reserved character's encoding, but re-cases %xx and decodes unreserved ones.
    QByteArray target;
    QByteArray rawQuery; ///< the query part of target, without '?'
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    /// The first header named \a name (case-insensitive); empty when absent.
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
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
    /// Whether \a path belongs to this dialect's API: the gateway path itself, or everything
    /// under it for a dialect whose API has many paths (REST).
    virtual bool serves(const QString &path) const { return path == gatewayPath(); }
    /// One API request.
    virtual HttpReply gateway(const GatewayRequest &request) = 0;
    /// Any other GET this dialect serves (e.g. a statement download); nullopt = not its path.
    virtual std::optional<HttpReply> get(const QString &path, const QUrlQuery &query) = 0;
    /// Gives \a app, just added to the store, the ids and secrets of this provider's accounts
    /// (before it is saved and answered).
    virtual void prepareApp(App &app) { Q_UNUSED(app); }
    /// The answer of POST /sandbox/apps for \a app just registered (ARCHITECTURE §7a).
    virtual QJsonObject appRegistered(const App &app, const QByteArray &sandboxPublicKeyPem) = 0;
    /// The trade token (Trade::qrToken) inside \a qrContent when it is one of this provider's
    /// QR codes; nullopt when the content is not in this provider's QR shape.
    virtual std::optional<QString> qrToken(const QString &qrContent) const
    {
        Q_UNUSED(qrContent);
        return std::nullopt;
    }
    /// The buyer declined a trade of this provider that waited for the password
    /// (POST /sandbox/pay {"decline":true}); the store has closed it already.
    virtual void paymentDeclined(Trade &trade) { Q_UNUSED(trade); }
    /// A trade of this provider was paid: send its notification if it asked for one.
    virtual void notifyPaid(const Trade &trade) = 0;
};

/// Every dialect of this build (generated from PAYDESK_SANDBOX_DIALECTS in
/// sandbox/CMakeLists.txt), in that order.
std::vector<std::unique_ptr<Dialect>> builtinDialects(const DialectContext &context);

} // namespace paydesk::sandbox
