#include "securityfixture.h"

#include "core/security/anomalymonitor.h"

#include <QSignalSpy>

using namespace paydesk;
using namespace paydesk::testing;

using Kind = PaymentEvent::Kind;

class TestAnomalyMonitor : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SecurityFixture> f;
    std::unique_ptr<AnomalyMonitor> monitor;
    std::unique_ptr<QSignalSpy> spy;

    void event(Kind kind, qint64 amount, const QString &cashier = QStringLiteral("carl"))
    {
        monitor->observe(PaymentEvent{kind, amount, cashier, f->clock.nowUtc(), {}, {}});
    }
    void minutes(int m) { f->clock.advance(qint64(m) * 60 * 1000); }
    QStringList rules() const
    {
        QStringList out;
        for (const QList<QVariant> &args : *spy)
            out << args.at(0).value<Alert>().rule;
        return out;
    }

private slots:
    void init()
    {
        f = std::make_unique<SecurityFixture>();
        QVERIFY(f->init());
        // 2026-03-02 02:00 UTC is 10:00 in Shanghai: inside the default opening hours.
        monitor = std::make_unique<AnomalyMonitor>(*f->db, *f->settings, *f->audit, f->clock);
        spy = std::make_unique<QSignalSpy>(monitor.get(), &AnomalyMonitor::alertRaised);
    }
    void cleanup()
    {
        spy.reset();
        monitor.reset();
        f.reset();
    }

    void defaultsFromEmptySettings()
    {
        const AnomalyThresholds t = monitor->thresholds();
        QCOMPARE(t.largeTicketFactor, 5);
        QCOMPARE(t.burstCount, 20);
        QCOMPARE(t.openingHours, QStringLiteral("08:00-22:00"));
        QVERIFY(
            f->settings->setValue(QStringLiteral("anomaly.burst_count"), QStringLiteral("7")).ok());
        QCOMPARE(monitor->thresholds().burstCount, 7);
    }

    void largeTicket()
    {
        for (int i = 0; i < 30; ++i) {
            event(Kind::Paid, 2500 + (i % 5) * 250); // median 3000
            minutes(10);
        }
        event(Kind::Paid, 14000); // below the 500.00 floor: quiet
        QCOMPARE(spy->count(), 0);
        event(Kind::Paid, 60000); // 600.00 > 5 x 30.00 and > floor
        QCOMPARE(rules(), QStringList{QStringLiteral("large_ticket")});
        const Alert a = spy->at(0).at(0).value<Alert>();
        QCOMPARE(a.details.value(QStringLiteral("amount_minor")).toInteger(), 60000);
        QCOMPARE(a.details.value(QStringLiteral("median_minor")).toInteger(), 3000);
        QCOMPARE(a.cashier, QStringLiteral("carl"));
        QVERIFY(a.id > 0);
        QCOMPARE(f->auditCount(QStringLiteral("anomaly.large_ticket")), 1);
        QCOMPARE(monitor->openAlertCount(), 1);
    }

    void largeTicketQuietOnNormalDay()
    {
        event(Kind::Paid, 90000); // no history yet: nothing to compare with
        for (int i = 0; i < 30; ++i) {
            event(Kind::Paid, 15000 + i * 100);
            minutes(10);
        }
        event(Kind::Paid, 60000); // 4x the median of a store with big tickets
        QCOMPARE(spy->count(), 0);
    }

    void paymentBurst()
    {
        for (int i = 0; i < 25; ++i) {
            event(Kind::Paid, 1000);
            f->clock.advance(10 * 1000); // 25 payments in 4 minutes
        }
        QCOMPARE(rules(),
                 QStringList{QStringLiteral("payment_burst")}); // once, not once per payment
    }

    void paymentBurstQuietOnNormalDay()
    {
        for (int i = 0; i < 60; ++i) {
            event(Kind::Paid, 1000);
            minutes(1); // a busy but human hour: 5 per 5 minutes
        }
        QCOMPARE(spy->count(), 0);
    }

    void refundRatio()
    {
        for (int i = 0; i < 10; ++i) {
            event(Kind::Paid, 3000);
            minutes(5);
        }
        for (int i = 0; i < 3; ++i) {
            minutes(20);
            event(Kind::Refund, 4000); // 120.00 of 300.00 = 40 %
        }
        QCOMPARE(rules(), QStringList{QStringLiteral("refund_ratio")});
        // carl is not alerted again for the rest of the business day.
        minutes(20);
        event(Kind::Refund, 4000);
        QCOMPARE(spy->count(), 1);
    }

    void refundRatioQuietOnNormalDay()
    {
        for (int i = 0; i < 10; ++i) {
            event(Kind::Paid, 3000);
            minutes(5);
        }
        for (int i = 0; i < 3; ++i) {
            minutes(20);
            event(Kind::Refund, 1000); // 10 %
        }
        QCOMPARE(spy->count(), 0);
    }

    void refundVelocity()
    {
        event(Kind::Paid, 1'000'000);
        for (int i = 0; i < 3; ++i) {
            minutes(3);
            event(Kind::Refund, 500);
        }
        QCOMPARE(rules(), QStringList{QStringLiteral("refund_velocity")});
        QCOMPARE(spy->at(0).at(0).value<Alert>().severity, Alert::Severity::Critical);
    }

    void refundVelocityQuietOnNormalDay()
    {
        event(Kind::Paid, 1'000'000);
        for (int i = 0; i < 3; ++i) {
            minutes(6);
            event(Kind::Refund, 500, i == 2 ? QStringLiteral("dora") : QStringLiteral("carl"));
        }
        QCOMPARE(spy->count(), 0);
    }

    void refundOutsideOpeningHours()
    {
        event(Kind::Paid, 1'000'000);
        f->clock.setNow(QDateTime(QDate(2026, 3, 2), QTime(15, 30), Qt::UTC)); // 23:30 in Shanghai
        event(Kind::Refund, 500);
        QCOMPARE(rules(), QStringList{QStringLiteral("refund_outside_hours")});
    }

    void refundInsideOpeningHoursQuiet()
    {
        event(Kind::Paid, 1'000'000);
        f->clock.setNow(QDateTime(QDate(2026, 3, 2), QTime(13, 59), Qt::UTC)); // 21:59 in Shanghai
        event(Kind::Refund, 500);
        QVERIFY(
            f->settings
                ->setValue(QStringLiteral("anomaly.opening_hours"), QStringLiteral("18:00-02:00"))
                .ok());
        f->clock.setNow(
            QDateTime(QDate(2026, 3, 2), QTime(17, 30), Qt::UTC)); // 01:30: a night bar's hours
        event(Kind::Refund, 500);
        QCOMPARE(spy->count(), 0);
    }

    void codeFailures()
    {
        for (int i = 0; i < 5; ++i) {
            event(Kind::CodeFailed, 0, i % 2 ? QStringLiteral("carl") : QStringLiteral("dora"));
            minutes(1);
        }
        QCOMPARE(rules(), QStringList{QStringLiteral("code_failures")});
    }

    void codeFailuresQuietOnNormalDay()
    {
        for (int i = 0; i < 12; ++i) {
            event(Kind::CodeFailed, 0);
            minutes(2); // at most 3 in any 5 minutes
        }
        QCOMPARE(spy->count(), 0);
    }

    void reversals()
    {
        for (int i = 0; i < 5; ++i) {
            event(Kind::Reversal, 2000);
            minutes(5);
        }
        QCOMPARE(rules(), QStringList{QStringLiteral("reversals")});
    }

    void reversalsQuietOnNormalDay()
    {
        for (int i = 0; i < 8; ++i) {
            event(Kind::Reversal, 2000);
            event(Kind::Failed, 2000);
            minutes(20);
        }
        QCOMPARE(spy->count(), 0);
    }

    void acknowledge()
    {
        for (int i = 0; i < 5; ++i)
            event(Kind::CodeFailed, 0);
        QCOMPARE(spy->count(), 1);
        const qint64 id = spy->at(0).at(0).value<Alert>().id;
        Session owner = f->owner();
        auto c = f->operators->createOperator(owner, QStringLiteral("carl"), Role::Cashier,
                                              kCashierPassword);
        QVERIFY(c.ok());
        Session cashier =
            f->operators->authenticate(QStringLiteral("carl"), kCashierPassword).value();
        QCOMPARE(monitor->acknowledge(id, cashier).error().code,
                 QStringLiteral("security.forbidden"));
        QVERIFY(monitor->acknowledge(id, owner, QStringLiteral("scanner cable loose")).ok());
        QVERIFY(!monitor->acknowledge(id, owner).ok());
        QCOMPARE(monitor->openAlertCount(), 0);
        auto all = monitor->alerts();
        QCOMPARE(all.value().size(), 1);
        QCOMPARE(all.value().first().acknowledgedBy, QStringLiteral("olivia"));
        QCOMPARE(all.value().first().acknowledgeNote, QStringLiteral("scanner cable loose"));
        QVERIFY(monitor->alerts(true).value().isEmpty());
        QCOMPARE(f->auditCount(QStringLiteral("anomaly.acknowledged")), 1);
        QVERIFY(f->audit->verify().ok);
    }

    void disabled()
    {
        QVERIFY(f->settings->setValue(QStringLiteral("anomaly.enabled"), QStringLiteral("0")).ok());
        for (int i = 0; i < 10; ++i)
            event(Kind::CodeFailed, 0);
        QCOMPARE(spy->count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAnomalyMonitor)
#include "tst_anomalymonitor.moc"
