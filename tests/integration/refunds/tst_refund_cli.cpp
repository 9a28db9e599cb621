// `paydeskctl refund` end to end: the real executable, a real sandbox on loopback, the JSON and
// exit codes of ARCHITECTURE §7, the authority rules (--operator, PAYDESK_PASSWORD, PAYDESK_TOTP),
// and a process killed after the refund was decided and before it was sent, finished once by
// `paydeskctl recover`.
#include "app/appcontext.h"
#include "core/crypto/crypto.h"
#include "core/orders/orderqueries.h"
#include "core/security/operatorservice.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"

#include "cliprocess.h"
#include "refundtestkit.h"
#include "testsandbox.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;

namespace {
const QString kOwnerPassword = RefundStaff::ownerPassword;
const QString kManagerPassword = RefundStaff::managerPassword;
const QString kCashierPassword = RefundStaff::cashierPassword;
} // namespace

class TestRefundCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cashierRefundsWithinTheLimit();
    void badUsageAndBadCredentials();
    void aboveTheLimitNeedsAManagersCode();
    void sameRequestNoTwiceRefundsOnce();
    void killedAfterDecidingIsSentOnceByRecover();

private:
    CliRun refund(const QString &outTradeNo, const QStringList &more, const QString &op,
                  const QString &password, const QString &totp = {})
    {
        QProcessEnvironment &env = m_ctl->environment();
        env.insert(QStringLiteral("PAYDESK_PASSWORD"), password);
        if (totp.isEmpty())
            env.remove(QStringLiteral("PAYDESK_TOTP"));
        else
            env.insert(QStringLiteral("PAYDESK_TOTP"), totp);
        QStringList args{QStringLiteral("refund"),
                         QStringLiteral("--order"),
                         outTradeNo,
                         QStringLiteral("--operator"),
                         op,
                         QStringLiteral("--json")};
        return m_ctl->run(args + more);
    }
    /// A paid order, charged through `paydeskctl charge --code`.
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
    std::optional<Order> order(const QString &outTradeNo)
    {
        auto db = Database::open(m_dir.filePath(QStringLiteral("db/paydesk.sqlite")));
        if (!db.ok())
            return std::nullopt;
        auto o = OrderQueries(*db.value()).byOutTradeNo(outTradeNo);
        return o.ok() ? o.value() : std::nullopt;
    }
    QVariant scalar(const QString &sql, const QVariantList &binds = {})
    {
        auto db = Database::open(m_dir.filePath(QStringLiteral("db/paydesk.sqlite")));
        auto v = db.value()->scalar(sql, binds);
        return v.ok() && v.value() ? *v.value() : QVariant();
    }
    void setSetting(const QString &key, const QString &value)
    {
        auto db = Database::open(m_dir.filePath(QStringLiteral("db/paydesk.sqlite")));
        QVERIFY(SettingsStore(*db.value()).setValue(key, value).ok());
    }
    QString managerCode(int stepOffset = 0) const { return m_staff.managerCode(stepOffset); }

    QTemporaryDir m_dir;
    TestSandbox m_sandbox;
    std::unique_ptr<CliProcess> m_ctl;
    RefundStaff m_staff;
};

void TestRefundCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(m_sandbox.startServer().isEmpty());
    m_ctl = std::make_unique<CliProcess>(QStringLiteral(PAYDESKCTL_BIN), m_dir.path());
    m_ctl->setSandboxUrl(m_sandbox.baseUrl());
    // The operators, made in this process on the same data folder, as the GUI would.
    AppOptions options;
    options.dataDir = m_dir.path();
    auto ctx = AppContext::create(options);
    QVERIFY2(ctx.ok(), qPrintable(ctx.ok() ? QString() : ctx.error().message));
    const QString staff = m_staff.create(ctx.value()->operators());
    QVERIFY2(staff.isEmpty(), qPrintable(staff));
}

