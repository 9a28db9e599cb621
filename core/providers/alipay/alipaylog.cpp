#include "core/providers/alipay/alipaylog.h"

Q_LOGGING_CATEGORY(lcAlipay, "paydesk.providers.alipay", QtInfoMsg)
