#include "core/cases/caserepository.h"

#include "core/storage/database.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"

#include <QSqlQuery>
#include <QVariant>

namespace paydesk {

namespace {

const QString kCaseColumns = QStringLiteral(
    "id, kind, status, refund_out_trade_no, COALESCE(sale_id, ''), amount_minor, currency,"
    " COALESCE(payer_hash, ''), payment_exception_id, detected_by, detected_at,"
    " COALESCE(resolution, ''), COALESCE(reason, ''), COALESCE(resolved_by, ''), resolved_at,"
    " COALESCE(refund_out_request_no, ''), COALESCE(refund_message, '')");

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QVariant isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QVariant(iso(t)) : QVariant();
}

QDateTime fromIso(const QVariant &v)
{
    return v.isNull() || v.toString().isEmpty()
               ? QDateTime()
               : QDateTime::fromString(v.toString(), Qt::ISODateWithMs).toUTC();
}

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

Money moneyOf(qint64 minor, const QString &currency)
{
    return Money::fromMinor(minor, Currency::fromCode(currency).value_or(Currency::cny()));
}

} // namespace

CaseRepository::CaseRepository(Database &db, const Clock &clock) : m_db(db), m_clock(clock) {}

Result<CaseUpsert> CaseRepository::upsert(const CaseDraft &draft)
{
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto existing = m_db.exec(
        QStringLiteral("SELECT id, kind, status FROM cases WHERE refund_out_trade_no = ?"),
        {draft.refundOutTradeNo});
    if (!existing.ok())
        return existing.error();
    CaseUpsert out;
    if (existing.value().next()) {
        out.id = existing.value().value(0).toLongLong();
        const auto kind = caseKindFromName(existing.value().value(1).toString());
        const bool open = existing.value().value(2).toString() == caseStatusName(CaseStatus::Open);
        if (open && kind && caseKindPrecedence(draft.kind) > caseKindPrecedence(*kind)) {
            auto r = m_db.exec(QStringLiteral("UPDATE cases SET kind = ? WHERE id = ?"),
                               {caseKindName(draft.kind), out.id});
            if (!r.ok())
                return r.error();
            out.upgraded = true;
        }
        if (draft.paymentExceptionId) {
            auto r = m_db.exec(QStringLiteral("UPDATE cases SET payment_exception_id = ? WHERE id "
                                              "= ? AND payment_exception_id IS NULL"),
                               {*draft.paymentExceptionId, out.id});
            if (!r.ok())
                return r.error();
        }
    } else {
        auto r = m_db.exec(
            QStringLiteral("INSERT INTO cases(kind, status, refund_out_trade_no, sale_id, "
                           "amount_minor, currency, payer_hash, payment_exception_id, detected_by, "
                           "detected_at) VALUES(?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)"),
            {caseKindName(draft.kind), draft.refundOutTradeNo, textOrNull(draft.saleId),
             draft.amount.minor(), draft.amount.currency().code, textOrNull(draft.payerHash),
             draft.paymentExceptionId ? QVariant(*draft.paymentExceptionId) : QVariant(),
             draft.detectedBy, iso(m_clock.nowUtc())});
        if (!r.ok())
            return r.error();
        out.id = r.value().lastInsertId().toLongLong();
        out.created = true;
    }
    PAYDESK_TRY(insertEvidence(out.id, draft));
    PAYDESK_TRY(tx.commit());
    return out;
}

Status CaseRepository::insertEvidence(qint64 caseId, const CaseDraft &draft)
{
    for (const CaseEvidence &e : draft.evidence) {
        auto r = m_db.exec(
            QStringLiteral("INSERT OR IGNORE INTO case_evidence(case_id, out_trade_no, role, "
                           "provider, amount_minor, status, transaction_id, payer_hash, till, "
                           "sale_id, created_at, paid_at, lost_answer) "
                           "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            {caseId, e.outTradeNo,
             e.outTradeNo == draft.refundOutTradeNo ? QStringLiteral("refund")
                                                    : QStringLiteral("kept"),
             e.provider, e.amount.minor(), e.status, textOrNull(e.transactionId),
             textOrNull(e.payerHash), textOrNull(e.till), textOrNull(e.saleId), iso(e.createdAt),
             isoOrNull(e.paidAt), e.lostAnswer ? 1 : 0});
        if (!r.ok())
            return r.error();
    }
    return {};
}

Result<std::optional<Case>> CaseRepository::byId(qint64 id) const
{
    auto rows = select(QStringLiteral("id = ?"), {id});
    if (!rows.ok())
        return rows.error();
    return rows.value().isEmpty() ? std::optional<Case>()
                                  : std::optional<Case>(rows.value().first());
}

Result<std::optional<Case>> CaseRepository::byRefundRequestNo(const QString &outRequestNo) const
{
    auto rows = select(QStringLiteral("refund_out_request_no = ?"), {outRequestNo});
    if (!rows.ok())
        return rows.error();
    return rows.value().isEmpty() ? std::optional<Case>()
                                  : std::optional<Case>(rows.value().first());
}

Result<QList<Case>> CaseRepository::list(bool openOnly) const
{
    return openOnly ? select(QStringLiteral("status IN ('open', 'refunding')"), {})
                    : select(QStringLiteral("1 = 1"), {});
}

Result<QList<Case>> CaseRepository::forOrder(const QString &outTradeNo) const
{
    return select(
        QStringLiteral("id IN (SELECT case_id FROM case_evidence WHERE out_trade_no = ?)"),
        {outTradeNo});
}

