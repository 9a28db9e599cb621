#pragma once

#include "core/reconcile/reconcolumns.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace paydesk {

/// The fast path from an Alipay trade bill (the zip as served, GBK CSV inside) straight to
/// StatementColumns: one inflate into one buffer, a byte-level CSV scan, keys kept as views
/// into that buffer; no QString per cell and no decoding (the fields reconciliation needs are
/// ASCII; 业务类型 and the footer markers are compared as GBK bytes).
class AlipayBillReader
{
    Q_DECLARE_TR_FUNCTIONS(AlipayBillReader)
public:
    /// Reads the detail entry (`…_业务明细.csv`, not `…(汇总).csv`) of a bill zip.
    static Result<StatementColumns> readZip(const QByteArray &zip);
    static Result<StatementColumns> readZipFile(const QString &path);
    /// Parses the detail CSV bytes (GBK). The buffer must outlive the views: it is kept.
    static Result<StatementColumns> readCsv(std::shared_ptr<const std::vector<char>> csv);
};

} // namespace paydesk
