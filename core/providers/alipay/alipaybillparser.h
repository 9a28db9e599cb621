#pragma once

#include "core/providers/paymentprovider.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>

namespace paydesk {

/// Parses Alipay's trade bill as downloaded from bill_download_url: a zip holding GBK
/// CSV files. The detail file is the one whose header row names the detail columns
/// (支付宝交易号, 商户订单号, ...); columns are found by header name, not position.
/// `#` lines are comments, ID cells carry a trailing TAB. Refund rows get negative
/// amounts and their out_request_no; fees are positive when charged and negative when
/// returned on a refund, whatever sign the file uses.
/// Any structural problem is an error and nothing is returned: never half a day.
class AlipayBillParser
{
    Q_DECLARE_TR_FUNCTIONS(AlipayBillParser)
public:
    static Result<QList<StatementLine>> parse(const QByteArray &zipBytes);
    /// The CSV step alone (already decoded text), for tests and for bills that are not zipped.
    static Result<QList<StatementLine>> parseCsv(const QString &text);
};

} // namespace paydesk
