#pragma once

#include "core/money/money.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace paydesk {

/// How a provider takes money at the counter.
enum class PaymentMethod { Qr, PaymentCode, PaymentLink };

/// One provider as the comparison shows it (resources/providers/providers.json).
struct CatalogEntry
{
    QString providerId;
    int feeRateBp = 0;                  ///< standard fee per payment, basis points (60 = 0.6 %)
    std::optional<int> lowestFeeRateBp; ///< the lowest rate some merchants get
    QString settlement;                 ///< "realtime_balance" or "t_plus_1"
    QList<PaymentMethod> methods;
    int reviewDaysMin = 0; ///< typical review, working days
    int reviewDaysMax = 0;
    QStringList documents; ///< ids, see documentName()
    QString hotline;
    QString hotlineHours;
    QUrl supportUrl;
    QUrl consoleUrl;
    QStringList unconfirmed; ///< "fee_rate", "lowest_fee_rate", "review_time", "hotline"

    bool isUnconfirmed(const QString &figure) const { return unconfirmed.contains(figure); }
};

/// What a month of payments costs at one provider.
struct FeeEstimate
{
    QString providerId;
    int feeRateBp = 0;
    qint64 payments = 0; ///< the month's payments at the average ticket (the rest as one more)
    Money fees;          ///< charged per payment, each rounded to the fen
    Money net;           ///< volume minus fees
};

/// The comparison data of the providers Paydesk supports and the fee calculator. Data, not
/// code: the figures live in an editable JSON file with its date and source; the texts people
/// read are translated here (tr()), so the file stays language-neutral.
class ProviderCatalog
{
    Q_DECLARE_TR_FUNCTIONS(ProviderCatalog)
public:
    /// Parses and checks a catalog (every entry needs an id and a fee rate; unknown settlement,
    /// method or document ids are errors, so a typo in the file is caught by the tests).
    static Result<ProviderCatalog> fromJson(const QByteArray &json);
    /// The catalog compiled in from resources/providers/providers.json.
    static Result<ProviderCatalog> builtin();

    QDate date() const { return m_date; }
    QString source() const { return m_source; }
    const QList<CatalogEntry> &entries() const { return m_entries; }
    const CatalogEntry *find(const QString &providerId) const;

    /// Monthly fees for \a monthlyVolume taken in payments of \a averageTicket, for each entry
    /// in \a providerIds order (all entries when empty). Fees are charged per payment and
    /// rounded half up to the fen, as providers do: volume / ticket payments of the ticket,
    /// plus one payment of the remainder. Refuses a zero or negative ticket or volume, a ticket
    /// above the volume and mixed currencies.
    Result<QList<FeeEstimate>> estimate(const Money &monthlyVolume, const Money &averageTicket,
                                        const QStringList &providerIds = {}) const;
    static Result<FeeEstimate> estimateFor(const Money &monthlyVolume, const Money &averageTicket,
                                           int feeRateBp);

    /// "0.6%" / "0.38%": a rate in basis points for people.
    static QString rateText(int basisPoints, const QLocale &locale = QLocale());
    static QString methodName(PaymentMethod method);
    static QString settlementText(const QString &settlementId);
    static QString documentName(const QString &documentId);
    static QString reviewText(const CatalogEntry &entry);

private:
    QDate m_date;
    QString m_source;
    QList<CatalogEntry> m_entries;
};

} // namespace paydesk
