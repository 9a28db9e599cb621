#include "core/onboarding/application.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace paydesk::onboarding {

namespace {
QString typeName(MerchantType t)
{
    switch (t) {
    case MerchantType::Individual:
        return u"individual"_s;
    case MerchantType::IndividualBusiness:
        return u"individual_business"_s;
    case MerchantType::Enterprise:
        break;
    }
    return u"enterprise"_s;
}

MerchantType typeFrom(const QString &s)
{
    if (s == u"individual")
        return MerchantType::Individual;
    if (s == u"enterprise")
        return MerchantType::Enterprise;
    return MerchantType::IndividualBusiness;
}

QString date(const QDate &d)
{
    return d.isValid() ? d.toString(Qt::ISODate) : QString();
}

QDate dateFrom(const QJsonValue &v)
{
    return QDate::fromString(v.toString(), Qt::ISODate);
}

constexpr std::pair<ApplicationState, const char *> kStates[] = {
    {ApplicationState::Draft, "draft"},
    {ApplicationState::Submitted, "submitted"},
    {ApplicationState::UnderReview, "under_review"},
    {ApplicationState::Rejected, "rejected"},
    {ApplicationState::AwaitingConfirmation, "awaiting_confirmation"},
    {ApplicationState::Finished, "finished"},
    {ApplicationState::Cancelled, "cancelled"},
};
} // namespace

QString stateName(ApplicationState state)
{
    for (const auto &[s, name] : kStates)
        if (s == state)
            return QString::fromLatin1(name);
    return u"draft"_s;
}

ApplicationState stateFromName(const QString &name)
{
    for (const auto &[s, n] : kStates)
        if (name == QLatin1String(n))
            return s;
    return ApplicationState::Draft;
}

QStringList MerchantApplication::requiredDocuments(MerchantType type)
{
    QStringList docs{QString::fromLatin1(ApplicationFields::idFrontPhoto),
                     QString::fromLatin1(ApplicationFields::idBackPhoto),
                     QString::fromLatin1(ApplicationFields::storeFrontPhoto)};
    if (type != MerchantType::Individual)
        docs.prepend(QString::fromLatin1(ApplicationFields::licencePhoto));
    return docs;
}

QJsonObject MerchantApplication::publicJson() const
{
    QJsonArray rejected;
    for (const Rejection &r : rejections)
        rejected.append(QJsonObject{{u"field"_s, r.field}, {u"reason"_s, r.reason}});
    QJsonObject docs;
    for (auto it = documents.begin(); it != documents.end(); ++it)
        docs.insert(it.key(), it->fileName);
    return {
        {u"provider"_s, provider},
        {u"business"_s, QJsonObject{{u"type"_s, typeName(business.type)},
                                    {u"name"_s, business.name},
                                    {u"short_name"_s, business.shortName},
                                    {u"credit_code"_s, business.creditCode},
                                    {u"category"_s, business.category},
                                    {u"taxpayer"_s, business.taxpayer},
                                    {u"address"_s, business.address},
                                    {u"service_phone"_s, business.servicePhone},
                                    {u"wallet_account"_s, business.walletAccount},
                                    {u"contact_name"_s, business.contactName}}},
        {u"legal"_s, QJsonObject{{u"name"_s, legal.name},
                                 {u"id_type"_s, legal.idType},
                                 {u"valid_from"_s, date(legal.validFrom)},
                                 {u"valid_to"_s, date(legal.validTo)},
                                 {u"long_term"_s, legal.longTerm}}},
        {u"documents"_s, docs},
        {u"bank"_s, QJsonObject{{u"type"_s, bank.type == AccountType::Corporate ? u"corporate"_s
                                                                                : u"personal"_s},
                                {u"holder"_s, bank.holder},
                                {u"bank"_s, bank.bank},
                                {u"branch"_s, bank.branch},
                                {u"verified"_s, bank.verified}}},
        {u"features"_s, QJsonObject{{u"counter_qr"_s, features.counterQr},
                                    {u"payment_codes"_s, features.paymentCodes},
                                    {u"payment_links"_s, features.paymentLinks},
                                    {u"invoice"_s, features.invoice}}},
        {u"state"_s, stateName(state)},
        {u"business_code"_s, businessCode},
        {u"provider_ref"_s, providerRef},
        {u"provider_state"_s, providerState},
        {u"rejections"_s, rejected},
        {u"confirm_url"_s, confirmUrl},
        {u"merchant_id"_s, merchantId},
        {u"deposit_ref"_s, depositRef},
    };
}

QJsonObject MerchantApplication::secretJson(bool withPhotos) const
{
    QJsonObject photos;
    for (auto it = documents.begin(); withPhotos && it != documents.end(); ++it)
        photos.insert(it.key(), QString::fromLatin1(it->bytes.toBase64()));
    return {{u"id_number"_s, legal.idNumber},
            {u"account_number"_s, bank.number},
            {u"contact_mobile"_s, business.contactMobile},
            {u"contact_email"_s, business.contactEmail},
            {u"partner"_s, partner},
            {u"photos"_s, photos}};
}

