// ReconciliationView offscreen: what a DayReport shows (totals per provider and in all, the
// exceptions, the open/closed line, the charts), the day picker asking the source again,
// Resolve… and Sign off… only with a manager's fresh step-up (a cashier alone is refused),
// and Export writing the shown day.
#include "ui/reconcile/reconciliationview.h"

#include "securityfixture.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateEdit>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace paydesk;
using namespace paydesk::testing;

namespace {

DayReport dayOf(QDate day)
{
    DayReport r;
    r.businessDay = day;
    r.storeName = QStringLiteral("张记面馆");
    ProviderDayTotals a;
    a.provider = QStringLiteral("alipay");
    a.grossMinor = 123450;
    a.refundsMinor = 2500;
    a.feesMinor = 726;
    a.netMinor = 120224;
    a.clearingBalanceMinor = 120224;
    a.payments = 41;
    a.refunds = 2;
    a.matched = 42;
    ProviderDayTotals w;
    w.provider = QStringLiteral("wechatpay");
    w.grossMinor = 50000;
    w.feesMinor = 300;
    w.netMinor = 49700;
    w.clearingBalanceMinor = 49700;
    w.payments = 10;
    w.matched = 10;
    r.providers = {a, w};
    ReconException e;
    e.id = 7;
    e.provider = QStringLiteral("alipay");
    e.kind = ReconClass::AmountMismatch;
    e.outTradeNo = QStringLiteral("PD20261123A0001");
    e.localMinor = 1000;
    e.providerMinor = 1100;
    e.suggestedAction = QStringLiteral("Check the order, then post an adjustment");
    r.exceptions = {e};
    r.grossByHourMinor = QList<qint64>(24, 0);
    r.grossByHourMinor[9] = 40000;
    r.grossByHourMinor[12] = 90000;
    r.grossByHourMinor[18] = 43450;
    return r;
}

} // namespace

class TestReconciliationView : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void showsTheDay();
    void cashierAloneCannotResolveOrSignOff();
    void managerResolvesThenSignsOff();
    void exportWritesTheShownDay();

private:
    std::unique_ptr<SecurityFixture> m_sec;
    std::unique_ptr<ReconciliationView> m_view;
    QList<QDate> m_loads;
    QMap<QDate, DayReport> m_days;
    QList<std::pair<qint64, QString>> m_resolved;
    QList<QString> m_signedBy;
};

void TestReconciliationView::init()
{
    m_sec = std::make_unique<SecurityFixture>();
    QVERIFY(m_sec->init());
    m_loads.clear();
    m_resolved.clear();
    m_signedBy.clear();
    m_days.clear();
    const QDate day(2026, 11, 23);
    m_days[day] = dayOf(day);
    ReconciliationSource source;
    source.load = [this](QDate d) -> Result<DayReport> {
        m_loads << d;
        if (!m_days.contains(d))
            return Error{QStringLiteral("test.no_day"),
                         QStringLiteral("no statement for that day")};
        return m_days[d];
    };
    source.resolve = [this, day](qint64 id, const QString &reason, const Session &by) -> Status {
        m_resolved << std::make_pair(id, reason);
        ReconException &e = m_days[day].exceptions[0];
        e.resolvedBy = by.operatorName();
        e.resolution = reason;
        return {};
    };
    source.signOff = [this](QDate d, const Session &by) -> Status {
        m_signedBy << by.operatorName();
        m_days[d].signedOffBy = by.operatorName();
        m_days[d].signedOffAt = QDateTime(QDate(2026, 11, 24), QTime(10, 30), Qt::UTC);
        m_days[d].auditHeadId = 1234;
        m_days[d].auditHeadHash = QStringLiteral("9f2c4e0a7b1d3f56aa");
        return {};
    };
    m_view = std::make_unique<ReconciliationView>(source);
    m_view->resize(1100, 800);
    m_view->setDay(day);
}

