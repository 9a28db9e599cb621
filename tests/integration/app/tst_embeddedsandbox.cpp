// The embedded default: the first Paydesk on a data folder runs the sandbox and provisions
// the merchant account; a second one (a POS calling `paydesk charge` while the GUI is open)
// uses that same sandbox instead of a rival instance on the same state file.
#include "appcontext.h"
#include "providersetup.h"

#include "checkout/checkoutservice.h"
#include "providers/alipay/alipayprovider.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;

class TestEmbeddedSandbox : public QObject
{
    Q_OBJECT
private slots:
    void secondProcessUsesTheRunningSandbox();
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
    const QString code = QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("alipay_code")).toString();
    QVERIFY(!code.isEmpty());
    CheckoutService &checkout = second.value()->checkout();
    auto out = checkout.chargeCode(Money::fromMinor(1234), code);
    QVERIFY(out.ok());
    QTRY_COMPARE_WITH_TIMEOUT(checkout.orders().load(out.value()).value()->status, OrderStatus::Paid, 10000);

    std::optional<TradeReply> seen;
    owner->alipay().query(out.value(), [&](const TradeReply &r) { seen = r; });
    QTRY_VERIFY_WITH_TIMEOUT(seen.has_value(), 10000);
    QVERIFY(seen->status.ok());
    QCOMPARE(seen->state, TradeState::Success);
    QCOMPARE(seen->total.minor(), qint64(1234));
}

QTEST_GUILESS_MAIN(TestEmbeddedSandbox)
#include "tst_embeddedsandbox.moc"
