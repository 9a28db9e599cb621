// `paydeskctl export` end to end on a real day: sales charged and a refund made through the real
// paydeskctl against a sandbox on loopback, a provider fee and a settlement to the bank booked in
// the journal, then the day exported as Beancount (bean-check must accept it) and as a
// general-journal CSV (its debits equal its credits), with the authority rules and exit codes.
#include "app/appcontext.h"
#include "core/ledger/ledger.h"
#include "core/security/operatorservice.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include "cliprocess.h"
#include "testsandbox.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace paydesk;
using namespace paydesk::test;

namespace {
const QString kOwnerPassword = QStringLiteral("Lantern-Orbit-73!");
const QString kManagerPassword = QStringLiteral("Velvet#Harbor-2918");
const QString kCashierPassword = QStringLiteral("Granite+Meadow-461");
} // namespace

class TestExportCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void beancountOfARealDayPassesBeanCheck();
    void csvDebitsEqualCredits();
    void authorityAndUsage();

private:
    CliRun exportAs(const QString &op, const QString &password, const QStringList &more)
    {
        m_ctl->environment().insert(QStringLiteral("PAYDESK_PASSWORD"), password);
        return m_ctl->run(QStringList{QStringLiteral("export"), QStringLiteral("--operator"), op} +
                          more);
    }
    QString paid(const QString &amount)
    {
        const CliRun r = m_ctl->run({QStringLiteral("charge"), QStringLiteral("--amount"), amount,
                                     QStringLiteral("--code"), m_sandbox.newAlipayCode(),
                                     QStringLiteral("--json")});
        if (r.exitCode != 0)
            qWarning() << r.describe();
        return r.exitCode == 0 ? r.json.value(QStringLiteral("out_trade_no")).toString()
                               : QString();
    }
    QStringList range() const
    {
        const QString d = m_today.toString(Qt::ISODate);
        return {QStringLiteral("--from"), d, QStringLiteral("--to"), d};
    }

    QTemporaryDir m_dir;
    TestSandbox m_sandbox;
    std::unique_ptr<CliProcess> m_ctl;
    QDate m_today;
};

void TestExportCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_sandbox.startServer().isEmpty());
    m_ctl = std::make_unique<CliProcess>(QStringLiteral(PAYDESKCTL_BIN), m_dir.path());
    m_ctl->setSandboxUrl(m_sandbox.baseUrl());
    {
        AppOptions options;
        options.dataDir = m_dir.path();
        auto ctx = AppContext::create(options);
        QVERIFY2(ctx.ok(), qPrintable(ctx.ok() ? QString() : ctx.error().message));
        OperatorService &ops = ctx.value()->operators();
        QVERIFY(ops.bootstrapOwner(QStringLiteral("olivia"), kOwnerPassword).ok());
        auto owner = ops.authenticate(QStringLiteral("olivia"), kOwnerPassword);
        QVERIFY(owner.ok());
        QVERIFY(ops.createOperator(owner.value(), QStringLiteral("mia"), Role::Manager,
                                   kManagerPassword)
                    .ok());
        QVERIFY(ops.createOperator(owner.value(), QStringLiteral("carl"), Role::Cashier,
                                   kCashierPassword)
                    .ok());
    }
    // The day: two sales, a partial refund, all through the real command.
    const QString first = paid(QStringLiteral("12.34"));
    const QString second = paid(QStringLiteral("100.00"));
    QVERIFY(!first.isEmpty() && !second.isEmpty());
    m_ctl->environment().insert(QStringLiteral("PAYDESK_PASSWORD"), kCashierPassword);
    const CliRun refund = m_ctl->run(
        {QStringLiteral("refund"), QStringLiteral("--order"), second, QStringLiteral("--amount"),
         QStringLiteral("2.50"), QStringLiteral("--reason"), QStringLiteral("goods_returned"),
         QStringLiteral("--operator"), QStringLiteral("carl"), QStringLiteral("--json")});
    QVERIFY2(refund.exitCode == 0, qPrintable(refund.describe()));
    // The provider's fee (0.6 %) and its payout to the bank, as the books post them once the
    // statement is in (memo in Chinese: the export is UTF-8 throughout).
    auto db = Database::open(m_dir.filePath(QStringLiteral("db/paydesk.sqlite")));
    QVERIFY(db.ok());
    SystemClock clock;
    Ledger ledger(*db.value(), clock);
    QVERIFY(
        ledger
            .post(QStringLiteral("支付宝手续费 fee"),
                  {{QStringLiteral("expense:fees"), 67}, {QStringLiteral("clearing:alipay"), -67}},
                  QStringLiteral("fee-") + second)
            .ok());
    const qint64 net = 1234 + 10000 - 250 - 67;
    QVERIFY(ledger
                .post(QStringLiteral("Settlement \"alipay\" to the bank"),
                      {{QStringLiteral("bank"), net}, {QStringLiteral("clearing:alipay"), -net}},
                      QStringLiteral("settle-1"), QStringLiteral("olivia"))
                .ok());
    QCOMPARE(ledger.balance(QStringLiteral("clearing:alipay")).value(), qint64(0));
    m_today = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
}

