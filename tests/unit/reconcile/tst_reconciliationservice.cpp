// The reconciliation of a day from a real database (every migration): statement lines as the
// sync stores them, orders and refunds as checkout and the refunds work store them (with their
// sale and refund entries), through the real Reconciler; the exceptions kept across runs, their
// resolution's adjusting entries, the day report and the sign-off that closes the day.

#include "core/ledger/ledger.h"
#include "core/reconcile/dayreportbuilder.h"
#include "core/reconcile/reconciliationservice.h"
#include "core/storage/database.h"
#include "securityfixture.h"

#include <QTimeZone>

#include <QTest>

using namespace paydesk;
using namespace paydesk::testing;
using namespace Qt::StringLiterals;

namespace {

const QDate kDay(2026, 3, 2);
const QString kProvider = u"sandbox"_s;

qint64 fee(qint64 amount)
{
    return Reconciler::expectedFee(amount, 60);
}

} // namespace

class TestReconciliationService : public QObject
{
    Q_OBJECT

    std::unique_ptr<SecurityFixture> fx;
    std::unique_ptr<Ledger> ledger;
    std::unique_ptr<ReconciliationService> service;
    qint64 fileId = 0;
    int lineNo = 0;
    QString managerSecret;

    void resetAll()
    {
        service.reset();
        ledger.reset();
        fx = std::make_unique<SecurityFixture>();
        QVERIFY(fx->init());
        ledger = std::make_unique<Ledger>(*fx->db, fx->clock);
        service = std::make_unique<ReconciliationService>(*fx->db, *ledger, *fx->audit,
                                                          *fx->settings, fx->clock);
        QVERIFY(
            ledger->ensureAccount(u"clearing:sandbox"_s, u"asset"_s, u"Owed by sandbox"_s).ok());
        fileId = 0;
        lineNo = 0;
    }

    QDateTime at(int hourShanghai, const QDate &day = kDay) const
    {
        return QDateTime(day, QTime(hourShanghai, 0), QTimeZone("Asia/Shanghai")).toUTC();
    }

    /// An order as checkout stores it; a paid one with its sale entry.
    void order(const QString &no, const QString &status, qint64 amount, int hour = 9,
               const QDate &day = kDay)
    {
        const QString when = at(hour, day).toString(Qt::ISODateWithMs);
        QVERIFY(fx->db
                    ->exec(u"INSERT INTO orders(out_trade_no, provider, kind, amount_minor, "
                           "status, sale_id, created_at, updated_at) VALUES (?, ?, 'qr', ?, ?, "
                           "?, ?, ?)"_s,
                           {no, kProvider, amount, status, u"S-"_s + no, when, when})
                    .ok());
        if (status == u"PAID"_s || status == u"REFUNDED"_s)
            QVERIFY(ledger
                        ->post(u"Sale "_s + no,
                               {{u"clearing:sandbox"_s, amount}, {u"revenue:sales"_s, -amount}}, no,
                               u"carl"_s)
                        .ok());
    }

    void refund(const QString &no, const QString &req, qint64 amount)
    {
        const QString when = at(11).toString(Qt::ISODateWithMs);
        QVERIFY(fx->db
                    ->exec(u"INSERT INTO refunds(order_id, out_request_no, amount_minor, status, "
                           "reason, operator, created_at, updated_at) SELECT id, ?, ?, "
                           "'SUCCESS', 'test', 'mia', ?, ? FROM orders WHERE out_trade_no = ?"_s,
                           {req, amount, when, when, no})
                    .ok());
        QVERIFY(ledger
                    ->post(u"Refund "_s + req,
                           {{u"revenue:refunds"_s, amount}, {u"clearing:sandbox"_s, -amount}}, req,
                           u"mia"_s)
                    .ok());
    }

    void statement(const QDate &day = kDay)
    {
        auto f = fx->db->exec(
            u"INSERT INTO statement_files(provider, business_day, kind, source, sha256, raw, "
            "line_count, imported_at) VALUES (?, ?, 'trade', 'download', 'x', X'00', 0, ?)"_s,
            {kProvider, day.toString(Qt::ISODate), fx->clock.nowUtc().toString(Qt::ISODate)});
        QVERIFY(f.ok());
        fileId = f.value().lastInsertId().toLongLong();
        lineNo = 0;
    }

