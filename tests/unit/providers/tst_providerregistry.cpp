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
#include <QJsonDocument>
#include <QJsonObject>
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
    QVERIFY(wechat && wechat->hasAdapter() && wechat->chargeable);
    QCOMPARE(wechat->capabilities.reverseNotBeforeSeconds, 15);
    QCOMPARE(int(wechat->capabilities.cancel), int(CancelBehaviour::CloseOrRefund));
    QVERIFY(wechat->capabilities.qrOrders && wechat->capabilities.statements);
    QVERIFY(wechat->sandboxAccount);
    // WeChat wants a 2xx and JSON; a refusal is JSON too, with code FAIL.
    const NotificationAck &ack = wechat->capabilities.notificationAck;
    QCOMPARE(ack.httpStatus, 200);
    QCOMPARE(ack.contentType, QByteArray("application/json"));
    QCOMPARE(QJsonDocument::fromJson(ack.body).object().value(u"code"_s).toString(), u"SUCCESS"_s);
    QCOMPARE(QJsonDocument::fromJson(ack.failureBody).object().value(u"code"_s).toString(),
             u"FAIL"_s);
    QCOMPARE(m_registry.forPaymentCode(u"101234567890123456")->id, u"wechatpay"_s);
    QCOMPARE(m_registry.forPaymentCode(u"159999999999999999")->id, u"wechatpay"_s);
    QVERIFY(!m_registry.forPaymentCode(u"161234567890123456"));
    QVERIFY(!m_registry.forPaymentCode(u"13456789012345678"));
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

    // Further fields and secrets (a WeChat Pay account's): kept, the secrets only sealed.
    ProviderAccount wechat = account;
    wechat.provider = u"wechatpay"_s;
    wechat.params = {{u"mchid"_s, u"1900000001"_s}, {u"platform_serial"_s, u"5157F09E"_s}};
    const QByteArray apiv3 = "a7cde1ZJB1kG2e7VfTs3jQzaWizur8Gb";
    const QByteArray apiv2 = "192006250b4c09247ec02edce69f6a2d";
    wechat.secrets = {{u"apiv3_key"_s, apiv3}, {u"apiv2_key"_s, apiv2}};
    QVERIFY(store.save(wechat).ok());
    auto rows = db.value()->exec(u"SELECT params, secrets FROM provider_accounts"
                                 " WHERE provider = 'wechatpay'"_s);
    QVERIFY(rows.ok() && rows.value().next());
    QVERIFY(rows.value().value(0).toString().contains(u"1900000001"));
    const QString sealed = rows.value().value(1).toString();
    QVERIFY(sealed.contains(u"apiv3_key"));
    QVERIFY(!sealed.contains(QString::fromLatin1(apiv3)));
    QVERIFY(!sealed.contains(QString::fromLatin1(apiv2)));
    auto back = store.load(u"wechatpay"_s, u"production"_s);
    QVERIFY(back.ok() && back.value().has_value());
    QCOMPARE(back.value()->params, wechat.params);
    QCOMPARE(back.value()->secrets, wechat.secrets);
    // A secret's blob is bound to its name: swapped into another field, it does not decrypt.
    QJsonObject swapped = QJsonDocument::fromJson(sealed.toUtf8()).object();
    const QJsonValue v3 = swapped.value(u"apiv3_key"_s);
    swapped.insert(u"apiv3_key"_s, swapped.value(u"apiv2_key"_s));
    swapped.insert(u"apiv2_key"_s, v3);
    QVERIFY(db.value()
                ->exec(u"UPDATE provider_accounts SET secrets = ? WHERE provider = 'wechatpay'"_s,
                       {QString::fromUtf8(QJsonDocument(swapped).toJson())})
                .ok());
    QVERIFY(!store.load(u"wechatpay"_s, u"production"_s).ok());
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
        QObject ctx;
        auto account = await<Result<ProviderAccount>>([&](auto done) {
            provisionSandboxAccount(&network, server.baseUrl(), id, key.value(), &ctx, done, 10000,
                                    d->sandboxAccount);
        });
        QVERIFY2(account, qPrintable(id));
        if (!account->ok() && account->error().code == u"sandbox.unsupported" && id != u"alipay")
            continue; // this build's sandbox does not speak that dialect yet
        QVERIFY2(account->ok(), qPrintable(id));
        ++built;
        ProviderAccount withReceiver = account->value();
        withReceiver.notifyUrl = u"http://127.0.0.1:9/notify/%1"_s.arg(id); // nobody listens
        auto provider = m_registry.create(withReceiver, {&network, &clock});
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
        // Not paid: an Alipay trade does not exist until scanned, a WeChat one waits (NOTPAY).
        QVERIFY2(queried->state == TradeState::NotExist ||
                     queried->state == TradeState::WaitBuyerPay,
                 qPrintable(id));
    }
    QVERIFY(built >= 1);
}

QTEST_GUILESS_MAIN(TestProviderRegistry)
#include "tst_providerregistry.moc"
