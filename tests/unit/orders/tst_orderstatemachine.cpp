#include "core/orders/order.h"
#include "core/orders/orderstatemachine.h"
#include "core/providers/provideradvice.h"

#include <QSet>
#include <QTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

class TestOrderStateMachine : public QObject
{
    Q_OBJECT
private slots:
    void everyPair_data();
    void everyPair();
    void tableMatchesDesign();
    void namesRoundTrip();
    void openStatuses();
};

namespace {
using S = OrderStatus;
// ARCHITECTURE §3, written out independently of the implementation's table.
const QSet<QPair<int, int>> &expectedLegal()
{
    static const QSet<QPair<int, int>> set = [] {
        QSet<QPair<int, int>> s;
        auto add = [&](S a, S b) { s.insert({int(a), int(b)}); };
        for (S to : {S::Pending, S::Paid, S::Failed, S::Unknown, S::Closed})
            add(S::Created, to);
        for (S to : {S::Paid, S::Failed, S::Closed, S::Unknown})
            add(S::Pending, to);
        for (S to : {S::Paid, S::Failed, S::Closed, S::Pending})
            add(S::Unknown, to);
        add(S::Paid, S::PartiallyRefunded);
        add(S::Paid, S::Refunded);
        add(S::PartiallyRefunded, S::PartiallyRefunded);
        add(S::PartiallyRefunded, S::Refunded);
        add(S::Failed, S::Paid); // late success
        add(S::Closed, S::Paid); // late success
        return s;
    }();
    return set;
}
} // namespace

void TestOrderStateMachine::everyPair_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::addColumn<bool>("legal");
    const auto all = allOrderStatuses();
    QCOMPARE(all.size(), 8);
    for (S from : all)
        for (S to : all)
            QTest::addRow("%s->%s", qPrintable(orderStatusName(from)),
                          qPrintable(orderStatusName(to)))
                << int(from) << int(to) << expectedLegal().contains({int(from), int(to)});
}

void TestOrderStateMachine::everyPair()
{
    QFETCH(int, from);
    QFETCH(int, to);
    QFETCH(bool, legal);
    QCOMPARE(OrderStateMachine::canTransition(S(from), S(to)), legal);
}

void TestOrderStateMachine::tableMatchesDesign()
{
    const auto table = OrderStateMachine::legalTransitions();
    QCOMPARE(table.size(), expectedLegal().size());
    for (const auto &[from, to] : table)
        QVERIFY2(expectedLegal().contains({int(from), int(to)}),
                 qPrintable(orderStatusName(from) + u"->"_s + orderStatusName(to)));
    // Nothing leaves REFUNDED; nothing returns to CREATED.
    for (S s : allOrderStatuses()) {
        QVERIFY(!OrderStateMachine::canTransition(S::Refunded, s));
        QVERIFY(!OrderStateMachine::canTransition(s, S::Created));
    }
    QVERIFY(OrderStateMachine::isLateSuccess(S::Closed, S::Paid));
    QVERIFY(OrderStateMachine::isLateSuccess(S::Failed, S::Paid));
    QVERIFY(!OrderStateMachine::isLateSuccess(S::Pending, S::Paid));
}

void TestOrderStateMachine::namesRoundTrip()
{
    const QStringList expected{
        u"CREATED"_s,  u"PENDING"_s, u"UNKNOWN"_s, u"PAID"_s, u"PARTIALLY_REFUNDED"_s,
        u"REFUNDED"_s, u"FAILED"_s,  u"CLOSED"_s};
    QStringList names;
    for (S s : allOrderStatuses()) {
        names << orderStatusName(s);
        QCOMPARE(orderStatusFromName(orderStatusName(s)), std::optional<S>(s));
        QVERIFY(!orderStatusDisplayName(s).isEmpty());
    }
    QCOMPARE(names, expected);
    QVERIFY(!orderStatusFromName(u"PAYED"));
    for (OrderKind k : {OrderKind::Qr, OrderKind::Code, OrderKind::Link, OrderKind::Cash})
        QCOMPARE(orderKindFromName(orderKindName(k)), std::optional<OrderKind>(k));
    for (int i = int(FailureReason::None); i <= int(FailureReason::Other); ++i)
        QCOMPARE(failureReasonFromName(failureReasonName(FailureReason(i))), FailureReason(i));
}

void TestOrderStateMachine::openStatuses()
{
    for (S s : allOrderStatuses())
        QCOMPARE(isOpenStatus(s), s == S::Created || s == S::Pending || s == S::Unknown);
}

QTEST_GUILESS_MAIN(TestOrderStateMachine)
#include "tst_orderstatemachine.moc"
