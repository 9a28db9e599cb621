#pragma once

#include "core/cases/case.h"
#include "core/util/result.h"

#include <QCoreApplication>

#include <optional>

namespace paydesk {

class Clock;
class Database;

/// A case as the detector finds it, before it is stored.
struct CaseDraft
{
    CaseKind kind = CaseKind::SamePayer;
    QString refundOutTradeNo;
    QString saleId;
    Money amount;
    QString payerHash;
    std::optional<qint64> paymentExceptionId;
    QString detectedBy;
    QList<CaseEvidence> evidence;
};

/// What storing a draft did.
struct CaseUpsert
{
    qint64 id = 0;
    bool created = false;  ///< a new case
    bool upgraded = false; ///< an open case of the same charge became a stronger kind
};

/// The cases and their evidence in SQLite (tables cases, case_evidence; migration 0009). One
/// case per charge to refund (refund_out_trade_no is unique), and every resolution is a
/// compare-and-set on the status, so two tills resolving one case cannot both win.
class CaseRepository
{
    Q_DECLARE_TR_FUNCTIONS(CaseRepository)
public:
    CaseRepository(Database &db, const Clock &clock);

    /// Stores \a draft as a new case, or adds its evidence to the case of the same charge (an
    /// open one takes the stronger kind). Part of the caller's transaction when one is open.
    Result<CaseUpsert> upsert(const CaseDraft &draft);

    Result<std::optional<Case>> byId(qint64 id) const;
    /// Every case (\a openOnly: open and refunding ones), newest first.
    Result<QList<Case>> list(bool openOnly = false) const;
    /// The case a refund with request number \a outRequestNo resolves.
    Result<std::optional<Case>> byRefundRequestNo(const QString &outRequestNo) const;
    /// The cases whose evidence names \a outTradeNo.
    Result<QList<Case>> forOrder(const QString &outTradeNo) const;

    /// open → refunding with the refund's request number. Fails when the case is not open.
    Status markRefunding(qint64 id, const QString &outRequestNo, const QString &by,
                         const QString &reason);
    /// refunding → refunded.
    Status markRefunded(qint64 id, const QString &message);
    /// refunding → open again: the provider refused the refund (\a message says why).
    Status reopen(qint64 id, const QString &message);
    /// open → dismissed with the reason.
    Status markDismissed(qint64 id, const QString &by, const QString &reason);

private:
    Result<QList<Case>> select(const QString &where, const QVariantList &binds) const;
    Status loadEvidence(Case &c) const;
    Status insertEvidence(qint64 caseId, const CaseDraft &draft);
    Status move(qint64 id, const QString &sql, const QVariantList &binds, CaseStatus from);

    Database &m_db;
    const Clock &m_clock;
};

} // namespace paydesk
