#include "core/money/money.h"

#include <QTest>

using namespace paydesk;

class TestMoney : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
    void parseRejects_data();
    void parseRejects();
    void format_data();
    void format();
    void decimalString_data();
    void decimalString();
    void arithmeticChecksOverflow();
    void currencyMismatch();
    void allocateSumsExactly_data();
    void allocateSumsExactly();
    void percent();
};

void TestMoney::parse_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("minor");
    QTest::newRow("en int") << "en_US"
                            << "12" << qint64(1200);
    QTest::newRow("en one decimal") << "en_US"
                                    << "12.3" << qint64(1230);
    QTest::newRow("en two decimals") << "en_US"
                                     << "12.30" << qint64(1230);
    QTest::newRow("en symbol") << "en_US"
                               << "¥12.30" << qint64(1230);
    QTest::newRow("en fullwidth symbol") << "en_US"
                                         << "￥8" << qint64(800);
    QTest::newRow("en grouping") << "en_US"
                                 << "1,234.50" << qint64(123450);
    QTest::newRow("en spaces") << "en_US"
                               << "  7.05 " << qint64(705);
    QTest::newRow("en leading dot") << "en_US"
                                    << "0.01" << qint64(1);
    QTest::newRow("zh int") << "zh_CN"
                            << "88" << qint64(8800);
    QTest::newRow("zh decimals") << "zh_CN"
                                 << "¥1,234.56" << qint64(123456);
    QTest::newRow("de comma decimal") << "de_DE"
                                      << "12,30" << qint64(1230);
    QTest::newRow("de grouping") << "de_DE"
                                 << "1.234,50" << qint64(123450);
    QTest::newRow("zh keypad") << "zh_CN"
                               << "0.5" << qint64(50);
    QTest::newRow("large") << "en_US"
                           << "92233720368547758.07" << qint64(9223372036854775807LL);
}

void TestMoney::parse()
{
    QFETCH(QString, locale);
    QFETCH(QString, text);
    QFETCH(qint64, minor);
    const auto r = Money::parse(text, QLocale(locale));
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QCOMPARE(r.value().minor(), minor);
    QCOMPARE(r.value().currency().code, QStringLiteral("CNY"));
}

void TestMoney::parseRejects_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    QTest::newRow("three decimals") << "en_US"
                                    << "12.345"
                                    << "money.too_many_decimals";
    QTest::newRow("letters") << "en_US"
                             << "abc"
                             << "money.invalid";
    QTest::newRow("digits then letters") << "en_US"
                                         << "12a"
                                         << "money.invalid";
    QTest::newRow("empty") << "en_US"
                           << ""
                           << "money.empty";
    QTest::newRow("blank") << "zh_CN"
                           << "   "
                           << "money.empty";
    QTest::newRow("two dots") << "en_US"
                              << "1.2.3"
                              << "money.invalid";
    QTest::newRow("negative") << "en_US"
                              << "-5"
                              << "money.negative";
    QTest::newRow("overflow") << "en_US"
                              << "92233720368547758.08"
                              << "money.overflow";
    QTest::newRow("huge") << "zh_CN"
                          << "999999999999999999999"
                          << "money.overflow";
    QTest::newRow("symbol only") << "en_US"
                                 << "¥"
                                 << "money.empty";
    QTest::newRow("de dot is grouping") << "de_DE"
                                        << "12.3"
                                        << "money.invalid";
    QTest::newRow("en bad grouping") << "en_US"
                                     << "1,23"
                                     << "money.invalid";
    QTest::newRow("en bad grouping 2") << "en_US"
                                       << "1,2345.00"
                                       << "money.invalid";
    QTest::newRow("fullwidth digits") << "zh_CN"
                                      << "１２"
                                      << "money.invalid";
}

void TestMoney::parseRejects()
{
    QFETCH(QString, locale);
    QFETCH(QString, text);
    QFETCH(QString, code);
    const auto r = Money::parse(text, QLocale(locale));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, code);
    QVERIFY(!r.error().message.isEmpty());
}

void TestMoney::format_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<qint64>("minor");
    QTest::addColumn<QString>("text");
    QTest::newRow("en") << "en_US" << qint64(123450) << "¥1,234.50";
    QTest::newRow("zh") << "zh_CN" << qint64(123456789) << "¥1,234,567.89";
    QTest::newRow("small") << "zh_CN" << qint64(5) << "¥0.05";
    QTest::newRow("negative") << "en_US" << qint64(-1999) << "-¥19.99";
    QTest::newRow("de") << "de_DE" << qint64(123450) << "¥1.234,50";
}

void TestMoney::format()
{
    QFETCH(QString, locale);
    QFETCH(qint64, minor);
    QFETCH(QString, text);
    const Money m = Money::fromMinor(minor);
    QCOMPARE(m.format(QLocale(locale)), text);
    // What we print, we can read back.
    QCOMPARE(Money::parse(text, QLocale(locale), Currency::cny(), true).value().minor(), minor);
}

