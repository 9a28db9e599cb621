#include "core/reconcile/reconciliationservice.h"

#include "core/cases/caserepository.h"
#include "core/ledger/ledger.h"
#include "core/onboarding/providercatalog.h"
#include "core/security/auditlog.h"
#include "core/security/session.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <QTimeZone>

namespace paydesk {

namespace {

// The providers Paydesk speaks keep their business day in China Standard Time.
QTimeZone providerZone()
{
    return QTimeZone("Asia/Shanghai");
}

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

QDate businessDayOf(const QString &utcIso)
{
    QDateTime t = QDateTime::fromString(utcIso, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(utcIso, Qt::ISODate);
    t.setTimeZone(QTimeZone::utc());
    return t.toTimeZone(providerZone()).date();
}

QString dayText(const QDate &d)
{
    return d.toString(Qt::ISODate);
}

QVariant optionalMinor(const std::optional<qint64> &v)
{
    return v ? QVariant(*v) : QVariant(QMetaType(QMetaType::LongLong));
}

std::optional<qint64> minorOrNone(const QVariant &v)
{
    return v.isNull() ? std::nullopt : std::optional<qint64>(v.toLongLong());
}

constexpr auto kExceptionColumns =
    "id, provider, business_day, class, out_trade_no, out_request_no, local_minor, "
    "provider_minor, resolved_by, resolved_at, resolution, entry_id";

ReconException exceptionFrom(const QSqlQuery &q)
{
    ReconException e;
    e.id = q.value(0).toLongLong();
    e.provider = q.value(1).toString();
    e.businessDay = QDate::fromString(q.value(2).toString(), Qt::ISODate);
    e.kind = reconClassFromName(q.value(3).toString()).value_or(ReconClass::Matched);
    e.outTradeNo = q.value(4).toString();
    e.outRequestNo = q.value(5).toString();
    e.localMinor = minorOrNone(q.value(6));
    e.providerMinor = minorOrNone(q.value(7));
    e.resolvedBy = q.value(8).toString();
    e.resolvedAt = QDateTime::fromString(q.value(9).toString(), Qt::ISODateWithMs);
    e.resolution = q.value(10).toString();
    e.adjustingEntryId = q.value(11).toLongLong();
    e.suggestedAction = Reconciler::suggestedAction(e.kind);
    return e;
}

} // namespace

ReconciliationService::ReconciliationService(Database &db, Ledger &ledger, AuditLog &audit,
                                             SettingsStore &settings, const Clock &clock,
                                             CaseRepository *cases)
    : m_db(db), m_ledger(ledger), m_audit(audit), m_settings(settings), m_clock(clock),
      m_cases(cases)
{
}

QString ReconciliationService::feeRateKey(const QString &provider)
{
    return QStringLiteral("reconcile.fee_rate_bp.") + provider;
}

int ReconciliationService::feeRateBp(const QString &provider) const
{
    if (const auto set = m_settings.value(feeRateKey(provider))) {
        bool ok = false;
        const int bp = set->toInt(&ok);
        if (ok && bp >= 0)
            return bp;
    }
    const auto catalog = ProviderCatalog::builtin();
    if (catalog.ok())
        if (const CatalogEntry *entry = catalog.value().find(provider))
            return entry->feeRateBp;
    return 0;
}

Result<QStringList> ReconciliationService::providersWithStatement(const QDate &day) const
{
    auto q = m_db.exec(QStringLiteral("SELECT provider FROM statement_files WHERE business_day = ? "
                                      "AND kind = 'trade' ORDER BY provider"),
                       {dayText(day)});
    if (!q.ok())
        return q.error();
    QStringList out;
    while (q.value().next())
        out << q.value().value(0).toString();
    return out;
}

Result<ReconInput> ReconciliationService::load(const QString &provider, const QDate &day) const
{
    auto file = m_db.scalar(QStringLiteral("SELECT id FROM statement_files WHERE provider = ? AND "
                                           "business_day = ? AND kind = 'trade'"),
                            {provider, dayText(day)});
    if (!file.ok())
        return file.error();
    if (!file.value())
        return Error{QStringLiteral("reconcile.no_statement"),
                     tr("There is no %1 statement for %2 on this till yet: sync that day first.")
                         .arg(provider, QLocale().toString(day, QLocale::ShortFormat))};

    ReconInput in;
    in.provider = provider;
    in.day = day;
    in.feeRateBp = feeRateBp(provider);

    auto lines =
        m_db.exec(QStringLiteral("SELECT kind, out_trade_no, out_request_no, amount_minor, "
                                 "fee_minor FROM statement_lines WHERE file_id = ? "
                                 "ORDER BY line_no"),
                  {file.value()->toLongLong()});
    if (!lines.ok())
        return lines.error();
    QSqlQuery &l = lines.value();
    while (l.next())
        in.lines.append({l.value(0).toString() == u"refund", l.value(1).toString(),
                         l.value(2).toString(), l.value(3).toLongLong(), l.value(4).toLongLong()});

    auto orders = m_db.exec(QStringLiteral("SELECT out_trade_no, status, amount_minor, created_at "
                                           "FROM orders WHERE provider = ?"),
                            {provider});
    if (!orders.ok())
        return orders.error();
    QSqlQuery &o = orders.value();
    while (o.next())
        in.orders.append({o.value(0).toString(), provider, o.value(1).toString(),
                          o.value(2).toLongLong(), businessDayOf(o.value(3).toString())});

    auto refunds = m_db.exec(
        QStringLiteral("SELECT r.out_request_no, o.out_trade_no, r.status, r.amount_minor, "
                       "r.created_at FROM refunds r JOIN orders o ON o.id = r.order_id "
                       "WHERE o.provider = ?"),
        {provider});
    if (!refunds.ok())
        return refunds.error();
    QSqlQuery &r = refunds.value();
    while (r.next())
        in.refunds.append({r.value(0).toString(), r.value(1).toString(), r.value(2).toString(),
                           r.value(3).toLongLong(), businessDayOf(r.value(4).toString())});

    // A payment made just before midnight is on a neighbouring day's bill.
    auto near = m_db.exec(
        QStringLiteral("SELECT CASE kind WHEN 'refund' THEN out_request_no ELSE out_trade_no END "
                       "FROM statement_lines WHERE provider = ? AND business_day IN (?, ?)"),
        {provider, dayText(day.addDays(-1)), dayText(day.addDays(1))});
    if (!near.ok())
        return near.error();
    while (near.value().next())
        in.keysOnOtherDays.insert(near.value().value(0).toString());
    return in;
}

Result<ReconResult> ReconciliationService::reconcile(const QString &provider, const QDate &day)
{
    auto input = load(provider, day);
    if (!input.ok())
        return input.error();
    ReconResult result = Reconciler::run(input.value());
    auto closed = isClosed(day);
    if (!closed.ok())
        return closed.error();
    if (!closed.value())
        PAYDESK_TRY(store(provider, day, result, int(input.value().lines.size())));
    // The stored rows carry the ids and resolutions.
    auto stored = exceptions(day);
    if (!stored.ok())
        return stored.error();
    result.exceptions.clear();
    for (const ReconException &e : stored.value())
        if (e.provider == provider)
            result.exceptions.append(e);
    return result;
}

Status ReconciliationService::store(const QString &provider, const QDate &day,
                                    const ReconResult &result, int lines)
{
    const QString now = iso(m_clock.nowUtc());
    const ProviderDayTotals &t = result.totals;
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    PAYDESK_TRY(m_db.exec(
        QStringLiteral("INSERT OR REPLACE INTO recon_runs(provider, business_day, run_at, lines, "
                       "matched, payments, refunds, gross_minor, refunds_minor, fees_minor, "
                       "net_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {provider, dayText(day), now, lines, t.matched, t.payments, t.refunds, t.grossMinor,
         t.refundsMinor, t.feesMinor, t.netMinor}));
    // Everything open is "gone" unless this run finds it again.
    PAYDESK_TRY(
        m_db.exec(QStringLiteral("UPDATE recon_exceptions SET gone_at = ? WHERE provider = ? "
                                 "AND business_day = ? AND gone_at IS NULL AND "
                                 "resolved_by IS NULL"),
                  {now, provider, dayText(day)}));
    for (const ReconException &e : result.exceptions) {
        PAYDESK_TRY(m_db.exec(
            QStringLiteral(
                "INSERT INTO recon_exceptions(provider, business_day, class, out_trade_no, "
                "out_request_no, local_minor, provider_minor, found_at) VALUES (?, ?, ?, ?, ?, ?, "
                "?, ?) ON CONFLICT(provider, business_day, class, out_trade_no, out_request_no) "
                "DO UPDATE SET local_minor = excluded.local_minor, provider_minor = "
                "excluded.provider_minor, gone_at = NULL"),
            {provider, dayText(day), reconClassName(e.kind), e.outTradeNo,
             e.outRequestNo.isEmpty() ? QStringLiteral("") : e.outRequestNo,
             optionalMinor(e.localMinor), optionalMinor(e.providerMinor), now}));
        if (e.kind == ReconClass::LatePayment && m_cases && e.providerMinor) {
            // The customer paid an order the till had given up on: a case to refund them.
            CaseDraft d;
            d.kind = CaseKind::LatePayment;
            d.refundOutTradeNo = e.outTradeNo;
            d.amount = Money::fromMinor(*e.providerMinor);
            d.detectedBy = QStringLiteral("reconciliation");
            CaseEvidence ev;
            ev.outTradeNo = e.outTradeNo;
            ev.role = CaseEvidence::Role::Refund;
            ev.provider = provider;
            ev.amount = d.amount;
            ev.status = QStringLiteral("CLOSED");
            auto saleId =
                m_db.scalar(QStringLiteral("SELECT sale_id FROM orders WHERE out_trade_no = ?"),
                            {e.outTradeNo});
            if (!saleId.ok())
                return saleId.error();
            d.saleId = saleId.value() ? saleId.value()->toString() : e.outTradeNo;
            ev.saleId = d.saleId;
            d.evidence = {ev};
            auto upsert = m_cases->upsert(d);
            if (!upsert.ok())
                return upsert.error();
            PAYDESK_TRY(m_db.exec(
                QStringLiteral("UPDATE recon_exceptions SET case_id = ? WHERE provider = ? AND "
                               "business_day = ? AND class = 'late_payment' AND out_trade_no = ?"),
                {upsert.value().id, provider, dayText(day), e.outTradeNo}));
        }
    }
    return tx.commit();
}

Result<QList<ReconException>> ReconciliationService::exceptions(const QDate &day) const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM recon_exceptions WHERE business_day = ? AND "
                                      "gone_at IS NULL ORDER BY resolved_by IS NOT NULL, id")
                           .arg(QLatin1String(kExceptionColumns)),
                       {dayText(day)});
    if (!q.ok())
        return q.error();
    QList<ReconException> out;
    while (q.value().next())
        out.append(exceptionFrom(q.value()));
    return out;
}

