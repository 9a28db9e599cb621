// Alipay gateway answers: the raw inner-object extraction the signature is checked over, then
// the signature check itself. Invariants: an extracted object is a verbatim slice of the body
// that starts with '{' and ends with '}', and extraction is deterministic.
#include "fuzzcheck.h"

#include "core/crypto/crypto.h"
#include "core/providers/alipay/alipaysigner.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

using namespace paydesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzzQuietLogging();
    static const crypto::RsaKey key = [] {
        QFile f(fuzzTestData() + QStringLiteral("/alipay/alipay_public_key.pem"));
        f.open(QIODevice::ReadOnly);
        auto k = crypto::RsaKey::fromPem(f.readAll());
        return k.ok() ? k.value() : crypto::RsaKey();
    }();
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const QString &keyName :
         {QStringLiteral("alipay_trade_precreate_response"),
          QStringLiteral("alipay_trade_pay_response"), QStringLiteral("sign")}) {
        const auto raw = AlipaySigner::extractRawObject(body, keyName);
        if (!raw)
            continue;
        FUZZ_CHECK(raw->startsWith('{') && raw->endsWith('}'));
        FUZZ_CHECK(body.contains(*raw));
        const auto again = AlipaySigner::extractRawObject(body, keyName);
        FUZZ_CHECK(again && *again == *raw);
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        const QString sign = doc.object().value(QStringLiteral("sign")).toString();
        (void)AlipaySigner::verifyResponse(*raw, sign, key);
        (void)QJsonDocument::fromJson(*raw).object();
    }
    return 0;
}
