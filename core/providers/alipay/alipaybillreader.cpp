#include "core/providers/alipay/alipaybillreader.h"

#include <QFile>
#include <QStringEncoder>

#include <zip.h>

#include <cstring>
#include <string_view>

namespace paydesk {

using namespace Qt::StringLiterals;

namespace {

std::string gbk(const QString &text)
{
    QStringEncoder enc("GB18030");
    const QByteArray b = enc.encode(text);
    return std::string(b.constData(), std::size_t(b.size()));
}

struct Markers
{
    std::string refund = gbk(u"退款"_s);
    std::string endOfDetail = gbk(u"明细列表结束"_s);
    std::string tradeTotal = gbk(u"交易合计"_s);
    std::string netTotal = gbk(u"商家实收合计"_s);
};

const Markers &markers()
{
    static const Markers m;
    return m;
}

constexpr int kColumns = 25;
constexpr int kOutTradeNo = 1;
constexpr int kBusinessType = 2;
constexpr int kFinished = 5;
constexpr int kAmount = 11;
constexpr int kRequestNo = 21;
constexpr int kFee = 22;

std::string_view trimmed(std::string_view v)
{
    while (!v.empty() && (v.back() == '\t' || v.back() == ' '))
        v.remove_suffix(1);
    while (!v.empty() && (v.front() == '\t' || v.front() == ' '))
        v.remove_prefix(1);
    return v;
}

// Strict "-12.34" / "12.3" / "12" to fen.
bool parseYuan(std::string_view v, qint64 &out)
{
    v = trimmed(v);
    bool negative = false;
    if (!v.empty() && (v.front() == '-' || v.front() == '+')) {
        negative = v.front() == '-';
        v.remove_prefix(1);
    }
    if (v.empty())
        return false;
    qint64 whole = 0;
    std::size_t i = 0;
    for (; i < v.size() && v[i] != '.'; ++i) {
        if (v[i] < '0' || v[i] > '9' || i > 15)
            return false;
        whole = whole * 10 + (v[i] - '0');
    }
    if (i == 0)
        return false;
    qint64 frac = 0;
    if (i < v.size()) {
        const std::size_t digits = v.size() - i - 1;
        if (digits == 0 || digits > 2)
            return false;
        for (std::size_t k = i + 1; k < v.size(); ++k) {
            if (v[k] < '0' || v[k] > '9')
                return false;
            frac = frac * 10 + (v[k] - '0');
        }
        if (digits == 1)
            frac *= 10;
    }
    out = (whole * 100 + frac) * (negative ? -1 : 1);
    return true;
}

int digits(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

// "yyyy-MM-dd HH:mm:ss" in Beijing time → seconds since the epoch (UTC); 0 if not that shape.
qint64 beijingToUtc(std::string_view v)
{
    v = trimmed(v);
    if (v.size() < 19)
        return 0;
    const char *p = v.data();
    const int y = digits(p, 4), mo = digits(p + 5, 2), d = digits(p + 8, 2);
    const int h = digits(p + 11, 2), mi = digits(p + 14, 2), s = digits(p + 17, 2);
    if (y < 0 || mo < 1 || d < 1 || h < 0 || mi < 0 || s < 0)
        return 0;
    return qint64(civilDay(y, mo, d)) * 86400 + h * 3600 + mi * 60 + s - 8 * 3600;
}

// The integers (or decimals, as fen) of a footer line, in order.
std::vector<qint64> numbersIn(std::string_view line, bool asYuan)
{
    std::vector<qint64> out;
    std::size_t i = 0;
    while (i < line.size()) {
        const unsigned char c = static_cast<unsigned char>(line[i]);
        if (c >= 0x80) { // a GBK lead byte and its trail: never part of a number
            i += 2;
            continue;
        }
        const bool sign =
            c == '-' && i + 1 < line.size() && line[i + 1] >= '0' && line[i + 1] <= '9';
        if ((c >= '0' && c <= '9') || sign) {
            std::size_t j = i + 1;
            while (j < line.size() && ((line[j] >= '0' && line[j] <= '9') || line[j] == '.'))
                ++j;
            qint64 v = 0;
            const std::string_view num = line.substr(i, j - i);
            if (asYuan) {
                if (parseYuan(num, v))
                    out.push_back(v);
            } else {
                v = 0;
                for (char ch : num)
                    if (ch >= '0' && ch <= '9')
                        v = v * 10 + (ch - '0');
                out.push_back(v);
            }
            i = j;
            continue;
        }
        ++i;
    }
    return out;
}

} // namespace

Result<StatementColumns> AlipayBillReader::readCsv(std::shared_ptr<const std::vector<char>> csv)
{
    const auto fail = [](const QString &code, const QString &message) {
        return Result<StatementColumns>::failure(u"bill."_s + code, message);
    };
    const Markers &mk = markers();
    const char *p = csv->data();
    const char *const end = p + csv->size();
    if (end - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        return fail(u"encoding"_s, tr("The bill is UTF-8, not GBK as Alipay serves it."));

    StatementColumns out;
    out.reserve(csv->size() / 180 + 16);
    bool header = false;
    bool ended = false;
    StatementColumns::Footer footer;
    int footerParts = 0;
    qint64 lineNo = 0;
    std::string_view cells[kColumns];

    while (p < end) {
        ++lineNo;
        if (*p == '#') {
            const char *nl = static_cast<const char *>(std::memchr(p, '\n', std::size_t(end - p)));
            const char *stop = nl ? nl : end;
            const std::string_view line(p, std::size_t(stop - p));
            if (header && line.find(mk.endOfDetail) != std::string_view::npos)
                ended = true;
            else if (ended && line.find(mk.tradeTotal) != std::string_view::npos) {
                const auto n = numbersIn(line, false);
                if (n.size() >= 2) {
                    footer.payments = n[0];
                    footer.refunds = n[1];
                    footerParts |= 1;
                }
            } else if (ended && line.find(mk.netTotal) != std::string_view::npos) {
                const auto n = numbersIn(line, true);
                if (n.size() >= 2) {
                    footer.netMinor = n[0];
                    footer.feesMinor = n[1];
                    footerParts |= 2;
                }
            }
            p = nl ? nl + 1 : end;
            continue;
        }
        // One record: quote-aware, so a quoted product name may hold commas or line breaks.
        int column = 0;
        bool tooMany = false;
        for (;;) {
            const char *cellStart = p;
            const char *cellEnd;
            if (p < end && *p == '"') {
                ++p;
                cellStart = p;
                while (p < end && !(*p == '"' && (p + 1 >= end || p[1] != '"')))
                    p += (*p == '"') ? 2 : 1;
                cellEnd = p;
                if (p < end)
                    ++p; // closing quote
                while (p < end && *p != ',' && *p != '\n' && *p != '\r')
                    ++p;
            } else {
                while (p < end && *p != ',' && *p != '\n' && *p != '\r')
                    ++p;
                cellEnd = p;
            }
            if (column < kColumns)
                cells[column] = std::string_view(cellStart, std::size_t(cellEnd - cellStart));
            else
                tooMany = true;
            ++column;
            if (p < end && *p == ',') {
                ++p;
                continue;
            }
            if (p < end && *p == '\r')
                ++p;
            if (p < end && *p == '\n')
                ++p;
            break;
        }
        if (column == 1 && cells[0].empty())
            continue; // blank line
        if (ended)
            return fail(u"layout"_s,
                        tr("Line %1 of the bill follows the end of its detail list.").arg(lineNo));
        if (!header) {
            if (column != kColumns)
                return fail(u"columns"_s,
                            tr("The bill's header has %1 columns; an Alipay trade bill has %2.")
                                .arg(column)
                                .arg(kColumns));
            header = true;
            continue;
        }
        if (column != kColumns || tooMany)
            return fail(u"columns"_s, tr("Line %1 of the bill has %2 columns instead of %3.")
                                          .arg(lineNo)
                                          .arg(column)
                                          .arg(kColumns));
        qint64 amount = 0;
        qint64 fee = 0;
        if (!parseYuan(cells[kAmount], amount) || !parseYuan(cells[kFee], fee))
            return fail(u"amount"_s,
                        tr("Line %1 of the bill has an amount that is not a number.").arg(lineNo));
        const std::string_view type = trimmed(cells[kBusinessType]);
        const bool refund = type == mk.refund;
        // The fee is charged on a payment and given back on a refund; Alipay prints it with
        // either sign, the columns keep charged > 0, returned < 0.
        const qint64 feeAbs = fee < 0 ? -fee : fee;
        out.append(refund ? LineKind::Refund : LineKind::Payment, trimmed(cells[kOutTradeNo]),
                   refund ? trimmed(cells[kRequestNo]) : std::string_view(), amount,
                   refund ? -feeAbs : feeAbs, beijingToUtc(cells[kFinished]));
    }
    if (!header)
        return fail(u"columns"_s, tr("The bill has no header row."));
    if (!ended)
        return fail(u"truncated"_s,
                    tr("The bill is truncated: its detail list has no end marker."));
    if (footerParts == 3)
        out.footer = footer;
    out.keepAlive = std::move(csv);
    return out;
}

Result<StatementColumns> AlipayBillReader::readZip(const QByteArray &zipBytes)
{
    const auto fail = [](const QString &message) {
        return Result<StatementColumns>::failure(u"bill.zip"_s, message);
    };
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t *src =
        zip_source_buffer_create(zipBytes.constData(), zip_uint64_t(zipBytes.size()), 0, &error);
    if (!src)
        return fail(tr("The bill is not a zip file."));
    zip_t *archive = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (!archive) {
        zip_source_free(src);
        return fail(tr("The bill is not a zip file."));
    }
    // Entry names are GBK without the UTF-8 flag: pick the detail file by its ASCII parts.
    zip_int64_t pick = -1;
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    for (zip_int64_t i = 0; i < entries; ++i) {
        const char *name = zip_get_name(archive, zip_uint64_t(i), ZIP_FL_ENC_RAW);
        if (!name)
            continue;
        const std::string_view n(name);
        if (n.size() > 4 && n.substr(n.size() - 4) == ".csv" && n.find('(') == n.npos) {
            pick = i;
            break;
        }
    }
    zip_stat_t st;
    if (pick < 0 || zip_stat_index(archive, zip_uint64_t(pick), 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_SIZE)) {
        zip_close(archive);
        return fail(tr("The zip holds no trade detail file."));
    }
    auto csv = std::make_shared<std::vector<char>>(std::size_t(st.size));
    zip_file_t *file = zip_fopen_index(archive, zip_uint64_t(pick), 0);
    zip_int64_t got = file ? zip_fread(file, csv->data(), st.size) : -1;
    if (file)
        zip_fclose(file);
    zip_close(archive);
    if (got < 0 || zip_uint64_t(got) != st.size)
        return fail(tr("The bill's detail file is damaged (it does not inflate)."));
    return readCsv(std::move(csv));
}

Result<StatementColumns> AlipayBillReader::readZipFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Result<StatementColumns>::failure(u"bill.open"_s,
                                                 tr("Cannot open the bill %1.").arg(path));
    return readZip(f.readAll());
}

} // namespace paydesk
