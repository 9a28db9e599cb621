// Two tills on one merchant account, both left at the default settings, must never build
// the same out_trade_no: every data dir gets its own till identity on first start.
#include "app/appcontext.h"

#include "core/checkout/checkoutservice.h"
#include "core/settings/storesettings.h"
#include "core/storage/settingsstore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

class TestTillIdentity : public QObject
{
    Q_OBJECT
private slots:
    void freshTillsDoNotCollide();
    void checkoutFollowsTheStoreSettings();
};

namespace {
struct Till
{
    QString identity;
    QString firstOutTradeNo;
};

Till startTill(const QString &dir)
{
    auto ctx = AppContext::create(AppOptions{dir, {}, u"en"_s});
    if (!ctx.ok())
        return {};
    CheckoutService &checkout = ctx.value()->checkout();
    auto out =
        checkout.orders().nextOutTradeNo(checkout.config().storeCode, checkout.config().till);
    return {checkout.config().till, out.ok() ? out.value() : QString()};
}
} // namespace

void TestTillIdentity::freshTillsDoNotCollide()
{
    QTemporaryDir a, b;
    const Till first = startTill(a.path());
    const Till second = startTill(b.path());
    QVERIFY(!first.firstOutTradeNo.isEmpty());
    QVERIFY(!second.firstOutTradeNo.isEmpty());
    QVERIFY2(first.identity != second.identity, qPrintable(first.identity));
    // Same second, same sequence number: only the identity keeps them apart.
    QVERIFY2(first.firstOutTradeNo.section(u'-', 0, 1) !=
                 second.firstOutTradeNo.section(u'-', 0, 1),
             qPrintable(first.firstOutTradeNo + u" / "_s + second.firstOutTradeNo));
    for (const Till &t : {first, second}) {
        QVERIFY(t.firstOutTradeNo.size() <= 32);
        QVERIFY(t.firstOutTradeNo.contains(t.identity));
    }
    // The identity is created once and survives a restart.
    QCOMPARE(startTill(a.path()).identity, first.identity);
    QCOMPARE(startTill(b.path()).identity, second.identity);
}

void TestTillIdentity::checkoutFollowsTheStoreSettings()
{
    // Receipts and the buyer's wallet used to show the store name read at start-up.
    QTemporaryDir dir;
    auto ctx = AppContext::create(AppOptions{dir.path(), {}, u"en"_s});
    QVERIFY(ctx.ok());
    CheckoutService &checkout = ctx.value()->checkout();
    QCOMPARE(checkout.config().storeName, u"My store"_s);
    QCOMPARE(checkout.config().maxSaleAmount.minor(), 10'000'000);
    QVERIFY(ctx.value()->settings().setValue(u"store.name"_s, u"Jade Tea House"_s).ok());
    QVERIFY(ctx.value()->settings().setValue(u"checkout.max_sale_minor"_s, u"5000"_s).ok());
    // What StoreSettings::apply emits after storing an owner's edit.
    emit ctx.value()->storeSettings().changed({u"store.name"_s, u"checkout.max_sale_minor"_s});
    QCOMPARE(checkout.config().storeName, u"Jade Tea House"_s);
    QCOMPARE(checkout.config().maxSaleAmount.minor(), 5000);
    QCOMPARE(ctx.value()->storeName(), u"Jade Tea House"_s);
    QCOMPARE(checkout.config().till, ctx.value()->storeSettings().tillIdentity());
}

QTEST_GUILESS_MAIN(TestTillIdentity)
#include "tst_tillidentity.moc"