void TestReconciliationView::showsTheDay()
{
    QCOMPARE(m_loads.last(), QDate(2026, 11, 23));
    auto *totals = m_view->findChild<QTableWidget *>(QStringLiteral("reconTotals"));
    QVERIFY(totals);
    QCOMPARE(totals->rowCount(), 3);
    QCOMPARE(totals->item(0, 0)->text(), QStringLiteral("alipay")); // no display name given
    // Another day picked: the view says so (the till's sync panel follows it).
    QSignalSpy picked(m_view.get(), &ReconciliationView::dayChanged);
    m_view->findChild<QDateEdit *>()->setDate(QDate(2026, 11, 22));
    QCOMPARE(picked.count(), 1);
    QCOMPARE(picked.first().first().toDate(), QDate(2026, 11, 22));
    m_view->setDay(QDate(2026, 11, 23));
    QCOMPARE(totals->item(2, 1)->text(), QLocale().toString(1734.50, 'f', 2));
    QCOMPARE(totals->item(2, 4)->text(), QLocale().toString(1699.24, 'f', 2));
    QCOMPARE(totals->item(2, 6)->text(), QStringLiteral("51"));
    auto *ex = m_view->findChild<QTableWidget *>(QStringLiteral("reconExceptions"));
    QCOMPARE(ex->rowCount(), 1);
    QCOMPARE(ex->item(0, 2)->text(), QStringLiteral("PD20261123A0001"));
    QCOMPARE(ex->item(0, 0)->text(), QStringLiteral("Amount mismatch"));
    QCOMPARE(ex->item(0, 4)->text(), QLocale().toString(11.0, 'f', 2));
    auto *status = m_view->findChild<QLabel *>(QStringLiteral("reconStatus"));
    QVERIFY2(status->text().contains(QStringLiteral("1 exception")), qPrintable(status->text()));
    // A day with open exceptions cannot be signed off.
    QVERIFY(!m_view->findChild<QPushButton *>(QStringLiteral("reconSignOff"))->isEnabled());
    auto *byHour = m_view->findChild<QChartView *>(QStringLiteral("reconByHour"));
    auto *series = qobject_cast<QBarSeries *>(byHour->chart()->series().value(0));
    QVERIFY(series);
    QCOMPARE(series->barSets().value(0)->count(), 24);
    QCOMPARE(series->barSets().value(0)->at(12), 900.0);
    auto *byProvider = m_view->findChild<QChartView *>(QStringLiteral("reconByProvider"));
    auto *ps = qobject_cast<QBarSeries *>(byProvider->chart()->series().value(0));
    QCOMPARE(ps->barSets().value(0)->at(1), 500.0);

    // Another day: the source is asked; an error is shown, the tables empty.
    m_view->findChild<QDateEdit *>(QStringLiteral("reconDate"))->setDate(QDate(2026, 11, 22));
    QCOMPARE(m_loads.last(), QDate(2026, 11, 22));
    QCOMPARE(ex->rowCount(), 0);
    QVERIFY(m_view->findChild<QLabel *>(QStringLiteral("reconError"))
                ->text()
                .contains(u"no statement"));

    if (const QString shot = qEnvironmentVariable("PAYDESK_SHOT"); !shot.isEmpty()) {
        m_view->setDay(QDate(2026, 11, 23));
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        QTest::qWait(200);
        QVERIFY(m_view->grab().save(shot));
    }
}

void TestReconciliationView::cashierAloneCannotResolveOrSignOff()
{
    Session owner = m_sec->owner();
    QVERIFY(m_sec->operators
                ->createOperator(owner, QStringLiteral("carl"), Role::Cashier, kCashierPassword)
                .ok());
    auto carl = m_sec->operators->authenticate(QStringLiteral("carl"), kCashierPassword);
    QVERIFY(carl.ok());
    Session session = carl.value();
    m_view->setSession(&session); // no OperatorService: nobody can approve at this till
    QVERIFY(!m_view->resolveRow(0, QStringLiteral("checked")).ok());
    QVERIFY(!m_view->signOffDay().ok());
    QVERIFY(m_resolved.isEmpty());
    QVERIFY(m_signedBy.isEmpty());
}

void TestReconciliationView::managerResolvesThenSignsOff()
{
    Session owner = m_sec->owner();
    auto enrol = m_sec->operators->beginTotpEnrollment(owner);
    QVERIFY(enrol.ok());
    QVERIFY(m_sec->operators->confirmTotpEnrollment(owner, m_sec->code(enrol.value().secretBase32))
                .ok());
    m_sec->clock.advance(31000);
    QVERIFY(owner.stepUp(m_sec->code(enrol.value().secretBase32)).ok());
    m_view->setSession(&owner);

    const auto noReason = m_view->resolveRow(0, QStringLiteral("  "));
    QCOMPARE(noReason.error().code, QStringLiteral("reconcile.no_reason"));
    QVERIFY(m_view->resolveRow(0, QStringLiteral("provider confirmed 11.00")).ok());
    QCOMPARE(m_resolved.size(), 1);
    QCOMPARE(m_resolved[0].first, qint64(7));
    QCOMPARE(m_resolved[0].second, QStringLiteral("provider confirmed 11.00"));
    auto *ex = m_view->findChild<QTableWidget *>(QStringLiteral("reconExceptions"));
    QVERIFY(ex->item(0, 6)->text().contains(QStringLiteral("olivia")));
    QVERIFY(m_view->findChild<QPushButton *>(QStringLiteral("reconSignOff"))->isEnabled());

    QVERIFY(m_view->signOffDay().ok());
    QCOMPARE(m_signedBy, QList<QString>{QStringLiteral("olivia")});
    const QString status = m_view->findChild<QLabel *>(QStringLiteral("reconStatus"))->text();
    QVERIFY2(status.contains(QStringLiteral("olivia")) && status.contains(QStringLiteral("1234")) &&
                 status.contains(QStringLiteral("9f2c4e0a7b1d3f56")),
             qPrintable(status));
    QVERIFY(!m_view->findChild<QPushButton *>(QStringLiteral("reconSignOff"))->isEnabled());
}

void TestReconciliationView::exportWritesTheShownDay()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("day.json"));
    QVERIFY(m_view->exportTo(path).ok());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject j = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(j.value(QStringLiteral("date")).toString(), QStringLiteral("2026-11-23"));
    QCOMPARE(
        j.value(QStringLiteral("totals")).toObject().value(QStringLiteral("net_minor")).toInteger(),
        169924);
    QVERIFY(m_view->exportTo(dir.filePath(QStringLiteral("day.pdf"))).ok());
    QVERIFY(QFile(dir.filePath(QStringLiteral("day.pdf"))).size() > 10000);
}

QTEST_MAIN(TestReconciliationView)
#include "tst_reconciliationview.moc"
