#include "core/crypto/crypto.h"
#include "core/crypto/secretvault.h"
#include "core/providers/provideraccountstore.h"
#include "core/providers/providerregistry.h"
#include "core/providers/sandboxprovisioner.h"
#include "core/storage/database.h"
#include "core/util/clock.h"
#include "sandbox/sandboxserver.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>

#include <optional>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

// Stands in for the zh_CN catalogue, so the test does not depend on the lead's translation
// pass: what matters is that names are looked up when asked, not frozen at registration.
class ChineseNames : public QTranslator
{
public:
    QString translate(const char *context, const char *source, const char *, int) const override
    {
        if (qstrcmp(context, "ProviderRegistry") != 0)
            return {};
        if (qstrcmp(source, "Alipay") == 0)
            return u"支付宝"_s;
        if (qstrcmp(source, "WeChat Pay") == 0)
            return u"微信支付"_s;
        return {};
    }
    bool isEmpty() const override { return false; }
};

template <typename T, typename Start> std::optional<T> await(Start start, int ms = 15000)
{
    std::optional<T> result;
    QEventLoop loop;
    start([&](T value) {
        result = std::move(value);
        loop.quit();
    });
    if (!result) {
        QTimer::singleShot(ms, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return result;
}

} // namespace

class TestProviderRegistry : public QObject
{
    Q_OBJECT
public:
    TestProviderRegistry() { registerBuiltinProviders(m_registry); }

private slots:
    void displayNamesInBothLanguages();
    void alipayCapabilities();
    void rejectsDuplicatesAndUnknowns();
    void accountStoreKeepsKeysEncrypted();
    void factoryBuildsAWorkingAdapter();

private:
    ProviderRegistry m_registry;
};

void TestProviderRegistry::displayNamesInBothLanguages()
{
    QCOMPARE(m_registry.displayName(u"alipay"_s), u"Alipay"_s);
    QCOMPARE(m_registry.displayName(u"wechatpay"_s), u"WeChat Pay"_s);
    QCOMPARE(m_registry.chargeableNames(), u"Alipay or WeChat Pay"_s);
    ChineseNames zh;
    QCoreApplication::installTranslator(&zh);
    QCOMPARE(m_registry.displayName(u"alipay"_s), u"支付宝"_s);
    QCOMPARE(m_registry.displayName(u"wechatpay"_s), u"微信支付"_s);
    QCoreApplication::removeTranslator(&zh);
    QCOMPARE(m_registry.displayName(u"alipay"_s), u"Alipay"_s);
    QCOMPARE(m_registry.displayName(u"nosuch"_s), u"nosuch"_s);
}

void TestProviderRegistry::alipayCapabilities()
{
    const ProviderDescriptor *d = m_registry.find(u"alipay"_s);
    QVERIFY(d);
    QVERIFY(d->hasAdapter());
    QVERIFY(d->chargeable);
    const ProviderCapabilities &c = d->capabilities;
    QCOMPARE(c.reverseNotBeforeSeconds, 0);
    QCOMPARE(int(c.cancel), int(CancelBehaviour::CloseOrRefund));
    QCOMPARE(c.notificationAck.httpStatus, 200);
    QCOMPARE(c.notificationAck.body, QByteArray("success"));
    QVERIFY(c.qrOrders && c.statements && c.sandbox);
    QCOMPARE(m_registry.forPaymentCode(u"287634438256643912")->id, u"alipay"_s);
    QCOMPARE(m_registry.forPaymentCode(u"134567890123456789")->id, u"wechatpay"_s);
    QVERIFY(!m_registry.forPaymentCode(u"311234567890123456"));

    const ProviderDescriptor *wechat = m_registry.find(u"wechatpay"_s);
    QVERIFY(wechat && !wechat->hasAdapter());
    QCOMPARE(wechat->capabilities.reverseNotBeforeSeconds, 15);
    QVERIFY(!m_registry.find(u"unionpay"_s)->chargeable);
}

void TestProviderRegistry::rejectsDuplicatesAndUnknowns()
{
    ProviderRegistry r;
    ProviderDescriptor d;
    d.id = u"demo"_s;
    QVERIFY(r.add(d).ok());
    QVERIFY(!r.add(d).ok());
    QVERIFY(!r.add(ProviderDescriptor{}).ok());
    ProviderAccount account;
    account.provider = u"demo"_s; // registered without an adapter
    QCOMPARE(r.create(account, {}).error().code, u"providers.no_adapter"_s);
    account.provider = u"nosuch"_s;
    QCOMPARE(r.create(account, {}).error().code, u"providers.unknown"_s);
}

void TestProviderRegistry::accountStoreKeepsKeysEncrypted()
{
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(u"a.sqlite"_s));
    QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
    auto vault = SecretVault::fromKey(QByteArray(SecretVault::KeySize, 'k'));
    QVERIFY(vault.ok());
    ManualClock clock(QDateTime(QDate(2026, 3, 1), QTime(9, 0), Qt::UTC));
    ProviderAccountStore store(*db.value(), *vault.value(), clock);

    QVERIFY(!store.load(u"alipay"_s, u"production"_s).value().has_value());
    auto key = crypto::RsaKey::generate(2048);
    QVERIFY(key.ok());
    ProviderAccount account;
    account.provider = u"alipay"_s;
    account.environment = u"production"_s;
    account.appId = u"2021000000000001"_s;
    account.gateway = QUrl(u"https://openapi.example/gateway.do"_s);
    account.providerPublicKeyPem = key.value().publicKeyPem();
    account.appPrivateKeyPem = key.value().privateKeyPem();
    QVERIFY(store.save(account).ok());

    auto raw = db.value()->exec(u"SELECT app_private_key FROM provider_accounts"_s);
    QVERIFY(raw.ok() && raw.value().next());
    QVERIFY(!raw.value().value(0).toString().contains(u"PRIVATE KEY"));

    auto loaded = store.load(u"alipay"_s, u"production"_s);
    QVERIFY(loaded.ok() && loaded.value().has_value());
    QCOMPARE(loaded.value()->appId, account.appId);
    QCOMPARE(loaded.value()->gateway, account.gateway);
    QCOMPARE(loaded.value()->appPrivateKeyPem, account.appPrivateKeyPem);
    QVERIFY(!store.load(u"alipay"_s, u"sandbox-embedded"_s).value().has_value());
    // Accounts stored before the store existed used this context; they must still decrypt.
    QCOMPARE(ProviderAccountStore::privateKeyContext(u"alipay"_s),
             QByteArray("provider_accounts.alipay.app_private_key"));
}

