// The payment-code router (what a scanner types). Invariants: only digit strings of a known
// shape route to a provider, and the mask never reveals more than the first and last four.
#include "fuzzcheck.h"

#include "core/checkout/paymentcoderouter.h"
#include "core/providers/providerregistry.h"

#include <cstddef>
#include <cstdint>

using namespace paydesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzzQuietLogging();
    const QString scanned =
        QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    static const ProviderRegistry registry = [] {
        ProviderRegistry r;
        registerBuiltinProviders(r);
        return r;
    }();
    const PaymentCodeRoute r = PaymentCodeRouter::route(scanned, registry);
    if (r.routable()) {
        FUZZ_CHECK(r.provider == QStringLiteral("alipay") ||
                   r.provider == QStringLiteral("wechatpay"));
        FUZZ_CHECK(r.code.size() >= 16 && r.code.size() <= 24);
        for (QChar c : r.code)
            FUZZ_CHECK(c >= QLatin1Char('0') && c <= QLatin1Char('9'));
    } else {
        FUZZ_CHECK(!r.message.isEmpty());
    }
    const QString masked = PaymentCodeRouter::mask(scanned);
    FUZZ_CHECK(masked.size() == scanned.size());
    if (scanned.size() > 8) {
        FUZZ_CHECK(masked.mid(4, masked.size() - 8).count(QLatin1Char('*')) == masked.size() - 8);
    } else {
        FUZZ_CHECK(masked.count(QLatin1Char('*')) == masked.size());
    }
    return 0;
}
