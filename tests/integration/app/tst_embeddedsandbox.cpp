// The embedded default: the first Paydesk on a data folder runs the sandbox and provisions
// the merchant account; a second one (a POS calling `paydesk charge` while the GUI is open)
// uses that same sandbox instead of a rival instance on the same state file. Recovery leaves
// an order to the live process that drives it, and takes over one whose process is gone,
// whatever PID now stands in the owner column.
#include "alipayof.h"
#include "app/appcontext.h"
#include "app/providersetup.h"

#include "core/checkout/checkoutservice.h"
#include "core/orders/orderowner.h"
#include "core/orders/orderqueries.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/storage/database.h"

#include "testappcontext.h"
#include "testsandbox.h"

#include <QProcess>
#include <QSysInfo>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;

class TestEmbeddedSandbox : public QObject
{
    Q_OBJECT
private slots:
    void secondProcessUsesTheRunningSandbox();
    void recoveryLeavesOrdersOfALiveProcessAlone();
    void recoveryTakesOverFromAReusedPid_data();
    void recoveryTakesOverFromAReusedPid();

private:
    /// A QR order of \a app waiting for its customer, owned by \a owner.
    QString pendingQrOwnedBy(TestAppContext &app, const QString &owner)
    {
        CheckoutService &checkout = app->checkout();
        auto out = checkout.startQr(Money::fromMinor(500), QStringLiteral("alipay"));
        if (!out.ok())
            return {};
        if (!QTest::qWaitFor(
                [&] {
                    return !checkout.snapshot(out.value())
                                .value_or(OrderSnapshot{})
                                .qrCode.isEmpty();
                },
                10000))
            return {};
        if (!app->database()
                 .exec(QStringLiteral("UPDATE orders SET owner = ? WHERE out_trade_no = ?"),
                       {owner, out.value()})
                 .ok())
            return {};
        return out.value();
    }

    /// Recovery as a second process runs it.
    RecoveryReport recoverInAnotherGraph(const TestAppContext &app)
    {
        auto fresh = app.another();
        if (!fresh.ok() || !fresh.value()->startProviders().ok()) {
            RecoveryReport none;
            none.stillOpen = -1;
            return none;
        }
        return TestAppContext::recover(*fresh.value());
    }

    static OrderStatus statusOf(TestAppContext &app, const QString &out)
    {
        return app->orderQueries().byOutTradeNo(out).value()->status;
    }
};

void TestEmbeddedSandbox::secondProcessUsesTheRunningSandbox()
{
    TestAppContext first;
    QVERIFY2(first.createStarted().isEmpty(), "first graph");
    ProviderSetup *owner = first->providers();
    QCOMPARE(owner->environment(), QStringLiteral("sandbox-embedded"));
    const QUrl base = owner->sandboxBase();
    QVERIFY(base.port() > 0);

    auto second = first.another();
    QVERIFY(second.ok());
    QVERIFY(second.value()->startProviders().ok());
    ProviderSetup *guest = second.value()->providers();
    QCOMPARE(guest->sandboxBase(), base);
    QCOMPARE(alipayOf(guest).config().appId, alipayOf(owner).config().appId);
    QCOMPARE(alipayOf(guest).config().gateway.port(), base.port());

    // A payment taken by the second one is known to the first one's sandbox.
    TestSandbox embedded;
    embedded.attach(base);
    const QString code = embedded.newAlipayCode();
    QVERIFY(!code.isEmpty());
    CheckoutService &checkout = second.value()->checkout();
    auto out = checkout.chargeCode(Money::fromMinor(1234), code);
    QVERIFY(out.ok());
    QTRY_COMPARE_WITH_TIMEOUT(
        second.value()->orderQueries().byOutTradeNo(out.value()).value()->status, OrderStatus::Paid,
        10000);

    std::optional<TradeReply> seen;
    alipayOf(owner).query(out.value(), [&](const TradeReply &r) { seen = r; });
    QTRY_VERIFY_WITH_TIMEOUT(seen.has_value(), 10000);
    QVERIFY(seen->status.ok());
    QCOMPARE(seen->state, TradeState::Success);
    QCOMPARE(seen->total.minor(), qint64(1234));
}

