#include "core/analytics/salesfigures.h"

#include "core/orders/order.h"
#include "core/providers/provideradvice.h"

#include <algorithm>

namespace paydesk {

std::optional<qint64> SalesTotals::averageTicketMinor() const
{
    if (orders <= 0)
        return std::nullopt;
    return (grossMinor * 2 + orders) / (orders * 2); // half up, amounts are positive
}

void SalesTotals::add(const SalesTotals &other)
{
    orders += other.orders;
    grossMinor += other.grossMinor;
    refundedMinor += other.refundedMinor;
    refundedOrders += other.refundedOrders;
}

std::optional<double> PeriodFigures::grossChangePercent() const
{
    if (previous.grossMinor <= 0)
        return std::nullopt;
    return 100.0 * double(current.grossMinor - previous.grossMinor) / double(previous.grossMinor);
}

std::optional<double> ReturningPayers::sharePercent() const
{
    if (payers <= 0)
        return std::nullopt;
    return 100.0 * double(returning) / double(payers);
}

namespace {
constexpr std::array<qint64, TicketBuckets::Count> kBounds{0,     1000,  2000,  5000,
                                                           10000, 20000, 50000, 100000};
}

qint64 TicketBuckets::lowerBoundMinor(int bucket)
{
    return kBounds.at(std::clamp(bucket, 0, Count - 1));
}

QString TicketBuckets::label(int bucket)
{
    const auto yuan = [](qint64 minor) { return QString::number(minor / 100); };
    if (bucket <= 0)
        return tr("< ¥%1").arg(yuan(kBounds[1]));
    if (bucket >= Count - 1)
        return tr("≥ ¥%1").arg(yuan(kBounds[Count - 1]));
    return tr("¥%1–%2").arg(yuan(kBounds[bucket]), yuan(kBounds[bucket + 1]));
}

QString FailureLabels::label(const QString &reasonName)
{
    switch (failureReasonFromName(reasonName)) {
    case FailureReason::InsufficientBalance:
        return tr("Insufficient balance");
    case FailureReason::WrongPassword:
        return tr("Wrong password");
    case FailureReason::CodeExpiredOrInvalid:
        return tr("Expired or invalid payment code");
    case FailureReason::UnsupportedWallet:
        return tr("Unsupported wallet");
    case FailureReason::LimitExceeded:
        return tr("Payment limit exceeded");
    case FailureReason::AmountTooLarge:
        return tr("Amount too large");
    case FailureReason::NetworkTrouble:
        return tr("Network trouble");
    case FailureReason::ProviderBusy:
        return tr("Provider busy");
    case FailureReason::TradeNotExist:
        return tr("Trade not found");
    case FailureReason::TradeAlreadyPaid:
        return tr("Already paid");
    case FailureReason::TradeClosed:
        return tr("Trade closed");
    case FailureReason::InvalidSignature:
        return tr("Signature check failed");
    case FailureReason::BadRequest:
        return tr("Rejected request");
    case FailureReason::PermissionDenied:
        return tr("Permission denied");
    case FailureReason::None:
    case FailureReason::Other:
        break;
    }
    return reasonName == u"other" ? tr("Other") : tr("Other (%1)").arg(reasonName);
}

QString FailureLabels::cashierAdvice(const QString &reasonName)
{
    return adviceFor(failureReasonFromName(reasonName)).cashier;
}

QString FailureLabels::customerAdvice(const QString &reasonName)
{
    return adviceFor(failureReasonFromName(reasonName)).customer;
}

QString TicketBuckets::shortLabel(int bucket)
{
    return tr("%1+").arg(kBounds[std::clamp(bucket, 0, Count - 1)] / 100);
}

QList<int> DashboardFigures::bestHours(int n) const
{
    QList<int> hours;
    for (int h = 0; h < 24; ++h)
        if (byHour[h].grossMinor > 0)
            hours << h;
    std::stable_sort(hours.begin(), hours.end(),
                     [this](int a, int b) { return byHour[a].grossMinor > byHour[b].grossMinor; });
    return hours.mid(0, n);
}

} // namespace paydesk