void TestRefundCli::cashierRefundsWithinTheLimit()
{
    const QString no = paid(QStringLiteral("10.00"));
    QVERIFY(!no.isEmpty());
    const CliRun r = refund(no,
                            {QStringLiteral("--amount"), QStringLiteral("2.50"),
                             QStringLiteral("--reason"), QStringLiteral("goods_returned")},
                            QStringLiteral("carl"), kCashierPassword);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.json.value(QStringLiteral("out_trade_no")).toString(), no);
    QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));
    QCOMPARE(r.json.value(QStringLiteral("refund_minor")).toInteger(), 250);
    QCOMPARE(r.json.value(QStringLiteral("refunded_total_minor")).toInteger(), 250);
    QCOMPARE(r.json.value(QStringLiteral("order_status")).toString(),
             QStringLiteral("PARTIALLY_REFUNDED"));
    QVERIFY(!r.json.value(QStringLiteral("out_request_no")).toString().isEmpty());
    QCOMPARE(sandboxRefunded(m_sandbox, no), 250);
    // Without --amount: all that is left.
    const CliRun rest = refund(no, {QStringLiteral("--reason"), QStringLiteral("customer_request")},
                               QStringLiteral("carl"), kCashierPassword);
    QVERIFY2(rest.exitCode == 0, qPrintable(rest.describe()));
    QCOMPARE(rest.json.value(QStringLiteral("refund_minor")).toInteger(), 750);
    QCOMPARE(rest.json.value(QStringLiteral("order_status")).toString(),
             QStringLiteral("REFUNDED"));
    QCOMPARE(sandboxRefunded(m_sandbox, no), 1000);
    // Over-refund: refused by the business rules, exit 1, nothing sent.
    const CliRun over = refund(no,
                               {QStringLiteral("--amount"), QStringLiteral("0.01"),
                                QStringLiteral("--reason"), QStringLiteral("x")},
                               QStringLiteral("carl"), kCashierPassword);
    QCOMPARE(over.exitCode, 1);
    QCOMPARE(over.errorCode(), QStringLiteral("refunds.not_paid"));
    // The anomaly monitor heard of both (refund ratio and velocity per cashier).
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM security_payment_events WHERE kind = "
                                   "'refund' AND cashier = 'carl' AND reference LIKE ?"),
                    {no + QStringLiteral("-R%")})
                 .toInt(),
             2);
    // Audited, as the operator who asked.
    QVERIFY(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_log WHERE action = "
                                  "'refund.succeeded' AND operator = 'carl'"))
                .toInt() >= 2);
}

void TestRefundCli::badUsageAndBadCredentials()
{
    const QString no = paid(QStringLiteral("3.00"));
    QVERIFY(!no.isEmpty());
    const CliRun noReason = refund(no, {}, QStringLiteral("carl"), kCashierPassword);
    QCOMPARE(noReason.exitCode, 2);
    QCOMPARE(noReason.errorCode(), QStringLiteral("usage.reason"));
    const CliRun badAmount = refund(no,
                                    {QStringLiteral("--amount"), QStringLiteral("1.234"),
                                     QStringLiteral("--reason"), QStringLiteral("x")},
                                    QStringLiteral("carl"), kCashierPassword);
    QCOMPARE(badAmount.exitCode, 2);
    const CliRun noOperator =
        refund(no, {QStringLiteral("--reason"), QStringLiteral("x")}, QString(), kCashierPassword);
    QCOMPARE(noOperator.exitCode, 2);
    QCOMPARE(noOperator.errorCode(), QStringLiteral("security.no_operator"));
    const CliRun wrong = refund(no, {QStringLiteral("--reason"), QStringLiteral("x")},
                                QStringLiteral("carl"), QStringLiteral("not-the-password-1!"));
    QCOMPARE(wrong.exitCode, 1);
    const CliRun unknownOrder = refund(QStringLiteral("PD-NONE-000000000000-000001"),
                                       {QStringLiteral("--reason"), QStringLiteral("x")},
                                       QStringLiteral("carl"), kCashierPassword);
    QCOMPARE(unknownOrder.exitCode, 1);
    QCOMPARE(unknownOrder.errorCode(), QStringLiteral("refunds.no_such_order"));
    QCOMPARE(sandboxRefunded(m_sandbox, no), 0);
}

void TestRefundCli::aboveTheLimitNeedsAManagersCode()
{
    setSetting(QStringLiteral("security.refund_limit_minor"), QStringLiteral("100"));
    const QString no = paid(QStringLiteral("5.00"));
    QVERIFY(!no.isEmpty());
    const QStringList args{QStringLiteral("--amount"), QStringLiteral("2.00"),
                           QStringLiteral("--reason"), QStringLiteral("wrong_amount")};
    // A cashier cannot, whatever they type.
    const CliRun cashier = refund(no, args, QStringLiteral("carl"), kCashierPassword);
    QCOMPARE(cashier.exitCode, 1);
    QCOMPARE(cashier.errorCode(), QStringLiteral("refunds.approval_required"));
    // The manager without a code, and with a wrong one: refused.
    const CliRun noCode = refund(no, args, QStringLiteral("mia"), kManagerPassword);
    QCOMPARE(noCode.exitCode, 1);
    QCOMPARE(noCode.errorCode(), QStringLiteral("security.totp_required"));
    const QString good = managerCode();
    const QString bad = good == u"000000" ? QStringLiteral("111111") : QStringLiteral("000000");
    const CliRun wrongCode = refund(no, args, QStringLiteral("mia"), kManagerPassword, bad);
    QCOMPARE(wrongCode.exitCode, 1);
    QCOMPARE(sandboxRefunded(m_sandbox, no), 0);
    // The manager's password and valid code: refunded, and the approval is on record.
    const CliRun manager = refund(no, args, QStringLiteral("mia"), kManagerPassword, good);
    QVERIFY2(manager.exitCode == 0, qPrintable(manager.describe()));
    QCOMPARE(sandboxRefunded(m_sandbox, no), 200);
    QCOMPARE(scalar(QStringLiteral("SELECT approved_by FROM refunds WHERE out_request_no = ?"),
                    {manager.json.value(QStringLiteral("out_request_no")).toString()})
                 .toString(),
             QStringLiteral("mia"));
    // Within the limit the cashier may again; and the owner's rule can require a manager always.
    const CliRun small = refund(no,
                                {QStringLiteral("--amount"), QStringLiteral("1.00"),
                                 QStringLiteral("--reason"), QStringLiteral("x")},
                                QStringLiteral("carl"), kCashierPassword);
    QCOMPARE(small.exitCode, 0);
    setSetting(QStringLiteral("security.cashier_refund_approval"), QStringLiteral("1"));
    const CliRun ruled = refund(no,
                                {QStringLiteral("--amount"), QStringLiteral("0.50"),
                                 QStringLiteral("--reason"), QStringLiteral("x")},
                                QStringLiteral("carl"), kCashierPassword);
    QCOMPARE(ruled.exitCode, 1);
    QCOMPARE(ruled.errorCode(), QStringLiteral("refunds.approval_required"));
    setSetting(QStringLiteral("security.cashier_refund_approval"), QStringLiteral("0"));
    setSetting(QStringLiteral("security.refund_limit_minor"), QStringLiteral("50000"));
    QCOMPARE(sandboxRefunded(m_sandbox, no), 300);
}

