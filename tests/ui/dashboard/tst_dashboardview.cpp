// The dashboard offscreen on the app's real object graph against a standalone sandbox: it
// renders on an empty book, a cash sale and a QR paid in the sandbox appear without a
// restart, charts export as PNG and CSV, failures show the till's advice, and an alert from
// the anomaly monitor shows up live and is acknowledged from the dashboard.
#include "app/appcontext.h"

#include "core/analytics/salesanalytics.h"
#include "core/checkout/checkoutservice.h"
#include "core/providers/provideradvice.h"
#include "core/providers/providerregistry.h"
#include "core/security/anomalymonitor.h"
#include "core/security/operatorservice.h"
#include "core/storage/database.h"
#include "ui/dashboard/chartcard.h"
#include "ui/dashboard/dashboardview.h"
#include "ui/dashboard/kpitile.h"
#include "ui/security/alertspanel.h"

#include "testappcontext.h"
#include "testsandbox.h"

#include <QApplication>
#include <QChart>
#include <QComboBox>
#include <QFile>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestDashboardView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void emptyBookRenders();
    void newPaymentsAppearWithoutRestart();
    void chartsExportPngAndCsv();
    void failuresShowTheAdviceGiven();
    void alertsAreLiveAndAcknowledged();
    void cleanupTestCase();

private:
    std::unique_ptr<DashboardView> makeView()
    {
        auto view = std::make_unique<DashboardView>(m_app->analytics(), m_app->anomalies(),
                                                    m_app->providerRegistry(), &m_app->checkout());
        view->resize(1280, 900);
        view->show();
        return view;
    }
    ChartCard *card(DashboardView &v, const char *name)
    {
        return v.findChild<ChartCard *>(QString::fromLatin1(name));
    }
    void pay(const QString &qr)
    {
        QNetworkRequest req(m_sandbox.baseUrl().resolved(QUrl(u"/sandbox/pay"_s)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply =
            m_sandbox.network.post(req, QJsonDocument(QJsonObject{{u"qr"_s, qr}}).toJson());
        QVERIFY(QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000));
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        reply->deleteLater();
    }

    TestSandbox m_sandbox;
    TestAppContext m_app;
    QTemporaryDir m_out;
};

void TestDashboardView::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(m_sandbox.startServer().isEmpty());
    const QString failed = m_app.createStarted(m_sandbox.baseUrl());
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
}

void TestDashboardView::cleanupTestCase()
{
    QApplication::closeAllWindows();
}

void TestDashboardView::emptyBookRenders()
{
    auto view = makeView();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    KpiTile *today = view->tile(0);
    QVERIFY(today);
    QCOMPARE(today->text(u"gross"_s), u"¥0.00"_s);
    QCOMPARE(today->text(u"orders"_s), u"0"_s);
    QCOMPARE(today->text(u"average"_s), u"—"_s); // no sales: no average, not ¥0
    QCOMPARE(today->text(u"fees"_s), u"—"_s);    // fees are unknown, not zero
    QVERIFY(today->text(u"change"_s).startsWith(u"—"));
    QCOMPARE(view->charts().size(), 6);
    for (ChartCard *c : view->charts()) {
        QVERIFY2(c->isEmptyChart(), qPrintable(c->objectName()));
        QVERIFY(c->findChild<QLabel *>(u"chartEmpty"_s)->isVisible());
    }
    // The by-day CSV still lists the seven days, all zero.
    ChartCard *byDay = card(*view, "chartByDay");
    QCOMPARE(byDay->csvRows().size(), 7);
    QCOMPARE(byDay->csvRows().last().mid(1),
             (QStringList{u"0"_s, u"0.00"_s, u"0.00"_s, u"0.00"_s}));
    auto *monitor = view->findChild<QTableWidget *>(u"failuresTable"_s);
    QVERIFY(monitor);
    QCOMPARE(monitor->rowCount(), 0);
}

void TestDashboardView::newPaymentsAppearWithoutRestart()
{
    auto view = makeView();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    KpiTile *today = view->tile(0);
    QCOMPARE(today->text(u"orders"_s), u"0"_s);

    // A cash sale at this till: the checkout's signal refreshes the open dashboard.
    CheckoutService &checkout = m_app->checkout();
    QVERIFY(checkout.recordCash(Money::fromMinor(1234), Money::fromMinor(2000)).ok());
    QTRY_COMPARE_WITH_TIMEOUT(today->text(u"orders"_s), u"1"_s, 5000);
    QCOMPARE(today->text(u"gross"_s), u"¥12.34"_s);

    // A QR paid by the customer in the sandbox.
    auto started = checkout.startQr(Money::fromMinor(5678));
    QVERIFY(started.ok());
    const QString out = started.value();
    QTRY_VERIFY_WITH_TIMEOUT(!checkout.snapshot(out).value_or(OrderSnapshot{}).qrCode.isEmpty(),
                             10000);
    pay(checkout.snapshot(out)->qrCode);
    QTRY_COMPARE_WITH_TIMEOUT(today->text(u"orders"_s), u"2"_s, 15000);
    QCOMPARE(today->text(u"gross"_s), u"¥69.12"_s);
    QCOMPARE(today->text(u"average"_s), u"¥34.56"_s);
    QCOMPARE(view->tile(2)->text(u"gross"_s), u"¥69.12"_s); // also this month

    // Both providers are now filter choices; filtering on cash leaves the cash sale.
    auto *provider = view->findChild<QComboBox *>(u"providerFilter"_s);
    QCOMPARE(provider->count(), 3);
    provider->setCurrentIndex(provider->findData(u"cash"_s));
    QCOMPARE(today->text(u"gross"_s), u"¥12.34"_s);
    QCOMPARE(provider->itemText(provider->currentIndex()), u"Cash"_s);
    provider->setCurrentIndex(0);
    QCOMPARE(today->text(u"orders"_s), u"2"_s);
    QVERIFY(!card(*view, "chartByKind")->isEmptyChart());
    QCOMPARE(card(*view, "chartByKind")->csvRows().size(), 2);
}

