#pragma once

#include <QLoggingCategory>

// The adapter's own category: paydesk.providers.alipay.
Q_DECLARE_LOGGING_CATEGORY(lcAlipay)
