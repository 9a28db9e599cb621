// Settlement end to end against the real sandbox over loopback: the day's sales and a refund
// through the real checkout for every provider the sandbox speaks, then a sync on a manual clock
// days later downloads the trade statement and the fund-flow statements, books the T+1 payout
// (bank / clearing) and reports the day on time, late (the sandbox told to pay a day late:
// flagged with the hotline, then resolved when the payout arrives) or short (flagged with the
// amount); a damaged fund statement is refused with nothing stored; `paydeskctl sync --json`
// prints the settlement.

#include "core/books/settlementtracker.h"
#include "core/books/statementimporter.h"
#include "core/books/syncservice.h"
#include "core/ledger/ledger.h"
#include "core/money/money.h"
#include "core/providers/providerregistry.h"
#include "core/storage/database.h"

#include "app/providersetup.h"

#include "cliprocess.h"
#include "refundtestkit.h"
#include "testappcontext.h"

#include <QFile>
#include <QJsonArray>
#include <QTimeZone>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

QDate beijingToday()
{
    return QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
}

QDateTime beijing(const QDate &day, int h, int m)
{
    return QDateTime(day, QTime(h, m), QTimeZone("Asia/Shanghai")).toUTC();
}

/// One till on a sandbox of its own, its sync on a manual clock (the providers sign with the
/// real one, so the sandbox accepts them).
struct Till
{
    TestSandbox sandbox;
    TestAppContext ctx;
    ManualClock clock{beijing(beijingToday().addDays(2), 11, 0)};
    std::unique_ptr<SettlementTracker> tracker;
    std::unique_ptr<SyncService> sync;
    QStringList providers;
    QHash<QString, QString> outTradeNos;

    QString start()
    {
        if (QString e = sandbox.startServer(); !e.isEmpty())
            return e;
        if (QString e = ctx.createStarted(sandbox.baseUrl()); !e.isEmpty())
            return e;
        tracker = std::make_unique<SettlementTracker>(ctx->database(), ctx->ledger(),
                                                      ctx->providerRegistry(), clock);
        sync = std::make_unique<SyncService>(
            ctx->statements(), *tracker,
            [this] {
                QList<PaymentProvider *> list;
                for (PaymentProvider *p : ctx->providers()->providers())
                    if (providers.contains(p->id()))
                        list << p;
                return list;
            },
            clock);
        for (const QString &p : sandboxProviders(ctx->providerRegistry()))
            if (const ProviderDescriptor *d = ctx->providerRegistry().find(p);
                d && d->capabilities.fundStatements)
                providers << p;
        return providers.size() >= 2 ? QString() : u"fewer than two providers"_s;
    }

    /// Two sales and a refund of each provider, today.
    bool sell()
    {
        for (const QString &p : std::as_const(providers)) {
            const auto first = paidOrder(*ctx, sandbox, p, 1000);
            const auto second = paidOrder(*ctx, sandbox, p, 2550);
            if (!first || !second)
                return false;
            if (!refundNow(ctx->refunds(), refundOf(*first, 300)).ok())
                return false;
        }
        return true;
    }

    std::optional<SyncOutcome> run(const QDate &day)
    {
        std::optional<SyncOutcome> outcome;
        QObject guard;
        QObject::connect(sync.get(), &SyncService::finished, &guard,
                         [&](const SyncOutcome &o) { outcome = o; });
        if (!sync->start(day))
            return std::nullopt;
        (void)QTest::qWaitFor([&] { return outcome.has_value(); }, 60000);
        return outcome;
    }

    bool settle(const QJsonObject &how)
    {
        int status = 0;
        sandbox.control(u"/sandbox/settlement"_s, how, &status);
        return status == 200;
    }

    qint64 balance(const QString &account) { return ctx->ledger().balance(account).value(); }

    qint64 scalar(const QString &sql, const QVariantList &binds = {})
    {
        auto v = ctx->database().scalar(sql, binds);
        return v.ok() && v.value() ? v.value()->toLongLong() : -999999;
    }
};

