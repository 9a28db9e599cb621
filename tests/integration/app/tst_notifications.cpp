// The app's object graph against a real sandbox: a payment notified twice (dup_notify) is
// booked once, the replay is acknowledged but not processed, a forged one is refused, and one
// whose booking fails is answered with a failure so that the provider sends it again.
#include "alipayof.h"
#include "app/appcontext.h"
#include "app/notificationreceiver.h"
#include "app/providersetup.h"

#include "core/checkout/checkoutservice.h"
#include "core/ledger/ledger.h"
#include "core/orders/orderqueries.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/storage/database.h"

#include "testappcontext.h"
#include "testsandbox.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;

class TestNotifications : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void duplicateNotificationIsBookedOnce();
    void forgedNotificationIsRefused();
    void failedBookingIsRetriedNotAcknowledged();
    void accountSurvivesRestart();
    void wechatCallbackIsBookedOnceAndAnsweredInJson();
    void cleanupTestCase();

private:
    QNetworkReply *post(const QUrl &url, const QByteArray &body, const QByteArray &type)
    {
        QNetworkRequest req(url);
        req.setHeader(QNetworkRequest::ContentTypeHeader, type);
        QNetworkReply *reply = m_sandbox.network.post(req, body);
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        return reply;
    }

    TestSandbox m_sandbox;
    TestAppContext m_app;
};

void TestNotifications::initTestCase()
{
    QVERIFY(m_sandbox.startServer(QStringLiteral("dup_notify:1")).isEmpty());
    const QString failed = m_app.createStarted(m_sandbox.baseUrl());
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    QVERIFY(m_app->notifications());
    QVERIFY(m_app->providers()->isSandbox());
    QVERIFY(!alipayOf(m_app->providers()).config().notifyUrl.isEmpty());
}

void TestNotifications::duplicateNotificationIsBookedOnce()
{
    CheckoutService &checkout = m_app->checkout();
    auto started = checkout.startQr(Money::fromMinor(4321), QStringLiteral("alipay"));
    QVERIFY(started.ok());
    const QString out = started.value();
    QTRY_VERIFY_WITH_TIMEOUT(!checkout.snapshot(out).value_or(OrderSnapshot{}).qrCode.isEmpty(),
                             10000);
    const QString qr = checkout.snapshot(out)->qrCode;

    QNetworkReply *paid =
        post(m_sandbox.baseUrl().resolved(QUrl(QStringLiteral("/sandbox/pay"))),
             QJsonDocument(QJsonObject{{QStringLiteral("qr"), qr}}).toJson(), "application/json");
    QCOMPARE(paid->error(), QNetworkReply::NoError);

    NotificationReceiver *receiver = m_app->notifications();
    QTRY_COMPARE_WITH_TIMEOUT(receiver->counters().accepted, 1, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(receiver->counters().replayed >= 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_app->orderQueries().byOutTradeNo(out).value()->status,
                              OrderStatus::Paid, 10000);

    // Booked exactly once, whatever arrived first: the poll or either notification.
    QTest::qWait(300);
    auto entries = m_app->ledger().entries(out);
    QVERIFY(entries.ok());
    QCOMPARE(entries.value().size(), 1);
    QCOMPARE(m_app->ledger().balance(QStringLiteral("clearing:alipay")).value(), qint64(4321));
}

void TestNotifications::forgedNotificationIsRefused()
{
    NotificationReceiver *receiver = m_app->notifications();
    const int refusedBefore = receiver->counters().refused;
    const QByteArray forged =
        "notify_time=2026-11-23+10%3A00%3A00&notify_type=trade_status_sync&notify_id=forged1"
        "&app_id=" +
        alipayOf(m_app->providers()).config().appId.toUtf8() +
        "&out_trade_no=X1&trade_no=T1&trade_status=TRADE_SUCCESS&total_amount=1.00"
        "&sign_type=RSA2&sign=AAAA";
    QNetworkReply *reply = post(receiver->urlFor(QStringLiteral("alipay")), forged,
                                "application/x-www-form-urlencoded");
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    QCOMPARE(receiver->counters().refused, refusedBefore + 1);
    QVERIFY(m_app->ledger().entries(QStringLiteral("X1")).value().isEmpty());
}

void TestNotifications::failedBookingIsRetriedNotAcknowledged()
{
    CheckoutService &checkout = m_app->checkout();
    NotificationReceiver *receiver = m_app->notifications();
    auto started = checkout.startQr(Money::fromMinor(2345), QStringLiteral("alipay"));
    QVERIFY(started.ok());
    const QString out = started.value();
    QTRY_VERIFY_WITH_TIMEOUT(!checkout.snapshot(out).value_or(OrderSnapshot{}).qrCode.isEmpty(),
                             10000);
    const QString qr = checkout.snapshot(out)->qrCode;
    const auto before = receiver->counters();

    // Another process holds the write lock: no booking can be written meanwhile.
    QVERIFY(m_app->database().exec(QStringLiteral("PRAGMA busy_timeout=50")).ok());
    {
        QSqlDatabase other =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("locker"));
        other.setDatabaseName(m_app->databasePath());
        QVERIFY(other.open());
        QSqlQuery lock(other);
        QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));
        QNetworkReply *paid = post(
            m_sandbox.baseUrl().resolved(QUrl(QStringLiteral("/sandbox/pay"))),
            QJsonDocument(QJsonObject{{QStringLiteral("qr"), qr}}).toJson(), "application/json");
        QCOMPARE(paid->error(), QNetworkReply::NoError);
        QTRY_VERIFY_WITH_TIMEOUT(receiver->counters().failed > before.failed, 10000);
        // Not acknowledged, not marked seen: the payment is not lost as a "duplicate".
        QCOMPARE(receiver->counters().accepted, before.accepted);
        QCOMPARE(receiver->counters().replayed, before.replayed);
        QCOMPARE(m_app->orderQueries().byOutTradeNo(out).value()->status, OrderStatus::Pending);
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("locker"));
    QVERIFY(m_app->database().exec(QStringLiteral("PRAGMA busy_timeout=5000")).ok());

    // The provider's retry is processed and acknowledged; the payment is booked once.
    QTRY_VERIFY_WITH_TIMEOUT(receiver->counters().accepted > before.accepted, 15000);
    QTRY_COMPARE_WITH_TIMEOUT(m_app->orderQueries().byOutTradeNo(out).value()->status,
                              OrderStatus::Paid, 10000);
    QCOMPARE(m_app->ledger().entries(out).value().size(), 1);
}

