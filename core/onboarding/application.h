#pragma once

#include "core/onboarding/validators.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace paydesk::onboarding {

enum class MerchantType { Individual, IndividualBusiness, Enterprise };
enum class ApplicationState {
    Draft,
    Submitted, ///< sent, the provider has not started its review
    UnderReview,
    Rejected,             ///< fix the rejected fields and resubmit (same business code)
    AwaitingConfirmation, ///< approved: the legal representative confirms / signs
    Finished,             ///< the provider opened the merchant account
    Cancelled,            ///< void at the provider: a new application is needed
};

/// Stable ids of the fields a provider's review can reject (ApplicationFields::*). The wizard
/// maps each to the page and widget that edits it.
namespace ApplicationFields {
inline constexpr char merchantType[] = "business.type";
inline constexpr char businessName[] = "business.name";
inline constexpr char creditCode[] = "business.credit_code";
inline constexpr char category[] = "business.category";
inline constexpr char walletAccount[] = "business.wallet_account";
inline constexpr char contactMobile[] = "business.contact_mobile";
inline constexpr char legalName[] = "legal.name";
inline constexpr char idNumber[] = "legal.id_number";
inline constexpr char idValidity[] = "legal.id_validity";
inline constexpr char licencePhoto[] = "documents.licence";
inline constexpr char idFrontPhoto[] = "documents.id_front";
inline constexpr char idBackPhoto[] = "documents.id_back";
inline constexpr char storeFrontPhoto[] = "documents.store_front";
inline constexpr char accountHolder[] = "bank.holder";
inline constexpr char accountNumber[] = "bank.number";
inline constexpr char bankName[] = "bank.bank";
inline constexpr char features[] = "features";
} // namespace ApplicationFields

struct BusinessInfo
{
    MerchantType type = MerchantType::IndividualBusiness;
    QString name;       ///< registered name, exactly as on the licence
    QString shortName;  ///< shown to buyers
    QString creditCode; ///< Unified Social Credit Code
    QString category;   ///< BusinessCategories id
    QString taxpayer;   ///< "general" or "small_scale"
    QString address;
    QString servicePhone;
    QString walletAccount; ///< the business's own login at the provider, when it asks for one
    QString contactName;
    QString contactMobile; ///< sensitive
    QString contactEmail;  ///< sensitive
};

struct LegalRepresentative
{
    QString name;
    QString idType = QStringLiteral("resident_id");
    QString idNumber; ///< sensitive
    QDate validFrom;
    QDate validTo;
    bool longTerm = false;
};

/// One photo as picked by the merchant; the bytes are kept encrypted in the draft.
struct DocumentFile
{
    QString fileName;
    QByteArray bytes;
};

struct BankAccount
{
    AccountType type = AccountType::Corporate;
    QString holder;
    QString bank;
    QString branch;
    QString number;        ///< sensitive
    bool verified = false; ///< the micro-deposit came back right
};

struct PaymentFeatures
{
    bool counterQr = true;
    bool paymentCodes = true;
    bool paymentLinks = false;
    QString invoice = QStringLiteral("electronic"); ///< "none", "paper" or "electronic"
};

struct Rejection
{
    QString field;  ///< an ApplicationFields id; empty when the provider named none we know
    QString reason; ///< the provider's words
};

/// The merchant's application, provider-neutral: what the wizard collects, where it stands
/// and what the provider said about it.
struct MerchantApplication
{
    QString provider; ///< registry id of the chosen provider
    BusinessInfo business;
    LegalRepresentative legal;
    QMap<QString, DocumentFile> documents; ///< by ApplicationFields documents.* id
    BankAccount bank;
    PaymentFeatures features;

    ApplicationState state = ApplicationState::Draft;
    QString businessCode;  ///< our idempotency key; kept for every resubmission
    QString providerRef;   ///< the provider's application id (applyment_id, batch_no)
    QString providerState; ///< the provider's own state name, for the log and support
    QList<Rejection> rejections;
    QString confirmUrl; ///< what the legal representative scans to confirm / sign
    QString merchantId; ///< the merchant's id at the provider once approved
    QString depositRef; ///< the micro-deposit the provider sent, while one is open
    /// The partner (service provider / ISV) this application went through, opaque and secret:
    /// a resumed application is queried as the same partner.
    QJsonObject partner;

    /// Documents a merchant of \a type must provide, in the order the page shows them.
    static QStringList requiredDocuments(MerchantType type);

    /// Everything that is not a secret (for the draft's plain column).
    QJsonObject publicJson() const;
    /// ID number, account number, contact details, the partner and, \a withPhotos, the
    /// photos (for the encrypted part).
    QJsonObject secretJson(bool withPhotos = true) const;
    static MerchantApplication fromJson(const QJsonObject &publicPart,
                                        const QJsonObject &secretPart);

    /// The first rejection, if any, whose field is \a field.
    QString rejectionFor(const QString &field) const;
};

QString stateName(ApplicationState state);
ApplicationState stateFromName(const QString &name);

/// Words for the merchant (translated).
class ApplicationTexts
{
    Q_DECLARE_TR_FUNCTIONS(ApplicationTexts)
public:
    static QString stateText(ApplicationState state);
    static QString fieldName(const QString &field);
    static QString merchantTypeName(MerchantType type);
};

} // namespace paydesk::onboarding
