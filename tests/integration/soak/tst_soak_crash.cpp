// The crash soak (docs/SOAK.md): the real paydeskctl against a standalone sandbox process
// (`paydesk sandbox --state DIR --seed S`), charging payment codes and QR codes (paid by a
// sandbox buyer) and refunding, SIGKILLed at random instants and, through the LD_PRELOAD kill
// shim, between a write to the database or WAL and its fsync. After each kill: restart,
// `recover`, and the books are compared with the sandbox's trades. PAYDESK_SOAK_ROUNDS rounds
// (20 by default; `make soak` runs 200), seeded by PAYDESK_SOAK_SEED.
#include "app/appcontext.h"
#include "core/security/operatorservice.h"

#include "soakbooks.h"
#include "testsandbox.h"

#include <QJsonArray>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {
const QString kOwnerPassword = u"Lantern-Orbit-73!"_s;

struct Run
{
    int exitCode = -1; ///< -1: killed
    bool killed = false;
    QJsonObject json;
    QString out;
};
} // namespace

class TestSoakCrash : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void killedAtRandomLosesNothing();

private:
    enum class Kill { None, Timer, Shim };
    Run paydesk(const QStringList &args, Kill kill, int timeoutMs = 60000);
    void recoverUntilClean(Kill firstKill);
    QString freshCode(const QString &buyerId, const QString &wallet);

    QTemporaryDir m_dir;
    QTemporaryDir m_sandboxState;
    QProcess m_sandboxProcess;
    TestSandbox m_sandbox;
    QRandomGenerator m_random;
    quint64 m_seed = 1;
    int m_shimRuns = 0;
    int m_timerKills = 0;
    int m_shimKills = 0;
    QHash<QString, int> m_shimKillsByPoint;
    QHash<QString, int> m_ops;
};

void TestSoakCrash::initTestCase()
{
    QVERIFY(m_dir.isValid() && m_sandboxState.isValid());
    m_seed = qEnvironmentVariableIsSet("PAYDESK_SOAK_SEED")
                 ? qEnvironmentVariable("PAYDESK_SOAK_SEED").toULongLong()
                 : 20261202;
    m_random.seed(quint32(m_seed));
    m_sandboxProcess.setProgram(QStringLiteral(PAYDESK_BIN));
    m_sandboxProcess.setArguments({u"sandbox"_s, u"--port"_s, u"0"_s, u"--seed"_s,
                                   QString::number(m_seed), u"--state"_s, m_sandboxState.path()});
    m_sandboxProcess.start();
    QVERIFY(m_sandboxProcess.waitForStarted());
    QString line;
    for (int i = 0; i < 100 && !line.contains(u"listening"_s); ++i) {
        m_sandboxProcess.waitForReadyRead(100);
        line += QString::fromUtf8(m_sandboxProcess.readAllStandardOutput());
    }
    const auto m = QRegularExpression(u"listening on (\\S+)"_s).match(line);
    QVERIFY2(m.hasMatch(), qPrintable(line));
    m_sandbox.attach(QUrl(m.captured(1)));

    AppOptions options;
    options.dataDir = m_dir.path();
    auto ctx = AppContext::create(options);
    QVERIFY(ctx.ok());
    QVERIFY(ctx.value()->operators().bootstrapOwner(u"olivia"_s, kOwnerPassword).ok());
}

void TestSoakCrash::cleanupTestCase()
{
    m_sandboxProcess.terminate();
    if (!m_sandboxProcess.waitForFinished(5000))
        m_sandboxProcess.kill();
}