Result<std::optional<ReconException>> ReconciliationService::exception(qint64 id) const
{
    auto q = m_db.exec(QStringLiteral("SELECT %1 FROM recon_exceptions WHERE id = ?")
                           .arg(QLatin1String(kExceptionColumns)),
                       {id});
    if (!q.ok())
        return q.error();
    if (!q.value().next())
        return std::optional<ReconException>{};
    return std::optional(exceptionFrom(q.value()));
}

Result<qint64> ReconciliationService::postAdjustment(const ReconException &e, const QString &reason,
                                                     const QString &operatorName)
{
    const QString clearing = QStringLiteral("clearing:") + e.provider;
    const QString adjustments = QStringLiteral("adjustments");
    const qint64 local = e.localMinor.value_or(0);
    const qint64 provider = e.providerMinor.value_or(0);
    // How much more the provider owes us than the books say (negative: less).
    qint64 owedMore = 0;
    switch (e.kind) {
    case ReconClass::MissingLocally:
    case ReconClass::LatePayment:
    case ReconClass::StatusMismatch:
    case ReconClass::AmountMismatch:
        owedMore = provider - local;
        break;
    case ReconClass::MissingAtProvider:
        owedMore = -local;
        break;
    case ReconClass::RefundMismatch:
        owedMore = local - provider; // the provider refunded more: it owes us less
        break;
    case ReconClass::FeeMismatch:   // fees are booked from the statement as charged
    case ReconClass::DuplicateLine: // a second copy of a line moves no money
    case ReconClass::Matched:
        break;
    }
    if (owedMore == 0)
        return qint64(0);
    PAYDESK_TRY(m_ledger.ensureAccount(clearing, QStringLiteral("asset"),
                                       tr("Owed by %1").arg(e.provider)));
    return m_ledger.post(tr("Reconciliation %1 of %2 on %3: %4")
                             .arg(reconClassName(e.kind),
                                  e.outRequestNo.isEmpty() ? e.outTradeNo : e.outRequestNo,
                                  dayText(e.businessDay), reason),
                         {{clearing, owedMore}, {adjustments, -owedMore}},
                         e.outRequestNo.isEmpty() ? e.outTradeNo : e.outRequestNo, operatorName);
}

