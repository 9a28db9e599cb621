#pragma once

#include <QLoggingCategory>

// One category per module; enable with QT_LOGGING_RULES="paydesk.checkout.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcApp)
Q_DECLARE_LOGGING_CATEGORY(lcMoney)
Q_DECLARE_LOGGING_CATEGORY(lcStorage)
Q_DECLARE_LOGGING_CATEGORY(lcLedger)
Q_DECLARE_LOGGING_CATEGORY(lcCrypto)
Q_DECLARE_LOGGING_CATEGORY(lcProviders)
Q_DECLARE_LOGGING_CATEGORY(lcCheckout)
Q_DECLARE_LOGGING_CATEGORY(lcSecurity)