Run TestSoakCrash::paydesk(const QStringList &args, Kill kill, int timeoutMs)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"PAYDESK_PASSWORD"_s, kOwnerPassword);
    const QString shimLog = m_dir.filePath(u"killshim.log"_s);
    if (kill == Kill::Shim) {
        env.insert(u"LD_PRELOAD"_s, QStringLiteral(KILLSHIM_LIB));
        // Every other shim run kills only at an fsync (the moment after the WAL was written
        // and before it is durable); the others after any write to the database or WAL.
        const bool atFsync = m_random.bounded(2) == 0;
        env.insert(u"PAYDESK_KILLSHIM_P"_s, atFsync ? u"0.2"_s : u"0.02"_s);
        env.insert(u"PAYDESK_KILLSHIM_POINTS"_s, atFsync ? u"fsync"_s : u"write,fsync"_s);
        env.insert(u"PAYDESK_KILLSHIM_SEED"_s, QString::number(m_random.generate()));
        env.insert(u"PAYDESK_KILLSHIM_LOG"_s, shimLog);
        ++m_shimRuns;
    }
    p.setProcessEnvironment(env);
    p.setProgram(QStringLiteral(PAYDESKCTL_BIN));
    p.setArguments(QStringList{u"--data-dir"_s, m_dir.path(), u"--lang"_s, u"en"_s} + args +
                   QStringList{u"--json"_s, u"--sandbox-url"_s, m_sandbox.baseUrl().toString()});
    p.start();
    Run r;
    if (!p.waitForStarted())
        return r;
    // A timer kill lands anywhere from start-up to the end of a typical charge.
    const int killAfter = kill == Kill::Timer ? int(m_random.bounded(700)) : timeoutMs;
    if (!p.waitForFinished(killAfter)) {
        p.kill();
        p.waitForFinished();
        r.killed = true;
        if (kill == Kill::Timer)
            ++m_timerKills;
    }
    if (!r.killed && p.exitStatus() == QProcess::NormalExit)
        r.exitCode = p.exitCode();
    else
        r.killed = true;
    if (kill == Kill::Shim && r.killed) {
        QFile f(shimLog);
        if (f.open(QIODevice::ReadOnly)) {
            const QList<QByteArray> lines = f.readAll().split('\n');
            for (const QByteArray &l : lines)
                if (!l.isEmpty())
                    ++m_shimKillsByPoint[QString::fromLatin1(l)];
            f.close();
            f.remove();
            ++m_shimKills;
        }
    }
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.json = QJsonDocument::fromJson(r.out.toUtf8()).object();
    return r;
}

void TestSoakCrash::recoverUntilClean(Kill firstKill)
{
    Kill kill = firstKill;
    for (int attempt = 0; attempt < 6; ++attempt) {
        const Run r = paydesk({u"recover"_s}, kill);
        if (!r.killed && r.exitCode == 0)
            return;
        kill = Kill::None; // the restart after a killed recovery
    }
    QFAIL("recover did not finish every order and refund in 6 attempts");
}

QString TestSoakCrash::freshCode(const QString &buyerId, const QString &wallet)
{
    return m_sandbox.control(u"/sandbox/codes"_s, QJsonObject{{u"buyer_id"_s, buyerId}})
        .value(wallet + u"_code"_s)
        .toString();
}

