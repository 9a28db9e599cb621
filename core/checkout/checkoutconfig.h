#pragma once

#include "core/money/money.h"

#include <QString>

#include <functional>

namespace paydesk {

class PaymentProvider;

/// Finds the adapter for a provider id (as the provider registry names them); nullptr when that
/// provider is not set up on this till.
using ProviderLookup = std::function<PaymentProvider *(const QString &providerId)>;

/// Who and where: printed into out_trade_no and every order row; plus the timings of
/// ARCHITECTURE §3 (tests shorten them or drive them with a ManualClock).
struct CheckoutConfig
{
    QString storeCode = QStringLiteral("PD");
    QString storeName;
    QString till = QStringLiteral("1");
    QString cashier;
    QString defaultProvider;       ///< set by the composition root from the provider set-up
    QString subject;               ///< shown in the buyer's wallet; defaults to storeName
    int qrExpirySeconds = 300;     ///< merchant QR valid for 5 minutes
    int linkExpirySeconds = 86400; ///< payment link valid for 24 hours
    int qrPollMs = 2000;
    int linkPollMs = 10000;
    int codePollMs = 5000;       ///< USERPAYING: query every 5 s ...
    int codeWaitLimitMs = 30000; ///< ... for 30 s, then cancel
    int retryMs = 2000;          ///< first retry of a close/cancel/query without answer
    int retryMaxMs = 30000;      ///< retries back off up to this
    /// A larger sale is refused before any order or network call: a mistyped amount
    /// (an extra zero, a scanned barcode in the amount field) must not reach a wallet.
    Money maxSaleAmount = Money::fromMinor(10'000'000);

    /// What the buyer's wallet shows as the trade subject.
    QString tradeSubject() const
    {
        if (!subject.isEmpty())
            return subject;
        return storeName.isEmpty() ? QStringLiteral("Paydesk") : storeName;
    }
};

} // namespace paydesk