Result<ReconException> ReconciliationService::resolve(qint64 id, const Session &by,
                                                      const QString &reason)
{
    PAYDESK_TRY(by.authorize(Permission::Reconcile));
    const QString why = reason.trimmed();
    if (why.size() < 3)
        return Error{QStringLiteral("reconcile.reason_required"),
                     tr("Say why in a few words: the reason is kept with the books.")};
    auto found = exception(id);
    if (!found.ok())
        return found.error();
    if (!found.value())
        return Error{QStringLiteral("reconcile.no_such_exception"),
                     tr("There is no reconciliation exception %1.").arg(id)};
    ReconException e = *found.value();
    if (!e.isOpen())
        return Error{QStringLiteral("reconcile.already_resolved"),
                     tr("Exception %1 was already resolved by %2.").arg(id).arg(e.resolvedBy)};
    auto closed = isClosed(e.businessDay);
    if (!closed.ok())
        return closed.error();
    if (closed.value())
        return Error{QStringLiteral("reconcile.day_closed"),
                     tr("%1 is signed off: its books are closed.").arg(dayText(e.businessDay))};
    if (e.kind == ReconClass::StatusMismatch) {
        // Booking it here would count it twice once Recover books the sale.
        auto status = m_db.scalar(
            QStringLiteral("SELECT status FROM orders WHERE out_trade_no = ?"), {e.outTradeNo});
        if (!status.ok())
            return status.error();
        const QString s = status.value() ? status.value()->toString() : QString();
        if (s == u"CREATED" || s == u"PENDING" || s == u"UNKNOWN")
            return Error{QStringLiteral("reconcile.order_still_open"),
                         tr("Order %1 is still waiting for its outcome: run Recover first, then "
                            "reconcile the day again.")
                             .arg(e.outTradeNo)};
        if (s == u"PAID" || s == u"PARTIALLY_REFUNDED" || s == u"REFUNDED")
            e.providerMinor = e.localMinor; // recovery booked it: nothing left to adjust
    }

    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto entry = postAdjustment(e, why, by.operatorName());
    if (!entry.ok())
        return entry.error();
    const QDateTime now = m_clock.nowUtc();
    PAYDESK_TRY(m_db.exec(
        QStringLiteral("UPDATE recon_exceptions SET resolved_by = ?, resolved_at "
                       "= ?, resolution = ?, entry_id = ? WHERE id = ?"),
        {by.operatorName(), iso(now), why,
         entry.value() ? QVariant(entry.value()) : QVariant(QMetaType(QMetaType::LongLong)), id}));
    auto audited = m_audit.append(QStringLiteral("reconcile.resolved"), by.operatorName(),
                                  {{QStringLiteral("exception"), id},
                                   {QStringLiteral("class"), reconClassName(e.kind)},
                                   {QStringLiteral("out_trade_no"), e.outTradeNo},
                                   {QStringLiteral("entry"), entry.value()},
                                   {QStringLiteral("reason"), why}});
    if (!audited.ok())
        return audited.error();
    PAYDESK_TRY(tx.commit());
    e.resolvedBy = by.operatorName();
    e.resolvedAt = now;
    e.resolution = why;
    e.adjustingEntryId = entry.value();
    return e;
}

