#include "core/reconcile/reconcolumns.h"

namespace paydesk {

std::optional<OrderState> orderStateFromText(std::string_view s)
{
    if (s == "PAID" || s == "PARTIALLY_REFUNDED" || s == "REFUNDED")
        return OrderState::Paid;
    if (s == "CREATED" || s == "PENDING" || s == "UNKNOWN")
        return OrderState::Open;
    if (s == "CLOSED" || s == "FAILED")
        return OrderState::Dead;
    return std::nullopt;
}

std::optional<RefundState> refundStateFromText(std::string_view s)
{
    if (s == "SUCCESS")
        return RefundState::Succeeded;
    if (s == "DECIDED" || s == "SENT" || s == "PROCESSING")
        return RefundState::Pending;
    if (s == "FAILED")
        return RefundState::Failed;
    return std::nullopt;
}

std::int32_t civilDay(int y, int m, int d)
{
    // Howard Hinnant's days_from_civil.
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = unsigned((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1);
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + std::int32_t(doe) - 719468;
}

} // namespace paydesk
