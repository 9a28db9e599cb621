#pragma once

#include "core/util/result.h"
#include "sandbox/tradestore.h"

#include <QByteArray>
#include <QDate>
#include <QHash>
#include <QList>
#include <QString>

namespace paydesk::sandbox {

/// Writes Alipay's trade bill (the business detail statement) for one merchant and one Beijing
/// business day: a GBK-encoded CSV with '#' comment lines, the 25-column header, one row per
/// payment and per refund that completed on that day, zipped like Alipay's download.
class BillWriter
{
    Q_DECLARE_TR_FUNCTIONS(BillWriter)
public:
    /// The CSV as Unicode text (tests and the zip both use it).
    /// \a accounts maps buyer ids to the masked account shown as the counterparty.
    static QString alipayTradeCsv(const App &app, QDate day, const QList<const Trade *> &trades,
                                  const QHash<QString, QString> &accounts, const QDateTime &nowUtc);
    /// The zip Alipay serves: one GBK CSV entry named like alipayCsvName().
    static Result<QByteArray> alipayTradeZip(const App &app, QDate day,
                                             const QList<const Trade *> &trades,
                                             const QHash<QString, QString> &accounts,
                                             const QDateTime &nowUtc);
    /// The entry name inside the zip.
    static QString alipayCsvName(const App &app, QDate day);
    /// Alipay's fund bill (bill_type=signcustomer, 账务明细) of \a day: the '#' comment lines,
    /// the 12-column header (账务流水号 … 业务类型, 备注), one row per movement of the merchant's
    /// balance booked that day (Settlement) with the running balance, the totals.
    static QString alipayFundCsv(const App &app, QDate day, const TradeStore &store,
                                 const QDateTime &nowUtc);
    /// The zip Alipay serves for signcustomer: the GBK CSV named like alipayFundCsvName().
    static Result<QByteArray> alipayFundZip(const App &app, QDate day, const TradeStore &store,
                                            const QDateTime &nowUtc);
    static QString alipayFundCsvName(const App &app, QDate day);
    /// Packs \a files (name → bytes) into an in-memory zip.
    static Result<QByteArray> zip(const QList<QPair<QString, QByteArray>> &files);
};

} // namespace paydesk::sandbox
