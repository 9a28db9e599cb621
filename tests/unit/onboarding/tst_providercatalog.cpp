// The comparison data and the fee calculator: the shipped file parses and covers every provider
// with an adapter; fees are charged per payment and rounded to the fen; bad files and bad
// input are refused with a reason.
#include "core/onboarding/providercatalog.h"
#include "core/providers/providerregistry.h"

#include <QTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {
Money yuan(qint64 minor)
{
    return Money::fromMinor(minor);
}
} // namespace

class TestProviderCatalog : public QObject
{
    Q_OBJECT
private slots:
    void builtinFileIsCompleteAndDated()
    {
        auto catalog = ProviderCatalog::builtin();
        QVERIFY2(catalog.ok(), catalog.ok() ? "" : qPrintable(catalog.error().message));
        QVERIFY(catalog.value().date().isValid());
        QVERIFY(catalog.value().source().contains(u"ONBOARDING-PROTOCOLS"_s));
        ProviderRegistry registry;
        registerBuiltinProviders(registry);
        for (const QString &id : registry.ids()) {
            if (!registry.find(id)->hasAdapter())
                continue;
            const CatalogEntry *e = catalog.value().find(id);
            QVERIFY2(e, qPrintable(id + u" has an adapter but no comparison entry"_s));
            QVERIFY(e->feeRateBp > 0);
            QVERIFY(!e->hotline.isEmpty());
            QVERIFY(!e->documents.isEmpty());
            QVERIFY(!e->methods.isEmpty());
        }
        const CatalogEntry *alipay = catalog.value().find(u"alipay"_s);
        QVERIFY(alipay);
        QCOMPARE(alipay->feeRateBp, 60);
        QCOMPARE(alipay->hotline, u"95188"_s);
        const CatalogEntry *wechat = catalog.value().find(u"wechatpay"_s);
        QVERIFY(wechat);
        QCOMPARE(wechat->hotline, u"95017"_s);
        QCOMPARE(wechat->settlement, u"t_plus_1"_s);
    }

    void fees_data()
    {
        QTest::addColumn<qint64>("volume");
        QTest::addColumn<qint64>("ticket");
        QTest::addColumn<int>("bp");
        QTest::addColumn<qint64>("payments");
        QTest::addColumn<qint64>("fees");
        // ¥100,000 in ¥35 tickets: 2,857 payments of ¥35 (21 fen each) + one of ¥5 (3 fen).
        QTest::newRow("0.6% of 100k at 35") << 10000000LL << 3500LL << 60 << 2858LL << 60000LL;
        // At 0.38 % a ¥35 payment costs 13.3 → 13 fen: rounding per payment saves ¥8.57.
        QTest::newRow("0.38% of 100k at 35") << 10000000LL << 3500LL << 38 << 2858LL << 37143LL;
        // ¥12.34 tickets: 7.404 → 7 fen each, 810 of them, plus ¥4.60 → 2.76 → 3 fen.
        QTest::newRow("0.6% of 10k at 12.34") << 1000000LL << 1234LL << 60 << 811LL << 5673LL;
        // A ¥0.50 ticket at 0.6 % is 0.3 fen: rounded to nothing, per payment.
        QTest::newRow("tiny tickets") << 5000LL << 50LL << 60 << 100LL << 0LL;
        // Half a fen rounds up: ¥2.50 at 0.2 % = 0.5 fen → 1 fen.
        QTest::newRow("half up") << 25000LL << 250LL << 20 << 100LL << 100LL;
        QTest::newRow("one payment") << 3500LL << 3500LL << 60 << 1LL << 21LL;
    }
    void fees()
    {
        QFETCH(qint64, volume);
        QFETCH(qint64, ticket);
        QFETCH(int, bp);
        QFETCH(qint64, payments);
        QFETCH(qint64, fees);
        auto e = ProviderCatalog::estimateFor(yuan(volume), yuan(ticket), bp);
        QVERIFY2(e.ok(), e.ok() ? "" : qPrintable(e.error().message));
        QCOMPARE(e.value().payments, payments);
        QCOMPARE(e.value().fees.minor(), fees);
        QCOMPARE(e.value().net.minor(), volume - fees);
    }