void TestProviderRegistry::factoryBuildsAWorkingAdapter()
{
    sandbox::SandboxOptions options;
    options.seed = 11;
    sandbox::SandboxServer server(options);
    QVERIFY(server.start().ok());
    QNetworkAccessManager network;
    SystemClock clock;
    auto key = crypto::RsaKey::generate(2048);
    QVERIFY(key.ok());

    int built = 0;
    for (const QString &id : m_registry.ids()) {
        const ProviderDescriptor *d = m_registry.find(id);
        if (!d->hasAdapter() || !d->capabilities.sandbox)
            continue;
        ++built;
        QObject ctx;
        auto account = await<Result<ProviderAccount>>([&](auto done) {
            provisionSandboxAccount(&network, server.baseUrl(), id, key.value(), &ctx, done);
        });
        QVERIFY2(account && account->ok(), qPrintable(id));
        auto provider = m_registry.create(account->value(), {&network, &clock});
        QVERIFY2(provider.ok(), qPrintable(provider.ok() ? QString() : provider.error().message));
        QCOMPARE(provider.value()->id(), id);

        QrOrderRequest request;
        request.outTradeNo = u"REG-%1-1"_s.arg(id);
        request.amount = Money::fromMinor(1234);
        request.subject = u"registry test"_s;
        auto qr =
            await<QrOrderReply>([&](auto done) { provider.value()->createQrOrder(request, done); });
        QVERIFY(qr);
        QVERIFY2(qr->status.ok(), qPrintable(qr->status.message));
        QVERIFY(!qr->qrCode.isEmpty());
        auto queried = await<TradeReply>(
            [&](auto done) { provider.value()->query(request.outTradeNo, done); });
        QVERIFY(queried && queried->status.ok());
        QCOMPARE(int(queried->state), int(TradeState::NotExist)); // not scanned yet
    }
    QVERIFY(built >= 1);
}

QTEST_GUILESS_MAIN(TestProviderRegistry)
#include "tst_providerregistry.moc"
