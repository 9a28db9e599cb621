#include "core/onboarding/providercatalog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

const QStringList kSettlements = {u"realtime_balance"_s, u"t_plus_1"_s};
const QStringList kDocuments = {u"certified_account"_s, u"business_licence"_s, u"legal_rep_id"_s,
                                u"storefront_photo"_s,  u"indoor_photo"_s,     u"bank_account"_s};

std::optional<PaymentMethod> methodFromId(const QString &id)
{
    if (id == u"qr")
        return PaymentMethod::Qr;
    if (id == u"payment_code")
        return PaymentMethod::PaymentCode;
    if (id == u"payment_link")
        return PaymentMethod::PaymentLink;
    return std::nullopt;
}

Error bad(const QString &why)
{
    return {u"onboarding.catalog"_s, ProviderCatalog::tr("The provider comparison data is "
                                                         "damaged: %1")
                                         .arg(why)};
}

} // namespace

Result<ProviderCatalog> ProviderCatalog::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return bad(parseError.errorString());
    const QJsonObject root = doc.object();
    ProviderCatalog catalog;
    catalog.m_date = QDate::fromString(root.value(u"date").toString(), Qt::ISODate);
    catalog.m_source = root.value(u"source").toString();
    if (!catalog.m_date.isValid() || catalog.m_source.isEmpty())
        return bad(u"date/source"_s);
    for (const QJsonValue &v : root.value(u"providers").toArray()) {
        const QJsonObject o = v.toObject();
        CatalogEntry e;
        e.providerId = o.value(u"id").toString();
        e.feeRateBp = o.value(u"fee_rate_bp").toInt(-1);
        if (e.providerId.isEmpty() || e.feeRateBp < 0 || e.feeRateBp > 10000)
            return bad(u"id/fee_rate_bp"_s);
        if (o.contains(u"lowest_fee_rate_bp"))
            e.lowestFeeRateBp = o.value(u"lowest_fee_rate_bp").toInt();
        e.settlement = o.value(u"settlement").toString();
        if (!kSettlements.contains(e.settlement))
            return bad(e.providerId + u".settlement"_s);
        for (const QJsonValue &m : o.value(u"payment_methods").toArray()) {
            const auto method = methodFromId(m.toString());
            if (!method)
                return bad(e.providerId + u".payment_methods: "_s + m.toString());
            e.methods << *method;
        }
        const QJsonArray days = o.value(u"review_working_days").toArray();
        e.reviewDaysMin = days.at(0).toInt(-1);
        e.reviewDaysMax = days.at(1).toInt(-1);
        if (days.size() != 2 || e.reviewDaysMin < 0 || e.reviewDaysMax < e.reviewDaysMin)
            return bad(e.providerId + u".review_working_days"_s);
        for (const QJsonValue &d : o.value(u"documents").toArray()) {
            if (!kDocuments.contains(d.toString()))
                return bad(e.providerId + u".documents: "_s + d.toString());
            e.documents << d.toString();
        }
        e.hotline = o.value(u"hotline").toString();
        e.hotlineHours = o.value(u"hotline_hours").toString();
        e.supportUrl = QUrl(o.value(u"support_url").toString());
        e.consoleUrl = QUrl(o.value(u"console_url").toString());
        for (const QJsonValue &u : o.value(u"unconfirmed").toArray())
            e.unconfirmed << u.toString();
        catalog.m_entries << e;
    }
    if (catalog.m_entries.isEmpty())
        return bad(u"providers"_s);
    return catalog;
}

Result<ProviderCatalog> ProviderCatalog::builtin()
{
    QFile file(u":/providers/providers.json"_s);
    if (!file.open(QIODevice::ReadOnly))
        return bad(file.errorString());
    return fromJson(file.readAll());
}

const CatalogEntry *ProviderCatalog::find(const QString &providerId) const
{
    for (const CatalogEntry &e : m_entries)
        if (e.providerId == providerId)
            return &e;
    return nullptr;
}

