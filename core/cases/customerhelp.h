#pragma once

#include "core/money/money.h"

#include <QCoreApplication>
#include <QString>

namespace paydesk {

/// What the customer display tells the customer after a failed payment or a refund: what to do
/// next and a short safety tip, in the till's language and in the other one (a Chinese till
/// also speaks English to a visitor, an English till Chinese), so every customer can read it.
class CustomerHelp
{
    Q_DECLARE_TR_FUNCTIONS(CustomerHelp)
public:
    enum class Situation { PaymentFailed, Refunded, RefundProcessing };

    struct Text
    {
        QString nextStep;
        QString safetyTip;
    };

    /// In the language installed now (tr()).
    static Text text(Situation situation, const Money &amount, const QString &walletName);
    /// In \a language ("zh_CN", "en") from its catalogue, whatever is installed; the English
    /// source text when the catalogue lacks it.
    static Text textIn(const QString &language, Situation situation, const Money &amount,
                       const QString &walletName);
    /// The language the display adds to the current one: "en" beside Chinese, else "zh_CN".
    static QString otherLanguage(const QString &current);
};

} // namespace paydesk
