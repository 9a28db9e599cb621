#pragma once

#include "core/cases/caserepository.h"
#include "core/orders/order.h"
#include "core/util/result.h"

#include <QObject>

namespace paydesk {

class CheckoutService;
class Clock;
class Database;
class OrderQueries;
class PaymentExceptions;
struct OrderSnapshot;

/// Finds the charges that may have to go back to the customer (DESIGN §4) and opens a case for
/// each: two PAID orders for one sale; an order paid after the till had closed or failed it;
/// an order whose answer was lost (it went UNKNOWN) found paid beside another payment of the
/// same amount at the same till; the same payer paying the same amount at the same till within
/// the window; and every payment exception checkout recorded (migration 0010).
///
/// It only reads orders and writes cases: it runs on every payment event (attach()), at
/// Recovery and after reconciliation (scanAll(), scanOrders()), and finding the same charge
/// again never opens a second case.
class DuplicateDetector : public QObject
{
    Q_OBJECT
public:
    DuplicateDetector(Database &db, CaseRepository &cases, PaymentExceptions &exceptions,
                      const Clock &clock, QObject *parent = nullptr);
    ~DuplicateDetector() override;

    /// Scans every paid order \a checkout reports, and the orders its duplicate and late-success
    /// signals name. Checkout itself stays unaware of cases.
    void attach(CheckoutService &checkout);

    /// Two payments by one payer (or, after a lost answer, at one till) for the same amount
    /// closer than this are suspected duplicates. Default 10 minutes.
    void setWindowSeconds(int seconds) { m_windowSeconds = seconds; }
    int windowSeconds() const { return m_windowSeconds; }

    /// Looks at one order: opens or strengthens the cases it is part of. Returns the ids of
    /// the cases opened or strengthened.
    Result<QList<qint64>> scanOrder(const QString &outTradeNo, const QString &origin);
    /// The orders a reconciliation (or anything else) found changed: each is scanned, then the
    /// open payment exceptions are turned into cases.
    Result<QList<qint64>> scanOrders(const QStringList &outTradeNos, const QString &origin);
    /// At Recovery: every paid order flagged for a refund, every sale with two payments, every
    /// order paid in the last \a days days, and every open payment exception.
    Result<QList<qint64>> scanAll(const QString &origin, int days = 2);
    /// Turns the open payment exceptions into cases.
    Result<QList<qint64>> importExceptions(const QString &origin);

signals:
    /// A new case, or an open one that became a stronger kind (e.g. now two PAID for one sale).
    void caseDetected(qint64 caseId, bool created);

private:
    void onPaymentEvent(const QString &outTradeNo);
    Result<CaseEvidence> evidenceOf(const Order &order) const;
    Status store(const CaseDraft &draft, QList<qint64> &touched);
    Status scanSale(const Order &order, const QString &origin, QList<qint64> &touched);
    Status scanNear(const Order &order, const QString &origin, QList<qint64> &touched);
    Result<QList<Order>> paidWhere(const QString &where, const QVariantList &binds) const;

    Database &m_db;
    CaseRepository &m_cases;
    PaymentExceptions &m_exceptions;
    const Clock &m_clock;
    std::unique_ptr<OrderQueries> m_orders;
    int m_windowSeconds = 600;
};

} // namespace paydesk
