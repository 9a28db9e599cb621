// The embedded default: the first Paydesk on a data folder runs the sandbox and provisions
// the merchant account; a second one (a POS calling `paydesk charge` while the GUI is open)
// uses that same sandbox instead of a rival instance on the same state file.
#include "app/appcontext.h"
#include "app/providersetup.h"

#include "core/checkout/checkoutservice.h"
#include "core/checkout/recovery.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/storage/database.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;

class TestEmbeddedSandbox : public QObject
{
    Q_OBJECT
private slots:
    void secondProcessUsesTheRunningSandbox();
    void recoveryLeavesOrdersOfALiveProcessAlone();
};

void TestEmbeddedSandbox::secondProcessUsesTheRunningSandbox()
{
    QTemporaryDir dir;
    AppOptions options;
    options.dataDir = dir.path();

    auto first = AppContext::create(options);
    QVERIFY(first.ok());
    QVERIFY(first.value()->startProviders().ok());
    ProviderSetup *owner = first.value()->providers();
    QCOMPARE(owner->environment(), QStringLiteral("sandbox-embedded"));
    const QUrl base = owner->sandboxBase();
    QVERIFY(base.port() > 0);

    auto second = AppContext::create(options);
    QVERIFY(second.ok());
    QVERIFY(second.value()->startProviders().ok());
    ProviderSetup *guest = second.value()->providers();
    QCOMPARE(guest->sandboxBase(), base);
    QCOMPARE(guest->alipay().config().appId, owner->alipay().config().appId);
    QCOMPARE(guest->alipay().config().gateway.port(), base.port());

    // A payment taken by the second one is known to the first one's sandbox.
    QNetworkAccessManager net;
    QNetworkRequest req(base.resolved(QUrl(QStringLiteral("/sandbox/buyers"))));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    QNetworkReply *reply = net.post(req, QByteArrayLiteral("{\"balance_minor\":100000}"));
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
    const QString code = QJsonDocument::fromJson(reply->readAll())
                             .object()
                             .value(QStringLiteral("alipay_code"))
                             .toString();
    QVERIFY(!code.isEmpty());
    CheckoutService &checkout = second.value()->checkout();
    auto out = checkout.chargeCode(Money::fromMinor(1234), code);
    QVERIFY(out.ok());
    QTRY_COMPARE_WITH_TIMEOUT(checkout.orders().load(out.value()).value()->status,
                              OrderStatus::Paid, 10000);

    std::optional<TradeReply> seen;
    owner->alipay().query(out.value(), [&](const TradeReply &r) { seen = r; });
    QTRY_VERIFY_WITH_TIMEOUT(seen.has_value(), 10000);
    QVERIFY(seen->status.ok());
    QCOMPARE(seen->state, TradeState::Success);
    QCOMPARE(seen->total.minor(), qint64(1234));
}

void TestEmbeddedSandbox::recoveryLeavesOrdersOfALiveProcessAlone()
{
    QTemporaryDir dir;
    AppOptions options;
    options.dataDir = dir.path();
    auto ctx = AppContext::create(options);
    QVERIFY(ctx.ok());
    QVERIFY(ctx.value()->startProviders().ok());
    CheckoutService &checkout = ctx.value()->checkout();
    auto out = checkout.startQr(Money::fromMinor(500), QStringLiteral("alipay"));
    QVERIFY(out.ok());
    QTRY_VERIFY_WITH_TIMEOUT(
        !checkout.snapshot(out.value()).value_or(OrderSnapshot{}).qrCode.isEmpty(), 10000);
    QCOMPARE(checkout.orders().load(out.value()).value()->owner, processOwnerId());

    // Pretend another Paydesk process, still running, created this order.
    QProcess other;
    other.start(QStringLiteral("sleep"), {QStringLiteral("30")});
    QVERIFY(other.waitForStarted());
    const QString otherOwner =
        QSysInfo::machineHostName() + QLatin1Char(':') + QString::number(other.processId());
    QVERIFY(isOwnedByAnotherLiveProcess(otherOwner));
    QVERIFY(ctx.value()
                ->database()
                .exec(QStringLiteral("UPDATE orders SET owner = ? WHERE out_trade_no = ?"),
                      {otherOwner, out.value()})
                .ok());

    auto recoverOnce = [&]() -> RecoveryReport {
        auto fresh = AppContext::create(options); // what a second process builds
        if (!fresh.ok() || !fresh.value()->startProviders().ok())
            return RecoveryReport{};
        std::optional<RecoveryReport> report;
        Recovery recovery(fresh.value()->database(), fresh.value()->checkout(),
                          fresh.value()->clock());
        recovery.run([&](const RecoveryReport &r) { report = r; }, 20000);
        (void)QTest::qWaitFor([&] { return report.has_value(); }, 25000);
        RecoveryReport none;
        none.stillOpen = -1; // never finished: the comparisons below fail
        return report.value_or(none);
    };
    RecoveryReport left = recoverOnce();
    QCOMPARE(left.resolved.size(), 0);
    QCOMPARE(checkout.orders().load(out.value()).value()->status, OrderStatus::Pending);

    // The owner is gone (a crash): now Recovery finishes the order.
    other.kill();
    QVERIFY(other.waitForFinished());
    QVERIFY(!isOwnedByAnotherLiveProcess(otherOwner));
    RecoveryReport done = recoverOnce();
    QCOMPARE(done.resolved.size(), 1);
    QCOMPARE(done.resolved.first().outTradeNo, out.value());
    QVERIFY(!isOpenStatus(checkout.orders().load(out.value()).value()->status));
}

QTEST_GUILESS_MAIN(TestEmbeddedSandbox)
#include "tst_embeddedsandbox.moc"
