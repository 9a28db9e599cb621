// A business day reconciled against the real sandbox over loopback: payments charged through the
// real checkout, differences made by the sandbox itself (/sandbox/inject amount_mismatch and
// orphan_payment), the day's statement downloaded and imported by the real sync (the sandbox's
// bill), its totals compared with the sandbox's own books (GET /sandbox/trades). Then the real
// paydeskctl: `reconcile --json` (syncing a day without a statement first), `--resolve`,
// `--sign-off`.

#include "cliprocess.h"
#include "core/books/syncservice.h"
#include "core/ledger/ledger.h"
#include "core/reconcile/dayreportbuilder.h"
#include "core/reconcile/reconciliationservice.h"
#include "core/security/auditlog.h"
#include "core/security/operatorservice.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "refundtestkit.h"
#include "testappcontext.h"

#include <QFile>
#include <QJsonArray>
#include <QTimeZone>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestReconcileSandbox : public QObject
{
    Q_OBJECT

    TestSandbox m_sandbox;
    TestAppContext m_ctx;
    RefundStaff m_staff;
    QString m_provider; ///< the clean day's
    QString m_faulted;  ///< the faulted day's (another provider: one statement per day)
    QDate m_day;
    std::unique_ptr<ReconciliationService> m_service;

    /// The sandbox's paid trades of the provider: out_trade_no -> (amount, fee).
    QList<std::tuple<QString, qint64, qint64>> sandboxPaid(const QString &provider)
    {
        QList<std::tuple<QString, qint64, qint64>> out;
        const QJsonArray trades =
            m_sandbox.control(u"/sandbox/trades"_s).value(u"trades").toArray();
        for (const QJsonValue &v : trades) {
            const QJsonObject t = v.toObject();
            if (t.value(u"provider").toString() != provider ||
                t.value(u"status").toString() != u"SUCCESS"_s)
                continue;
            out.append({t.value(u"out_trade_no").toString(),
                        t.value(u"amount_minor").toVariant().toLongLong(),
                        t.value(u"fee_minor").toVariant().toLongLong()});
        }
        return out;
    }

    /// Downloads and imports \a provider's statement of the day through the real sync.
    void syncDay(const QString &provider)
    {
        SyncService &sync = m_ctx->statementSync();
        std::optional<SyncOutcome> outcome;
        QObject guard;
        QObject::connect(&sync, &SyncService::finished, &guard,
                         [&outcome](const SyncOutcome &o) { outcome = o; });
        QVERIFY(sync.start(m_day, provider));
        QVERIFY(QTest::qWaitFor([&] { return outcome.has_value(); }, 30000));
        QCOMPARE(outcome->results.size(), 1);
        QVERIFY2(outcome->ok(),
                 qPrintable(outcome->results.first().error ? outcome->results.first().error->message
                                                           : QString()));
    }

    qint64 trialBalanceSum()
    {
        qint64 sum = 0;
        const auto balances = m_ctx->ledger().trialBalance();
        for (const AccountBalance &b : balances.value())
            sum += b.balanceMinor;
        return sum;
    }

private slots:
    void initTestCase()
    {
        const QString failed = m_sandbox.startServer();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        const QString started = m_ctx.createStarted(m_sandbox.baseUrl());
        QVERIFY2(started.isEmpty(), qPrintable(started));
        const QStringList providers = sandboxProviders(m_ctx->providerRegistry());
        QVERIFY(!providers.isEmpty());
        m_provider = providers.first();
        m_faulted = providers.last();
        const QString staff = m_staff.create(m_ctx->operators());
        QVERIFY2(staff.isEmpty(), qPrintable(staff));
        m_day = ReconciliationService::businessDayOf(QDateTime::currentDateTimeUtc());
        m_service = std::make_unique<ReconciliationService>(
            m_ctx->database(), m_ctx->ledger(), m_ctx->audit(), m_ctx->settings(), m_ctx->clock());
    }

    void cleanDayEqualsTheSandboxBooks()
    {
        QVERIFY(paidOrder(*m_ctx, m_sandbox, m_provider, 1000));
        QVERIFY(paidOrder(*m_ctx, m_sandbox, m_provider, 2345));
        QVERIFY(paidOrder(*m_ctx, m_sandbox, m_provider, 99));
        syncDay(m_provider);
        auto run = m_service->reconcile(m_provider, m_day);
        QVERIFY2(run.ok(), qPrintable(run.ok() ? QString() : run.error().message));
        QCOMPARE(run.value().exceptions.size(), 0);
        qint64 gross = 0, fees = 0;
        for (const auto &[no, amount, fee] : sandboxPaid(m_provider)) {
            gross += amount;
            fees += fee;
        }
        QVERIFY(fees > 0);
        QCOMPARE(run.value().totals.matched, 3);
        QCOMPARE(run.value().totals.payments, 3);
        QCOMPARE(run.value().totals.grossMinor, gross);
        QCOMPARE(run.value().totals.grossMinor, 1000 + 2345 + 99);
        QCOMPARE(run.value().totals.feesMinor, fees);
        QCOMPARE(run.value().totals.netMinor, gross - fees);
        // The till's claim on the provider is what the provider's books say it owes.
        QCOMPARE(m_ctx->ledger().balance(u"clearing:"_s + m_provider).value(), gross - fees);
    }

    void faultedDayIsExplainedResolvedAndSignedOff()
    {
        if (m_faulted == m_provider)
            QSKIP("one sandbox provider only: the clean day took its statement");
        // The provider took more than the till booked, and a payment the till never sent.
        QVERIFY(paidOrder(*m_ctx, m_sandbox, m_faulted, 500));
        const auto order = paidOrder(*m_ctx, m_sandbox, m_faulted, 3000);
        QVERIFY(order);
        const QJsonObject mismatch = m_sandbox.control(
            u"/sandbox/inject"_s, QJsonObject{{u"kind"_s, u"amount_mismatch"_s},
                                              {u"out_trade_no"_s, order->outTradeNo},
                                              {u"amount_minor"_s, 3100}});
        QCOMPARE(mismatch.value(u"amount_minor").toInt(), 3100);
        const QString appId = m_sandbox.tradeOf(order->outTradeNo).value(u"app_id").toString();
        QVERIFY(!appId.isEmpty());
        const QJsonObject orphan =
            m_sandbox.control(u"/sandbox/inject"_s, QJsonObject{{u"kind"_s, u"orphan_payment"_s},
                                                                {u"app_id"_s, appId},
                                                                {u"amount_minor"_s, 900}});
        const QString orphanNo = orphan.value(u"out_trade_no").toString();
        QVERIFY2(!orphanNo.isEmpty(), QJsonDocument(orphan).toJson().constData());
        // A fee above the rate (0.6 % of 100.00 is 0.60; the bill says 0.70), and a payment the
        // bill lists twice.
        const auto feeOrder = paidOrder(*m_ctx, m_sandbox, m_faulted, 10000);
        QVERIFY(feeOrder);
        QCOMPARE(m_sandbox
                     .control(u"/sandbox/inject"_s,
                              QJsonObject{{u"kind"_s, u"fee_mismatch"_s},
                                          {u"out_trade_no"_s, feeOrder->outTradeNo},
                                          {u"fee_minor"_s, 70}})
                     .value(u"fee_minor")
                     .toInt(),
                 70);
        const auto dupOrder = paidOrder(*m_ctx, m_sandbox, m_faulted, 700);
        QVERIFY(dupOrder);
        QCOMPARE(m_sandbox
                     .control(u"/sandbox/inject"_s,
                              QJsonObject{{u"kind"_s, u"duplicate_line"_s},
                                          {u"out_trade_no"_s, dupOrder->outTradeNo}})
                     .value(u"bill_copies")
                     .toInt(),
                 2);
        const qint64 dupFee =
            m_sandbox.tradeOf(dupOrder->outTradeNo).value(u"fee_minor").toVariant().toLongLong();

        // The command syncs the day (no statement yet) and reconciles it: the fixed JSON shape.
        CliProcess cli(QStringLiteral(PAYDESKCTL_BIN), m_ctx.dir.path());
        cli.setSandboxUrl(m_sandbox.baseUrl());
        const QString date = m_day.toString(Qt::ISODate);
        CliRun shown =
            cli.run({u"reconcile"_s, u"--date"_s, date, u"--provider"_s, m_faulted, u"--json"_s});
        QVERIFY2(shown.exitCode == 0, qPrintable(shown.describe()));
        QCOMPARE(shown.json.value(u"date").toString(), date);
        QCOMPARE(shown.json.value(u"matched").toInt(), 2); // 5.00, and the duplicate's first copy

        // Re-running (here, in process) finds the same two, once.
        auto again = m_service->reconcile(m_faulted, m_day);
        QVERIFY2(again.ok(), qPrintable(again.ok() ? QString() : again.error().message));
        QCOMPARE(again.value().exceptions.size(), 4);
        QHash<QString, ReconException> byNo;
        for (const ReconException &e : again.value().exceptions)
            byNo.insert(e.outTradeNo, e);
        QCOMPARE(byNo.value(order->outTradeNo).kind, ReconClass::AmountMismatch);
        QCOMPARE(byNo.value(order->outTradeNo).localMinor.value_or(-1), 3000);
        QCOMPARE(byNo.value(order->outTradeNo).providerMinor.value_or(-1), 3100);
        QCOMPARE(byNo.value(orphanNo).kind, ReconClass::MissingLocally);
        QCOMPARE(byNo.value(orphanNo).providerMinor.value_or(-1), 900);
        QCOMPARE(byNo.value(feeOrder->outTradeNo).kind, ReconClass::FeeMismatch);
        QCOMPARE(byNo.value(feeOrder->outTradeNo).localMinor.value_or(-1), 60);
        QCOMPARE(byNo.value(feeOrder->outTradeNo).providerMinor.value_or(-1), 70);
        QCOMPARE(byNo.value(dupOrder->outTradeNo).kind, ReconClass::DuplicateLine);
        QCOMPARE(
            m_ctx->database()
                .scalar(u"SELECT COUNT(*) FROM recon_exceptions WHERE provider = ?"_s, {m_faulted})
                .value()
                ->toInt(),
            4);

        const QJsonArray exceptions = shown.json.value(u"exceptions").toArray();
        QCOMPARE(exceptions.size(), 4);
        for (const QJsonValue &v : exceptions) {
            const QJsonObject e = v.toObject();
            for (const char *key :
                 {"class", "out_trade_no", "local_minor", "provider_minor", "suggested_action"})
                QVERIFY2(e.contains(QLatin1String(key)), key);
        }
        const QJsonObject totals = shown.json.value(u"totals").toObject();
        qint64 gross = 0, fees = 0;
        for (const auto &[no, amount, fee] : sandboxPaid(m_faulted)) {
            gross += amount;
            fees += fee;
        }
        // Totals are over every line of the bill: the duplicate copy counts.
        QCOMPARE(totals.value(u"gross_minor").toVariant().toLongLong(), gross + 700);
        QCOMPARE(totals.value(u"fees_minor").toVariant().toLongLong(), fees + dupFee);
        QCOMPARE(totals.value(u"refunds_minor").toVariant().toLongLong(), 0);
        QCOMPARE(totals.value(u"net_minor").toVariant().toLongLong(), gross + 700 - fees - dupFee);

        // Resolve: one in process (the owner), one through the command (a manager with TOTP).
        auto owner = m_ctx->operators().authenticate(u"olivia"_s, RefundStaff::ownerPassword);
        QVERIFY(owner.ok());
        QVERIFY(
            m_service->resolve(byNo.value(orphanNo).id, u"a stale QR of the store"_s, owner.value())
                .ok());
        cli.environment().insert(u"PAYDESK_PASSWORD"_s, RefundStaff::managerPassword);
        cli.environment().insert(u"PAYDESK_TOTP"_s, m_staff.managerCode(0));
        CliRun resolved = cli.run(
            {u"reconcile"_s, u"--resolve"_s, QString::number(byNo.value(order->outTradeNo).id),
             u"--reason"_s, u"tip added at the counter"_s, u"--operator"_s, u"mia"_s, u"--json"_s});
        QVERIFY2(resolved.exitCode == 0, qPrintable(resolved.describe()));
        QVERIFY(resolved.json.value(u"entry_id").toInt() > 0);
        QCOMPARE(resolved.json.value(u"resolved_by").toString(), u"mia"_s);
        // The fee difference and the statement's duplicate copy (whose fee the import booked and
        // the resolution gives back): the day has nothing open after these.
        for (const QString &no : {feeOrder->outTradeNo, dupOrder->outTradeNo})
            QVERIFY(
                m_service->resolve(byNo.value(no).id, u"raised with the provider"_s, owner.value())
                    .ok());

        // The books: balanced, and the claim on the provider is what the provider holds.
        QCOMPARE(trialBalanceSum(), 0);
        QCOMPARE(m_ctx->ledger().balance(u"clearing:"_s + m_faulted).value(), gross - fees);

        // Sign-off through the command: the audit head is recorded, the day is closed.
        cli.environment().insert(u"PAYDESK_TOTP"_s, m_staff.managerCode(1));
        CliRun signedOff = cli.run({u"reconcile"_s, u"--sign-off"_s, u"--date"_s, date,
                                    u"--operator"_s, u"mia"_s, u"--json"_s});
        QVERIFY2(signedOff.exitCode == 0, qPrintable(signedOff.describe()));
        AuditFilter newest;
        newest.limit = 1;
        const AuditEntry head = m_ctx->audit().query(newest).value().first();
        QCOMPARE(head.action, u"reconcile.signed_off"_s);
        QCOMPARE(signedOff.json.value(u"audit_head_id").toVariant().toLongLong(), head.id);
        QCOMPARE(signedOff.json.value(u"audit_head_hash").toString(), head.hash);

        CliRun closed =
            cli.run({u"reconcile"_s, u"--date"_s, date, u"--provider"_s, m_faulted, u"--json"_s});
        QVERIFY2(closed.exitCode == 0, qPrintable(closed.describe()));
        QVERIFY(closed.json.value(u"closed").toBool());
        // The headless executable (no widgets) writes the day's PDF: fonts need a
        // QGuiApplication, which it makes on the offscreen platform.
        const QString pdf = m_ctx.dir.filePath(u"day.pdf"_s);
        CliRun written = cli.run({u"reconcile"_s, u"--date"_s, date, u"--provider"_s, m_faulted,
                                  u"--out"_s, pdf, u"--json"_s});
        QVERIFY2(written.exitCode == 0, qPrintable(written.describe()));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY2(pdfFile.size() > 1000, qPrintable(QString::number(pdfFile.size())));
        QVERIFY(pdfFile.read(5) == "%PDF-");
        QCOMPARE(closed.json.value(u"sign_off").toObject().value(u"audit_head_hash").toString(),
                 head.hash);
        CliRun late =
            cli.run({u"reconcile"_s, u"--resolve"_s, QString::number(byNo.value(orphanNo).id),
                     u"--reason"_s, u"x"_s, u"--operator"_s, u"mia"_s, u"--json"_s});
        QCOMPARE(late.exitCode, 1);
    }

    void aDayWithoutAStatementAndNoProvider()
    {
        // The sync cannot reach the provider: exit 3, nothing reconciled.
        CliProcess cli(QStringLiteral(PAYDESKCTL_BIN), m_ctx.dir.path());
        cli.setSandboxUrl(QUrl(u"http://127.0.0.1:1"_s));
        CliRun r = cli.run({u"reconcile"_s, u"--date"_s, u"2020-01-01"_s, u"--json"_s});
        QVERIFY2(r.exitCode == 3, qPrintable(r.describe()));
        QVERIFY(!r.errorCode().isEmpty());
        QCOMPARE(m_ctx->database()
                     .scalar(u"SELECT COUNT(*) FROM recon_runs WHERE business_day = '2020-01-01'"_s)
                     .value()
                     ->toInt(),
                 0);
        CliRun bad = cli.run({u"reconcile"_s, u"--date"_s, u"yesterday"_s, u"--json"_s});
        QCOMPARE(bad.exitCode, 2);
        CliRun unknown = cli.run({u"reconcile"_s, u"--date"_s, u"2020-01-01"_s, u"--provider"_s,
                                  u"nosuchpay"_s, u"--json"_s});
        QCOMPARE(unknown.exitCode, 3);
    }
};

QTEST_GUILESS_MAIN(TestReconcileSandbox)
#include "tst_reconcile_sandbox.moc"
