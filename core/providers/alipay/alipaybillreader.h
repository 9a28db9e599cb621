#pragma once

#include "core/reconcile/reconcolumns.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <functional>

namespace paydesk {

/// The fast path from an Alipay trade bill (the zip as served, GBK CSV inside) straight to
/// StatementColumns: inflated a chunk at a time and scanned at the byte level as it comes,
/// keys copied into the columns' arena; no QString per cell and no decoding (the fields
/// reconciliation needs are ASCII; 业务类型 and the footer markers are compared as GBK bytes).
class AlipayBillReader
{
    Q_DECLARE_TR_FUNCTIONS(AlipayBillReader)
public:
    /// Reads the detail entry (`…_业务明细.csv`, not `…(汇总).csv`) of a bill zip.
    static Result<StatementColumns> readZip(const QByteArray &zip);
    static Result<StatementColumns> readZipFile(const QString &path);
    /// Parses the detail CSV bytes (GBK).
    static Result<StatementColumns> readCsv(const QByteArray &csv);
    /// Parses the detail CSV as \a read delivers it (up to the asked bytes per call; 0 at the
    /// end, < 0 on a damaged source), \a chunk bytes at a time. A record may span chunks.
    static Result<StatementColumns> readStream(const std::function<qint64(char *, qint64)> &read,
                                               qint64 chunk = qint64(1) << 20);
};

} // namespace paydesk
