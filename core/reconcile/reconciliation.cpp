#include "core/reconcile/reconciliation.h"

#include <QCoreApplication>

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

QString reconClassLabel(ReconClass kind)
{
    switch (kind) {
    case ReconClass::Matched:
        return QCoreApplication::translate("ReconClass", "Matched");
    case ReconClass::AmountMismatch:
        return QCoreApplication::translate("ReconClass", "Amount mismatch");
    case ReconClass::StatusMismatch:
        return QCoreApplication::translate("ReconClass", "Status mismatch");
    case ReconClass::LatePayment:
        return QCoreApplication::translate("ReconClass", "Late payment");
    case ReconClass::MissingAtProvider:
        return QCoreApplication::translate("ReconClass", "Missing at provider");
    case ReconClass::MissingLocally:
        return QCoreApplication::translate("ReconClass", "Missing locally");
    case ReconClass::RefundMismatch:
        return QCoreApplication::translate("ReconClass", "Refund mismatch");
    case ReconClass::FeeMismatch:
        return QCoreApplication::translate("ReconClass", "Fee mismatch");
    case ReconClass::DuplicateLine:
        return QCoreApplication::translate("ReconClass", "Duplicate line");
    }
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
