#pragma once

#include <QLoggingCategory>

// The adapter's own category: paydesk.providers.wechatpay.
Q_DECLARE_LOGGING_CATEGORY(lcWechatPay)
