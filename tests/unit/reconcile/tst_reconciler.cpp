// The classification of DESIGN §5, one rule at a time, against hand-made days: each class from
// the smallest day that produces it, and the edges the rules name (a payment on the next day's
// bill, a duplicate counted in the totals but classified once, fees rounded half up).

#include "core/reconcile/reconciler.h"

#include <QTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

const QDate kDay(2026, 11, 30);

ReconLine pay(const QString &no, qint64 amount, qint64 fee = -1)
{
    return {false, no, {}, amount, fee < 0 ? Reconciler::expectedFee(amount, 60) : fee};
}

ReconLine refund(const QString &no, const QString &req, qint64 amount, qint64 fee = 0)
{
    return {true, no, req, -amount, fee};
}

ReconOrder order(const QString &no, const QString &status, qint64 amount, QDate day = kDay)
{
    return {no, u"alipay"_s, status, amount, day};
}

ReconInput day(QList<ReconLine> lines, QList<ReconOrder> orders, QList<ReconRefund> refunds = {})
{
    ReconInput in;
    in.provider = u"alipay"_s;
    in.day = kDay;
    in.feeRateBp = 60;
    in.lines = std::move(lines);
    in.orders = std::move(orders);
    in.refunds = std::move(refunds);
    return in;
}

} // namespace

Q_DECLARE_METATYPE(ReconInput)

class TestReconciler : public QObject
{
    Q_OBJECT
private slots:
    void classifiesEachLine_data();
    void classifiesEachLine();
    void cleanDayHasNoExceptions();
    void totalsCountEveryLineDuplicatesIncluded();
    void aPaymentOnTheNextBillIsNotMissing();
    void feesRoundHalfUp_data();
    void feesRoundHalfUp();
    void everyClassHasAnAction();
};

void TestReconciler::classifiesEachLine_data()
{
    QTest::addColumn<ReconInput>("input");
    QTest::addColumn<QString>("expected"); // the one exception's class, or "matched"
    QTest::addColumn<qint64>("local");     // -1: none
    QTest::addColumn<qint64>("provider");  // -1: none

    QTest::newRow("matched") << day({pay(u"A"_s, 1000)}, {order(u"A"_s, u"PAID"_s, 1000)})
                             << u"matched"_s << qint64(-1) << qint64(-1);
    QTest::newRow("partially refunded still matches the payment")
        << day({pay(u"A"_s, 1000)}, {order(u"A"_s, u"PARTIALLY_REFUNDED"_s, 1000)}) << u"matched"_s
        << qint64(-1) << qint64(-1);
    QTest::newRow("missing locally")
        << day({pay(u"X"_s, 500)}, {}) << u"missing_locally"_s << qint64(-1) << qint64(500);
    QTest::newRow("closed locally: late payment")
        << day({pay(u"A"_s, 1000)}, {order(u"A"_s, u"CLOSED"_s, 1000)}) << u"late_payment"_s
        << qint64(0) << qint64(1000);
    QTest::newRow("failed locally: late payment")
        << day({pay(u"A"_s, 1000)}, {order(u"A"_s, u"FAILED"_s, 1000)}) << u"late_payment"_s
        << qint64(0) << qint64(1000);
    for (const QString &s : {u"CREATED"_s, u"PENDING"_s, u"UNKNOWN"_s})
        QTest::addRow("%s locally: status mismatch", qPrintable(s))
            << day({pay(u"A"_s, 1000)}, {order(u"A"_s, s, 1000)}) << u"status_mismatch"_s
            << qint64(0) << qint64(1000);
    QTest::newRow("amount mismatch") << day({pay(u"A"_s, 1200)}, {order(u"A"_s, u"PAID"_s, 1000)})
                                     << u"amount_mismatch"_s << qint64(1000) << qint64(1200);
    QTest::newRow("fee mismatch") << day({pay(u"A"_s, 1000, 9)}, {order(u"A"_s, u"PAID"_s, 1000)})
                                  << u"fee_mismatch"_s << qint64(6) << qint64(9);
    QTest::newRow("missing at provider") << day({}, {order(u"A"_s, u"PAID"_s, 700)})
                                         << u"missing_at_provider"_s << qint64(700) << qint64(-1);
    QTest::newRow("an order of another day without a line is not this day's")
        << day({}, {order(u"A"_s, u"PAID"_s, 700, kDay.addDays(-1))}) << u"matched"_s << qint64(-1)
        << qint64(-1);
    QTest::newRow("an unpaid order without a line is fine")
        << day({}, {order(u"A"_s, u"CLOSED"_s, 700)}) << u"matched"_s << qint64(-1) << qint64(-1);
    const ReconRefund ok{u"R1"_s, u"A"_s, u"SUCCESS"_s, 300, kDay};
    QTest::newRow("refund matched") << day({pay(u"A"_s, 1000), refund(u"A"_s, u"R1"_s, 300)},
                                           {order(u"A"_s, u"PARTIALLY_REFUNDED"_s, 1000)}, {ok})
                                    << u"matched"_s << qint64(-1) << qint64(-1);
    QTest::newRow("refund unknown locally")
        << day({pay(u"A"_s, 1000), refund(u"A"_s, u"R9"_s, 300)}, {order(u"A"_s, u"PAID"_s, 1000)})
        << u"refund_mismatch"_s << qint64(-1) << qint64(300);
    QTest::newRow("refund of another amount")
        << day({pay(u"A"_s, 1000), refund(u"A"_s, u"R1"_s, 400)},
               {order(u"A"_s, u"PARTIALLY_REFUNDED"_s, 1000)}, {ok})
        << u"refund_mismatch"_s << qint64(300) << qint64(400);
    QTest::newRow("refund failed locally, done at the provider")
        << day({pay(u"A"_s, 1000), refund(u"A"_s, u"R1"_s, 300)}, {order(u"A"_s, u"PAID"_s, 1000)},
               {{u"R1"_s, u"A"_s, u"FAILED"_s, 300, kDay}})
        << u"refund_mismatch"_s << qint64(0) << qint64(300);
    QTest::newRow("refund done locally, not at the provider")
        << day({pay(u"A"_s, 1000)}, {order(u"A"_s, u"PARTIALLY_REFUNDED"_s, 1000)}, {ok})
        << u"refund_mismatch"_s << qint64(300) << qint64(-1);
    QTest::newRow("duplicate payment line")
        << day({pay(u"A"_s, 1000), pay(u"A"_s, 1000)}, {order(u"A"_s, u"PAID"_s, 1000)})
        << u"duplicate_line"_s << qint64(-1) << qint64(1000);
}