std::optional<SettlementStatus> statusOf(const SyncOutcome &o, const QString &provider,
                                         const QDate &day)
{
    for (const SettlementStatus &s : o.settlement)
        if (s.provider == provider && s.day == day)
            return s;
    return std::nullopt;
}

QString errorsOf(const SyncOutcome &o)
{
    QStringList e;
    for (const SyncDayResult &r : o.results)
        if (r.error)
            e << r.error->message;
    for (const SyncFundResult &r : o.fundResults)
        if (r.error)
            e << r.error->message;
    return e.join(u"; "_s);
}

} // namespace

class TestSettlementSandbox : public QObject
{
    Q_OBJECT

    const QDate m_day = beijingToday();
    Till m_onTime; // kept for the command test

private slots:
    void anOnTimePayoutClearsClearing()
    {
        Till &till = m_onTime;
        QVERIFY2(till.start().isEmpty(), "start");
        QVERIFY(till.sell());
        auto outcome = till.run(m_day);
        QVERIFY(outcome);
        QVERIFY2(outcome->ok(), qPrintable(errorsOf(*outcome)));
        // Each provider: the day's trade statement, the fund statements of that day and T+1.
        QCOMPARE(outcome->results.size(), till.providers.size());
        QCOMPARE(outcome->fundResults.size(), 2 * till.providers.size());
        qint64 paid = 0;
        for (const QString &p : std::as_const(till.providers)) {
            const auto s = statusOf(*outcome, p, m_day);
            QVERIFY2(s, qPrintable(p));
            QCOMPARE(s->state, SettlementStatus::State::OnTime);
            QVERIFY(s->expectedMinor > 0);
            QCOMPARE(s->settledMinor, s->expectedMinor); // the payout is the statement's net
            QVERIFY(!s->flagged());
            // Sales - refunds - fees - the payout: the provider owes nothing any more.
            QCOMPARE(till.balance(u"clearing:"_s + p), 0);
            QCOMPARE(till.scalar(u"SELECT COUNT(*) FROM settlements WHERE provider = ? AND"
                                 " covers_day = ?"_s,
                                 {p, m_day.toString(Qt::ISODate)}),
                     1);
            QCOMPARE(till.scalar(u"SELECT COUNT(*) FROM statement_files WHERE provider = ? AND"
                                 " kind = 'fund'"_s,
                                 {p}),
                     2);
            paid += s->settledMinor;
        }
        QCOMPARE(till.balance(u"bank"_s), paid);
        qint64 trial = 0;
        auto balances = till.ctx->ledger().trialBalance();
        QVERIFY(balances.ok());
        for (const AccountBalance &b : balances.value())
            trial += b.balanceMinor;
        QCOMPARE(trial, 0);

        // Again: every statement already imported, nothing booked twice.
        const qint64 entries = till.scalar(u"SELECT COUNT(*) FROM journal_entries"_s);
        outcome = till.run(m_day);
        QVERIFY(outcome && outcome->ok());
        for (const SyncFundResult &r : outcome->fundResults)
            QVERIFY(r.import && r.import->alreadyImported);
        QCOMPARE(till.scalar(u"SELECT COUNT(*) FROM journal_entries"_s), entries);
        QCOMPARE(statusOf(*outcome, till.providers.first(), m_day)->state,
                 SettlementStatus::State::OnTime);
    }