Result<QList<Case>> CaseRepository::select(const QString &where, const QVariantList &binds) const
{
    auto q = m_db.exec(
        QStringLiteral("SELECT %1 FROM cases WHERE %2 ORDER BY id DESC").arg(kCaseColumns, where),
        binds);
    if (!q.ok())
        return q.error();
    QList<Case> list;
    QSqlQuery &r = q.value();
    while (r.next()) {
        Case c;
        c.id = r.value(0).toLongLong();
        c.kind = caseKindFromName(r.value(1).toString()).value_or(CaseKind::SamePayer);
        c.status = caseStatusFromName(r.value(2).toString()).value_or(CaseStatus::Open);
        c.refundOutTradeNo = r.value(3).toString();
        c.saleId = r.value(4).toString();
        c.amount = moneyOf(r.value(5).toLongLong(), r.value(6).toString());
        c.payerHash = r.value(7).toString();
        if (!r.value(8).isNull())
            c.paymentExceptionId = r.value(8).toLongLong();
        c.detectedBy = r.value(9).toString();
        c.detectedAt = fromIso(r.value(10));
        c.resolution = r.value(11).toString();
        c.reason = r.value(12).toString();
        c.resolvedBy = r.value(13).toString();
        c.resolvedAt = fromIso(r.value(14));
        c.refundOutRequestNo = r.value(15).toString();
        c.refundMessage = r.value(16).toString();
        list.append(c);
    }
    for (Case &c : list)
        PAYDESK_TRY(loadEvidence(c));
    return list;
}

Status CaseRepository::loadEvidence(Case &c) const
{
    auto q = m_db.exec(QStringLiteral("SELECT out_trade_no, role, provider, amount_minor, status,"
                                      " COALESCE(transaction_id, ''), COALESCE(payer_hash, ''),"
                                      " COALESCE(till, ''), COALESCE(sale_id, ''), created_at,"
                                      " paid_at, lost_answer FROM case_evidence WHERE case_id = ?"
                                      " ORDER BY created_at, out_trade_no"),
                       {c.id});
    if (!q.ok())
        return q.error();
    QSqlQuery &r = q.value();
    while (r.next()) {
        CaseEvidence e;
        e.outTradeNo = r.value(0).toString();
        e.role = r.value(1).toString() == u"refund" ? CaseEvidence::Role::Refund
                                                    : CaseEvidence::Role::Kept;
        e.provider = r.value(2).toString();
        e.amount = Money::fromMinor(r.value(3).toLongLong(), c.amount.currency());
        e.status = r.value(4).toString();
        e.transactionId = r.value(5).toString();
        e.payerHash = r.value(6).toString();
        e.till = r.value(7).toString();
        e.saleId = r.value(8).toString();
        e.createdAt = fromIso(r.value(9));
        e.paidAt = fromIso(r.value(10));
        e.lostAnswer = r.value(11).toInt() != 0;
        c.evidence.append(e);
    }
    return {};
}

Status CaseRepository::move(qint64 id, const QString &sql, const QVariantList &binds,
                            CaseStatus from)
{
    auto r = m_db.exec(sql, binds);
    if (!r.ok())
        return r.error();
    if (r.value().numRowsAffected() == 1)
        return {};
    auto now = byId(id);
    if (!now.ok())
        return now.error();
    if (!now.value())
        return Error{QStringLiteral("cases.no_such_case"), tr("There is no case %1.").arg(id)};
    return Error{QStringLiteral("cases.not_") + caseStatusName(from),
                 tr("Case %1 is not %2 any more (it is %3 now).")
                     .arg(id)
                     .arg(caseStatusName(from), caseStatusName(now.value()->status))};
}

Status CaseRepository::markRefunding(qint64 id, const QString &outRequestNo, const QString &by,
                                     const QString &reason)
{
    return move(id,
                QStringLiteral("UPDATE cases SET status = 'refunding', resolution = 'refund', "
                               "refund_out_request_no = ?, resolved_by = ?, reason = ?, "
                               "resolved_at = ? WHERE id = ? AND status = 'open'"),
                {outRequestNo, by, reason, iso(m_clock.nowUtc()), id}, CaseStatus::Open);
}

Status CaseRepository::markRefunded(qint64 id, const QString &message)
{
    return move(id,
                QStringLiteral("UPDATE cases SET status = 'refunded', refund_message = ?, "
                               "resolved_at = ? WHERE id = ? AND status = 'refunding'"),
                {message, iso(m_clock.nowUtc()), id}, CaseStatus::Refunding);
}

Status CaseRepository::reopen(qint64 id, const QString &message)
{
    return move(id,
                QStringLiteral("UPDATE cases SET status = 'open', resolution = NULL, "
                               "resolved_at = NULL, refund_message = ? WHERE id = ? AND status "
                               "= 'refunding'"),
                {message, id}, CaseStatus::Refunding);
}

Status CaseRepository::markDismissed(qint64 id, const QString &by, const QString &reason)
{
    return move(id,
                QStringLiteral("UPDATE cases SET status = 'dismissed', resolution = 'dismiss', "
                               "resolved_by = ?, reason = ?, resolved_at = ? WHERE id = ? AND "
                               "status = 'open'"),
                {by, reason, iso(m_clock.nowUtc()), id}, CaseStatus::Open);
}

} // namespace paydesk
