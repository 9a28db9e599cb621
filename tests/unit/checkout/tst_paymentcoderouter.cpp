#include "core/checkout/paymentcoderouter.h"
#include "core/providers/providerregistry.h"

#include <QTest>

using namespace paydesk;
using namespace Qt::StringLiterals;
using V = PaymentCodeRoute::Verdict;

class TestPaymentCodeRouter : public QObject
{
    Q_OBJECT
public:
    TestPaymentCodeRouter() { registerBuiltinProviders(m_registry); }

private slots:
    void route_data();
    void route();
    void routesOnlyByRegisteredRules();
    void mask();

private:
    ProviderRegistry m_registry;
};

void TestPaymentCodeRouter::route_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("verdict");
    QTest::addColumn<QString>("provider");

    QTest::newRow("wechat 10") << u"101234567890123456"_s << int(V::Routable) << u"wechatpay"_s;
    QTest::newRow("wechat 13") << u"134567890123456789"_s << int(V::Routable) << u"wechatpay"_s;
    QTest::newRow("wechat 15") << u"159999999999999999"_s << int(V::Routable) << u"wechatpay"_s;
    QTest::newRow("wechat 16 prefix") << u"161234567890123456"_s << int(V::Invalid) << QString();
    QTest::newRow("wechat 09 prefix") << u"091234567890123456"_s << int(V::Invalid) << QString();
    QTest::newRow("wechat 17 digits") << u"13456789012345678"_s << int(V::Invalid) << QString();
    QTest::newRow("wechat 19 digits") << u"1345678901234567890"_s << int(V::Invalid) << QString();
    QTest::newRow("alipay 16") << u"2876344382566439"_s << int(V::Routable) << u"alipay"_s;
    QTest::newRow("alipay 18") << u"287634438256643912"_s << int(V::Routable) << u"alipay"_s;
    QTest::newRow("alipay 24") << u"300000000000000000000001"_s << int(V::Routable) << u"alipay"_s;
    QTest::newRow("alipay 25 prefix") << u"25123456789012345"_s << int(V::Routable) << u"alipay"_s;
    QTest::newRow("alipay 31 prefix") << u"31123456789012345"_s << int(V::Invalid) << QString();
    QTest::newRow("alipay 15 digits") << u"287634438256643"_s << int(V::Invalid) << QString();
    QTest::newRow("alipay 25 digits")
        << u"2876344382566439123456789"_s << int(V::Invalid) << QString();
    QTest::newRow("unionpay") << u"6212345678901234567"_s << int(V::Unsupported) << QString();
    QTest::newRow("unionpay 18") << u"621234567890123456"_s << int(V::Invalid) << QString();
    QTest::newRow("letters") << u"28763443825664a9"_s << int(V::Invalid) << QString();
    QTest::newRow("empty") << QString() << int(V::Invalid) << QString();
    QTest::newRow("spaces trimmed")
        << u" 2876 3443 8256 6439 "_s << int(V::Routable) << u"alipay"_s;
    QTest::newRow("url") << u"https://qr.alipay.com/x"_s << int(V::Invalid) << QString();
    QTest::newRow("full-width digits")
        << u"２８７６３４４３８２５６６４３９"_s << int(V::Invalid) << QString();
}

void TestPaymentCodeRouter::route()
{
    QFETCH(QString, code);
    QFETCH(int, verdict);
    QFETCH(QString, provider);
    const PaymentCodeRoute r = PaymentCodeRouter::route(code, m_registry);
    QCOMPARE(int(r.verdict), verdict);
    QCOMPARE(r.provider, provider);
    QCOMPARE(r.routable(), !provider.isEmpty());
    // Whatever cannot be charged says why, in words.
    QCOMPARE(r.message.isEmpty(), r.routable());
    if (V(verdict) == V::Unsupported)
        QVERIFY(r.message.contains(u"not supported"));
}

void TestPaymentCodeRouter::routesOnlyByRegisteredRules()
{
    // The router knows no prefix of its own: an empty registry routes nothing, and a
    // provider's registered rule is all it takes to route its codes.
    const ProviderRegistry empty;
    QCOMPARE(int(PaymentCodeRouter::route(u"287634438256643912", empty).verdict), int(V::Invalid));

    ProviderRegistry custom;
    ProviderDescriptor demo;
    demo.id = u"demo"_s;
    demo.nameSource = "Demo Wallet";
    demo.capabilities.paymentCodes = {{6, 8, 99, 99}};
    QVERIFY(custom.add(demo).ok());
    const PaymentCodeRoute r = PaymentCodeRouter::route(u"991234", custom);
    QCOMPARE(r.provider, u"demo"_s);
    QCOMPARE(int(r.verdict), int(V::Routable));
    const PaymentCodeRoute other = PaymentCodeRouter::route(u"281234567890123456", custom);
    QVERIFY(!other.routable());
    QVERIFY2(other.message.contains(u"Demo Wallet"), qPrintable(other.message));
}

void TestPaymentCodeRouter::mask()
{
    QCOMPARE(PaymentCodeRouter::mask(u"287634438256643912"), u"2876**********3912"_s);
    QCOMPARE(PaymentCodeRouter::mask(u"1234"), u"****"_s);
    QVERIFY(!PaymentCodeRouter::mask(u"287634438256643912").contains(u"4382566"));
}

QTEST_GUILESS_MAIN(TestPaymentCodeRouter)
#include "tst_paymentcoderouter.moc"
