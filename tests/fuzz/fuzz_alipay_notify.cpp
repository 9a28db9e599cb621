// Alipay asynchronous notifications: form decoding, signing content and the adapter's full
// verifyNotification(). Invariants: a notification is only accepted when it is signed and
// names our app, and the signing content never depends on the sign / sign_type fields.
#include "fuzzcheck.h"

#include "core/crypto/crypto.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/providers/alipay/alipaysigner.h"

#include <QFile>

#include <cstddef>
#include <cstdint>

using namespace paydesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzzQuietLogging();
    static AlipayProvider *provider = [] {
        QFile f(fuzzTestData() + QStringLiteral("/alipay/alipay_public_key.pem"));
        f.open(QIODevice::ReadOnly);
        AlipayConfig config;
        config.appId = QStringLiteral("2021000000000001");
        auto k = crypto::RsaKey::fromPem(f.readAll());
        if (k.ok())
            config.alipayPublicKey = k.value();
        static SystemClock clock;
        return new AlipayProvider(config, nullptr, &clock);
    }();
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const AlipaySigner::Params params = AlipaySigner::parseForm(body);
    const QByteArray content = AlipaySigner::notificationContent(params);
    AlipaySigner::Params unsigned_ = params;
    unsigned_.remove(QStringLiteral("sign"));
    unsigned_.remove(QStringLiteral("sign_type"));
    FUZZ_CHECK(AlipaySigner::notificationContent(unsigned_) == content);
    FUZZ_CHECK(AlipaySigner::parseForm(AlipaySigner::encodeForm(params)) == params);

    auto n = provider->verifyNotification(body, {});
    if (n.ok()) {
        FUZZ_CHECK(!params.value(QStringLiteral("sign")).isEmpty());
        FUZZ_CHECK(params.value(QStringLiteral("app_id")) == QStringLiteral("2021000000000001"));
        FUZZ_CHECK(!n.value().outTradeNo.isEmpty());
        FUZZ_CHECK(!n.value().amount.isNegative() ||
                   params.value(QStringLiteral("total_amount")).startsWith(QLatin1Char('-')));
    }
    return 0;
}