Result<bool> ReconciliationService::isClosed(const QDate &day) const
{
    auto q = m_db.scalar(QStringLiteral("SELECT 1 FROM recon_days WHERE business_day = ?"),
                         {dayText(day)});
    if (!q.ok())
        return q.error();
    return q.value().has_value();
}

Result<DayReport> ReconciliationService::signOff(const QDate &day, const Session &by)
{
    PAYDESK_TRY(by.authorize(Permission::SignOffDay));
    auto closed = isClosed(day);
    if (!closed.ok())
        return closed.error();
    if (closed.value())
        return Error{QStringLiteral("reconcile.day_closed"),
                     tr("%1 is already signed off.").arg(dayText(day))};
    auto runs = m_db.scalar(
        QStringLiteral("SELECT COUNT(*) FROM recon_runs WHERE business_day = ?"), {dayText(day)});
    if (!runs.ok())
        return runs.error();
    if (runs.value()->toInt() == 0)
        return Error{QStringLiteral("reconcile.not_reconciled"),
                     tr("%1 has not been reconciled yet.").arg(dayText(day))};
    auto open = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM recon_exceptions WHERE "
                                           "business_day = ? AND gone_at IS NULL AND "
                                           "resolved_by IS NULL"),
                            {dayText(day)});
    if (!open.ok())
        return open.error();
    if (const int n = open.value()->toInt(); n > 0)
        return Error{
            QStringLiteral("reconcile.open_exceptions"),
            tr("%n exception(s) of this day are still open: resolve them first.", nullptr, n)};

    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    auto entry = m_audit.append(QStringLiteral("reconcile.signed_off"), by.operatorName(),
                                {{QStringLiteral("business_day"), dayText(day)}});
    if (!entry.ok())
        return entry.error();
    auto hash =
        m_db.scalar(QStringLiteral("SELECT hash FROM audit_log WHERE id = ?"), {entry.value()});
    if (!hash.ok())
        return hash.error();
    PAYDESK_TRY(m_db.exec(QStringLiteral("INSERT INTO recon_days(business_day, signed_off_by, "
                                         "signed_off_at, audit_head_id, audit_head_hash) VALUES "
                                         "(?, ?, ?, ?, ?)"),
                          {dayText(day), by.operatorName(), iso(m_clock.nowUtc()), entry.value(),
                           hash.value() ? hash.value()->toString() : QString()}));
    PAYDESK_TRY(tx.commit());
    return report(day);
}

