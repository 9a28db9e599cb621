#pragma once

#include "core/orders/order.h"
#include "core/refunds/refundservice.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QList>
#include <QLoggingCategory>
#include <QString>

#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcRefunds)

namespace paydesk {

class Clock;
class Database;
class Ledger;

/// Refund statuses as stored (migration 0008).
namespace RefundStatus {
inline const QString Decided = QStringLiteral("DECIDED");
inline const QString Sent = QStringLiteral("SENT");
inline const QString Processing = QStringLiteral("PROCESSING");
inline const QString Success = QStringLiteral("SUCCESS");
inline const QString Failed = QStringLiteral("FAILED");
} // namespace RefundStatus

/// What deciding a refund produced: the record and whether it is new (false: the same
/// out_request_no was decided before and is returned as it stands).
struct Decision
{
    RefundRecord record;
    bool created = true;
};

/// All SQL of `refunds` (the refund outbox) and the booking of a refund's outcome: the order's
/// status and refunded_minor, the journal entry and the refund row change in ONE transaction
/// (ARCHITECTURE §3 rule 5).
class RefundStore
{
    Q_DECLARE_TR_FUNCTIONS(RefundService)
public:
    RefundStore(Database &db, Ledger &ledger, const Clock &clock);

    /// Validates \a input against the order under the write lock (BEGIN IMMEDIATE) and commits
    /// the DECIDED row durably. The same out_request_no again returns the stored row.
    Result<Decision> decide(const RefundInput &input, const QString &owner);

    Result<std::optional<RefundRecord>> byRequestNo(const QString &outRequestNo) const;
    Result<QList<RefundRecord>> ofOrder(qint64 orderId) const;
    /// DECIDED, SENT and PROCESSING rows with their owners, oldest first.
    Result<QList<QPair<RefundRecord, QString>>> open() const;
    /// Order amount minus every refund that is not FAILED.
    Result<Money> remainder(qint64 orderId) const;
    Result<std::optional<Order>> order(qint64 orderId) const;

    /// Moves an open refund to SENT / PROCESSING (attempts counted on SENT). A refund that is
    /// final meanwhile (another process booked it) is returned unchanged.
    Result<RefundRecord> markOpen(qint64 id, const QString &status, const QString &message,
                                  const QString &refundId = {});
    /// SUCCESS with the order's refunded_minor, status and postings; idempotent.
    Result<RefundRecord> markSucceeded(qint64 id, const QString &refundId, const QString &message);
    /// FAILED: nothing moved, the amount is refundable again.
    Result<RefundRecord> markFailed(qint64 id, const QString &message);
    /// Compare-and-set of the owner (Recovery taking over a gone process's refund).
    Result<bool> claim(qint64 id, const QString &expectedOwner, const QString &newOwner);

    /// "<out_trade_no>-R<n>": the n-th refund of the order.
    static QString generatedRequestNo(const QString &outTradeNo, int n);
    static bool isValidRequestNo(QStringView outRequestNo);

private:
    Result<RefundRecord> byId(qint64 id) const;
    Result<QList<RefundRecord>> select(const QString &where, const QVariantList &binds) const;
    Status validate(const RefundInput &input, const Order &order) const;

    Database &m_db;
    Ledger &m_ledger;
    const Clock &m_clock;
};

} // namespace paydesk