void TestRefundCli::sameRequestNoTwiceRefundsOnce()
{
    const QString no = paid(QStringLiteral("4.00"));
    QVERIFY(!no.isEmpty());
    const QStringList args{QStringLiteral("--amount"),     QStringLiteral("4.00"),
                           QStringLiteral("--reason"),     QStringLiteral("x"),
                           QStringLiteral("--request-no"), QStringLiteral("ERP-77-") + no};
    const CliRun first = refund(no, args, QStringLiteral("carl"), kCashierPassword);
    QVERIFY2(first.exitCode == 0, qPrintable(first.describe()));
    const CliRun again = refund(no, args, QStringLiteral("carl"), kCashierPassword);
    QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
    QCOMPARE(again.json.value(QStringLiteral("out_request_no")),
             first.json.value(QStringLiteral("out_request_no")));
    QCOMPARE(sandboxRefunded(m_sandbox, no), 400);
    QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM refunds r JOIN orders o ON o.id = "
                                   "r.order_id WHERE o.out_trade_no = ?"),
                    {no})
                 .toInt(),
             1);
}

void TestRefundCli::killedAfterDecidingIsSentOnceByRecover()
{
    const QString no = paid(QStringLiteral("6.00"));
    QVERIFY(!no.isEmpty());
    m_ctl->environment().insert(QStringLiteral("PAYDESK_TEST_EXIT_AFTER_DECIDED"),
                                QStringLiteral("1"));
    const CliRun killed = refund(no,
                                 {QStringLiteral("--amount"), QStringLiteral("1.50"),
                                  QStringLiteral("--reason"), QStringLiteral("x")},
                                 QStringLiteral("carl"), kCashierPassword);
    m_ctl->environment().remove(QStringLiteral("PAYDESK_TEST_EXIT_AFTER_DECIDED"));
    QCOMPARE(killed.exitCode, 70); // gone between the commit and the network call
    QCOMPARE(scalar(QStringLiteral("SELECT r.status FROM refunds r JOIN orders o ON o.id = "
                                   "r.order_id WHERE o.out_trade_no = ?"),
                    {no})
                 .toString(),
             QStringLiteral("DECIDED"));
    QCOMPARE(sandboxRefunded(m_sandbox, no), 0);
    // While it is open no second refund of the order can be decided.
    const CliRun meanwhile = m_ctl->run({QStringLiteral("orders"), QStringLiteral("--json")});
    QCOMPARE(meanwhile.exitCode, 0);

    const CliRun recovered = m_ctl->run({QStringLiteral("recover"), QStringLiteral("--json")});
    QVERIFY2(recovered.exitCode == 0, qPrintable(recovered.describe()));
    const QJsonObject refunds = recovered.json.value(QStringLiteral("refunds")).toObject();
    QCOMPARE(refunds.value(QStringLiteral("finished")).toInt(), 1);
    QCOMPARE(refunds.value(QStringLiteral("still_open")).toInt(), 0);
    QCOMPARE(sandboxRefunded(m_sandbox, no), 150);
    const auto o = order(no);
    QVERIFY(o);
    QCOMPARE(o->status, OrderStatus::PartiallyRefunded);
    QCOMPARE(o->refundedMinor, 150);
    // Again: nothing left to do, nothing sent twice.
    const CliRun twice = m_ctl->run({QStringLiteral("recover"), QStringLiteral("--json")});
    QCOMPARE(twice.exitCode, 0);
    QCOMPARE(twice.json.value(QStringLiteral("refunds"))
                 .toObject()
                 .value(QStringLiteral("finished"))
                 .toInt(),
             0);
    QCOMPARE(sandboxRefunded(m_sandbox, no), 150);
}

QTEST_MAIN(TestRefundCli)
#include "tst_refund_cli.moc"