void TestDashboardView::chartsExportPngAndCsv()
{
    auto view = makeView();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    ChartCard *byDay = card(*view, "chartByDay");
    QVERIFY(!byDay->isEmptyChart());
    QVERIFY(byDay->findChild<QPushButton *>(u"exportPngButton"_s)->isEnabled());

    const QString png = m_out.filePath(u"by-day.png"_s);
    QString error;
    QVERIFY2(byDay->exportPng(png, &error), qPrintable(error));
    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 200 && image.height() > 150);
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4)
            colours.insert(image.pixel(x, y));
    QVERIFY(colours.size() > 5); // a drawn chart, not a blank picture

    const QString csv = m_out.filePath(u"by-day.csv"_s);
    QVERIFY2(byDay->exportCsv(csv, &error), qPrintable(error));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.startsWith("\xEF\xBB\xBF"));
    const QList<QByteArray> lines = bytes.mid(3).trimmed().split('\n');
    QCOMPARE(lines.size(), 8);
    QCOMPARE(lines.first().trimmed(), QByteArray("Day,Sales,Gross,Refunds,Net"));
    const QString today = view->figures().today.toString(Qt::ISODate);
    QCOMPARE(QString::fromUtf8(lines.last().trimmed()), today + u",2,69.12,0.00,69.12"_s);
    QVERIFY(!byDay->exportCsv(m_out.filePath(u"missing/dir/x.csv"_s), &error));
    QVERIFY(!error.isEmpty());
}

void TestDashboardView::failuresShowTheAdviceGiven()
{
    // Another writer's failed attempt (say `paydesk charge` in a POS process): picked up on
    // the next refresh.
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QVERIFY(m_app->database()
                .exec(u"INSERT INTO orders(out_trade_no, provider, kind, amount_minor, status,"
                      " sale_id, failure_reason, created_at, updated_at) VALUES('FAIL-1', 'x',"
                      " 'code', 800, 'FAILED', 'FAIL-1', 'insufficient_balance', ?, ?)"_s,
                      {now, now})
                .ok());
    auto view = makeView();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    auto *table = view->findChild<QTableWidget *>(u"failuresTable"_s);
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 0)->text(), u"Insufficient balance"_s);
    QCOMPARE(table->item(0, 1)->text(), u"1"_s);
    QCOMPARE(table->item(0, 3)->text(), adviceFor(FailureReason::InsufficientBalance).cashier);
    QCOMPARE(table->item(0, 4)->text(), adviceFor(FailureReason::InsufficientBalance).customer);
}

void TestDashboardView::alertsAreLiveAndAcknowledged()
{
    auto view = makeView();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    auto *tabs = view->findChild<QTabWidget *>(u"dashboardTabs"_s);
    tabs->setCurrentIndex(1);
    auto *alerts = view->findChild<AlertsPanel *>();
    QVERIFY(alerts);
    QCOMPARE(alerts->rowCount(), 0);
    // Repeated failed payment codes at the till: the monitor raises an alert.
    const int count = m_app->anomalies().thresholds().codeFailuresCount;
    for (int i = 0; i < count; ++i) {
        PaymentEvent e;
        e.kind = PaymentEvent::Kind::CodeFailed;
        e.amountMinor = 100;
        e.cashier = u"carol"_s;
        m_app->anomalies().observe(e);
    }
    QTRY_COMPARE_WITH_TIMEOUT(alerts->rowCount(), 1, 3000);
    QVERIFY(tabs->tabText(1).contains(u"1"));

    OperatorService &operators = m_app->operators();
    if (operators.needsBootstrap())
        QVERIFY(operators.bootstrapOwner(u"olivia"_s, u"Lantern-Orbit-73!"_s).ok());
    auto session = operators.authenticate(u"olivia"_s, u"Lantern-Orbit-73!"_s);
    QVERIFY(session.ok());
    const Session owner = session.value();
    view->setSession(&owner);
    auto *table = alerts->findChild<QTableWidget *>(u"alertsTable"_s);
    table->selectRow(0);
    QTimer::singleShot(200, [] {
        if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
            dialog->setTextValue(u"checked the scanner"_s);
            dialog->accept();
        }
    });
    QTest::mouseClick(alerts->findChild<QPushButton *>(u"acknowledgeButton"_s), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_app->anomalies().openAlertCount(), 0, 3000);
    QCOMPARE(alerts->rowCount(), 0); // open alerts only
    QCOMPARE(tabs->tabText(1), u"Live monitoring"_s);
}

QTEST_MAIN(TestDashboardView)
#include "tst_dashboardview.moc"