    void aLatePayoutIsFlaggedThenResolved()
    {
        Till till;
        QVERIFY2(till.start().isEmpty(), "start");
        for (const QString &p : std::as_const(till.providers))
            QVERIFY(till.settle({{u"provider"_s, p},
                                 {u"day"_s, m_day.toString(Qt::ISODate)},
                                 {u"late_days"_s, 1}}));
        QVERIFY(till.sell());
        auto outcome = till.run(m_day); // two days on: the T+1 fund statement has no payout
        QVERIFY(outcome);
        QVERIFY2(outcome->ok(), qPrintable(errorsOf(*outcome)));
        for (const QString &p : std::as_const(till.providers)) {
            const auto s = statusOf(*outcome, p, m_day);
            QVERIFY2(s, qPrintable(p));
            QCOMPARE(s->state, SettlementStatus::State::Late);
            QVERIFY(s->flagged());
            QCOMPARE(s->settledMinor, 0);
            const QString hotline = till.ctx->providerRegistry().hotline(p);
            QVERIFY(!hotline.isEmpty());
            QVERIFY2(s->message.contains(hotline), qPrintable(s->message));
            QCOMPARE(till.balance(u"clearing:"_s + p), s->expectedMinor); // still owed
        }
        // A day later the payout is in that day's fund statement.
        till.clock.setNow(beijing(m_day.addDays(3), 11, 0));
        outcome = till.run(m_day);
        QVERIFY(outcome);
        QVERIFY2(outcome->ok(), qPrintable(errorsOf(*outcome)));
        for (const QString &p : std::as_const(till.providers)) {
            const auto s = statusOf(*outcome, p, m_day);
            QVERIFY(s);
            QCOMPARE(s->state, SettlementStatus::State::OnTime);
            QCOMPARE(s->settledMinor, s->expectedMinor);
            QCOMPARE(till.balance(u"clearing:"_s + p), 0);
            auto paidAt = till.ctx->database().scalar(
                u"SELECT paid_at FROM settlements WHERE provider = ?"_s, {p});
            QVERIFY(paidAt.ok() && paidAt.value());
            QCOMPARE(StatementImporter::businessDayOf(
                         QDateTime::fromString(paidAt.value()->toString(), Qt::ISODate)),
                     m_day.addDays(2));
        }
    }

    void aShortPayoutIsFlaggedWithTheAmount()
    {
        Till till;
        QVERIFY2(till.start().isEmpty(), "start");
        for (const QString &p : std::as_const(till.providers))
            QVERIFY(till.settle({{u"provider"_s, p},
                                 {u"day"_s, m_day.toString(Qt::ISODate)},
                                 {u"short_minor"_s, 125}}));
        QVERIFY(till.sell());
        auto outcome = till.run(m_day);
        QVERIFY(outcome);
        QVERIFY2(outcome->ok(), qPrintable(errorsOf(*outcome)));
        for (const QString &p : std::as_const(till.providers)) {
            const auto s = statusOf(*outcome, p, m_day);
            QVERIFY2(s, qPrintable(p));
            QCOMPARE(s->state, SettlementStatus::State::Short);
            QVERIFY(s->flagged());
            QCOMPARE(s->expectedMinor - s->settledMinor, 125);
            const QString gap = Money::fromMinor(125).format(QLocale());
            QVERIFY2(s->message.contains(gap), qPrintable(s->message));
            QVERIFY(s->message.contains(till.ctx->providerRegistry().hotline(p)));
            QCOMPARE(till.balance(u"clearing:"_s + p), 125); // what the provider still owes
        }
    }

    void aBrokenFundStatementIsRefused()
    {
        Till till;
        QVERIFY2(till.start().isEmpty(), "start");
        const QDate payoutDay = m_day.addDays(1);
        for (const QString &p : std::as_const(till.providers))
            QVERIFY(till.settle({{u"provider"_s, p},
                                 {u"day"_s, payoutDay.toString(Qt::ISODate)},
                                 {u"broken_bill"_s, true}}));
        QVERIFY(till.sell());
        auto outcome = till.run(m_day);
        QVERIFY(outcome);
        QVERIFY(!outcome->ok());
        for (const QString &p : std::as_const(till.providers)) {
            bool refused = false;
            for (const SyncFundResult &r : outcome->fundResults)
                if (r.provider == p && r.day == payoutDay)
                    refused = r.error.has_value() && !r.import;
            QVERIFY2(refused, qPrintable(p));
            QCOMPARE(till.scalar(u"SELECT COUNT(*) FROM statement_files WHERE provider = ? AND"
                                 " kind = 'fund' AND business_day = ?"_s,
                                 {p, payoutDay.toString(Qt::ISODate)}),
                     0);
            QCOMPARE(till.scalar(u"SELECT COUNT(*) FROM settlements WHERE provider = ?"_s, {p}), 0);
            QCOMPARE(statusOf(*outcome, p, m_day)->state, SettlementStatus::State::Late);
        }
        QCOMPARE(till.balance(u"bank"_s), 0);
        // Served whole again, the same sync books it.
        for (const QString &p : std::as_const(till.providers))
            QVERIFY(till.settle({{u"provider"_s, p},
                                 {u"day"_s, payoutDay.toString(Qt::ISODate)},
                                 {u"broken_bill"_s, false}}));
        outcome = till.run(m_day);
        QVERIFY(outcome);
        QVERIFY2(outcome->ok(), qPrintable(errorsOf(*outcome)));
        for (const QString &p : std::as_const(till.providers)) {
            QCOMPARE(statusOf(*outcome, p, m_day)->state, SettlementStatus::State::OnTime);
            QCOMPARE(till.balance(u"clearing:"_s + p), 0);
        }
    }

