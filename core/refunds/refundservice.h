#pragma once

#include "core/checkout/checkoutconfig.h"
#include "core/money/money.h"
#include "core/util/result.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace paydesk {

class Clock;
class Database;
class Ledger;

/// What a caller asks to refund. See docs/REFUNDS.md.
struct RefundInput
{
    qint64 orderId = 0;
    Money amount;         ///< > 0, ≤ refundable remainder
    QString reason;       ///< a reason key from refundReasonKeys(), or free text
    QString outRequestNo; ///< empty → generated; a case passes refundRequestNoForCase(caseId)
    QString operatorName; ///< who asked (audited)
    QString approvedBy;   ///< the manager who approved it (RefundApproval), when one had to
};

/// The out_request_no of the refund that resolves case \a caseId: deterministic, so a retried
/// resolution finds the refund already decided and never pays out twice. ≤ 64 chars of
/// [0-9A-Za-z_-].
QString refundRequestNoForCase(qint64 caseId);

/// One refund as stored in `refunds` (its outbox row). Status: DECIDED (committed, not sent
/// yet), SENT (a request is or was on the wire, answer unknown), PROCESSING (the provider
/// accepted it, money not back yet), SUCCESS, FAILED (definite; the money stays with us and
/// the remainder is free again).
struct RefundRecord
{
    qint64 id = 0;
    qint64 orderId = 0;
    QString outRequestNo;
    Money amount;
    QString status;
    QString reason;
    QString refundId;               ///< the provider's id of the refund, once known
    QDateTime createdAt, updatedAt; ///< UTC
    QString operatorName;
    QString message; ///< the last thing learned, translated
    QString approvedBy;

    bool isFinal() const
    {
        return status == QLatin1String("SUCCESS") || status == QLatin1String("FAILED");
    }
};

/// Timings of the refund outbox (tests shorten them).
struct RefundConfig
{
    int retryMs = 2000;          ///< first retry of a send or query without a final answer
    int retryMaxMs = 30000;      ///< back-off cap
    int processingPollMs = 3000; ///< PROCESSING: refundQuery this often
    /// done() is called after this long even when the refund is not final yet (it keeps
    /// being followed in the background and refundChanged() reports the end).
    int answerWithinMs = 20000;
    /// Called right after a new refund's row is committed, before anything is sent (the
    /// crash test's hook: `paydesk refund` exits here when PAYDESK_TEST_EXIT_AFTER_DECIDED is set).
    std::function<void(const RefundRecord &)> afterDecided;
};

/// Refunds through every provider the registry knows (ARCHITECTURE §10, docs/REFUNDS.md):
/// validated against the refundable remainder, committed as an outbox row with its
/// out_request_no BEFORE any network call, sent, retried with back-off, PROCESSING followed by
/// refundQuery until final. A success moves the order (PARTIALLY_REFUNDED / REFUNDED,
/// refunded_minor) and posts Dr revenue:refunds / Cr clearing:<provider> in one transaction.
/// Authority (who may refund how much) is checked by the caller: RefundApproval.
class RefundService : public QObject
{
    Q_OBJECT
public:
    RefundService(Database &db, Ledger &ledger, Clock &clock, ProviderLookup providers,
                  RefundConfig config = {}, QObject *parent = nullptr);
    ~RefundService() override;

    /// Decides the refund locally (validated, committed as an outbox row BEFORE any network
    /// call), sends it, follows PROCESSING until final. \a done is called once with the record
    /// (final or still in flight). Re-calling with the same outRequestNo never refunds twice
    /// (returns the existing record).
    void refund(const RefundInput &input, std::function<void(const Result<RefundRecord> &)> done);
    /// Order amount minus successful and in-flight refunds; zero for an order that is not
    /// (partially) paid.
    Money refundableRemainder(qint64 orderId) const;
    QList<RefundRecord> refundsOf(qint64 orderId) const;
    /// Recovery: every refund not final yet is sent (DECIDED) or queried (SENT, PROCESSING)
    /// until final or out of answers. \a done gets how many became final and how many are
    /// still open.
    void resumeOutbox(std::function<void(int finished, int stillOpen)> done);

    /// A record by its out_request_no.
    std::optional<RefundRecord> find(const QString &outRequestNo) const;
    const RefundConfig &config() const { return m_config; }
    void setConfig(RefundConfig config) { m_config = std::move(config); }

signals:
    void refundChanged(const paydesk::RefundRecord &record);

private:
    class Private;
    std::unique_ptr<Private> d;
    RefundConfig m_config;
};

} // namespace paydesk

Q_DECLARE_METATYPE(paydesk::RefundRecord)
