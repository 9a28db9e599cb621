#include "core/reconcile/reconciliationservice.h"

#include "core/reconcile/booksloader.h"
#include "core/reconcile/reconciler.h"

#include "core/ledger/ledger.h"
#include "core/security/auditlog.h"
#include "core/security/session.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/storage/transaction.h"
#include "core/util/clock.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTimeZone>

namespace paydesk {

namespace {

QString dayText(const QDate &day)
{
    return day.toString(Qt::ISODate);
}

const QTimeZone &providerZone()
{
    static const QTimeZone zone(QByteArrayLiteral("Asia/Shanghai"));
    return zone;
}

QString clearingOf(const QString &provider)
{
    return QStringLiteral("clearing:") + provider;
}

} // namespace

ReconciliationService::ReconciliationService(Database &db, Ledger &ledger, AuditLog &audit,
                                             const SettingsStore &settings, const Clock &clock)
    : m_db(db), m_ledger(ledger), m_audit(audit), m_settings(settings), m_clock(clock), m_store(db)
{
}

QDate ReconciliationService::businessDayOf(const QDateTime &utc)
{
    return utc.toTimeZone(providerZone()).date();
}

int ReconciliationService::feeRateBp(const QString &provider) const
{
    bool ok = false;
    const int bp =
        m_settings.value(QStringLiteral("reconcile.fee_rate_bp.") + provider, QStringLiteral("60"))
            .toInt(&ok);
    return ok && bp >= 0 ? bp : 60;
}

Result<bool> ReconciliationService::hasStatement(const QString &provider, const QDate &day) const
{
    auto n = m_db.scalar(QStringLiteral("SELECT COUNT(*) FROM statement_files WHERE provider = ? "
                                        "AND business_day = ? AND kind = 'trade'"),
                         {provider, dayText(day)});
    PAYDESK_TRY(n);
    return n.value() && n.value()->toLongLong() > 0;
}

Result<QStringList> ReconciliationService::providersWithStatement(const QDate &day) const
{
    auto q =
        m_db.exec(QStringLiteral("SELECT DISTINCT provider FROM statement_files "
                                 "WHERE business_day = ? AND kind = 'trade' ORDER BY provider"),
                  {dayText(day)});
    PAYDESK_TRY(q);
    QStringList out;
    while (q.value().next())
        out << q.value().value(0).toString();
    return out;
}

Result<ReconResult> ReconciliationService::runEngine(const QString &provider, const QDate &day,
                                                     int *lines) const
{
    // The day's statement lines and the books as columns, through the engine's own loader
    // (the sqlite3 C API on the same file: a million rows in well under a second, where a
    // QSqlQuery costs a QVariant and a QString per cell).
    auto loaded = BooksLoader::loadStatement(m_db.path(), provider, day);
    PAYDESK_TRY(loaded);
    const StatementColumns &statement = loaded.value();
    auto books = BooksLoader::load(m_db.path(), provider, day);
    PAYDESK_TRY(books);
    Reconciler::Params params;
    params.businessDay = civilDay(day.year(), day.month(), day.day());
    params.feeRateBp = feeRateBp(provider);
    const ReconOutcome outcome = Reconciler::reconcile(statement, books.value(), params);
    if (lines)
        *lines = int(statement.size());
    return ReconResult{outcome.totals,
                       Reconciler::exceptions(outcome, statement, books.value(), provider, day)};
}

Result<ReconDayRun> ReconciliationService::reconcile(const QString &provider, const QDate &day)
{
    auto has = hasStatement(provider, day);
    PAYDESK_TRY(has);
    if (!has.value())
        return Error{
            QStringLiteral("reconcile.no_statement"),
            tr("There is no %1 statement for %2 yet: sync it first.").arg(provider, dayText(day))};

    ReconDayRun run;
    auto signedOff = m_store.signOff(day);
    PAYDESK_TRY(signedOff);
    if (signedOff.value()) {
        auto totals = m_store.lastTotals(provider, day);
        PAYDESK_TRY(totals);
        auto stored = m_store.exceptions(day, provider);
        PAYDESK_TRY(stored);
        run.closed = true;
        if (totals.value())
            run.totals = *totals.value();
        run.totals.provider = provider;
        run.exceptions = stored.value();
        return run;
    }

    int lines = 0;
    auto ran = runEngine(provider, day, &lines);
    PAYDESK_TRY(ran);
    const ReconResult &result = ran.value();
    PAYDESK_TRY(m_store.recordRun(provider, day, lines, result, m_clock.nowUtc()));
    auto stored = m_store.exceptions(day, provider);
    PAYDESK_TRY(stored);
    run.totals = result.totals;
    run.lines = lines;
    run.exceptions = stored.value();

    if (m_caseScanner) {
        QStringList forCases;
        for (const ReconException &e : result.exceptions) {
            if ((e.kind == ReconClass::LatePayment || e.kind == ReconClass::DuplicateLine) &&
                !forCases.contains(e.outTradeNo))
                forCases << e.outTradeNo;
        }
        if (!forCases.isEmpty())
            m_caseScanner(forCases);
    }
    return run;
}

QList<Posting> ReconciliationService::adjustingPostings(const ReconException &e)
{
    const QString clearing = clearingOf(e.provider);
    const qint64 local = e.localMinor.value_or(0);
    const qint64 remote = e.providerMinor.value_or(0);
    auto pair = [](const QString &debit, const QString &credit, qint64 minor) -> QList<Posting> {
        if (minor == 0)
            return {};
        return {{debit, minor}, {credit, -minor}};
    };
    switch (e.kind) {
    case ReconClass::Matched:
    case ReconClass::DuplicateLine:
        // Counted once; the customer's side is a case. Nothing is owed differently.
        return {};
    case ReconClass::MissingLocally:
        // The provider holds money the till never booked.
        return pair(clearing, QStringLiteral("adjustments"), remote);
    case ReconClass::AmountMismatch:
        // The provider took another amount: the claim on it moves by the difference.
        return pair(clearing, QStringLiteral("adjustments"), remote - local);
    case ReconClass::FeeMismatch:
        // The statement import books every line's fee as the provider charged it
        // (StatementImporter): the books already carry the difference; the resolution records
        // why it is accepted (or raised with the provider).
        return {};
    case ReconClass::MissingAtProvider:
        // The local sale's claim on the provider is reversed.
        return pair(QStringLiteral("adjustments"), clearing, local);
    case ReconClass::StatusMismatch:
    case ReconClass::LatePayment:
        // The payment the provider has is booked as the sale it was. The order is not paid in
        // the books (open, or closed before the money came), so nothing of it is booked yet:
        // `local` is the order's amount, not a booking.
        return pair(clearing, QStringLiteral("revenue:sales"), remote);
    case ReconClass::RefundMismatch:
        // Refunds as amounts paid back (the engine carries refund lines signed as the statement
        // prints them, negative): the provider paid back more → it owes less.
        return pair(QStringLiteral("adjustments"), clearing, qAbs(remote) - qAbs(local));
    }
    return {};
}

Result<qint64> ReconciliationService::duplicateFee(qint64 exceptionId,
                                                   const ReconException &e) const
{
    auto occurrence = m_db.scalar(
        QStringLiteral("SELECT occurrence FROM recon_exceptions WHERE id = ?"), {exceptionId});
    PAYDESK_TRY(occurrence);
    const int nth = occurrence.value() ? occurrence.value()->toInt() : 1;
    const bool refund = !e.outRequestNo.isEmpty();
    // The nth duplicate is the (nth + 1)th copy of the key on the day's statement.
    auto fee = m_db.scalar(
        QStringLiteral("SELECT l.fee_minor FROM statement_lines l "
                       "JOIN statement_files f ON f.id = l.file_id "
                       "WHERE l.provider = ? AND l.business_day = ? AND f.kind = 'trade' "
                       "AND l.kind = ? AND %1 = ? ORDER BY l.file_id, l.line_no LIMIT 1 OFFSET ?")
            .arg(refund ? QStringLiteral("l.out_request_no") : QStringLiteral("l.out_trade_no")),
        {e.provider, dayText(e.businessDay),
         refund ? QStringLiteral("refund") : QStringLiteral("payment"),
         refund ? e.outRequestNo : e.outTradeNo, nth});
    PAYDESK_TRY(fee);
    return fee.value() ? fee.value()->toLongLong() : 0;
}

Result<ReconException> ReconciliationService::resolve(qint64 exceptionId, const QString &reason,
                                                      const Session &by)
{
    PAYDESK_TRY(by.authorize(Permission::Reconcile));
    const QString why = reason.trimmed();
    if (why.isEmpty())
        return Error{QStringLiteral("reconcile.no_reason"),
                     tr("Say why the exception is resolved.")};
    auto found = m_store.exception(exceptionId);
    PAYDESK_TRY(found);
    if (!found.value())
        return Error{QStringLiteral("reconcile.no_such_exception"),
                     tr("There is no exception %1.").arg(exceptionId)};
    const ReconException e = *found.value();
    auto signedOff = m_store.signOff(e.businessDay);
    PAYDESK_TRY(signedOff);
    if (signedOff.value())
        return Error{QStringLiteral("reconcile.closed"),
                     tr("%1 is signed off: its exceptions can no longer be resolved.")
                         .arg(dayText(e.businessDay))};
    auto state = m_store.state(exceptionId);
    PAYDESK_TRY(state);
    if (state.value() != QLatin1String("open"))
        return Error{QStringLiteral("reconcile.not_open"),
                     tr("Exception %1 is not open (%2).").arg(exceptionId).arg(state.value())};

    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    qint64 entryId = 0;
    QList<Posting> postings = adjustingPostings(e);
    if (e.kind == ReconClass::DuplicateLine) {
        // The import booked the duplicate copy's fee as well: it is given back.
        auto fee = duplicateFee(exceptionId, e);
        PAYDESK_TRY(fee);
        if (fee.value() != 0)
            postings = {{clearingOf(e.provider), fee.value()},
                        {QStringLiteral("expense:fees"), -fee.value()}};
    }
    if (!postings.isEmpty()) {
        PAYDESK_TRY(m_ledger.ensureAccount(clearingOf(e.provider), QStringLiteral("asset"),
                                           QStringLiteral("Owed by %1").arg(e.provider)));
        const QString reference = e.outRequestNo.isEmpty() ? e.outTradeNo : e.outRequestNo;
        auto posted =
            m_ledger.post(tr("Reconciliation %1, %2 of %3: %4")
                              .arg(reconClassName(e.kind), reference, dayText(e.businessDay), why),
                          postings, reference, by.operatorName());
        PAYDESK_TRY(posted);
        entryId = posted.value();
    }
    const QDateTime now = m_clock.nowUtc();
    PAYDESK_TRY(m_store.markResolved(exceptionId, by.operatorName(), now, why, entryId));
    PAYDESK_TRY(m_audit.append(QStringLiteral("reconcile.resolved"), by.operatorName(),
                               {{QStringLiteral("exception"), exceptionId},
                                {QStringLiteral("class"), reconClassName(e.kind)},
                                {QStringLiteral("provider"), e.provider},
                                {QStringLiteral("day"), dayText(e.businessDay)},
                                {QStringLiteral("out_trade_no"), e.outTradeNo},
                                {QStringLiteral("out_request_no"), e.outRequestNo},
                                {QStringLiteral("entry"), entryId},
                                {QStringLiteral("reason"), why}}));
    PAYDESK_TRY(tx.commit());
    auto after = m_store.exception(exceptionId);
    PAYDESK_TRY(after);
    return *after.value();
}

Result<DaySignOff> ReconciliationService::signOff(const QDate &day, const Session &by)
{
    PAYDESK_TRY(by.authorize(Permission::SignOffDay));
    auto existing = m_store.signOff(day);
    PAYDESK_TRY(existing);
    if (existing.value())
        return Error{QStringLiteral("reconcile.closed"),
                     tr("%1 was already signed off by %2.")
                         .arg(dayText(day), existing.value()->signedOffBy)};
    auto providers = m_store.reconciledProviders(day);
    PAYDESK_TRY(providers);
    if (providers.value().isEmpty())
        return Error{QStringLiteral("reconcile.not_reconciled"),
                     tr("%1 has not been reconciled yet.").arg(dayText(day))};
    auto exceptions = m_store.exceptions(day);
    PAYDESK_TRY(exceptions);
    int open = 0;
    for (const ReconException &e : exceptions.value())
        open += e.isOpen() ? 1 : 0;
    if (open > 0)
        return Error{
            QStringLiteral("reconcile.open_exceptions"),
            tr("%n exception(s) of the day are still open: resolve them first.", "", open)};

    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    QJsonObject details{
        {QStringLiteral("day"), dayText(day)},
        {QStringLiteral("providers"), QJsonArray::fromStringList(providers.value())},
        {QStringLiteral("exceptions"), int(exceptions.value().size())}};
    for (const QString &p : providers.value()) {
        auto t = m_store.lastTotals(p, day);
        PAYDESK_TRY(t);
        if (t.value())
            details.insert(p + QStringLiteral("_net_minor"), t.value()->netMinor);
    }
    auto entry = m_audit.append(QStringLiteral("reconcile.signed_off"), by.operatorName(), details);
    PAYDESK_TRY(entry);
    AuditFilter newest;
    newest.limit = 1;
    newest.newestFirst = true;
    auto head = m_audit.query(newest);
    PAYDESK_TRY(head);
    if (head.value().isEmpty() || head.value().first().id != entry.value())
        return Error{QStringLiteral("reconcile.audit_head"),
                     tr("The audit log's head could not be read at sign-off.")};
    DaySignOff s;
    s.businessDay = day;
    s.signedOffBy = by.operatorName();
    s.signedOffAt = m_clock.nowUtc();
    s.auditHeadId = head.value().first().id;
    s.auditHeadHash = head.value().first().hash;
    PAYDESK_TRY(m_store.recordSignOff(s));
    PAYDESK_TRY(tx.commit());
    return s;
}

} // namespace paydesk
