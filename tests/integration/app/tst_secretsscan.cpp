// After onboarding (provisioning, an owner with two-factor) and a day of sales, none of the
// known secrets appears in plain text in the database files, the settings or the logs.
#include "alipayof.h"
#include "app/appcontext.h"
#include "app/providersetup.h"

#include "core/checkout/checkoutservice.h"
#include "core/crypto/crypto.h"
#include "core/orders/orderqueries.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/security/operatorservice.h"
#include "core/storage/settingsstore.h"
#include "core/util/clock.h"

#include "testappcontext.h"
#include "testsandbox.h"

#include <QDirIterator>
#include <QLoggingCategory>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;

namespace {

QtMessageHandler s_previousHandler = nullptr;
QByteArray s_log;

void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    s_log += qFormatLogMessage(type, context, message).toUtf8() + '\n';
    if (s_previousHandler)
        s_previousHandler(type, context, message);
}

} // namespace

class TestSecretsScan : public QObject
{
    Q_OBJECT
private slots:
    void nothingSecretInPlainText();
};

void TestSecretsScan::nothingSecretInPlainText()
{
    qputenv("QT_LOGGING_RULES", "paydesk.*.debug=true");
    QLoggingCategory::setFilterRules(QStringLiteral("paydesk.*.debug=true"));
    s_previousHandler = qInstallMessageHandler(captureLog);

    TestSandbox sandbox;
    QVERIFY(sandbox.startServer().isEmpty());
    TestAppContext app;
    QVERIFY(app.createStarted(sandbox.baseUrl()).isEmpty());
    AppContext &ctx = *app;

    // Onboarding: the owner, a password, two-factor with recovery codes, store details.
    const QString password = QStringLiteral("Jade-Teapot#8821");
    ctx.operators().setScryptCost({1 << 10, 8, 1});
    QVERIFY(ctx.operators().bootstrapOwner(QStringLiteral("meiling"), password).ok());
    auto session = ctx.operators().authenticate(QStringLiteral("meiling"), password);
    QVERIFY(session.ok());
    auto enrollment = ctx.operators().beginTotpEnrollment(session.value());
    QVERIFY(enrollment.ok());
    const QString totpSecret = enrollment.value().secretBase32;
    auto secretBytes = crypto::base32Decode(totpSecret);
    QVERIFY(secretBytes.ok());
    const QString code = crypto::totp(secretBytes.value(), ctx.clock().nowUtc().toSecsSinceEpoch());
    auto recovery = ctx.operators().confirmTotpEnrollment(session.value(), code);
    QVERIFY(recovery.ok());
    QVERIFY(!recovery.value().isEmpty());
    QVERIFY(ctx.settings()
                .setValue(QStringLiteral("store.name"), QStringLiteral("Jade Tea House"))
                .ok());

    // A day of sales: QR payments and payment-code payments.
    CheckoutService &checkout = ctx.checkout();
    QStringList paymentCodes;
    for (int i = 0; i < 3; ++i) {
        auto out = checkout.startQr(Money::fromMinor(1000 + i), QStringLiteral("alipay"));
        QVERIFY(out.ok());
        QTRY_VERIFY_WITH_TIMEOUT(
            !checkout.snapshot(out.value()).value_or(OrderSnapshot{}).qrCode.isEmpty(), 10000);
        sandbox.control(
            QStringLiteral("/sandbox/pay"),
            QJsonObject{{QStringLiteral("qr"), checkout.snapshot(out.value())->qrCode}});
        QTRY_COMPARE_WITH_TIMEOUT(ctx.orderQueries().byOutTradeNo(out.value()).value()->status,
                                  OrderStatus::Paid, 10000);

        const QString payCode = sandbox.newAlipayCode();
        paymentCodes << payCode;
        auto paid = checkout.chargeCode(Money::fromMinor(500 + i), payCode);
        QVERIFY(paid.ok());
        QTRY_COMPARE_WITH_TIMEOUT(ctx.orderQueries().byOutTradeNo(paid.value()).value()->status,
                                  OrderStatus::Paid, 10000);
    }

    // The secrets Paydesk knows.
    const QByteArray privatePem = alipayOf(ctx.providers()).config().appPrivateKey.privateKeyPem();
    QList<QPair<QString, QByteArray>> secrets{
        {QStringLiteral("operator password"), password.toUtf8()},
        {QStringLiteral("TOTP secret (base32)"), totpSecret.toUtf8()},
        {QStringLiteral("TOTP secret (raw)"), secretBytes.value()},
    };
    for (const QString &r : recovery.value())
        secrets.append({QStringLiteral("recovery code"), r.toUtf8()});
    // A distinctive slice of the private key's Base64 body, and its raw DER.
    const QList<QByteArray> pemLines = privatePem.split('\n');
    QVERIFY(pemLines.size() > 10);
    secrets.append({QStringLiteral("app private key (PEM line)"), pemLines.at(5)});
    secrets.append(
        {QStringLiteral("app private key (DER)"), QByteArray::fromBase64(pemLines.at(5)).left(24)});
    for (const QString &c : paymentCodes)
        secrets.append({QStringLiteral("customer payment code"), c.toUtf8()});
    // WeChat Pay's, set up beside Alipay on the sandbox: its API keys and its merchant key.
    const ProviderAccount *wechat = ctx.providers()->account(QStringLiteral("wechatpay"));
    QVERIFY(wechat);
    for (const char *name : {"apiv3_key", "apiv2_key"}) {
        const QByteArray key = wechat->secrets.value(QString::fromLatin1(name));
        QCOMPARE(key.size(), 32);
        secrets.append({QStringLiteral("WeChat Pay %1").arg(QLatin1String(name)), key});
    }
    const QList<QByteArray> merchantLines = wechat->appPrivateKeyPem.split('\n');
    QVERIFY(merchantLines.size() > 10);
    secrets.append({QStringLiteral("WeChat Pay merchant key (PEM line)"), merchantLines.at(5)});
    QFile keyFile(ctx.keyFilePath());
    QVERIFY(keyFile.open(QIODevice::ReadOnly));
    const QByteArray dataKey = keyFile.readAll();
    QCOMPARE(dataKey.size(), 32);
    secrets.append({QStringLiteral("vault data key (raw)"), dataKey});
    secrets.append({QStringLiteral("vault data key (hex)"), dataKey.toHex()});
    secrets.append({QStringLiteral("vault data key (base64)"), dataKey.toBase64()});

    // Everything that is written outside the key file: the database with its WAL, and the log.
    QList<QPair<QString, QByteArray>> haystacks;
    QDirIterator it(app.dir.path(), QDir::Files, QDirIterator::Subdirectories);
    int files = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        if (path == ctx.keyFilePath())
            continue;
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        haystacks.append({path, f.readAll()});
        ++files;
    }
    QVERIFY2(files >= 2, "expected the database and its WAL");
    haystacks.append({QStringLiteral("log"), s_log});
    QVERIFY(s_log.size() > 100); // the log was really captured

    for (const auto &[where, bytes] : haystacks)
        for (const auto &[what, secret] : secrets)
            QVERIFY2(!bytes.contains(secret),
                     qPrintable(QStringLiteral("%1 found in %2").arg(what, where)));

    // The scan can fail: the payment codes' masked forms are stored, the store name is.
    bool storeNameFound = false;
    for (const auto &[where, bytes] : haystacks)
        storeNameFound = storeNameFound || bytes.contains("Jade Tea House");
    QVERIFY(storeNameFound);
    qInstallMessageHandler(s_previousHandler);
}

QTEST_GUILESS_MAIN(TestSecretsScan)
#include "tst_secretsscan.moc"
