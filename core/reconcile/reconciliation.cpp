#include "core/reconcile/reconciliation.h"

#include <array>
#include <utility>

namespace paydesk {

namespace {

constexpr std::array<std::pair<ReconClass, const char *>, 9> kNames{{
    {ReconClass::Matched, "matched"},
    {ReconClass::AmountMismatch, "amount_mismatch"},
    {ReconClass::StatusMismatch, "status_mismatch"},
    {ReconClass::LatePayment, "late_payment"},
    {ReconClass::MissingAtProvider, "missing_at_provider"},
    {ReconClass::MissingLocally, "missing_locally"},
    {ReconClass::RefundMismatch, "refund_mismatch"},
    {ReconClass::FeeMismatch, "fee_mismatch"},
    {ReconClass::DuplicateLine, "duplicate_line"},
}};

} // namespace

QString reconClassName(ReconClass kind)
{
    for (const auto &[k, name] : kNames)
        if (k == kind)
            return QString::fromLatin1(name);
    return {};
}

std::optional<ReconClass> reconClassFromName(const QString &name)
{
    for (const auto &[k, n] : kNames)
        if (name == QLatin1String(n))
            return k;
    return std::nullopt;
}

} // namespace paydesk
