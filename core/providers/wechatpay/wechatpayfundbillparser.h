#pragma once

#include "core/providers/payout.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>

namespace paydesk {

/// Parses WeChat Pay's fund-flow bill (GET /v3/bill/fundflowbill, account_type=BASIC) as
/// downloaded: UTF-8, maybe a BOM, the header row (记账时间, 微信支付业务单号, 资金流水单号,
/// 业务名称, 业务类型, 收支类型, 收支金额(元), ...), rows whose fields start with a backtick,
/// then the summary header (资金流水总笔数, 收入笔数, 收入金额, 支出笔数, 支出金额) and its row,
/// which must agree with the rows. Columns are found by name. Returns the withdrawals (业务名称
/// 提现, 支出) as payouts; each covers the day its 备注 names (a late payout), else the business
/// day before the one it was booked on (T+1).
/// Any structural problem is an error and nothing is returned.
class WechatPayFundBillParser
{
    Q_DECLARE_TR_FUNCTIONS(WechatPayFundBillParser)
public:
    static Result<QList<Payout>> parse(const QByteArray &file, const QString &providerId);
};

} // namespace paydesk
