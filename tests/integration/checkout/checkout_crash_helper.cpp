// Helper for tst_checkout_sandbox: charges one payment code through CheckoutService and
// waits, so that the test can kill it between the committed order and the provider's answer.
// Usage: checkout_crash_helper DB_PATH PROVIDER_JSON AUTH_CODE AMOUNT_MINOR

#include "core/checkout/checkoutservice.h"
#include "core/crypto/crypto.h"
#include "core/ledger/ledger.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

#include <cstdio>

using namespace paydesk;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        std::fprintf(stderr, "usage: checkout_crash_helper DB PROVIDER_JSON CODE AMOUNT_MINOR\n");
        return 2;
    }
    QFile f(args.at(2));
    if (!f.open(QIODevice::ReadOnly))
        return 2;
    const QJsonObject json = QJsonDocument::fromJson(f.readAll()).object();
    AlipayConfig config;
    config.gateway = QUrl(json.value(QStringLiteral("gateway")).toString());
    config.appId = json.value(QStringLiteral("app_id")).toString();
    auto priv = crypto::RsaKey::fromPem(
        json.value(QStringLiteral("app_private_key")).toString().toLatin1());
    auto pub = crypto::RsaKey::fromPem(
        json.value(QStringLiteral("alipay_public_key")).toString().toLatin1());
    if (!priv.ok() || !pub.ok())
        return 2;
    config.appPrivateKey = priv.value();
    config.alipayPublicKey = pub.value();
    config.timeoutMs = 30000;

    auto db = Database::open(args.at(1));
    if (!db.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(db.error().message));
        return 2;
    }
    SystemClock clock;
    Ledger ledger(*db.value(), clock);
    QNetworkAccessManager network;
    AlipayProvider provider(config, &network, &clock);
    CheckoutConfig checkoutConfig;
    checkoutConfig.defaultProvider = QStringLiteral("alipay");
    checkoutConfig.storeCode = QStringLiteral("CRASH");
    CheckoutService service(
        *db.value(), ledger, clock,
        [&provider](const QString &) -> PaymentProvider * { return &provider; }, checkoutConfig);
    QObject::connect(&service, &CheckoutService::orderUpdated, [](const OrderSnapshot &s) {
        std::printf("STATUS %s %s\n", qPrintable(orderStatusName(s.status)),
                    qPrintable(s.outTradeNo));
        std::fflush(stdout);
    });
    auto out = service.chargeCode(Money::fromMinor(args.at(4).toLongLong()), args.at(3));
    if (!out.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(out.error().message));
        return 1;
    }
    std::printf("SENT %s\n", qPrintable(out.value()));
    std::fflush(stdout);
    return app.exec();
}
