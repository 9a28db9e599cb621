// Scanner or person: the timing rules of ScannerBurst, case by case, with exact times.
#include "core/checkout/scannerburst.h"

#include <QTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {
const QString kCode = u"287654321098765432"_s; // an 18-digit payment code

/// One typed stretch: \a keys typed \a gapMs apart, after a pause of \a pauseMs.
struct Stretch
{
    QString keys;
    int gapMs = 5;
    int pauseMs = 0;
};
} // namespace

Q_DECLARE_METATYPE(Stretch)

class TestScannerBurst : public QObject
{
    Q_OBJECT
private slots:
    void recognises_data();
    void recognises();
    void stepsTellWhereABurstStarts();
    void resetForgetsTheBurst();
};

void TestScannerBurst::recognises_data()
{
    QTest::addColumn<QList<Stretch>>("typing");
    QTest::addColumn<QStringList>("codes"); // every scan recognised, in order

    const QString enter = u"\n"_s;
    QTest::newRow("scanner: 18 digits and Enter")
        << QList<Stretch>{{kCode + enter}} << QStringList{kCode};
    QTest::newRow("Enter as CR") << QList<Stretch>{{kCode + u"\r"_s}} << QStringList{kCode};
    QTest::newRow("exactly 16 digits")
        << QList<Stretch>{{kCode.left(16) + enter}} << QStringList{kCode.left(16)};
    QTest::newRow("fast but 15 digits")
        << QList<Stretch>{{kCode.left(15) + enter}} << QStringList{};
    QTest::newRow("person typing 18 digits")
        << QList<Stretch>{{kCode + enter, 70}} << QStringList{};
    QTest::newRow("keys 50 ms apart still a scanner")
        << QList<Stretch>{{kCode + enter, 50}} << QStringList{kCode};
    QTest::newRow("keys 51 ms apart a person")
        << QList<Stretch>{{kCode + enter, 51}} << QStringList{};
    QTest::newRow("Enter 90 ms after the last digit")
        << QList<Stretch>{{kCode}, {enter, 5, 90}} << QStringList{kCode};
    QTest::newRow("Enter 101 ms after the last digit")
        << QList<Stretch>{{kCode}, {enter, 5, 101}} << QStringList{};
    QTest::newRow("no Enter") << QList<Stretch>{{kCode}} << QStringList{};
    QTest::newRow("stray letter inside the burst")
        << QList<Stretch>{{kCode.left(9) + u"a"_s + kCode.mid(9) + enter}} << QStringList{};
    QTest::newRow("key without text inside the burst")
        << QList<Stretch>{{kCode.left(9) + QChar() + kCode.mid(9) + enter}} << QStringList{};
    QTest::newRow("stray key, then a whole scan")
        << QList<Stretch>{{u"x"_s}, {kCode + enter}} << QStringList{kCode};
    QTest::newRow("long pause inside: the burst starts again")
        << QList<Stretch>{{u"1234567890"_s}, {kCode + enter, 5, 400}} << QStringList{kCode};
    QTest::newRow("long pause leaves too few digits")
        << QList<Stretch>{{kCode.left(10)}, {kCode.mid(10) + enter, 5, 400}} << QStringList{};
    QTest::newRow("amount typed by a person, then the scanner")
        << QList<Stretch>{{u"25.5"_s, 120}, {kCode + enter, 5, 150}} << QStringList{kCode};
    QTest::newRow("person types digits, scanner follows at once")
        << QList<Stretch>{{u"66"_s, 120}, {kCode + enter, 5, 120}} << QStringList{kCode};
    QTest::newRow("two scans back to back")
        << QList<Stretch>{{kCode + enter}, {kCode.left(16) + enter, 5, 10}}
        << QStringList{kCode, kCode.left(16)};
    QTest::newRow("amount and Enter by a person")
        << QList<Stretch>{{u"12.00\n"_s, 150}} << QStringList{};
}

void TestScannerBurst::recognises()
{
    QFETCH(QList<Stretch>, typing);
    QFETCH(QStringList, codes);
    ScannerBurst burst;
    QStringList seen;
    qint64 now = 1000;
    for (const Stretch &s : typing) {
        now += s.pauseMs;
        for (qsizetype i = 0; i < s.keys.size(); ++i) {
            if (i > 0)
                now += s.gapMs;
            const auto out = burst.feed(s.keys.at(i), now);
            if (out.complete())
                seen << out.code;
            else
                QVERIFY(out.code.isEmpty());
        }
    }
    QCOMPARE(seen, codes);
}

void TestScannerBurst::stepsTellWhereABurstStarts()
{
    ScannerBurst burst({50, 4});
    QCOMPARE(burst.feed(u'1', 0).step, ScannerBurst::Step::Started);
    QCOMPARE(burst.feed(u'2', 10).step, ScannerBurst::Step::Continued);
    QCOMPARE(burst.feed(u'3', 200).step, ScannerBurst::Step::Started); // a person's pause
    QCOMPARE(burst.feed(u'4', 205).step, ScannerBurst::Step::Continued);
    QCOMPARE(burst.feed(u'\n', 210).step, ScannerBurst::Step::NotABurst); // "34": too short
    QCOMPARE(burst.feed(u'5', 212).step, ScannerBurst::Step::Started);    // Enter ended it
    for (int i = 0; i < 3; ++i)
        QCOMPARE(burst.feed(u'6', 214 + i).step, ScannerBurst::Step::Continued);
    const auto done = burst.feed(u'\r', 220);
    QCOMPARE(done.step, ScannerBurst::Step::Complete);
    QCOMPARE(done.code, u"5666"_s);
}

void TestScannerBurst::resetForgetsTheBurst()
{
    ScannerBurst burst({50, 4});
    for (int i = 0; i < 6; ++i)
        QVERIFY(!burst.feed(u'7', i).complete());
    burst.reset(); // Esc
    QCOMPARE(burst.feed(u'\n', 7).step, ScannerBurst::Step::NotABurst);
}

QTEST_GUILESS_MAIN(TestScannerBurst)
#include "tst_scannerburst.moc"