Result<DayReport> ReconciliationService::report(const QDate &day, const QString &storeName) const
{
    DayReport r;
    r.businessDay = day;
    r.storeName = storeName;
    const QDateTime endUtc = QDateTime(day.addDays(1), QTime(0, 0), providerZone()).toUTC();
    const QDateTime startUtc = QDateTime(day, QTime(0, 0), providerZone()).toUTC();

    auto runs =
        m_db.exec(QStringLiteral("SELECT provider, matched, payments, refunds, gross_minor, "
                                 "refunds_minor, fees_minor, net_minor FROM recon_runs "
                                 "WHERE business_day = ? ORDER BY provider"),
                  {dayText(day)});
    if (!runs.ok())
        return runs.error();
    while (runs.value().next()) {
        const QSqlQuery &q = runs.value();
        ProviderDayTotals t;
        t.provider = q.value(0).toString();
        t.matched = q.value(1).toInt();
        t.payments = q.value(2).toInt();
        t.refunds = q.value(3).toInt();
        t.grossMinor = q.value(4).toLongLong();
        t.refundsMinor = q.value(5).toLongLong();
        t.feesMinor = q.value(6).toLongLong();
        t.netMinor = q.value(7).toLongLong();
        auto clearing = m_db.scalar(
            QStringLiteral("SELECT COALESCE(SUM(p.amount_minor), 0) FROM postings p JOIN "
                           "journal_entries e ON e.id = p.entry_id WHERE p.account = ? AND "
                           "e.created_at < ?"),
            {QStringLiteral("clearing:") + t.provider, iso(endUtc)});
        if (!clearing.ok())
            return clearing.error();
        t.clearingBalanceMinor = clearing.value()->toLongLong();
        auto settled =
            m_db.scalar(QStringLiteral("SELECT COALESCE(SUM(amount_minor), 0) FROM "
                                       "settlements WHERE provider = ? AND covers_day = ?"),
                        {t.provider, dayText(day)});
        if (!settled.ok())
            return settled.error();
        t.settledMinor = settled.value()->toLongLong();
        r.providers.append(t);
    }

    auto found = exceptions(day);
    if (!found.ok())
        return found.error();
    r.exceptions = found.value();

    r.grossByHourMinor = QList<qint64>(24, 0);
    auto sales = m_db.exec(QStringLiteral("SELECT created_at, amount_minor FROM orders WHERE "
                                          "provider <> 'cash' AND status IN ('PAID', "
                                          "'PARTIALLY_REFUNDED', 'REFUNDED') AND created_at >= ? "
                                          "AND created_at < ?"),
                           {iso(startUtc), iso(endUtc)});
    if (!sales.ok())
        return sales.error();
    while (sales.value().next()) {
        QDateTime t = QDateTime::fromString(sales.value().value(0).toString(), Qt::ISODateWithMs);
        t.setTimeZone(QTimeZone::utc());
        const int hour = t.toTimeZone(providerZone()).time().hour();
        r.grossByHourMinor[hour] += sales.value().value(1).toLongLong();
    }

    auto signedOff = m_db.exec(QStringLiteral("SELECT signed_off_by, signed_off_at, audit_head_id, "
                                              "audit_head_hash FROM recon_days WHERE "
                                              "business_day = ?"),
                               {dayText(day)});
    if (!signedOff.ok())
        return signedOff.error();
    if (signedOff.value().next()) {
        r.signedOffBy = signedOff.value().value(0).toString();
        r.signedOffAt =
            QDateTime::fromString(signedOff.value().value(1).toString(), Qt::ISODateWithMs);
        r.auditHeadId = signedOff.value().value(2).toLongLong();
        r.auditHeadHash = signedOff.value().value(3).toString();
    }
    return r;
}

} // namespace paydesk
