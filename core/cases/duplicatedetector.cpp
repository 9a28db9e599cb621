#include "core/cases/duplicatedetector.h"

#include "core/cases/caseslog.h"
#include "core/checkout/checkoutservice.h"
#include "core/checkout/paymentexceptions.h"
#include "core/orders/orderqueries.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <algorithm>

namespace paydesk {

namespace {

const QString kPaid = QStringLiteral("status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')");

bool isPaidLike(OrderStatus s)
{
    return s == OrderStatus::Paid || s == OrderStatus::PartiallyRefunded ||
           s == OrderStatus::Refunded;
}

bool isCash(const Order &o)
{
    return o.kind == OrderKind::Cash;
}

/// What is left to give back of \a o.
Money remainderOf(const Order &o)
{
    return Money::fromMinor(std::max<qint64>(0, o.amount.minor() - o.refundedMinor),
                            o.amount.currency());
}

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

DuplicateDetector::DuplicateDetector(Database &db, CaseRepository &cases,
                                     PaymentExceptions &exceptions, const Clock &clock,
                                     QObject *parent)
    : QObject(parent), m_db(db), m_cases(cases), m_exceptions(exceptions), m_clock(clock),
      m_orders(std::make_unique<OrderQueries>(db))
{
}

DuplicateDetector::~DuplicateDetector() = default;

void DuplicateDetector::attach(CheckoutService &checkout)
{
    // orderFinished covers a flow that ends PAID; orderUpdated also covers a booking made
    // without a flow (a notification or a recheck of a closed order).
    connect(&checkout, &CheckoutService::orderUpdated, this, [this](const OrderSnapshot &s) {
        if (isPaidLike(s.status))
            onPaymentEvent(s.outTradeNo);
    });
    // A provider answer the till did not book ends the order FAILED with a payment exception.
    connect(&checkout, &CheckoutService::orderFinished, this, [this](const OrderSnapshot &s) {
        if (s.status == OrderStatus::Failed)
            logIfFailed(importExceptions(QStringLiteral("payment")), lcCases(),
                        "cases from payment exceptions");
    });
    connect(&checkout, &CheckoutService::lateSuccessDetected, this,
            &DuplicateDetector::onPaymentEvent);
    connect(&checkout, &CheckoutService::duplicateChargeDetected, this,
            [this](const QString &, const QString &outTradeNo) {
                onPaymentEvent(outTradeNo);
                logIfFailed(importExceptions(QStringLiteral("payment")), lcCases(),
                            "cases from payment exceptions");
            });
}

void DuplicateDetector::onPaymentEvent(const QString &outTradeNo)
{
    logIfFailed(scanOrder(outTradeNo, QStringLiteral("payment")), lcCases(),
                "duplicate-charge scan");
}

Result<QList<Order>> DuplicateDetector::paidWhere(const QString &where,
                                                  const QVariantList &binds) const
{
    return m_orders->select(kPaid + QStringLiteral(" AND (") + where + QStringLiteral(")"), binds,
                            QStringLiteral("ORDER BY created_at, id"));
}

Result<CaseEvidence> DuplicateDetector::evidenceOf(const Order &o) const
{
    CaseEvidence e;
    e.outTradeNo = o.outTradeNo;
    e.provider = o.provider;
    e.amount = o.amount;
    e.status = orderStatusName(o.status);
    e.transactionId = o.transactionId;
    e.payerHash = o.payerHash;
    e.till = o.till;
    e.saleId = o.saleId;
    e.createdAt = o.createdAt;
    auto events = m_orders->timeline(o.outTradeNo);
    if (!events.ok())
        return events.error();
    for (const OrderEvent &ev : events.value()) {
        if (ev.to == OrderStatus::Unknown)
            e.lostAnswer = true;
        if (ev.to == OrderStatus::Paid)
            e.paidAt = ev.at;
    }
    return e;
}

Status DuplicateDetector::store(const CaseDraft &draft, QList<qint64> &touched)
{
    auto r = m_cases.upsert(draft);
    if (!r.ok())
        return r.error();
    if (r.value().created || r.value().upgraded) {
        qCInfo(lcCases) << "case" << r.value().id << caseKindName(draft.kind) << "for"
                        << draft.refundOutTradeNo << (r.value().created ? "opened" : "upgraded");
        touched << r.value().id;
        emit caseDetected(r.value().id, r.value().created);
    }
    return {};
}

Result<QList<qint64>> DuplicateDetector::scanOrder(const QString &outTradeNo, const QString &origin)
{
    QList<qint64> touched;
    auto loaded = m_orders->byOutTradeNo(outTradeNo);
    if (!loaded.ok())
        return loaded.error();
    if (!loaded.value() || !isPaidLike(loaded.value()->status))
        return touched;
    const Order &o = *loaded.value();
    PAYDESK_TRY(scanSale(o, origin, touched));
    PAYDESK_TRY(scanNear(o, origin, touched));
    return touched;
}

Status DuplicateDetector::scanSale(const Order &o, const QString &origin, QList<qint64> &touched)
{
    auto others =
        paidWhere(QStringLiteral("sale_id = ? AND out_trade_no <> ?"), {o.saleId, o.outTradeNo});
    if (!others.ok())
        return others.error();
    if (others.value().isEmpty()) {
        if (!o.needsRefund || isCash(o) || remainderOf(o).isZero())
            return {};
        // Paid after the till closed it, and nothing else paid the sale.
        auto e = evidenceOf(o);
        if (!e.ok())
            return e.error();
        CaseDraft d;
        d.kind = CaseKind::LatePayment;
        d.refundOutTradeNo = o.outTradeNo;
        d.saleId = o.saleId;
        d.amount = remainderOf(o);
        d.payerHash = o.payerHash;
        d.detectedBy = origin;
        d.evidence = {e.value()};
        return store(d, touched);
    }
    // Two or more payments for one sale: keep the first one that was meant (not flagged for a
    // refund), refund every other wallet charge.
    QList<Order> all = others.value();
    all.append(o);
    std::sort(all.begin(), all.end(), [](const Order &a, const Order &b) {
        return a.createdAt != b.createdAt ? a.createdAt < b.createdAt : a.id < b.id;
    });
    auto kept =
        std::find_if(all.cbegin(), all.cend(), [](const Order &x) { return !x.needsRefund; });
    const Order keep = kept != all.cend() ? *kept : all.first();
    auto keepEvidence = evidenceOf(keep);
    if (!keepEvidence.ok())
        return keepEvidence.error();
    for (const Order &x : std::as_const(all)) {
        if (x.outTradeNo == keep.outTradeNo || isCash(x) || remainderOf(x).isZero())
            continue;
        auto e = evidenceOf(x);
        if (!e.ok())
            return e.error();
        CaseDraft d;
        d.kind = CaseKind::DuplicateSale;
        d.refundOutTradeNo = x.outTradeNo;
        d.saleId = x.saleId;
        d.amount = remainderOf(x);
        d.payerHash = x.payerHash;
        d.detectedBy = origin;
        d.evidence = {keepEvidence.value(), e.value()};
        PAYDESK_TRY(store(d, touched));
    }
    return {};
}

Status DuplicateDetector::scanNear(const Order &o, const QString &origin, QList<qint64> &touched)
{
    const QDateTime from = o.createdAt.addSecs(-m_windowSeconds);
    const QDateTime to = o.createdAt.addSecs(m_windowSeconds);
    auto near = paidWhere(QStringLiteral("out_trade_no <> ? AND sale_id <> ? AND amount_minor = ? "
                                         "AND created_at >= ? AND created_at <= ?"),
                          {o.outTradeNo, o.saleId, o.amount.minor(), iso(from), iso(to)});
    if (!near.ok())
        return near.error();
    if (near.value().isEmpty())
        return {};
    auto mine = evidenceOf(o);
    if (!mine.ok())
        return mine.error();
    for (const Order &other : near.value()) {
        if (!o.till.isEmpty() && !other.till.isEmpty() && o.till != other.till)
            continue;
        const bool bothKnown = !o.payerHash.isEmpty() && !other.payerHash.isEmpty();
        const bool samePayer = bothKnown && o.payerHash == other.payerHash;
        if (bothKnown && !samePayer)
            continue; // two customers who happened to buy the same thing
        auto theirs = evidenceOf(other);
        if (!theirs.ok())
            return theirs.error();
        const bool lost = mine.value().lostAnswer || theirs.value().lostAnswer;
        if (!samePayer && !lost)
            continue;
        if (isCash(o) && isCash(other))
            continue;
        // The later charge goes back; a wallet charge when the other was cash.
        const bool otherLater =
            other.createdAt > o.createdAt || (other.createdAt == o.createdAt && other.id > o.id);
        const Order &target = isCash(o) ? other : isCash(other) ? o : otherLater ? other : o;
        if (remainderOf(target).isZero())
            continue;
        CaseDraft d;
        d.kind = lost ? CaseKind::LostAnswer : CaseKind::SamePayer;
        d.refundOutTradeNo = target.outTradeNo;
        d.saleId = target.saleId;
        d.amount = remainderOf(target);
        d.payerHash = samePayer ? o.payerHash : QString();
        d.detectedBy = origin;
        d.evidence = {mine.value(), theirs.value()};
        PAYDESK_TRY(store(d, touched));
    }
    return {};
}

Result<QList<qint64>> DuplicateDetector::scanOrders(const QStringList &outTradeNos,
                                                    const QString &origin)
{
    QList<qint64> touched;
    for (const QString &out : outTradeNos) {
        auto r = scanOrder(out, origin);
        if (!r.ok())
            return r.error();
        touched << r.value();
    }
    auto imported = importExceptions(origin);
    if (!imported.ok())
        return imported.error();
    touched << imported.value();
    return touched;
}

Result<QList<qint64>> DuplicateDetector::scanAll(const QString &origin, int days)
{
    auto candidates = paidWhere(
        QStringLiteral("needs_refund = 1 OR updated_at >= ? OR sale_id IN (SELECT sale_id FROM "
                       "orders WHERE ") +
            kPaid + QStringLiteral(" GROUP BY sale_id HAVING COUNT(*) > 1)"),
        {iso(m_clock.nowUtc().addDays(-days))});
    if (!candidates.ok())
        return candidates.error();
    QStringList outs;
    for (const Order &o : candidates.value())
        outs << o.outTradeNo;
    return scanOrders(outs, origin);
}

Result<QList<qint64>> DuplicateDetector::importExceptions(const QString &origin)
{
    QList<qint64> touched;
    auto open = m_exceptions.open();
    if (!open.ok())
        return open.error();
    for (const PaymentException &e : open.value()) {
        auto loaded = m_orders->byOutTradeNo(e.outTradeNo);
        if (!loaded.ok())
            return loaded.error();
        if (!loaded.value())
            continue;
        const Order &o = *loaded.value();
        if (e.kind == PaymentException::Kind::DuplicateCharge) {
            auto r = scanOrder(o.outTradeNo, origin);
            if (!r.ok())
                return r.error();
            touched << r.value();
            auto link = m_db.exec(QStringLiteral("UPDATE cases SET payment_exception_id = ? WHERE "
                                                 "refund_out_trade_no = ? AND "
                                                 "payment_exception_id IS NULL"),
                                  {e.id, o.outTradeNo});
            if (!link.ok())
                return link.error();
            continue;
        }
        auto ev = evidenceOf(o);
        if (!ev.ok())
            return ev.error();
        CaseEvidence evidence = ev.value();
        if (!e.providerTransactionId.isEmpty())
            evidence.transactionId = e.providerTransactionId;
        CaseDraft d;
        d.kind = CaseKind::ProviderMismatch;
        d.refundOutTradeNo = o.outTradeNo;
        d.saleId = o.saleId;
        d.amount = e.providerTotalMinor
                       ? Money::fromMinor(*e.providerTotalMinor, o.amount.currency())
                       : o.amount;
        d.payerHash = o.payerHash;
        d.paymentExceptionId = e.id;
        d.detectedBy = QStringLiteral("exception");
        d.evidence = {evidence};
        PAYDESK_TRY(store(d, touched));
    }
    return touched;
}

} // namespace paydesk
