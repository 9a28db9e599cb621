#include "core/util/result.h"

#include <QTest>

using namespace paydesk;

namespace {

Result<int> half(int v)
{
    if (v % 2)
        return Error{QStringLiteral("odd"), QStringLiteral("odd number")};
    return v / 2;
}

Status checkPositive(int v)
{
    if (v <= 0)
        return Error{QStringLiteral("not_positive"), QStringLiteral("not positive")};
    return {};
}

Result<int> halfOfPositive(int v)
{
    PAYDESK_TRY(checkPositive(v));
    return half(v);
}

Q_LOGGING_CATEGORY(lcTest, "paydesk.test")

} // namespace

class TestResult : public QObject
{
    Q_OBJECT
private slots:
    void andThenChains()
    {
        QCOMPARE(half(8).and_then(half).value(), 2);
        const auto r = half(8).and_then(half).and_then(half).and_then(half);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("odd"));
    }
    void transformMaps()
    {
        const auto r = half(6).transform([](int v) { return QString::number(v); });
        QCOMPARE(r.value(), QStringLiteral("3"));
        const auto e = half(5).transform([](int v) { return QString::number(v); });
        QCOMPARE(e.error().code, QStringLiteral("odd"));
    }
    void tryPropagates()
    {
        QCOMPARE(halfOfPositive(4).value(), 2);
        QCOMPARE(halfOfPositive(-4).error().code, QStringLiteral("not_positive"));
        QCOMPARE(halfOfPositive(3).error().code, QStringLiteral("odd"));
    }
    void statusAndThen()
    {
        QCOMPARE(checkPositive(1).and_then([] { return half(10); }).value(), 5);
        QVERIFY(!checkPositive(0).and_then([] { return half(10); }).ok());
    }
    void logIfFailedReports()
    {
        QVERIFY(logIfFailed(half(2), lcTest(), "half"));
        QTest::ignoreMessage(QtWarningMsg, "half failed: odd odd number");
        QVERIFY(!logIfFailed(half(3), lcTest(), "half"));
    }
};

QTEST_GUILESS_MAIN(TestResult)
#include "tst_result.moc"