void TestMoney::decimalString_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<qint64>("minor");
    QTest::newRow("plain") << "12.34" << true << qint64(1234);
    QTest::newRow("one decimal") << "0.5" << true << qint64(50);
    QTest::newRow("integer") << "100" << true << qint64(10000);
    QTest::newRow("negative") << "-0.01" << true << qint64(-1);
    QTest::newRow("three decimals") << "1.001" << false << qint64(0);
    QTest::newRow("comma") << "1,00" << false << qint64(0);
    QTest::newRow("trailing dot") << "1." << false << qint64(0);
    QTest::newRow("leading dot") << ".5" << false << qint64(0);
    QTest::newRow("exponent") << "1e3" << false << qint64(0);
    QTest::newRow("space") << " 1" << false << qint64(0);
}

void TestMoney::decimalString()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(qint64, minor);
    const auto r = Money::fromDecimalString(text);
    QCOMPARE(r.ok(), valid);
    if (valid) {
        QCOMPARE(r.value().minor(), minor);
        QCOMPARE(Money::fromDecimalString(r.value().toDecimalString()).value().minor(), minor);
    }
    QCOMPARE(Money::fromMinor(1234).toDecimalString(), QStringLiteral("12.34"));
    QCOMPARE(Money::fromMinor(-5).toDecimalString(), QStringLiteral("-0.05"));
}

void TestMoney::arithmeticChecksOverflow()
{
    const Money max = Money::fromMinor(std::numeric_limits<qint64>::max());
    QVERIFY(!max.plus(Money::fromMinor(1)).ok());
    QCOMPARE(max.plus(Money::fromMinor(1)).error().code, QStringLiteral("money.overflow"));
    QVERIFY(!Money::fromMinor(std::numeric_limits<qint64>::min()).minus(Money::fromMinor(1)).ok());
    QVERIFY(!max.times(2).ok());
    QCOMPARE(Money::fromMinor(250).plus(Money::fromMinor(50)).value().minor(), qint64(300));
    QCOMPARE(Money::fromMinor(250).minus(Money::fromMinor(300)).value().minor(), qint64(-50));
    QCOMPARE(Money::fromMinor(250).times(3).value().minor(), qint64(750));
}

void TestMoney::currencyMismatch()
{
    const Money cny = Money::fromMinor(100);
    const Money usd = Money::fromMinor(100, *Currency::fromCode(QStringLiteral("USD")));
    QVERIFY(!cny.plus(usd).ok());
    QCOMPARE(cny.plus(usd).error().code, QStringLiteral("money.currency_mismatch"));
    QVERIFY(cny != usd);
}

void TestMoney::allocateSumsExactly_data()
{
    QTest::addColumn<qint64>("total");
    QTest::addColumn<QList<qint64>>("weights");
    QTest::addColumn<QList<qint64>>("expected");
    QTest::newRow("thirds") << qint64(100) << QList<qint64>{1, 1, 1} << QList<qint64>{34, 33, 33};
    QTest::newRow("uneven") << qint64(1001) << QList<qint64>{3, 7} << QList<qint64>{300, 701};
    QTest::newRow("one part") << qint64(999) << QList<qint64>{5} << QList<qint64>{999};
    QTest::newRow("zero weight") << qint64(10) << QList<qint64>{0, 1} << QList<qint64>{0, 10};
    QTest::newRow("negative total")
        << qint64(-100) << QList<qint64>{1, 1, 1} << QList<qint64>{-34, -33, -33};
    QTest::newRow("sevenths") << qint64(1) << QList<qint64>{1, 1, 1, 1, 1, 1, 1}
                              << QList<qint64>{1, 0, 0, 0, 0, 0, 0};
}

void TestMoney::allocateSumsExactly()
{
    QFETCH(qint64, total);
    QFETCH(QList<qint64>, weights);
    QFETCH(QList<qint64>, expected);
    const auto parts = Money::fromMinor(total).allocate(weights);
    QVERIFY(parts.ok());
    qint64 sum = 0;
    QList<qint64> got;
    for (const Money &m : parts.value()) {
        sum += m.minor();
        got << m.minor();
    }
    QCOMPARE(sum, total);
    QCOMPARE(got, expected);

    // Property: any total split any way sums back exactly.
    for (qint64 t = 0; t < 500; t += 7) {
        const auto p = Money::fromMinor(t).allocate({3, 5, 11, 1});
        qint64 s = 0;
        for (const Money &m : p.value())
            s += m.minor();
        QCOMPARE(s, t);
    }
    QVERIFY(!Money::fromMinor(1).allocate({}).ok());
    QVERIFY(!Money::fromMinor(1).allocate({0, 0}).ok());
    QVERIFY(!Money::fromMinor(1).allocate({-1, 2}).ok());
}

void TestMoney::percent()
{
    QCOMPARE(Money::fromMinor(10000).percentBasisPoints(60).value().minor(), qint64(60)); // 0.6 %
    QCOMPARE(Money::fromMinor(1234).percentBasisPoints(60).value().minor(), qint64(7));   // 7.404
    QCOMPARE(Money::fromMinor(1250).percentBasisPoints(60).value().minor(), qint64(8)); // 7.5 -> 8
    QCOMPARE(Money::fromMinor(-1250).percentBasisPoints(60).value().minor(), qint64(-8));
}

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