    void line(const QString &no, qint64 amount, qint64 feeMinor, const QString &req = {},
              const QDate &day = kDay)
    {
        const bool isRefund = !req.isEmpty();
        QVERIFY(fx->db
                    ->exec(u"INSERT INTO statement_lines(file_id, provider, business_day, line_no, "
                           "kind, out_trade_no, out_request_no, amount_minor, received_minor, "
                           "fee_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
                           {fileId, kProvider, day.toString(Qt::ISODate), ++lineNo,
                            isRefund ? u"refund"_s : u"payment"_s, no,
                            isRefund ? QVariant(req) : QVariant(QMetaType(QMetaType::QString)),
                            amount, amount, feeMinor})
                    .ok());
    }

    /// A day with every class once (and two matched payments, one matched refund).
    void faultedDay()
    {
        order(u"M1"_s, u"PAID"_s, 1000, 9);
        order(u"M2"_s, u"REFUNDED"_s, 2000, 10);
        refund(u"M2"_s, u"M2R1"_s, 2000);
        order(u"AM"_s, u"PAID"_s, 3000, 12);
        order(u"ST"_s, u"UNKNOWN"_s, 400, 13);
        order(u"LP"_s, u"CLOSED"_s, 500, 14);
        order(u"MP"_s, u"PAID"_s, 600, 15);
        order(u"FE"_s, u"PAID"_s, 10000, 16);
        order(u"DU"_s, u"PAID"_s, 700, 17);
        order(u"RM"_s, u"REFUNDED"_s, 800, 18);
        refund(u"RM"_s, u"RMR1"_s, 800);
        statement();
        line(u"M1"_s, 1000, fee(1000));
        line(u"M2"_s, 2000, fee(2000));
        line(u"M2"_s, -2000, -fee(2000), u"M2R1"_s);
        line(u"AM"_s, 3100, fee(3100));        // amount_mismatch (+100)
        line(u"ST"_s, 400, fee(400));          // status_mismatch
        line(u"LP"_s, 500, fee(500));          // late_payment
        line(u"ML"_s, 900, fee(900));          // missing_locally
        line(u"FE"_s, 10000, fee(10000) + 10); // fee_mismatch (+10)
        line(u"DU"_s, 700, fee(700));          // matched ...
        line(u"DU"_s, 700, fee(700));          // ... duplicate_line
        line(u"RM"_s, 800, fee(800));          // RM paid, matched
        line(u"RM"_s, -500, 0, u"RMR1"_s);     // refund_mismatch (500 vs 800)
        // MP: missing_at_provider (no line)
    }

    Session manager(bool stepUp)
    {
        Session owner = fx->owner();
        if (!fx->operators->createOperator(owner, u"mia"_s, Role::Manager, kManagerPassword).ok())
            return {};
        auto mia = fx->operators->authenticate(u"mia"_s, kManagerPassword);
        if (!mia.ok())
            return {};
        Session s = mia.value();
        auto enrolment = fx->operators->beginTotpEnrollment(s);
        if (!enrolment.ok())
            return {};
        managerSecret = enrolment.value().secretBase32;
        if (!fx->operators->confirmTotpEnrollment(s, fx->code(managerSecret, -1)).ok())
            return {};
        if (stepUp && !s.stepUp(fx->code(managerSecret)).ok())
            return {};
        return s;
    }

    QHash<QString, QString> classesByTrade(const QList<ReconException> &list)
    {
        QHash<QString, QString> out;
        for (const ReconException &e : list)
            out.insert(e.outTradeNo, reconClassName(e.kind));
        return out;
    }

    qint64 trialBalanceSum()
    {
        auto tb = ledger->trialBalance();
        if (!tb.ok())
            return -1;
        qint64 sum = 0;
        for (const AccountBalance &b : tb.value())
            sum += b.balanceMinor;
        return sum;
    }

private slots:
    void init() { resetAll(); }

