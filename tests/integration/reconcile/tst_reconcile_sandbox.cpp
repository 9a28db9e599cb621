// A business day reconciled against the real sandbox over loopback: payments charged through the
// real checkout, differences made by the sandbox itself (/sandbox/inject amount_mismatch and
// orphan_payment), the provider's side of the day taken from the sandbox's own books
// (GET /sandbox/trades: amount and fee of every paid trade) and written to statement_lines the way
// the sync stores a bill's detail rows. Then the real paydeskctl: `reconcile --json`,
// `--resolve`, `--sign-off`.

#include "cliprocess.h"
#include "core/ledger/ledger.h"
#include "core/reconcile/dayreportbuilder.h"
#include "core/reconcile/reconciliationservice.h"
#include "core/security/auditlog.h"
#include "core/security/operatorservice.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "refundtestkit.h"
#include "testappcontext.h"

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
    QString m_provider;
    QDate m_day;
    std::unique_ptr<ReconciliationService> m_service;

    /// The sandbox's paid trades of the provider: out_trade_no -> (amount, fee).
    QList<std::tuple<QString, qint64, qint64>> sandboxPaid()
    {
        QList<std::tuple<QString, qint64, qint64>> out;
        const QJsonArray trades =
            m_sandbox.control(u"/sandbox/trades"_s).value(u"trades").toArray();
        for (const QJsonValue &v : trades) {
            const QJsonObject t = v.toObject();
            if (t.value(u"provider").toString() != m_provider ||
                t.value(u"status").toString() != u"SUCCESS"_s)
                continue;
            out.append({t.value(u"out_trade_no").toString(),
                        t.value(u"amount_minor").toVariant().toLongLong(),
                        t.value(u"fee_minor").toVariant().toLongLong()});
        }
        return out;
    }

    /// The day's statement as the sandbox's books have it (replacing an earlier import).
    void importStatement()
    {
        Database &db = m_ctx->database();
        const QString day = m_day.toString(Qt::ISODate);
        QVERIFY(db.exec(u"DELETE FROM statement_lines WHERE provider = ? AND business_day = ?"_s,
                        {m_provider, day})
                    .ok());
        QVERIFY(db.exec(u"DELETE FROM statement_files WHERE provider = ? AND business_day = ?"_s,
                        {m_provider, day})
                    .ok());
        const auto paid = sandboxPaid();
        auto file = db.exec(
            u"INSERT INTO statement_files(provider, business_day, kind, source, sha256, raw, "
            "line_count, imported_at) VALUES (?, ?, 'trade', 'download', 'test', X'00', ?, ?)"_s,
            {m_provider, day, int(paid.size()),
             QDateTime::currentDateTimeUtc().toString(Qt::ISODate)});
        QVERIFY(file.ok());
        const qint64 fileId = file.value().lastInsertId().toLongLong();
        int lineNo = 0;
        for (const auto &[no, amount, fee] : paid)
            QVERIFY(db.exec(u"INSERT INTO statement_lines(file_id, provider, business_day, "
                            "line_no, kind, out_trade_no, amount_minor, received_minor, fee_minor) "
                            "VALUES (?, ?, ?, ?, 'payment', ?, ?, ?, ?)"_s,
                            {fileId, m_provider, day, ++lineNo, no, amount, amount, fee})
                        .ok());
    }

    qint64 trialBalanceSum()
    {
        qint64 sum = 0;
        for (const AccountBalance &b : m_ctx->ledger().trialBalance().value())
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
        importStatement();
        auto run = m_service->reconcile(m_provider, m_day);
        QVERIFY2(run.ok(), qPrintable(run.ok() ? QString() : run.error().message));
        QCOMPARE(run.value().exceptions.size(), 0);
        qint64 gross = 0, fees = 0;
        for (const auto &[no, amount, fee] : sandboxPaid()) {
            gross += amount;
            fees += fee;
        }
        QCOMPARE(run.value().totals.matched, 3);
        QCOMPARE(run.value().totals.payments, 3);
        QCOMPARE(run.value().totals.grossMinor, gross);
        QCOMPARE(run.value().totals.grossMinor, 1000 + 2345 + 99);
        QCOMPARE(run.value().totals.feesMinor, fees);
        QCOMPARE(run.value().totals.netMinor, gross - fees);
        // The till's claim on the provider is what the provider's books say it took.
        QCOMPARE(m_ctx->ledger().balance(u"clearing:"_s + m_provider).value(), gross);
    }

    void faultedDayIsExplainedResolvedAndSignedOff()
    {
        // The provider took more than the till booked, and a payment the till never sent.
        const auto order = paidOrder(*m_ctx, m_sandbox, m_provider, 3000);
        QVERIFY(order);
        const QJsonObject mismatch = m_sandbox.control(
            u"/sandbox/inject"_s, QJsonObject{{u"kind"_s, u"amount_mismatch"_s},
                                              {u"out_trade_no"_s, order->outTradeNo},
                                              {u"amount_minor"_s, 3100}});
        QCOMPARE(mismatch.value(u"amount_minor").toInt(), 3100);
        const QJsonObject orphan =
            m_sandbox.control(u"/sandbox/inject"_s, QJsonObject{{u"kind"_s, u"orphan_payment"_s},
                                                                {u"amount_minor"_s, 900}});
        const QString orphanNo = orphan.value(u"out_trade_no").toString();
        QVERIFY2(!orphanNo.isEmpty(), QJsonDocument(orphan).toJson().constData());

        importStatement();
        auto run = m_service->reconcile(m_provider, m_day);
        QVERIFY(run.ok());
        // Re-running finds the same two, once.
        auto again = m_service->reconcile(m_provider, m_day);
        QVERIFY(again.ok());
        QCOMPARE(again.value().exceptions.size(), 2);
        QHash<QString, ReconException> byNo;
        for (const ReconException &e : again.value().exceptions)
            byNo.insert(e.outTradeNo, e);
        QCOMPARE(byNo.value(order->outTradeNo).kind, ReconClass::AmountMismatch);
        QCOMPARE(byNo.value(order->outTradeNo).localMinor.value_or(-1), 3000);
        QCOMPARE(byNo.value(order->outTradeNo).providerMinor.value_or(-1), 3100);
        QCOMPARE(byNo.value(orphanNo).kind, ReconClass::MissingLocally);
        QCOMPARE(byNo.value(orphanNo).providerMinor.value_or(-1), 900);

        // The command shows the day with the fixed JSON shape.
        CliProcess cli(QStringLiteral(PAYDESKCTL_BIN), m_ctx.dir.path());
        const QString date = m_day.toString(Qt::ISODate);
        CliRun shown = cli.run({u"reconcile"_s, u"--date"_s, date, u"--json"_s});
        QVERIFY2(shown.exitCode == 0, qPrintable(shown.describe()));
        QCOMPARE(shown.json.value(u"date").toString(), date);
        QCOMPARE(shown.json.value(u"matched").toInt(), 3);
        const QJsonArray exceptions = shown.json.value(u"exceptions").toArray();
        QCOMPARE(exceptions.size(), 2);
        for (const QJsonValue &v : exceptions) {
            const QJsonObject e = v.toObject();
            for (const char *key :
                 {"class", "out_trade_no", "local_minor", "provider_minor", "suggested_action"})
                QVERIFY2(e.contains(QLatin1String(key)), key);
        }
        const QJsonObject totals = shown.json.value(u"totals").toObject();
        qint64 gross = 0, fees = 0;
        for (const auto &[no, amount, fee] : sandboxPaid()) {
            gross += amount;
            fees += fee;
        }
        QCOMPARE(totals.value(u"gross_minor").toVariant().toLongLong(), gross);
        QCOMPARE(totals.value(u"fees_minor").toVariant().toLongLong(), fees);
        QCOMPARE(totals.value(u"refunds_minor").toVariant().toLongLong(), 0);
        QCOMPARE(totals.value(u"net_minor").toVariant().toLongLong(), gross - fees);

        // Resolve: one in process, one through the command (a manager with TOTP).
        auto mia = m_ctx->operators().authenticate(u"mia"_s, RefundStaff::managerPassword);
        QVERIFY(mia.ok());
        QVERIFY(
            m_service->resolve(byNo.value(orphanNo).id, u"a stale QR of the store"_s, mia.value())
                .ok());
        cli.environment().insert(u"PAYDESK_PASSWORD"_s, RefundStaff::managerPassword);
        cli.environment().insert(u"PAYDESK_TOTP"_s, m_staff.managerCode(0));
        CliRun resolved = cli.run(
            {u"reconcile"_s, u"--resolve"_s, QString::number(byNo.value(order->outTradeNo).id),
             u"--reason"_s, u"tip added at the counter"_s, u"--operator"_s, u"mia"_s, u"--json"_s});
        QVERIFY2(resolved.exitCode == 0, qPrintable(resolved.describe()));
        QVERIFY(resolved.json.value(u"entry_id").toInt() > 0);
        QCOMPARE(resolved.json.value(u"resolved_by").toString(), u"mia"_s);

        // The books: balanced, and the claim on the provider is what the provider holds.
        QCOMPARE(trialBalanceSum(), 0);
        QCOMPARE(m_ctx->ledger().balance(u"clearing:"_s + m_provider).value(), gross);

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

        CliRun closed = cli.run({u"reconcile"_s, u"--date"_s, date, u"--json"_s});
        QVERIFY2(closed.exitCode == 0, qPrintable(closed.describe()));
        QVERIFY(closed.json.value(u"closed").toBool());
        QCOMPARE(closed.json.value(u"sign_off").toObject().value(u"audit_head_hash").toString(),
                 head.hash);
        CliRun late =
            cli.run({u"reconcile"_s, u"--resolve"_s, QString::number(byNo.value(orphanNo).id),
                     u"--reason"_s, u"x"_s, u"--operator"_s, u"mia"_s, u"--json"_s});
        QCOMPARE(late.exitCode, 1);
    }

    void aDayWithoutAStatementIsAClearError()
    {
        CliProcess cli(QStringLiteral(PAYDESKCTL_BIN), m_ctx.dir.path());
        CliRun r = cli.run({u"reconcile"_s, u"--date"_s, u"2020-01-01"_s, u"--json"_s});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.errorCode(), u"reconcile.no_statement"_s);
        CliRun bad = cli.run({u"reconcile"_s, u"--date"_s, u"yesterday"_s, u"--json"_s});
        QCOMPARE(bad.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestReconcileSandbox)
#include "tst_reconcile_sandbox.moc"
