#include "core/cases/case.h"

namespace paydesk {

namespace {
const QList<CaseKind> &allKinds()
{
    static const QList<CaseKind> kinds{CaseKind::DuplicateSale, CaseKind::LatePayment,
                                       CaseKind::LostAnswer, CaseKind::SamePayer,
                                       CaseKind::ProviderMismatch};
    return kinds;
}
const QList<CaseStatus> &allStatuses()
{
    static const QList<CaseStatus> statuses{CaseStatus::Open, CaseStatus::Refunding,
                                            CaseStatus::Refunded, CaseStatus::Dismissed};
    return statuses;
}
} // namespace

QString caseKindName(CaseKind kind)
{
    switch (kind) {
    case CaseKind::DuplicateSale:
        return QStringLiteral("duplicate_sale");
    case CaseKind::LatePayment:
        return QStringLiteral("late_payment");
    case CaseKind::LostAnswer:
        return QStringLiteral("lost_answer");
    case CaseKind::SamePayer:
        return QStringLiteral("same_payer");
    case CaseKind::ProviderMismatch:
        return QStringLiteral("provider_mismatch");
    }
    return {};
}

std::optional<CaseKind> caseKindFromName(QStringView name)
{
    for (CaseKind k : allKinds())
        if (caseKindName(k) == name)
            return k;
    return std::nullopt;
}

int caseKindPrecedence(CaseKind kind)
{
    switch (kind) {
    case CaseKind::DuplicateSale:
        return 4;
    case CaseKind::LatePayment:
        return 3;
    case CaseKind::LostAnswer:
        return 2;
    case CaseKind::SamePayer:
        return 1;
    case CaseKind::ProviderMismatch:
        return 0;
    }
    return 0;
}

QString caseStatusName(CaseStatus status)
{
    switch (status) {
    case CaseStatus::Open:
        return QStringLiteral("open");
    case CaseStatus::Refunding:
        return QStringLiteral("refunding");
    case CaseStatus::Refunded:
        return QStringLiteral("refunded");
    case CaseStatus::Dismissed:
        return QStringLiteral("dismissed");
    }
    return {};
}

std::optional<CaseStatus> caseStatusFromName(QStringView name)
{
    for (CaseStatus s : allStatuses())
        if (caseStatusName(s) == name)
            return s;
    return std::nullopt;
}

QStringList Case::orders() const
{
    QStringList kept;
    QStringList refund;
    for (const CaseEvidence &e : evidence)
        (e.role == CaseEvidence::Role::Refund ? refund : kept) << e.outTradeNo;
    if (refund.isEmpty() && !refundOutTradeNo.isEmpty())
        refund << refundOutTradeNo;
    return kept + refund;
}

} // namespace paydesk
