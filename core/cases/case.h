#pragma once

#include "core/money/money.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace paydesk {

/// Why a charge may have to go back to the customer (DESIGN §4, docs/CASES.md).
enum class CaseKind {
    DuplicateSale,    ///< two PAID orders for one sale: the clear case
    LatePayment,      ///< paid after the till had closed or failed the order
    LostAnswer,       ///< an order whose answer was lost was found paid beside another payment
    SamePayer,        ///< same payer, same amount, same till, within the window: suspected
    ProviderMismatch, ///< the provider reports a payment the till did not book (figures differ)
};

enum class CaseStatus {
    Open,
    Refunding, ///< the refund is decided (its request number stored) and not final yet
    Refunded,
    Dismissed,
};

/// "duplicate_sale", ... as stored and printed by `paydesk duplicates --json`.
QString caseKindName(CaseKind kind);
std::optional<CaseKind> caseKindFromName(QStringView name);
/// The stronger of two findings about one charge wins (DuplicateSale is the strongest).
int caseKindPrecedence(CaseKind kind);
QString caseStatusName(CaseStatus status);
std::optional<CaseStatus> caseStatusFromName(QStringView name);

/// One order of a case as the detector saw it.
struct CaseEvidence
{
    enum class Role { Kept, Refund };
    QString outTradeNo;
    Role role = Role::Kept;
    QString provider;
    Money amount;
    QString status; ///< the order's status name at detection
    QString transactionId;
    QString payerHash;
    QString till;
    QString saleId;
    QDateTime createdAt; ///< UTC
    QDateTime paidAt;    ///< UTC; invalid when not paid
    bool lostAnswer = false;
};

/// A charge that may have to be refunded, with its evidence and, once resolved, how.
struct Case
{
    qint64 id = 0;
    CaseKind kind = CaseKind::SamePayer;
    CaseStatus status = CaseStatus::Open;
    QString refundOutTradeNo; ///< the suggested action: refund this (the later) charge
    QString saleId;
    Money amount; ///< of the charge to refund
    QString payerHash;
    std::optional<qint64> paymentExceptionId;
    QString detectedBy; ///< "payment", "recovery", "reconciliation", "exception", "command"
    QDateTime detectedAt;
    QString resolution; ///< "refund" or "dismiss"; empty while open
    QString reason;
    QString resolvedBy;
    QDateTime resolvedAt;
    QString refundOutRequestNo;
    QString refundMessage;
    QList<CaseEvidence> evidence;

    bool isOpen() const { return status == CaseStatus::Open; }
    /// Every order of the case, the one to refund last.
    QStringList orders() const;
    /// Only a charge the till booked as paid can be refunded through a case.
    bool refundable() const { return kind != CaseKind::ProviderMismatch; }
};

} // namespace paydesk