void TestEmbeddedSandbox::recoveryLeavesOrdersOfALiveProcessAlone()
{
    TestAppContext app;
    QVERIFY2(app.createStarted().isEmpty(), "graph");
    // Pretend another Paydesk process, still running, created this order.
    QProcess other;
    other.start(QStringLiteral("sleep"), {QStringLiteral("30")});
    QVERIFY(other.waitForStarted());
    const QString otherOwner = OrderOwner::ofProcess(other.processId());
    QVERIFY(OrderOwner::isAnotherLiveProcess(otherOwner));
    const QString out = pendingQrOwnedBy(app, otherOwner);
    QVERIFY(!out.isEmpty());

    RecoveryReport left = recoverInAnotherGraph(app);
    QCOMPARE(left.resolved.size(), 0);
    QCOMPARE(statusOf(app, out), OrderStatus::Pending);
    QCOMPARE(app->orderQueries().byOutTradeNo(out).value()->owner, otherOwner);

    // The owner is gone (a crash): now Recovery takes the order over and finishes it.
    other.kill();
    QVERIFY(other.waitForFinished());
    QVERIFY(!OrderOwner::isAnotherLiveProcess(otherOwner));
    RecoveryReport done = recoverInAnotherGraph(app);
    QCOMPARE(done.resolved.size(), 1);
    QCOMPARE(done.resolved.first().outTradeNo, out);
    QVERIFY(!isOpenStatus(statusOf(app, out)));
}

void TestEmbeddedSandbox::recoveryTakesOverFromAReusedPid_data()
{
    QTest::addColumn<bool>("legacyForm");
    QTest::newRow("pid alive, other start time") << false;
    QTest::newRow("pid alive, host:pid of migration 0005") << true;
}

void TestEmbeddedSandbox::recoveryTakesOverFromAReusedPid()
{
    // After a reboot or a crash the recorded PID belongs to some unrelated live process;
    // kill(pid, 0) calls it alive and the order would be skipped forever.
    QFETCH(bool, legacyForm);
    TestAppContext app;
    QVERIFY2(app.createStarted().isEmpty(), "graph");
    QProcess unrelated;
    unrelated.start(QStringLiteral("sleep"), {QStringLiteral("30")});
    QVERIFY(unrelated.waitForStarted());
    const QStringList real = OrderOwner::ofProcess(unrelated.processId()).split(QLatin1Char(':'));
    QCOMPARE(real.size(), 4);
    const QString recorded = legacyForm ? QSysInfo::machineHostName() + QLatin1Char(':') +
                                              QString::number(unrelated.processId())
                                        : OrderOwner::make(real.at(0), unrelated.processId(),
                                                           real.at(2).toLongLong() - 1, real.at(3));
    const QString out = pendingQrOwnedBy(app, recorded);
    QVERIFY(!out.isEmpty());

    RecoveryReport done = recoverInAnotherGraph(app);
    QCOMPARE(done.resolved.size(), 1);
    QCOMPARE(done.resolved.first().outTradeNo, out);
    QVERIFY(!isOpenStatus(statusOf(app, out)));
    // The takeover is on the timeline, naming whom it was taken from.
    const auto timeline = app->orderQueries().timeline(out).value();
    bool noted = false;
    for (const OrderEvent &e : timeline)
        noted = noted || e.note.contains(recorded);
    QVERIFY(noted);
    unrelated.kill();
    QVERIFY(unrelated.waitForFinished());
}

QTEST_GUILESS_MAIN(TestEmbeddedSandbox)
#include "tst_embeddedsandbox.moc"
