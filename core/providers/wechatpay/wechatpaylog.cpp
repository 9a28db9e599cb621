#include "core/providers/wechatpay/wechatpaylog.h"

Q_LOGGING_CATEGORY(lcWechatPay, "paydesk.providers.wechatpay", QtInfoMsg)