    void noStatementIsAClearError()
    {
        auto r = service->reconcile(kProvider, kDay);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"reconcile.no_statement"_s);
    }

    void cleanDayHasNoExceptions()
    {
        order(u"A"_s, u"PAID"_s, 1234, 9);
        order(u"B"_s, u"REFUNDED"_s, 5000, 10);
        refund(u"B"_s, u"BR1"_s, 5000);
        // Paid the day before, on the day before's statement: not missing here.
        order(u"Y"_s, u"PAID"_s, 300, 23, kDay.addDays(-1));
        statement(kDay.addDays(-1));
        line(u"Y"_s, 300, fee(300), {}, kDay.addDays(-1));
        statement();
        line(u"A"_s, 1234, fee(1234));
        line(u"B"_s, 5000, fee(5000));
        line(u"B"_s, -5000, -fee(5000), u"BR1"_s);
        auto r = service->reconcile(kProvider, kDay);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(r.value().exceptions.size(), 0);
        QCOMPARE(r.value().lines, 3);
        QCOMPARE(r.value().totals.matched, 3);
        QCOMPARE(r.value().totals.grossMinor, 6234);
        QCOMPARE(r.value().totals.refundsMinor, 5000);
        QCOMPARE(r.value().totals.feesMinor, fee(1234));
        QCOMPARE(r.value().totals.netMinor, 6234 - 5000 - fee(1234));
    }

    void everyClassIsStored()
    {
        faultedDay();
        auto r = service->reconcile(kProvider, kDay);
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        const auto classes = classesByTrade(r.value().exceptions);
        QCOMPARE(r.value().exceptions.size(), 8);
        QCOMPARE(classes.value(u"AM"_s), u"amount_mismatch"_s);
        QCOMPARE(classes.value(u"ST"_s), u"status_mismatch"_s);
        QCOMPARE(classes.value(u"LP"_s), u"late_payment"_s);
        QCOMPARE(classes.value(u"ML"_s), u"missing_locally"_s);
        QCOMPARE(classes.value(u"MP"_s), u"missing_at_provider"_s);
        QCOMPARE(classes.value(u"FE"_s), u"fee_mismatch"_s);
        QCOMPARE(classes.value(u"DU"_s), u"duplicate_line"_s);
        QCOMPARE(classes.value(u"RM"_s), u"refund_mismatch"_s);
        for (const ReconException &e : r.value().exceptions) {
            QVERIFY(e.id > 0);
            QVERIFY(e.isOpen());
            QVERIFY(!e.suggestedAction.isEmpty());
            QCOMPARE(e.businessDay, kDay);
        }
    }

    void rerunIsIdempotent()
    {
        faultedDay();
        auto first = service->reconcile(kProvider, kDay);
        QVERIFY(first.ok());
        auto second = service->reconcile(kProvider, kDay);
        QVERIFY(second.ok());
        QCOMPARE(second.value().exceptions.size(), first.value().exceptions.size());
        for (int i = 0; i < first.value().exceptions.size(); ++i)
            QCOMPARE(second.value().exceptions.at(i).id, first.value().exceptions.at(i).id);
        auto count = fx->db->scalar(u"SELECT COUNT(*) FROM recon_exceptions"_s);
        QCOMPARE(count.value()->toInt(), 8);

        // A resolved one stays resolved across runs.
        Session mia = manager(false);
        QVERIFY(mia.isValid());
        qint64 amId = 0, stId = 0;
        for (const ReconException &e : first.value().exceptions) {
            if (e.kind == ReconClass::AmountMismatch)
                amId = e.id;
            if (e.kind == ReconClass::StatusMismatch)
                stId = e.id;
        }
        QVERIFY(service->resolve(amId, u"customer paid the tip by QR"_s, mia).ok());
        // The till learns the outcome of ST (Recover): the difference disappears → gone.
        QVERIFY(
            fx->db->exec(u"UPDATE orders SET status = 'PAID' WHERE out_trade_no = 'ST'"_s).ok());
        auto third = service->reconcile(kProvider, kDay);
        QVERIFY(third.ok());
        QCOMPARE(third.value().exceptions.size(), 7);
        QCOMPARE(service->store().state(amId).value(), u"resolved"_s);
        QCOMPARE(service->store().state(stId).value(), u"gone"_s);
        QCOMPARE(fx->db->scalar(u"SELECT COUNT(*) FROM recon_exceptions"_s).value()->toInt(), 8);
        auto withGone = service->store().exceptions(kDay, kProvider, true);
        QCOMPARE(withGone.value().size(), 8);
        QCOMPARE(fx->db->scalar(u"SELECT COUNT(*) FROM recon_runs"_s).value()->toInt(), 3);
    }

    void resolutionsPostBalancedEntriesAndTheBooksAgree()
    {
        faultedDay();
        auto r = service->reconcile(kProvider, kDay);
        QVERIFY(r.ok());
        Session mia = manager(false);
        QVERIFY(mia.isValid());
        const qint64 clearingBefore = ledger->balance(u"clearing:sandbox"_s).value();

        QHash<QString, qint64> entryOf;
        for (const ReconException &e : r.value().exceptions) {
            auto done = service->resolve(e.id, u"checked with the provider"_s, mia);
            QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.error().message));
            QCOMPARE(done.value().resolvedBy, u"mia"_s);
            QCOMPARE(done.value().resolution, u"checked with the provider"_s);
            QCOMPARE(done.value().resolvedAt, fx->clock.nowUtc());
            entryOf.insert(reconClassName(e.kind), done.value().adjustingEntryId);
        }
        QCOMPARE(trialBalanceSum(), 0);
        QCOMPARE(entryOf.value(u"duplicate_line"_s), 0); // nothing to book
        for (const QString &kind :
             {u"amount_mismatch"_s, u"status_mismatch"_s, u"late_payment"_s, u"missing_locally"_s,
              u"missing_at_provider"_s, u"fee_mismatch"_s, u"refund_mismatch"_s}) {
            QVERIFY2(entryOf.value(kind) > 0, qPrintable(kind));
        }
        // Each entry: referenced, by the operator, with the reason, balanced.
        auto entries = ledger->entries(u"AM"_s);
        QVERIFY(entries.ok());
        const JournalEntry &adj = entries.value().last();
        QCOMPARE(adj.id, entryOf.value(u"amount_mismatch"_s));
        QCOMPARE(adj.operatorName, u"mia"_s);
        QVERIFY(adj.memo.contains(u"checked with the provider"_s));
        qint64 sum = 0;
        for (const Posting &p : adj.postings)
            sum += p.amountMinor;
        QCOMPARE(sum, 0);

        // What the provider holds for the day, after every difference is booked: payment lines
        // (the duplicate once) minus refund lines, minus the fee difference charged.
        const qint64 providerHolds =
            1000 + 2000 - 2000 + 3100 + 400 + 500 + 900 + 10000 + 700 + 800 - 500 - 10;
        const qint64 tillHeldBefore = 1000 + 2000 - 2000 + 3000 + 600 + 10000 + 700 + 800 - 800;
        QCOMPARE(clearingBefore, tillHeldBefore);
        QCOMPARE(ledger->balance(u"clearing:sandbox"_s).value(), providerHolds);
        QCOMPARE(ledger->balance(u"expense:fees"_s).value(), 10);

        // Not twice, and not by a cashier.
        auto again = service->resolve(r.value().exceptions.first().id, u"again"_s, mia);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, u"reconcile.not_open"_s);
    }

    void aCashierCannotResolveAndAReasonIsNeeded()
    {
        faultedDay();
        auto r = service->reconcile(kProvider, kDay);
        QVERIFY(r.ok());
        Session owner = fx->owner();
        QVERIFY(
            fx->operators->createOperator(owner, u"carl"_s, Role::Cashier, kCashierPassword).ok());
        auto carl = fx->operators->authenticate(u"carl"_s, kCashierPassword);
        QVERIFY(carl.ok());
        const qint64 id = r.value().exceptions.first().id;
        auto refused = service->resolve(id, u"because"_s, carl.value());
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"security.forbidden"_s);
        auto noReason = service->resolve(id, u"  "_s, owner);
        QVERIFY(!noReason.ok());
        QCOMPARE(noReason.error().code, u"reconcile.no_reason"_s);
        QCOMPARE(service->store().state(id).value(), u"open"_s);
    }

    void signOffRecordsTheAuditHeadAndClosesTheDay()
    {
        faultedDay();
        auto r = service->reconcile(kProvider, kDay);
        QVERIFY(r.ok());
        Session noStepUp = manager(false);
        QVERIFY(noStepUp.isValid());
        fx->clock.advance(200000); // past the step-up of the TOTP enrolment
        auto refused = service->signOff(kDay, noStepUp);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"security.step_up_required"_s);

        fx->clock.advance(30000);
        Session mia = noStepUp;
        QVERIFY(mia.stepUp(fx->code(managerSecret)).ok());
        auto open = service->signOff(kDay, mia);
        QVERIFY(!open.ok());
        QCOMPARE(open.error().code, u"reconcile.open_exceptions"_s);
        for (const ReconException &e : r.value().exceptions)
            QVERIFY(service->resolve(e.id, u"explained"_s, mia).ok());

        auto signedOff = service->signOff(kDay, mia);
        QVERIFY2(signedOff.ok(),
                 qPrintable(signedOff.ok() ? QString() : signedOff.error().message));
        AuditFilter newest;
        newest.limit = 1;
        auto head = fx->audit->query(newest);
        QVERIFY(head.ok());
        QCOMPARE(head.value().first().action, u"reconcile.signed_off"_s);
        QCOMPARE(signedOff.value().auditHeadId, head.value().first().id);
        QCOMPARE(signedOff.value().auditHeadHash, head.value().first().hash);
        QCOMPARE(signedOff.value().auditHeadHash.size(), 64);
        QVERIFY(fx->audit->verify().ok);
        QCOMPARE(fx->auditCount(u"reconcile.resolved"_s), 8);

        // Closed: no second sign-off, a re-run shows the day as it was, nothing changes.
        QCOMPARE(service->signOff(kDay, mia).error().code, u"reconcile.closed"_s);
        line(u"NEW"_s, 100, fee(100));
        auto rerun = service->reconcile(kProvider, kDay);
        QVERIFY(rerun.ok());
        QVERIFY(rerun.value().closed);
        QCOMPARE(rerun.value().exceptions.size(), 8);
        QCOMPARE(fx->db->scalar(u"SELECT COUNT(*) FROM recon_runs"_s).value()->toInt(), 1);

        DayReportBuilder builder(*fx->db, service->store());
        auto report = builder.build(kDay, u"Lotus Tea"_s);
        QVERIFY(report.ok());
        QVERIFY(report.value().closed());
        QCOMPARE(report.value().signedOffBy, u"mia"_s);
        QCOMPARE(report.value().auditHeadId, signedOff.value().auditHeadId);
        QCOMPARE(report.value().auditHeadHash, signedOff.value().auditHeadHash);
        // The sign-off's row cannot be rewritten.
        QVERIFY(!fx->db->exec(u"UPDATE recon_signoffs SET signed_off_by = 'x'"_s).ok());
    }

    void dayReportTotals()
    {
        faultedDay();
        QVERIFY(service->reconcile(kProvider, kDay).ok());
        QVERIFY(fx->db
                    ->exec(u"INSERT INTO settlements(provider, covers_day, paid_at, amount_minor, "
                           "reference) VALUES (?, ?, ?, 5000, 'P1')"_s,
                           {kProvider, kDay.toString(Qt::ISODate), u"2026-03-03T02:00:00.000Z"_s})
                    .ok());
        DayReportBuilder builder(*fx->db, service->store());
        auto report = builder.build(kDay, u"Lotus Tea"_s);
        QVERIFY(report.ok());
        const DayReport &d = report.value();
        QCOMPARE(d.storeName, u"Lotus Tea"_s);
        QCOMPARE(d.providers.size(), 1);
        const ProviderDayTotals &t = d.providers.first();
        QCOMPARE(t.provider, kProvider);
        QCOMPARE(t.grossMinor, 1000 + 2000 + 3100 + 400 + 500 + 900 + 10000 + 700 + 700 + 800);
        QCOMPARE(t.refundsMinor, 2000 + 500);
        QCOMPARE(t.payments, 10);
        QCOMPARE(t.refunds, 2);
        QCOMPARE(t.netMinor, t.grossMinor - t.refundsMinor - t.feesMinor);
        QCOMPARE(t.settledMinor, 5000);
        QCOMPARE(t.clearingBalanceMinor, ledger->balance(u"clearing:sandbox"_s).value());
        QCOMPARE(d.exceptions.size(), 8);
        QVERIFY(!d.closed());
        QCOMPARE(d.grossByHourMinor.size(), 24);
        QCOMPARE(d.grossByHourMinor.at(9), 1000);
        QCOMPARE(d.grossByHourMinor.at(10), 2000);
        QCOMPARE(d.grossByHourMinor.at(13), 0); // UNKNOWN locally
        QCOMPARE(d.grossByHourMinor.at(16), 10000);
    }
};

QTEST_GUILESS_MAIN(TestReconciliationService)
#include "tst_reconciliationservice.moc"