    // The owner saved the fund-flow statements from the merchant portal by hand: `sync --file`
    // (and the importer under it) books the payouts exactly as a download would, once.
    void aFundStatementSavedByHandIsImported()
    {
        Till till;
        QVERIFY2(till.start().isEmpty(), "start");
        QVERIFY(till.sell());
        const QDate payoutDay = m_day.addDays(1);
        QHash<QString, QByteArray> tradeBills;
        QHash<QString, QByteArray> fundBills;
        for (PaymentProvider *p : till.ctx->providers()->providers()) {
            if (!till.providers.contains(p->id()))
                continue;
            std::optional<StatementReply> trade;
            std::optional<FundStatementReply> fund;
            p->downloadStatement(m_day, [&](const StatementReply &r) { trade = r; });
            p->downloadFundStatement(payoutDay, [&](const FundStatementReply &r) { fund = r; });
            QVERIFY(QTest::qWaitFor([&] { return trade && fund; }, 30000));
            QVERIFY2(trade->status.ok() && fund->status.ok(), qPrintable(p->id()));
            tradeBills.insert(p->id(), trade->rawFile);
            fundBills.insert(p->id(), fund->rawFile);
        }
        QCOMPARE(fundBills.size(), till.providers.size());

        CliProcess ctl(QStringLiteral(PAYDESKCTL_BIN), till.ctx.dir.path());
        const auto save = [&](const QString &name, const QByteArray &bytes) {
            const QString path = till.ctx.dir.filePath(name);
            QFile f(path);
            return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size() ? path
                                                                                  : QString();
        };
        for (const QString &p : std::as_const(till.providers)) {
            // A truncated copy is refused and leaves nothing.
            const QByteArray &bill = fundBills.value(p);
            const QString cut = save(p + u"-cut.bin"_s, bill.left(bill.size() * 2 / 3));
            CliRun run = ctl.run({u"sync"_s, u"--file"_s, cut, u"--provider"_s, p, u"--json"_s});
            QVERIFY2(run.exitCode != 0, qPrintable(run.describe()));
            QCOMPARE(till.scalar(u"SELECT COUNT(*) FROM statement_files WHERE provider = ? AND"
                                 " kind = 'fund'"_s,
                                 {p}),
                     0);

            // The trade bill, then the fund bill, both with no provider named.
            run = ctl.run({u"sync"_s, u"--file"_s, save(p + u"-trade.bin"_s, tradeBills.value(p)),
                           u"--json"_s});
            QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
            QCOMPARE(run.json.value(u"kind"_s).toString(), u"trade"_s);
            const QString fundPath = save(p + u"-fund.bin"_s, bill);
            run = ctl.run({u"sync"_s, u"--file"_s, fundPath, u"--json"_s});
            QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
            QCOMPARE(run.json.value(u"kind"_s).toString(), u"fund"_s);
            QCOMPARE(run.json.value(u"provider"_s).toString(), p);
            QCOMPARE(run.json.value(u"date"_s).toString(), payoutDay.toString(Qt::ISODate));
            QCOMPARE(run.json.value(u"payouts"_s).toInt(), 1);
            QCOMPARE(run.json.value(u"recorded"_s).toInt(), 1);
            QCOMPARE(till.scalar(u"SELECT COUNT(*) FROM statement_files WHERE provider = ? AND"
                                 " kind = 'fund' AND source = 'file'"_s,
                                 {p}),
                     1);
            // Sales - refunds - fees - the payout: nothing owed, and the day is on time.
            QCOMPARE(till.balance(u"clearing:"_s + p), 0);
            auto status = till.tracker->status(p, m_day);
            QVERIFY(status.ok());
            QCOMPARE(status.value().state, SettlementStatus::State::OnTime);
            // Again: already imported, nothing booked twice.
            run = ctl.run({u"sync"_s, u"--file"_s, fundPath, u"--json"_s});
            QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
            QVERIFY(run.json.value(u"already_imported"_s).toBool());
            QCOMPARE(till.scalar(u"SELECT COUNT(*) FROM settlements WHERE provider = ?"_s, {p}), 1);
        }
        // The importer itself tells a fund bill from a trade bill.
        const QString first = till.providers.first();
        auto notFund = till.tracker->importFundFile(QString(), tradeBills.value(first));
        QVERIFY(notFund.ok());
        QVERIFY(!notFund.value());
    }

