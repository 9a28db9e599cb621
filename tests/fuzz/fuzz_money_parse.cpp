// Money::parse (what a cashier types, per locale) and Money::fromDecimalString (what a provider
// sends). Invariants: accepted amounts are non-negative unless asked, and every accepted
// amount survives a round trip through its exact decimal form.
#include "fuzzcheck.h"

#include "core/money/money.h"

#include <QLocale>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzzQuietLogging();
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    static const QLocale locales[] = {
        QLocale(QLocale::English, QLocale::UnitedStates), QLocale(QLocale::Chinese, QLocale::China),
        QLocale(QLocale::German, QLocale::Germany), QLocale(QLocale::French, QLocale::France)};
    for (const QLocale &locale : locales) {
        for (bool negative : {false, true}) {
            auto m = paydesk::Money::parse(text, locale, paydesk::Currency::cny(), negative);
            if (!m.ok()) {
                FUZZ_CHECK(!m.error().code.isEmpty());
                continue;
            }
            FUZZ_CHECK(negative || !m.value().isNegative());
            auto back = paydesk::Money::fromDecimalString(m.value().toDecimalString());
            FUZZ_CHECK(back.ok());
            FUZZ_CHECK(back.value() == m.value());
            (void)m.value().format(locale);
        }
    }
    auto d = paydesk::Money::fromDecimalString(text);
    if (d.ok()) {
        auto back = paydesk::Money::fromDecimalString(d.value().toDecimalString());
        FUZZ_CHECK(back.ok() && back.value() == d.value());
    }
    return 0;
}
