#include "core/orders/order.h"

#include "core/orders/orderowner.h"
#include "core/providers/provideradvice.h"

#include <QCoreApplication>

#include <array>
#include <utility>

namespace paydesk {

namespace {

constexpr std::array<std::pair<OrderStatus, const char *>, 8> kStatusNames{{
    {OrderStatus::Created, "CREATED"},
    {OrderStatus::Pending, "PENDING"},
    {OrderStatus::Unknown, "UNKNOWN"},
    {OrderStatus::Paid, "PAID"},
    {OrderStatus::PartiallyRefunded, "PARTIALLY_REFUNDED"},
    {OrderStatus::Refunded, "REFUNDED"},
    {OrderStatus::Failed, "FAILED"},
    {OrderStatus::Closed, "CLOSED"},
}};

constexpr std::array<std::pair<OrderKind, const char *>, 4> kKindNames{{
    {OrderKind::Qr, "qr"},
    {OrderKind::Code, "code"},
    {OrderKind::Link, "link"},
    {OrderKind::Cash, "cash"},
}};

} // namespace

QString orderStatusName(OrderStatus status)
{
    for (const auto &[s, name] : kStatusNames)
        if (s == status)
            return QString::fromLatin1(name);
    return {};
}

std::optional<OrderStatus> orderStatusFromName(QStringView name)
{
    for (const auto &[s, n] : kStatusNames)
        if (name.compare(QLatin1String(n), Qt::CaseInsensitive) == 0)
            return s;
    return std::nullopt;
}

QList<OrderStatus> allOrderStatuses()
{
    QList<OrderStatus> list;
    for (const auto &entry : kStatusNames)
        list << entry.first;
    return list;
}

QString orderStatusDisplayName(OrderStatus status)
{
    switch (status) {
    case OrderStatus::Created:
        return QCoreApplication::translate("Order", "Created");
    case OrderStatus::Pending:
        return QCoreApplication::translate("Order", "Waiting for the customer");
    case OrderStatus::Unknown:
        return QCoreApplication::translate("Order", "Checking with the provider");
    case OrderStatus::Paid:
        return QCoreApplication::translate("Order", "Paid");
    case OrderStatus::PartiallyRefunded:
        return QCoreApplication::translate("Order", "Partially refunded");
    case OrderStatus::Refunded:
        return QCoreApplication::translate("Order", "Refunded");
    case OrderStatus::Failed:
        return QCoreApplication::translate("Order", "Failed");
    case OrderStatus::Closed:
        return QCoreApplication::translate("Order", "Closed");
    }
    return {};
}

QString orderKindName(OrderKind kind)
{
    for (const auto &[k, name] : kKindNames)
        if (k == kind)
            return QString::fromLatin1(name);
    return {};
}

std::optional<OrderKind> orderKindFromName(QStringView name)
{
    for (const auto &[k, n] : kKindNames)
        if (name == QLatin1String(n))
            return k;
    return std::nullopt;
}

FailureReason failureReasonFromName(QStringView name)
{
    if (name.isEmpty())
        return FailureReason::None;
    for (int i = int(FailureReason::None); i <= int(FailureReason::Other); ++i)
        if (name == failureReasonName(FailureReason(i)))
            return FailureReason(i);
    return FailureReason::Other;
}

bool isOpenStatus(OrderStatus status)
{
    return status == OrderStatus::Created || status == OrderStatus::Pending ||
           status == OrderStatus::Unknown;
}

QString processOwnerId()
{
    return OrderOwner::current();
}

bool isOwnedByAnotherLiveProcess(const QString &owner)
{
    return OrderOwner::isAnotherLiveProcess(owner);
}

} // namespace paydesk
