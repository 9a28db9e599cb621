#include "core/cases/customerhelp.h"

#include <QLocale>
#include <QTranslator>

#include <functional>
#include <map>
#include <memory>

namespace paydesk {

namespace {

constexpr const char *kContext = "CustomerHelp";

const char *const kFailed = QT_TRANSLATE_NOOP(
    "CustomerHelp", "The payment did not go through. Please try again or pay another way. If your "
                    "phone shows that money was taken, show it to the cashier: it is looked up at "
                    "once and comes back to you.");
const char *const kRefunded =
    QT_TRANSLATE_NOOP("CustomerHelp", "%1 is on its way back to your %2 account. It usually "
                                      "arrives within minutes, at most in a few working days.");
const char *const kRefundProcessing = QT_TRANSLATE_NOOP(
    "CustomerHelp", "Your refund of %1 has been requested from %2. Keep your receipt; if it has "
                    "not arrived in a few working days, come back with it.");
const char *const kPayTip = QT_TRANSLATE_NOOP(
    "CustomerHelp", "Safety tip: before you pay, check that your phone shows this store as the "
                    "payee, and do not pay over a Wi-Fi network you do not trust.");
const char *const kRefundTip = QT_TRANSLATE_NOOP(
    "CustomerHelp", "Safety tip: a refund never needs your password or payment code. Nobody from "
                    "the store or the provider will ask you for them.");

const char *nextStepSource(CustomerHelp::Situation s)
{
    switch (s) {
    case CustomerHelp::Situation::PaymentFailed:
        return kFailed;
    case CustomerHelp::Situation::Refunded:
        return kRefunded;
    case CustomerHelp::Situation::RefundProcessing:
        return kRefundProcessing;
    }
    return kFailed;
}

CustomerHelp::Text build(CustomerHelp::Situation s, const Money &amount, const QString &wallet,
                         const QLocale &locale,
                         const std::function<QString(const char *)> &translate)
{
    CustomerHelp::Text t;
    t.nextStep = translate(nextStepSource(s));
    if (s != CustomerHelp::Situation::PaymentFailed)
        t.nextStep = t.nextStep.arg(amount.format(locale), wallet);
    t.safetyTip = translate(s == CustomerHelp::Situation::PaymentFailed ? kPayTip : kRefundTip);
    return t;
}

} // namespace

CustomerHelp::Text CustomerHelp::text(Situation situation, const Money &amount,
                                      const QString &walletName)
{
    return build(situation, amount, walletName, QLocale(),
                 [](const char *source) { return QCoreApplication::translate(kContext, source); });
}

CustomerHelp::Text CustomerHelp::textIn(const QString &language, Situation situation,
                                        const Money &amount, const QString &walletName)
{
    // One catalogue per language, loaded once; English is the source and needs none.
    static std::map<QString, std::unique_ptr<QTranslator>> catalogues;
    QTranslator *catalogue = nullptr;
    if (language != u"en") {
        auto &slot = catalogues[language];
        if (!slot) {
            slot = std::make_unique<QTranslator>();
            if (!slot->load(QStringLiteral(":/i18n/paydesk_%1.qm").arg(language)))
                slot.reset(); // tried again next time; the source text is shown meanwhile
        }
        catalogue = slot.get();
    }
    const QLocale locale(language == u"en" ? QStringLiteral("en_US") : language);
    return build(situation, amount, walletName, locale, [catalogue](const char *source) {
        const QString translated = catalogue ? catalogue->translate(kContext, source) : QString();
        return translated.isEmpty() ? QString::fromUtf8(source) : translated;
    });
}

QString CustomerHelp::otherLanguage(const QString &current)
{
    return current.startsWith(u"zh") ? QStringLiteral("en") : QStringLiteral("zh_CN");
}

} // namespace paydesk