MerchantApplication MerchantApplication::fromJson(const QJsonObject &p, const QJsonObject &s)
{
    MerchantApplication a;
    a.provider = p.value(u"provider"_s).toString();
    const QJsonObject b = p.value(u"business"_s).toObject();
    a.business.type = typeFrom(b.value(u"type"_s).toString());
    a.business.name = b.value(u"name"_s).toString();
    a.business.shortName = b.value(u"short_name"_s).toString();
    a.business.creditCode = b.value(u"credit_code"_s).toString();
    a.business.category = b.value(u"category"_s).toString();
    a.business.taxpayer = b.value(u"taxpayer"_s).toString();
    a.business.address = b.value(u"address"_s).toString();
    a.business.servicePhone = b.value(u"service_phone"_s).toString();
    a.business.walletAccount = b.value(u"wallet_account"_s).toString();
    a.business.contactName = b.value(u"contact_name"_s).toString();
    a.business.contactMobile = s.value(u"contact_mobile"_s).toString();
    a.business.contactEmail = s.value(u"contact_email"_s).toString();
    const QJsonObject l = p.value(u"legal"_s).toObject();
    a.legal.name = l.value(u"name"_s).toString();
    a.legal.idType = l.value(u"id_type"_s).toString(u"resident_id"_s);
    a.legal.idNumber = s.value(u"id_number"_s).toString();
    a.legal.validFrom = dateFrom(l.value(u"valid_from"_s));
    a.legal.validTo = dateFrom(l.value(u"valid_to"_s));
    a.legal.longTerm = l.value(u"long_term"_s).toBool();
    const QJsonObject docs = p.value(u"documents"_s).toObject();
    const QJsonObject photos = s.value(u"photos"_s).toObject();
    for (auto it = docs.begin(); it != docs.end(); ++it)
        a.documents.insert(
            it.key(),
            {it->toString(), QByteArray::fromBase64(photos.value(it.key()).toString().toLatin1())});
    const QJsonObject k = p.value(u"bank"_s).toObject();
    a.bank.type = k.value(u"type"_s).toString() == u"personal" ? AccountType::Personal
                                                               : AccountType::Corporate;
    a.bank.holder = k.value(u"holder"_s).toString();
    a.bank.bank = k.value(u"bank"_s).toString();
    a.bank.branch = k.value(u"branch"_s).toString();
    a.bank.number = s.value(u"account_number"_s).toString();
    a.bank.verified = k.value(u"verified"_s).toBool();
    const QJsonObject f = p.value(u"features"_s).toObject();
    a.features.counterQr = f.value(u"counter_qr"_s).toBool(true);
    a.features.paymentCodes = f.value(u"payment_codes"_s).toBool(true);
    a.features.paymentLinks = f.value(u"payment_links"_s).toBool(false);
    a.features.invoice = f.value(u"invoice"_s).toString(u"electronic"_s);
    a.state = stateFromName(p.value(u"state"_s).toString());
    a.businessCode = p.value(u"business_code"_s).toString();
    a.providerRef = p.value(u"provider_ref"_s).toString();
    a.providerState = p.value(u"provider_state"_s).toString();
    for (const QJsonValue &v : p.value(u"rejections"_s).toArray())
        a.rejections.append({v.toObject().value(u"field"_s).toString(),
                             v.toObject().value(u"reason"_s).toString()});
    a.confirmUrl = p.value(u"confirm_url"_s).toString();
    a.merchantId = p.value(u"merchant_id"_s).toString();
    a.depositRef = p.value(u"deposit_ref"_s).toString();
    a.partner = s.value(u"partner"_s).toObject();
    return a;
}

QString MerchantApplication::rejectionFor(const QString &field) const
{
    for (const Rejection &r : rejections)
        if (r.field == field)
            return r.reason;
    return {};
}

QString ApplicationTexts::stateText(ApplicationState state)
{
    switch (state) {
    case ApplicationState::Draft:
        return tr("Not sent yet");
    case ApplicationState::Submitted:
        return tr("Sent; waiting for the provider to start its review");
    case ApplicationState::UnderReview:
        return tr("Under review by the provider");
    case ApplicationState::Rejected:
        return tr("Rejected: fix what the provider marked and send it again");
    case ApplicationState::AwaitingConfirmation:
        return tr("Approved: the legal representative must confirm");
    case ApplicationState::Finished:
        return tr("Merchant account open");
    case ApplicationState::Cancelled:
        return tr("Cancelled by the provider: start a new application");
    }
    return {};
}

QString ApplicationTexts::fieldName(const QString &f)
{
    using namespace ApplicationFields;
    const QMap<QString, QString> names{
        {QString::fromLatin1(merchantType), tr("Merchant type")},
        {QString::fromLatin1(businessName), tr("Registered name")},
        {QString::fromLatin1(creditCode), tr("Unified Social Credit Code")},
        {QString::fromLatin1(category), tr("Business category")},
        {QString::fromLatin1(walletAccount), tr("Provider account")},
        {QString::fromLatin1(contactMobile), tr("Contact mobile")},
        {QString::fromLatin1(legalName), tr("Legal representative's name")},
        {QString::fromLatin1(idNumber), tr("ID number")},
        {QString::fromLatin1(idValidity), tr("ID validity")},
        {QString::fromLatin1(licencePhoto), tr("Business licence photo")},
        {QString::fromLatin1(idFrontPhoto), tr("ID card, portrait side")},
        {QString::fromLatin1(idBackPhoto), tr("ID card, national emblem side")},
        {QString::fromLatin1(storeFrontPhoto), tr("Store-front photo")},
        {QString::fromLatin1(accountHolder), tr("Account holder")},
        {QString::fromLatin1(accountNumber), tr("Account number")},
        {QString::fromLatin1(bankName), tr("Bank")},
        {QString::fromLatin1(features), tr("Payment features")},
    };
    return names.value(f, f);
}

QString ApplicationTexts::merchantTypeName(MerchantType type)
{
    switch (type) {
    case MerchantType::Individual:
        return tr("Individual (no business licence)");
    case MerchantType::IndividualBusiness:
        return tr("Individual business (个体工商户)");
    case MerchantType::Enterprise:
        break;
    }
    return tr("Enterprise");
}

} // namespace paydesk::onboarding