void TestExportCli::beancountOfARealDayPassesBeanCheck()
{
    const QString beanCheck = QStandardPaths::findExecutable(QStringLiteral("bean-check"));
    if (beanCheck.isEmpty())
        QFAIL("bean-check is needed (apt-get install beancount; it is in the Makefile)");
    const QString path = m_dir.filePath(QStringLiteral("day.beancount"));
    const CliRun r =
        exportAs(QStringLiteral("mia"), kManagerPassword,
                 range() + QStringList{QStringLiteral("--format"), QStringLiteral("beancount"),
                                       QStringLiteral("--out"), path, QStringLiteral("--json")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.json.value(QStringLiteral("entries")).toInt(), 5); // 2 sales, refund, fee, payout
    QCOMPARE(r.json.value(QStringLiteral("format")).toString(), QStringLiteral("beancount"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(f.readAll());
    QVERIFY(text.contains(QStringLiteral(" open Assets:Clearing:Alipay CNY")));
    QVERIFY(text.contains(QStringLiteral(" open Expenses:Fees CNY")));
    QVERIFY(text.contains(QStringLiteral("  Assets:Bank  109.17 CNY")));
    QVERIFY(text.contains(QStringLiteral("  Income:Sales  -100.00 CNY")));
    QVERIFY(text.contains(QStringLiteral("  Expenses:Fees  0.67 CNY")));
    QVERIFY(text.contains(QStringLiteral("支付宝手续费")));

    QProcess check;
    check.start(beanCheck, {path});
    QVERIFY(check.waitForFinished(60000));
    QVERIFY2(check.exitCode() == 0, qPrintable(QString::fromUtf8(check.readAllStandardOutput() +
                                                                 check.readAllStandardError()) +
                                               QStringLiteral("\n") + text));

    // bean-check is not a rubber stamp: an unbalanced copy is refused.
    const QString broken = m_dir.filePath(QStringLiteral("broken.beancount"));
    QFile b(broken);
    QVERIFY(b.open(QIODevice::WriteOnly));
    b.write(QString(text)
                .replace(QStringLiteral("  Assets:Bank  109.17 CNY"),
                         QStringLiteral("  Assets:Bank  109.18 CNY"))
                .toUtf8());
    b.close();
    QProcess refuse;
    refuse.start(beanCheck, {broken});
    QVERIFY(refuse.waitForFinished(60000));
    QVERIFY(refuse.exitCode() != 0);
}

void TestExportCli::csvDebitsEqualCredits()
{
    const CliRun r =
        exportAs(QStringLiteral("olivia"), kOwnerPassword,
                 range() + QStringList{QStringLiteral("--format"), QStringLiteral("csv")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QStringList lines = r.out.split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), QStringLiteral("date,time,entry,reference,memo,operator,account,"
                                           "debit,credit,currency"));
    QCOMPARE(lines.size(), 1 + 10); // five entries of two postings
    qint64 debit = 0;
    qint64 credit = 0;
    for (const QString &line : lines.mid(1)) {
        const QStringList f = line.split(QLatin1Char(','));
        // Memos here have no commas, so a plain split is exact.
        QCOMPARE(f.size(), 10);
        debit += qRound64(f[7].toDouble() * 100);
        credit += qRound64(f[8].toDouble() * 100);
        QCOMPARE(f[0], m_today.toString(Qt::ISODate));
    }
    QCOMPARE(debit, qint64(1234 + 10000 + 250 + 67 + 10917));
    QCOMPARE(credit, debit);
}

void TestExportCli::authorityAndUsage()
{
    const QStringList csv{QStringLiteral("--format"), QStringLiteral("csv")};
    const CliRun cashier = exportAs(QStringLiteral("carl"), kCashierPassword,
                                    range() + csv + QStringList{QStringLiteral("--json")});
    QCOMPARE(cashier.exitCode, 1);
    QCOMPARE(cashier.errorCode(), QStringLiteral("security.forbidden"));
    const CliRun wrong = exportAs(QStringLiteral("mia"), QStringLiteral("not-it-at-all-9!"),
                                  range() + csv + QStringList{QStringLiteral("--json")});
    QCOMPARE(wrong.exitCode, 1);
    const CliRun noOperator = exportAs(QString(), kManagerPassword,
                                       range() + csv + QStringList{QStringLiteral("--json")});
    QCOMPARE(noOperator.exitCode, 2);
    const CliRun badFormat =
        exportAs(QStringLiteral("mia"), kManagerPassword,
                 range() + QStringList{QStringLiteral("--format"), QStringLiteral("xlsx"),
                                       QStringLiteral("--json")});
    QCOMPARE(badFormat.exitCode, 2);
    QCOMPARE(badFormat.errorCode(), QStringLiteral("usage.format"));
    const CliRun backwards = exportAs(
        QStringLiteral("mia"), kManagerPassword,
        QStringList{QStringLiteral("--from"), QStringLiteral("2026-11-24"), QStringLiteral("--to"),
                    QStringLiteral("2026-11-23"), QStringLiteral("--json")} +
            csv);
    QCOMPARE(backwards.exitCode, 2);
    QCOMPARE(backwards.errorCode(), QStringLiteral("usage.range"));
}

QTEST_GUILESS_MAIN(TestExportCli)
#include "tst_export_cli.moc"