void TestNotifications::accountSurvivesRestart()
{
    const QString appId = alipayOf(m_app->providers()).config().appId;
    m_app.context.reset();
    QVERIFY(m_app.createStarted(m_sandbox.baseUrl()).isEmpty());
    // The merchant account (and its vault-held key) is reused, not provisioned again.
    QCOMPARE(alipayOf(m_app->providers()).config().appId, appId);
}

void TestNotifications::wechatCallbackIsBookedOnceAndAnsweredInJson()
{
    // The second provider's callbacks: AES-GCM sealed, signed in headers, answered in JSON.
    const QString wechat = QStringLiteral("wechatpay");
    const ProviderAccount *account = m_app->providers()->account(wechat);
    QVERIFY(account);
    QVERIFY(account->notifyUrl.endsWith(QStringLiteral("/notify/wechatpay")));
    QVERIFY(!account->params.value(QStringLiteral("mchid")).isEmpty());
    CheckoutService &checkout = m_app->checkout();
    NotificationReceiver *receiver = m_app->notifications();
    const auto before = receiver->counters();
    auto started = checkout.startQr(Money::fromMinor(5678), wechat);
    QVERIFY(started.ok());
    const QString out = started.value();
    QTRY_VERIFY_WITH_TIMEOUT(!checkout.snapshot(out).value_or(OrderSnapshot{}).qrCode.isEmpty(),
                             10000);
    QNetworkReply *paid = post(
        m_sandbox.baseUrl().resolved(QUrl(QStringLiteral("/sandbox/pay"))),
        QJsonDocument(QJsonObject{{QStringLiteral("qr"), checkout.snapshot(out)->qrCode}}).toJson(),
        "application/json");
    QCOMPARE(paid->error(), QNetworkReply::NoError);
    QTRY_VERIFY_WITH_TIMEOUT(receiver->counters().accepted > before.accepted, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(receiver->counters().replayed > before.replayed, 10000); // dup
    QTRY_COMPARE_WITH_TIMEOUT(m_app->orderQueries().byOutTradeNo(out).value()->status,
                              OrderStatus::Paid, 10000);
    QTest::qWait(300);
    QCOMPARE(m_app->ledger().entries(out).value().size(), 1);
    QCOMPARE(m_app->ledger().balance(QStringLiteral("clearing:wechatpay")).value(), qint64(5678));

    // Unsigned: refused, with WeChat's JSON failure answer (so WeChat would send it again).
    QNetworkReply *forged =
        post(receiver->urlFor(wechat), R"({"id":"EV-1","event_type":"TRANSACTION.SUCCESS"})",
             "application/json");
    QCOMPARE(forged->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 400);
    QVERIFY(forged->header(QNetworkRequest::ContentTypeHeader)
                .toString()
                .contains(QStringLiteral("json")));
    QCOMPARE(QJsonDocument::fromJson(forged->readAll()).object().value(QStringLiteral("code")),
             QJsonValue(QStringLiteral("FAIL")));
}

void TestNotifications::cleanupTestCase()
{
    m_app.context.reset();
    m_sandbox.stopServer();
}

QTEST_GUILESS_MAIN(TestNotifications)
#include "tst_notifications.moc"
