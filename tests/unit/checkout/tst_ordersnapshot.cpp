// snapshotOf() alone: what the screens show for an order, without a service or a database.
#include "core/checkout/ordersnapshot.h"
#include "core/providers/provideradvice.h"

#include <QTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {
const QDateTime kNow(QDate(2026, 1, 1), QTime(2, 0), Qt::UTC);

Order order(OrderStatus status, OrderKind kind = OrderKind::Code)
{
    Order o;
    o.outTradeNo = u"SH01-2-260101100000-000001"_s;
    o.saleId = u"sale"_s;
    o.provider = u"alipay"_s;
    o.kind = kind;
    o.amount = Money::fromMinor(1234);
    o.status = status;
    o.expiresAt = kNow.addSecs(30);
    return o;
}
} // namespace

class TestOrderSnapshot : public QObject
{
    Q_OBJECT
private slots:
    void fieldsAndCountdown();
    void adviceByStatus_data();
    void adviceByStatus();
    void liveFlowOverridesStoredState();
    void aWriteTheDiskRefusedIsShownUntilItGoesThrough();
};

void TestOrderSnapshot::fieldsAndCountdown()
{
    Order o = order(OrderStatus::Pending);
    o.message = u"waiting"_s;
    const OrderSnapshot s = snapshotOf(o, kNow.addMSecs(10500));
    QCOMPARE(s.outTradeNo, o.outTradeNo);
    QCOMPARE(s.saleId, u"sale"_s);
    QCOMPARE(s.amount, Money::fromMinor(1234));
    QCOMPARE(s.message, u"waiting"_s);
    QCOMPARE(s.secondsLeft, 20); // rounded up
    QVERIFY(!s.cancelling);
    QCOMPARE(snapshotOf(o, kNow.addSecs(99)).secondsLeft, 0);
    QCOMPARE(snapshotOf(order(OrderStatus::Closed), kNow).secondsLeft, -1);
}

void TestOrderSnapshot::adviceByStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("needsRefund");
    QTest::addColumn<QString>("cashierSays");
    QTest::newRow("created") << int(OrderStatus::Created) << false << u"Wait a moment"_s;
    QTest::newRow("pending code") << int(OrderStatus::Pending) << false << u"Do not charge again"_s;
    QTest::newRow("unknown") << int(OrderStatus::Unknown) << false << u"Do not charge again"_s;
    QTest::newRow("paid") << int(OrderStatus::Paid) << false << u"Hand over the goods"_s;
    QTest::newRow("paid, refund due") << int(OrderStatus::Paid) << true << u"Refund it"_s;
    QTest::newRow("closed") << int(OrderStatus::Closed) << false << u"Nothing was charged"_s;
}

void TestOrderSnapshot::adviceByStatus()
{
    QFETCH(int, status);
    QFETCH(bool, needsRefund);
    QFETCH(QString, cashierSays);
    Order o = order(OrderStatus(status));
    o.needsRefund = needsRefund;
    const OrderSnapshot s = snapshotOf(o, kNow);
    QVERIFY2(s.cashierAdvice.contains(cashierSays), qPrintable(s.cashierAdvice));
    QVERIFY(!s.customerAdvice.isEmpty());
    QCOMPARE(s.isOpen(), isOpenStatus(OrderStatus(status)));
}

void TestOrderSnapshot::liveFlowOverridesStoredState()
{
    Order o = order(OrderStatus::Failed);
    o.failureReason = FailureReason::InsufficientBalance;
    QCOMPARE(snapshotOf(o, kNow).cashierAdvice,
             adviceFor(FailureReason::InsufficientBalance).cashier);

    const Order pending = order(OrderStatus::Pending, OrderKind::Qr);
    const OrderSnapshot s = snapshotOf(pending, kNow, FlowProgress{kNow.addSecs(300), true, {}});
    QVERIFY(s.cancelling);
    QVERIFY(s.message.contains(u"Cancelling"));
    QCOMPARE(s.expiresAt, kNow.addSecs(300)); // the flow's deadline, not the stored expiry
    QCOMPARE(s.secondsLeft, 300);
}

void TestOrderSnapshot::aWriteTheDiskRefusedIsShownUntilItGoesThrough()
{
    const QString problem = u"The provider took the payment (transaction T1), but it could not "
                            "be saved yet: the disk is full."_s;
    const Order pending = order(OrderStatus::Pending);
    const OrderSnapshot s =
        snapshotOf(pending, kNow, FlowProgress{kNow.addSecs(30), false, problem});
    QCOMPARE(s.message, problem);
    QVERIFY(s.cashierAdvice.contains(u"Do not charge again"));
    QVERIFY(s.customerAdvice.contains(u"not be charged twice"));
    // Once final the stored outcome speaks, whatever the flow last saw.
    Order paid = order(OrderStatus::Paid);
    paid.message = u"Paid"_s;
    QCOMPARE(snapshotOf(paid, kNow, FlowProgress{{}, false, problem}).message, u"Paid"_s);
}

QTEST_GUILESS_MAIN(TestOrderSnapshot)
#include "tst_ordersnapshot.moc"