void TestSoakCrash::killedAtRandomLosesNothing()
{
    const int rounds = qEnvironmentVariableIsSet("PAYDESK_SOAK_ROUNDS")
                           ? qEnvironmentVariable("PAYDESK_SOAK_ROUNDS").toInt()
                           : 20;
    QSet<QString> buyers;
    QStringList wallets{u"alipay"_s, u"wechatpay"_s};
    int invariants = 0;
    for (int round = 0; round < rounds; ++round) {
        // Half the rounds are killed by a timer, the others by the shim inside a commit.
        const Kill kill = round % 2 == 0 ? Kill::Timer : Kill::Shim;
        const QString wallet = wallets.at(int(m_random.bounded(2)));
        const quint32 what = m_random.bounded(10);
        const QString amount = QStringLiteral("%1.%2")
                                   .arg(1 + m_random.bounded(200))
                                   .arg(m_random.bounded(100), 2, 10, QLatin1Char('0'));
        QJsonArray paidOrders;
        if (what >= 7) {
            // A refund of a paid order: part or all of what is left.
            const Run list = paydesk({u"orders"_s}, Kill::None);
            for (const QJsonValue &v : list.json.value(u"orders"_s).toArray()) {
                const QJsonObject o = v.toObject();
                const QString s = o.value(u"status"_s).toString();
                if (s == u"PAID" || s == u"PARTIALLY_REFUNDED")
                    paidOrders.append(o);
            }
        }
        if (!paidOrders.isEmpty()) {
            const QJsonObject o =
                paidOrders.at(int(m_random.bounded(paidOrders.size()))).toObject();
            const qint64 left =
                o.value(u"amount_minor"_s).toInteger() - o.value(u"refunded_minor"_s).toInteger();
            const qint64 minor = m_random.bounded(2) ? left : 1 + qint64(m_random.bounded(left));
            paydesk(
                {u"refund"_s, u"--order"_s, o.value(u"out_trade_no"_s).toString(), u"--amount"_s,
                 QStringLiteral("%1.%2").arg(minor / 100).arg(minor % 100, 2, 10, QLatin1Char('0')),
                 u"--reason"_s, u"soak"_s, u"--operator"_s, u"olivia"_s},
                kill);
            ++m_ops[u"refund"_s];
            recoverUntilClean(round % 4 == 1 ? Kill::Shim : Kill::None);
        } else {
            const QJsonObject buyer = m_sandbox.newBuyer();
            const QString buyerId = buyer.value(u"buyer_id"_s).toString();
            buyers.insert(buyerId);
            const bool qr = what < 3;
            ++m_ops[qr ? u"charge_qr"_s : u"charge_code"_s];
            if (qr) {
                const Run r =
                    paydesk({u"charge"_s, u"--amount"_s, amount, u"--provider"_s, wallet}, kill);
                const QString qrCode = r.json.value(u"qr_code"_s).toString();
                if (!qrCode.isEmpty())
                    m_sandbox.control(u"/sandbox/pay"_s,
                                      QJsonObject{{u"qr"_s, qrCode}, {u"buyer_id"_s, buyerId}});
            } else {
                paydesk({u"charge"_s, u"--amount"_s, amount, u"--code"_s,
                         buyer.value(wallet + u"_code"_s).toString()},
                        kill);
            }
            recoverUntilClean(round % 4 == 1 ? Kill::Shim : Kill::None);
            // The cashier sees no payment and charges the customer again: once, not twice.
            bool paid = false;
            for (const QJsonObject &t : m_sandbox.trades())
                paid = paid || (t.value(u"buyer_id"_s).toString() == buyerId &&
                                t.value(u"status"_s).toString() == u"SUCCESS");
            if (!qr && !paid) {
                const Run again = paydesk(
                    {u"charge"_s, u"--amount"_s, amount, u"--code"_s, freshCode(buyerId, wallet)},
                    Kill::None);
                QVERIFY2(again.exitCode == 0, qPrintable(again.out));
                ++m_ops[u"charge_retry"_s];
            }
        }
        const QString integrity =
            SqliteFile::integrityProblems(AppContext::databasePathIn(m_dir.path()));
        QVERIFY2(integrity.isEmpty(),
                 qPrintable(u"round %1: PRAGMA integrity_check: %2"_s.arg(round).arg(integrity)));
        ++invariants;
    }

    const QList<QJsonObject> trades = m_sandbox.trades();
    SoakCheck c = checkBooks(AppContext::databasePathIn(m_dir.path()), trades);
    checkOneChargePerBuyer(c, trades, buyers);
    const Run audit = paydesk({u"audit"_s, u"verify"_s}, Kill::None);
    c.check(
        audit.exitCode == 0 && audit.json.value(u"ok"_s).toBool(),
        u"audit verify: first bad entry %1"_s.arg(audit.json.value(u"first_bad"_s).toInteger()));
    invariants += c.invariantsChecked;
    std::printf("SOAK crash: rounds=%d seed=%llu charges_code=%d charges_qr=%d charge_retries=%d "
                "refunds=%d refunds_executed=%d timer_kills=%d shim_runs=%d shim_kills=%d "
                "(write=%d fsync=%d) "
                "paid_orders=%d paid_minor=%lld refunded_minor=%lld invariants_checked=%d "
                "broken=%lld\n",
                rounds, static_cast<unsigned long long>(m_seed), m_ops.value(u"charge_code"_s),
                m_ops.value(u"charge_qr"_s), m_ops.value(u"charge_retry"_s),
                m_ops.value(u"refund"_s), c.refunds, m_timerKills, m_shimRuns, m_shimKills,
                m_shimKillsByPoint.value(u"write"_s), m_shimKillsByPoint.value(u"fsync"_s),
                c.paidOrders, static_cast<long long>(c.paidMinor),
                static_cast<long long>(c.refundedMinor), invariants,
                static_cast<long long>(c.violations.size()));
    std::fflush(stdout);
    QVERIFY2(c.violations.isEmpty(), qPrintable(c.violations.join(u'\n')));
    QVERIFY(m_timerKills + m_shimKills > 0);
}

QTEST_MAIN(TestSoakCrash)
#include "tst_soak_crash.moc"
