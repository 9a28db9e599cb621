#pragma once

#include "sandbox/settlement.h"
#include "sandbox/tradestore.h"

#include <QByteArray>
#include <QDate>
#include <QHash>
#include <QList>
#include <QString>

namespace paydesk::sandbox {

/// Writes WeChat Pay's trade bill (`bill_type=ALL`) for one merchant and one Beijing day:
/// UTF-8 with a BOM, CRLF rows, the 27-column detail header, one SUCCESS row per payment and
/// one REFUND row per refund completed that day (every value prefixed with a backtick), then
/// the summary header and its one row.
class WechatPayBill
{
public:
    /// One trade with what the bill shows beside it.
    struct Line
    {
        const Trade *trade = nullptr;
        QString openid;
        QHash<QString, QString> refundIds; ///< out_refund_no → WeChat refund id
    };

    static QByteArray tradeBill(const QString &mchid, const QString &appid, QDate day,
                                const QList<Line> &lines, int feeRateBasisPoints);

    /// The fund-flow bill (GET /v3/bill/fundflowbill, account_type BASIC) of one day: UTF-8
    /// with a BOM, CRLF rows, the 11-column header (记账时间 … 业务凭证号), one backtick row
    /// per movement booked that day with the running balance (\a openingMinor before the
    /// first), then the summary header and its row.
    static QByteArray fundFlowBill(QDate day, const QList<FundMovement> &movements,
                                   qint64 openingMinor);
};

} // namespace paydesk::sandbox
