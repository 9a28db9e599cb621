#pragma once

#include "core/providers/paymentprovider.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>

namespace paydesk {

/// Parses WeChat Pay's trade bill (bill_type=ALL) as downloaded: UTF-8, maybe with a BOM, a
/// detail header, detail rows whose every field starts with a backtick, a summary header and
/// one summary row. Columns are found by header name. SUCCESS rows are payments, REFUND rows
/// refunds (negative amounts, their out_refund_no); fees are positive when charged and
/// negative when returned. The row count and the refund total are checked against the summary.
/// Any structural problem (a truncated file among them) is an error and nothing is returned.
class WechatPayBillParser
{
    Q_DECLARE_TR_FUNCTIONS(WechatPayBillParser)
public:
    static Result<QList<StatementLine>> parse(const QByteArray &file);
};

} // namespace paydesk
