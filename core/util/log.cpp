#include "core/util/log.h"

Q_LOGGING_CATEGORY(lcApp, "paydesk.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMoney, "paydesk.money", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "paydesk.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLedger, "paydesk.ledger", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCrypto, "paydesk.crypto", QtInfoMsg)
Q_LOGGING_CATEGORY(lcProviders, "paydesk.providers", QtInfoMsg)
Q_LOGGING_CATEGORY(lcCheckout, "paydesk.checkout", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecurity, "paydesk.security", QtInfoMsg)
