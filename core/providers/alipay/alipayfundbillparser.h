#pragma once

#include "core/providers/payout.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>
#include <QString>

namespace paydesk {

/// Parses Alipay's fund bill (alipay.data.dataservice.bill.downloadurl.query with
/// bill_type=signcustomer, the 账务明细) as downloaded: a zip of GBK CSV; '#' comment lines; the
/// header row (账务流水号, 业务流水号, 商户订单号, 商品名称, 发生时间, 对方账号, 收入金额（+元）,
/// 支出金额（-元）, 账户余额（元）, 交易渠道, 业务类型, 备注), columns found by name; ID cells
/// with a trailing TAB; the closing "#支出合计：N笔，共X元" and "#收入合计：N笔，共X元" lines,
/// which must agree with the rows. Returns the withdrawals (业务类型 提现) as payouts; each
/// covers the day its 备注 names, else the day before it was booked (T+1). Any structural
/// problem is an error and nothing is returned.
class AlipayFundBillParser
{
    Q_DECLARE_TR_FUNCTIONS(AlipayFundBillParser)
public:
    static Result<QList<Payout>> parse(const QByteArray &zipBytes, const QString &providerId);
    /// The CSV step alone (already decoded text).
    static Result<QList<Payout>> parseCsv(const QString &text, const QString &providerId);
};

} // namespace paydesk