void TestReconciler::classifiesEachLine()
{
    QFETCH(ReconInput, input);
    QFETCH(QString, expected);
    QFETCH(qint64, local);
    QFETCH(qint64, provider);
    const ReconResult r = Reconciler::run(input);
    if (expected == u"matched") {
        QVERIFY2(r.exceptions.isEmpty(), qPrintable(reconClassName(r.exceptions.value(0).kind)));
        return;
    }
    QCOMPARE(r.exceptions.size(), 1);
    const ReconException &e = r.exceptions.first();
    QCOMPARE(reconClassName(e.kind), expected);
    QCOMPARE(e.localMinor.value_or(-1), local);
    QCOMPARE(e.providerMinor.value_or(-1), provider);
    QCOMPARE(e.businessDay, kDay);
    QVERIFY(!e.suggestedAction.isEmpty());
}

void TestReconciler::cleanDayHasNoExceptions()
{
    const ReconResult r =
        Reconciler::run(day({pay(u"A"_s, 1000), pay(u"B"_s, 2550), refund(u"A"_s, u"R1"_s, 400)},
                            {order(u"A"_s, u"PARTIALLY_REFUNDED"_s, 1000),
                             order(u"B"_s, u"PAID"_s, 2550), order(u"C"_s, u"CLOSED"_s, 100)},
                            {{u"R1"_s, u"A"_s, u"SUCCESS"_s, 400, kDay}}));
    QVERIFY(r.exceptions.isEmpty());
    QCOMPARE(r.totals.matched, 3);
    QCOMPARE(r.totals.grossMinor, 3550);
    QCOMPARE(r.totals.refundsMinor, 400);
    QCOMPARE(r.totals.feesMinor, 6 + 15);
    QCOMPARE(r.totals.netMinor, 3550 - 400 - 21);
    QCOMPARE(r.totals.payments, 2);
    QCOMPARE(r.totals.refunds, 1);
}

void TestReconciler::totalsCountEveryLineDuplicatesIncluded()
{
    // The bill's footer counts both copies; only the first is classified.
    const ReconResult r = Reconciler::run(
        day({pay(u"A"_s, 1000), pay(u"A"_s, 1000)}, {order(u"A"_s, u"PAID"_s, 1000)}));
    QCOMPARE(r.totals.grossMinor, 2000);
    QCOMPARE(r.totals.payments, 2);
    QCOMPARE(r.totals.matched, 1);
    QCOMPARE(r.exceptions.size(), 1);
}

void TestReconciler::aPaymentOnTheNextBillIsNotMissing()
{
    // Created 23:59 on the 30th, paid 00:00:01 on the 1st: on the 1st's bill, matched there...
    ReconInput next = day({pay(u"A"_s, 1000)}, {order(u"A"_s, u"PAID"_s, 1000)});
    next.day = kDay.addDays(1);
    QVERIFY(Reconciler::run(next).exceptions.isEmpty());
    // ...and not missing on the 30th once that bill is known.
    ReconInput own = day({}, {order(u"A"_s, u"PAID"_s, 1000)});
    own.keysOnOtherDays.insert(u"A"_s);
    QVERIFY(Reconciler::run(own).exceptions.isEmpty());
}

void TestReconciler::feesRoundHalfUp_data()
{
    QTest::addColumn<qint64>("amount");
    QTest::addColumn<int>("bp");
    QTest::addColumn<qint64>("fee");
    QTest::newRow("0.6% of 1.00") << qint64(100) << 60 << qint64(1);    // 0.6 → 1
    QTest::newRow("0.6% of 0.75") << qint64(75) << 60 << qint64(0);     // 0.45 → 0
    QTest::newRow("0.6% of 2.50") << qint64(250) << 60 << qint64(2);    // 1.5 → 2
    QTest::newRow("0.38% of 12.34") << qint64(1234) << 38 << qint64(5); // 4.689 → 5
    QTest::newRow("refund returns") << qint64(-250) << 60 << qint64(-2);
}

void TestReconciler::feesRoundHalfUp()
{
    QFETCH(qint64, amount);
    QFETCH(int, bp);
    QFETCH(qint64, fee);
    QCOMPARE(Reconciler::expectedFee(amount, bp), fee);
}

void TestReconciler::everyClassHasAnAction()
{
    for (ReconClass k :
         {ReconClass::AmountMismatch, ReconClass::StatusMismatch, ReconClass::LatePayment,
          ReconClass::MissingAtProvider, ReconClass::MissingLocally, ReconClass::RefundMismatch,
          ReconClass::FeeMismatch, ReconClass::DuplicateLine}) {
        QVERIFY(!Reconciler::suggestedAction(k).isEmpty());
        QCOMPARE(reconClassFromName(reconClassName(k)), std::optional(k));
    }
    QVERIFY(!reconClassFromName(u"nonsense"_s));
}

QTEST_GUILESS_MAIN(TestReconciler)
#include "tst_reconciler.moc"