    void sideBySide()
    {
        auto catalog = ProviderCatalog::builtin();
        QVERIFY(catalog.ok());
        auto all = catalog.value().estimate(yuan(10000000), yuan(3500),
                                            {u"wechatpay"_s, u"alipay"_s, u"nobody"_s});
        QVERIFY(all.ok());
        QCOMPARE(all.value().size(), 2); // unknown ids are left out, the order is kept
        QCOMPARE(all.value().at(0).providerId, u"wechatpay"_s);
        QCOMPARE(all.value().at(1).providerId, u"alipay"_s);
        QCOMPARE(all.value().at(1).fees.minor(), 60000);
    }

    void badInputRefused_data()
    {
        QTest::addColumn<qint64>("volume");
        QTest::addColumn<qint64>("ticket");
        QTest::addColumn<QString>("code");
        QTest::newRow("zero volume") << 0LL << 100LL << u"onboarding.volume"_s;
        QTest::newRow("zero ticket") << 100LL << 0LL << u"onboarding.ticket"_s;
        QTest::newRow("negative ticket") << 100LL << -5LL << u"onboarding.ticket"_s;
        QTest::newRow("ticket above volume") << 100LL << 200LL << u"onboarding.ticket"_s;
    }
    void badInputRefused()
    {
        QFETCH(qint64, volume);
        QFETCH(qint64, ticket);
        QFETCH(QString, code);
        auto e = ProviderCatalog::estimateFor(yuan(volume), yuan(ticket), 60);
        QVERIFY(!e.ok());
        QCOMPARE(e.error().code, code);
        QVERIFY(!e.error().message.isEmpty());
    }

    void damagedFilesRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        const QByteArray good =
            R"({"date":"2026-12-02","source":"s","providers":[{"id":"p","fee_rate_bp":60,)"
            R"("settlement":"t_plus_1","payment_methods":["qr"],"review_working_days":[1,2],)"
            R"("documents":["business_licence"]}]})";
        QTest::newRow("not json") << QByteArray("{");
        QTest::newRow("no date") << QByteArray(good).replace("2026-12-02", "soon");
        QTest::newRow("unknown settlement") << QByteArray(good).replace("t_plus_1", "t_plus_7");
        QTest::newRow("unknown method") << QByteArray(good).replace("\"qr\"", "\"cash\"");
        QTest::newRow("unknown document")
            << QByteArray(good).replace("business_licence", "passport");
        QTest::newRow("days backwards") << QByteArray(good).replace("[1,2]", "[3,2]");
        QTest::newRow("no providers") << QByteArray(R"({"date":"2026-12-02","source":"s"})");
        QVERIFY(ProviderCatalog::fromJson(good).ok());
    }
    void damagedFilesRefused()
    {
        QFETCH(QByteArray, json);
        auto c = ProviderCatalog::fromJson(json);
        QVERIFY(!c.ok());
        QCOMPARE(c.error().code, u"onboarding.catalog"_s);
    }

    void rateText()
    {
        const QLocale c = QLocale::c();
        QCOMPARE(ProviderCatalog::rateText(60, c), u"0.6%"_s);
        QCOMPARE(ProviderCatalog::rateText(38, c), u"0.38%"_s);
        QCOMPARE(ProviderCatalog::rateText(100, c), u"1%"_s);
        QCOMPARE(ProviderCatalog::rateText(0, c), u"0%"_s);
        QCOMPARE(ProviderCatalog::rateText(60, QLocale(QLocale::German)), u"0,6%"_s);
    }
};

QTEST_GUILESS_MAIN(TestProviderCatalog)
#include "tst_providercatalog.moc"