    void theSandboxRefusesABadInstruction()
    {
        int status = 0;
        m_onTime.sandbox.control(
            u"/sandbox/settlement"_s,
            QJsonObject{{u"provider"_s, u"nopay"_s}, {u"day"_s, m_day.toString(Qt::ISODate)}},
            &status);
        QCOMPARE(status, 400);
        m_onTime.sandbox.control(
            u"/sandbox/settlement"_s,
            QJsonObject{{u"provider"_s, m_onTime.providers.first()}, {u"day"_s, u"yesterday"_s}},
            &status);
        QCOMPARE(status, 400);
        const QJsonObject set =
            m_onTime.sandbox.control(u"/sandbox/settlement"_s,
                                     QJsonObject{{u"provider"_s, m_onTime.providers.first()},
                                                 {u"day"_s, u"2026-01-01"_s},
                                                 {u"late_days"_s, 2}},
                                     &status);
        QCOMPARE(status, 200);
        QCOMPARE(set.value(u"payout_day"_s).toString(), u"2026-01-04"_s);
    }

    void theSyncCommandPrintsTheSettlement()
    {
        CliProcess ctl(QStringLiteral(PAYDESKCTL_BIN), m_onTime.ctx.dir.path());
        ctl.setSandboxUrl(m_onTime.sandbox.baseUrl());
        const QString yesterday = m_day.addDays(-1).toString(Qt::ISODate);
        CliRun run = ctl.run({u"sync"_s, u"--date"_s, yesterday, u"--json"_s});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
        const QJsonArray funds = run.json.value(u"fund_statements"_s).toArray();
        QCOMPARE(funds.size(), m_onTime.providers.size()); // yesterday's, one each
        for (const QJsonValue &v : funds) {
            QCOMPARE(v.toObject().value(u"date"_s).toString(), yesterday);
            QCOMPARE(v.toObject().value(u"payouts"_s).toInt(), 0); // nothing sold the day before
        }
        const QJsonArray settlement = run.json.value(u"settlement"_s).toArray();
        QVERIFY(!settlement.isEmpty());
        for (const QJsonValue &v : settlement) {
            const QJsonObject o = v.toObject();
            QCOMPARE(o.value(u"date"_s).toString(), yesterday);
            QCOMPARE(o.value(u"state"_s).toString(), u"nothing"_s);
            QVERIFY(!o.value(u"hotline"_s).toString().isEmpty());
            QVERIFY(o.contains(u"expected_minor"_s) && o.contains(u"settled_minor"_s));
        }
        // Plain text names the fund statements too.
        run = ctl.run({u"sync"_s, u"--date"_s, yesterday});
        QVERIFY2(run.exitCode == 0, qPrintable(run.describe()));
    }
};

QTEST_GUILESS_MAIN(TestSettlementSandbox)
#include "tst_settlement_sandbox.moc"
