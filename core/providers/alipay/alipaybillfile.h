#pragma once

#include "core/util/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

/// What Alipay's downloaded bills (trade and signcustomer) share: a zip of CSV files in GBK.
namespace paydesk::alipaybill {

struct ZipEntry
{
    QByteArray name; ///< as stored (GBK, no UTF-8 flag)
    QByteArray data;
};

/// The .csv entries of \a zipBytes; an error when it is not a zip, is damaged or holds none.
Result<QList<ZipEntry>> readCsvEntries(const QByteArray &zipBytes);
/// RFC 4180 CSV (quotes, doubled quotes, quoted newlines), one record per row.
QList<QStringList> splitCsv(const QString &text);
/// Decodes as GBK (Alipay's encoding; GB18030 is its superset). A file with a UTF-8 BOM is
/// taken as UTF-8. \a ok is false when the bytes are not valid in that encoding.
QString decodeBill(const QByteArray &bytes, bool *ok);

} // namespace paydesk::alipaybill
