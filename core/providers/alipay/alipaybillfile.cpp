#include "core/providers/alipay/alipaybillfile.h"

#include "core/providers/alipay/alipaybillparser.h"
#include "core/providers/alipay/alipaylog.h"

#include <QStringDecoder>

#include <zip.h>

#include <memory>

using namespace Qt::StringLiterals;

namespace paydesk::alipaybill {

namespace {

constexpr qint64 kMaxEntryBytes = 64 * 1024 * 1024; // a zip bomb is not a bill

struct ZipCloser
{
    void operator()(zip_t *z) const { zip_discard(z); }
};

} // namespace

QList<QStringList> splitCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString cell;
    bool quoted = false;
    bool any = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    cell += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                cell += c;
            }
            continue;
        }
        if (c == u'"' && cell.isEmpty()) {
            quoted = true;
            any = true;
        } else if (c == u',') {
            row.append(cell);
            cell.clear();
            any = true;
        } else if (c == u'\n' || c == u'\r') {
            if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
                ++i;
            if (any || !cell.isEmpty()) {
                row.append(cell);
                rows.append(row);
            }
            row.clear();
            cell.clear();
            any = false;
        } else {
            cell += c;
            any = true;
        }
    }
    if (any || !cell.isEmpty()) {
        row.append(cell);
        rows.append(row);
    }
    return rows;
}

Result<QList<ZipEntry>> readCsvEntries(const QByteArray &zipBytes)
{
    using R = Result<QList<ZipEntry>>;
    if (zipBytes.size() < 22 || !zipBytes.startsWith("PK")) // 22 = the smallest zip
        return R::failure(u"alipay.bill.not_zip"_s,
                          AlipayBillParser::tr("The Alipay statement is not a valid zip file."));
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *source =
        zip_source_buffer_create(zipBytes.constData(), zip_uint64_t(zipBytes.size()), 0, &error);
    if (!source) {
        zip_error_fini(&error);
        return R::failure(u"alipay.bill.not_zip"_s,
                          AlipayBillParser::tr("The Alipay statement could not be read."));
    }
    std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
    if (!archive) {
        zip_source_free(source);
        qCWarning(lcAlipay) << "bill is not a zip:" << zip_error_strerror(&error);
        zip_error_fini(&error);
        return R::failure(u"alipay.bill.not_zip"_s,
                          AlipayBillParser::tr("The Alipay statement is not a valid zip file."));
    }
    zip_error_fini(&error);

    QList<ZipEntry> entries;
    const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(archive.get(), zip_uint64_t(i), ZIP_FL_ENC_RAW, &st) != 0)
            continue;
        const QByteArray name(st.name);
        if (!name.toLower().endsWith(".csv"))
            continue;
        if (!(st.valid & ZIP_STAT_SIZE) || st.size > zip_uint64_t(kMaxEntryBytes))
            return R::failure(u"alipay.bill.too_large"_s,
                              AlipayBillParser::tr("The Alipay statement is too large."));
        zip_file_t *file = zip_fopen_index(archive.get(), zip_uint64_t(i), 0);
        if (!file)
            return R::failure(u"alipay.bill.corrupt"_s,
                              AlipayBillParser::tr("The Alipay statement zip is damaged."));
        QByteArray data(qsizetype(st.size), Qt::Uninitialized);
        const zip_int64_t got = zip_fread(file, data.data(), st.size);
        zip_fclose(file);
        if (got < 0 || zip_uint64_t(got) != st.size)
            return R::failure(u"alipay.bill.corrupt"_s,
                              AlipayBillParser::tr("The Alipay statement zip is damaged."));
        entries.append({name, data});
    }
    if (entries.isEmpty())
        return R::failure(u"alipay.bill.no_csv"_s,
                          AlipayBillParser::tr("The Alipay statement zip contains no CSV file."));
    return entries;
}

QString decodeBill(const QByteArray &bytes, bool *ok)
{
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        QStringDecoder utf8(QStringDecoder::Utf8);
        QString text = utf8(bytes.mid(3));
        *ok = !utf8.hasError();
        return text;
    }
    QStringDecoder gbk("GB18030");
    if (!gbk.isValid()) {
        *ok = false;
        return {};
    }
    QString text = gbk(bytes);
    *ok = !gbk.hasError();
    return text;
}

} // namespace paydesk::alipaybill
