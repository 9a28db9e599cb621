#pragma once

#include "core/providers/credentialspec.h"
#include "core/providers/paymentprovider.h"
#include "core/providers/payout.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QNetworkAccessManager;

namespace paydesk {

class Clock;

/// The shape of a wallet's payment code: \a minLength..\a maxLength digits whose first two
/// digits lie in \a prefixFrom..\a prefixTo.
struct PaymentCodeRule
{
    int minLength = 0;
    int maxLength = 0;
    int prefixFrom = 0;
    int prefixTo = 0;

    bool matches(QStringView digits) const;
};

/// What the provider does with a cancel (or reverse) call.
enum class CancelBehaviour {
    CloseOrRefund, ///< closes an unpaid trade, refunds a paid one (the answer says which)
    CloseOnly,     ///< an unpaid trade only; a paid one needs a refund
};

/// What the services may rely on without knowing which provider they talk to.
struct ProviderCapabilities
{
    /// A cancel/reverse is refused (or misbehaves) before this many seconds after creation.
    int reverseNotBeforeSeconds = 0;
    CancelBehaviour cancel = CancelBehaviour::CloseOnly;
    NotificationAck notificationAck;
    /// Codes this wallet issues; empty when it takes no payment codes.
    QList<PaymentCodeRule> paymentCodes;
    bool qrOrders = false;
    bool statements = false;
    /// The adapter downloads the fund-flow statement with the payouts to the bank
    /// (PaymentProvider::downloadFundStatement).
    bool fundStatements = false;
    /// The Paydesk sandbox speaks this provider's dialect (POST /sandbox/apps accepts its id).
    bool sandbox = false;
};

/// One merchant account at one provider, as ProviderAccountStore keeps it. The private key is
/// only ever held decrypted in memory.
struct ProviderAccount
{
    QString provider;    ///< registry id
    QString environment; ///< "sandbox-embedded", "sandbox:<url>", "production"
    QString appId;       ///< the provider's id of our app / merchant
    QUrl gateway;        ///< where the adapter sends its calls
    QByteArray providerPublicKeyPem;
    QByteArray appPrivateKeyPem;
    QString sellerId;  ///< optional; notifications must name it when set
    QString notifyUrl; ///< optional; where the provider posts notifications
    QStringList keyPins;
    /// Further fields a provider's account has (e.g. a merchant id, a certificate serial), by
    /// the names its adapter gives them. Stored as they are.
    QMap<QString, QString> params;
    /// Further secrets (e.g. API keys), by name. Stored only as SecretVault blobs.
    QMap<QString, QByteArray> secrets;
};

/// What an adapter needs from the process to run (all outlive the adapter).
struct ProviderEnvironment
{
    QNetworkAccessManager *network = nullptr;
    Clock *clock = nullptr;
};

using ProviderFactory = std::function<Result<std::unique_ptr<PaymentProvider>>(
    const ProviderAccount &, const ProviderEnvironment &)>;

/// Builds the account from the sandbox's answer to POST /sandbox/apps (ARCHITECTURE §7a) for a
/// provider whose answer has its own fields. \a sandboxBase resolves relative addresses. The
/// caller fills in provider and the app private key.
using SandboxAccountParser =
    std::function<Result<ProviderAccount>(const QJsonObject &answer, const QUrl &sandboxBase)>;

/// Reads a trade statement (bill) file exactly as the provider serves it for download (or as
/// the owner saved it from the merchant portal): every line, or an error and no line at all.
using StatementParser = std::function<Result<QList<StatementLine>>(const QByteArray &file)>;
/// Parses a provider's fund-flow statement file (as served or saved from the merchant portal)
/// into its payouts to the bank, or an error and none.
using FundStatementParser = std::function<Result<QList<Payout>>(const QByteArray &file)>;

/// One provider as the application knows it. A descriptor without a factory is a wallet the
/// till recognises (its codes, its name) but has no adapter for in this build.
struct ProviderDescriptor
{
    QString id;
    /// Untranslated display name and its translation context (QCoreApplication::translate).
    const char *nameContext = "ProviderRegistry";
    const char *nameSource = "";
    ProviderCapabilities capabilities;
    ProviderFactory factory;
    /// How the sandbox's app registration answer becomes an account; empty = the common fields
    /// (app_id, gateway, provider_public_key).
    SandboxAccountParser sandboxAccount;
    /// False for wallets whose codes are recognised only to tell the cashier they cannot be
    /// taken (the router answers "not supported" instead of "not set up on this till").
    bool chargeable = true;
    /// What connecting an existing account of this provider asks for (empty: not by hand).
    CredentialSpec credentials;
    /// Parses this provider's trade statement file (StatementImporter); empty when none.
    StatementParser parseTradeStatement;
    /// Parses this provider's fund-flow statement file (SettlementTracker); empty when none.
    FundStatementParser parseFundStatement;
    /// The provider's customer-service number, for a cashier resolving a complaint with the
    /// transaction id (docs/CASES.md); empty when not known.
    QString hotline;

    QString displayName() const;
    bool hasAdapter() const { return bool(factory); }
};

/// Every provider the application knows, with what it can do and how to build its adapter.
/// Built once by the composition root and handed to whoever needs it; each adapter registers
/// itself from its own folder (core/providers/<id>/), so nothing else names a provider.
class ProviderRegistry
{
    Q_DECLARE_TR_FUNCTIONS(ProviderRegistry)
public:
    /// Fails when \a descriptor's id is empty or already registered.
    Status add(ProviderDescriptor descriptor);

    const ProviderDescriptor *find(const QString &id) const;
    QStringList ids() const;
    /// Translated display name; the id itself when unknown.
    QString displayName(const QString &id) const;
    /// The provider's customer-service number; empty when unknown.
    QString hotline(const QString &id) const;
    /// "A, B or C" of the chargeable providers' display names, in registration order.
    QString chargeableNames() const;

    /// The provider whose payment-code rule \a digits matches.
    const ProviderDescriptor *forPaymentCode(QStringView digits) const;

    /// Builds the adapter for \a account with its provider's factory.
    Result<std::unique_ptr<PaymentProvider>> create(const ProviderAccount &account,
                                                    const ProviderEnvironment &env) const;

private:
    std::vector<ProviderDescriptor> m_providers;
};

/// Registers every provider of this build: the adapters' own registrations (generated from the
/// adapter list in core/providers/CMakeLists.txt) and the wallets recognised without one.
void registerBuiltinProviders(ProviderRegistry &registry);

} // namespace paydesk