Result<FeeEstimate> ProviderCatalog::estimateFor(const Money &monthlyVolume,
                                                 const Money &averageTicket, int feeRateBp)
{
    if (monthlyVolume.isZero() || monthlyVolume.isNegative())
        return Error{u"onboarding.volume"_s, tr("Enter the monthly volume, more than zero.")};
    if (averageTicket.isZero() || averageTicket.isNegative())
        return Error{u"onboarding.ticket"_s, tr("Enter the average ticket, more than zero.")};
    if (!(monthlyVolume.currency() == averageTicket.currency()))
        return Error{u"money.currency"_s, tr("The volume and the ticket are in different "
                                             "currencies.")};
    if (averageTicket.minor() > monthlyVolume.minor())
        return Error{u"onboarding.ticket"_s,
                     tr("The average ticket cannot be more than the monthly volume.")};
    FeeEstimate e;
    e.feeRateBp = feeRateBp;
    const qint64 full = monthlyVolume.minor() / averageTicket.minor();
    const qint64 rest = monthlyVolume.minor() % averageTicket.minor();
    auto perTicket = averageTicket.percentBasisPoints(feeRateBp);
    if (!perTicket.ok())
        return perTicket.error();
    auto fees = perTicket.value().times(full);
    if (!fees.ok())
        return fees.error();
    e.payments = full;
    if (rest > 0) {
        auto last = Money::fromMinor(rest, averageTicket.currency()).percentBasisPoints(feeRateBp);
        if (!last.ok())
            return last.error();
        fees = fees.value().plus(last.value());
        if (!fees.ok())
            return fees.error();
        ++e.payments;
    }
    e.fees = fees.value();
    auto net = monthlyVolume.minus(e.fees);
    if (!net.ok())
        return net.error();
    e.net = net.value();
    return e;
}

Result<QList<FeeEstimate>> ProviderCatalog::estimate(const Money &monthlyVolume,
                                                     const Money &averageTicket,
                                                     const QStringList &providerIds) const
{
    QList<FeeEstimate> out;
    QStringList ids = providerIds;
    if (ids.isEmpty())
        for (const CatalogEntry &e : m_entries)
            ids << e.providerId;
    for (const QString &id : ids) {
        const CatalogEntry *entry = find(id);
        if (!entry)
            continue;
        auto one = estimateFor(monthlyVolume, averageTicket, entry->feeRateBp);
        if (!one.ok())
            return one.error();
        FeeEstimate e = one.value();
        e.providerId = id;
        out << e;
    }
    return out;
}

QString ProviderCatalog::rateText(int basisPoints, const QLocale &locale)
{
    // 60 bp -> "0.6%", 38 bp -> "0.38%": no trailing zeros, the locale's decimal point.
    QString digits = QString::number(basisPoints / 100) + locale.decimalPoint() +
                     QString::number(basisPoints % 100).rightJustified(2, u'0');
    while (digits.endsWith(u'0'))
        digits.chop(1);
    if (digits.endsWith(locale.decimalPoint()))
        digits.chop(locale.decimalPoint().size());
    return tr("%1%", "a fee rate, e.g. 0.6%").arg(digits);
}

QString ProviderCatalog::methodName(PaymentMethod method)
{
    switch (method) {
    case PaymentMethod::Qr:
        return tr("QR code at the counter");
    case PaymentMethod::PaymentCode:
        return tr("Customer's payment code");
    case PaymentMethod::PaymentLink:
        return tr("Payment link");
    }
    return {};
}

QString ProviderCatalog::settlementText(const QString &settlementId)
{
    if (settlementId == u"realtime_balance")
        return tr("At once to the account balance; you withdraw it to the bank");
    if (settlementId == u"t_plus_1")
        return tr("To the bank account the next day (T+1)");
    return settlementId;
}

QString ProviderCatalog::documentName(const QString &documentId)
{
    if (documentId == u"certified_account")
        return tr("A real-name certified account of the merchant");
    if (documentId == u"business_licence")
        return tr("Business licence");
    if (documentId == u"legal_rep_id")
        return tr("Legal representative's ID card (both sides)");
    if (documentId == u"storefront_photo")
        return tr("Photo of the store front with its sign");
    if (documentId == u"indoor_photo")
        return tr("Photo inside the store");
    if (documentId == u"bank_account")
        return tr("Settlement bank account");
    return documentId;
}

QString ProviderCatalog::reviewText(const CatalogEntry &e)
{
    if (e.reviewDaysMax == e.reviewDaysMin)
        return tr("About %n working day(s)", nullptr, e.reviewDaysMax);
    return tr("%1–%2 working days").arg(e.reviewDaysMin).arg(e.reviewDaysMax);
}

} // namespace paydesk
