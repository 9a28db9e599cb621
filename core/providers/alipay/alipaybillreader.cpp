#include "core/providers/alipay/alipaybillreader.h"

#include <QFile>
#include <QStringEncoder>

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <optional>
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

// The bill's lines as they arrive: whole records are parsed where they lie in the caller's
// buffer, and a record cut by the buffer's end is handed back (consumed() stops before it) to
// be parsed again with the bytes that follow. Keys are copied into the columns' arena, so the
// buffer can be reused for the next chunk.
class BillParser
{
public:
    BillParser() { m_out.reserve(1 << 16); }

    // Parses the records wholly inside [p, end); with \a last the end of the bill. Returns
    // how many bytes it used (the rest start an incomplete record), or -1 once refused.
    qint64 parse(const char *const begin, const char *const end, bool last)
    {
        const char *p = begin;
        if (!m_started && (end - p >= 3 || last)) {
            m_started = true;
            if (end - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
                refuse(u"encoding"_s,
                       AlipayBillReader::tr("The bill is UTF-8, not GBK as Alipay serves it."));
                return -1;
            }
        }
        if (!m_started)
            return 0;
        const Markers &mk = markers();
        while (p < end) {
            if (*p == '#') {
                const char *nl =
                    static_cast<const char *>(std::memchr(p, '\n', std::size_t(end - p)));
                if (!nl && !last)
                    break; // the comment line goes on in the next chunk
                ++m_lineNo;
                const char *stop = nl ? nl : end;
                comment(std::string_view(p, std::size_t(stop - p)), mk);
                p = nl ? nl + 1 : end;
                continue;
            }
            const char *next = record(p, end, last);
            if (!next)
                break; // cut by the chunk's end
            ++m_lineNo;
            p = next;
            if (m_column == 1 && m_cells[0].empty())
                continue; // blank line
            if (!row(mk))
                return -1;
        }
        return p - begin;
    }

    Result<StatementColumns> finish()
    {
        if (m_error)
            return *m_error;
        if (!m_header)
            return fail(u"columns"_s, AlipayBillReader::tr("The bill has no header row."));
        if (!m_ended)
            return fail(
                u"truncated"_s,
                AlipayBillReader::tr("The bill is truncated: its detail list has no end marker."));
        if (m_footerParts == 3)
            m_out.footer = m_footer;
        return std::move(m_out);
    }

    static Error fail(const QString &code, const QString &message)
    {
        return Error{u"bill."_s + code, message};
    }

private:
    bool refuse(const QString &code, const QString &message)
    {
        m_error = fail(code, message);
        return false;
    }

    void comment(std::string_view line, const Markers &mk)
    {
        if (m_header && line.find(mk.endOfDetail) != std::string_view::npos) {
            m_ended = true;
        } else if (m_ended && line.find(mk.tradeTotal) != std::string_view::npos) {
            const auto n = numbersIn(line, false);
            if (n.size() >= 2) {
                m_footer.payments = n[0];
                m_footer.refunds = n[1];
                m_footerParts |= 1;
            }
        } else if (m_ended && line.find(mk.netTotal) != std::string_view::npos) {
            const auto n = numbersIn(line, true);
            if (n.size() >= 2) {
                m_footer.netMinor = n[0];
                m_footer.feesMinor = n[1];
                m_footerParts |= 2;
            }
        }
    }

    // One record, quote-aware (a quoted product name may hold commas or line breaks), into
    // m_cells / m_column. Returns where the next record starts, or nullptr when the record's
    // line break is not in [p, end) yet and more bytes follow.
    const char *record(const char *p, const char *const end, bool last)
    {
        m_column = 0;
        m_tooMany = false;
        for (;;) {
            const char *cellStart = p;
            const char *cellEnd;
            if (p < end && *p == '"') {
                ++p;
                cellStart = p;
                while (p < end && !(*p == '"' && (p + 1 >= end || p[1] != '"')))
                    p += (*p == '"') ? 2 : 1;
                if (p + 1 >= end && !last)
                    return nullptr; // the closing quote (or what follows it) is not here yet
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
            if (m_column < kColumns)
                m_cells[m_column] = std::string_view(cellStart, std::size_t(cellEnd - cellStart));
            else
                m_tooMany = true;
            ++m_column;
            if (p < end && *p == ',') {
                ++p;
                continue;
            }
            if (p < end && *p == '\r')
                ++p;
            if (p < end && *p == '\n')
                return p + 1;
            if (p >= end && !last)
                return nullptr;
            return p;
        }
    }

    bool row(const Markers &mk)
    {
        if (m_ended)
            return refuse(
                u"layout"_s,
                AlipayBillReader::tr("Line %1 of the bill follows the end of its detail list.")
                    .arg(m_lineNo));
        if (!m_header) {
            if (m_column != kColumns)
                return refuse(u"columns"_s,
                              AlipayBillReader::tr(
                                  "The bill's header has %1 columns; an Alipay trade bill has %2.")
                                  .arg(m_column)
                                  .arg(kColumns));
            m_header = true;
            return true;
        }
        if (m_column != kColumns || m_tooMany)
            return refuse(u"columns"_s,
                          AlipayBillReader::tr("Line %1 of the bill has %2 columns instead of %3.")
                              .arg(m_lineNo)
                              .arg(m_column)
                              .arg(kColumns));
        qint64 amount = 0;
        qint64 fee = 0;
        if (!parseYuan(m_cells[kAmount], amount) || !parseYuan(m_cells[kFee], fee))
            return refuse(
                u"amount"_s,
                AlipayBillReader::tr("Line %1 of the bill has an amount that is not a number.")
                    .arg(m_lineNo));
        const std::string_view type = trimmed(m_cells[kBusinessType]);
        const bool refund = type == mk.refund;
        // The fee is charged on a payment and given back on a refund; Alipay prints it with
        // either sign, the columns keep charged > 0, returned < 0.
        const qint64 feeAbs = fee < 0 ? -fee : fee;
        m_out.append(refund ? LineKind::Refund : LineKind::Payment,
                     m_out.arena.store(trimmed(m_cells[kOutTradeNo])),
                     refund ? m_out.arena.store(trimmed(m_cells[kRequestNo])) : std::string_view(),
                     amount, refund ? -feeAbs : feeAbs, beijingToUtc(m_cells[kFinished]));
        return true;
    }

    StatementColumns m_out;
    std::optional<Error> m_error;
    StatementColumns::Footer m_footer;
    std::string_view m_cells[kColumns];
    qint64 m_lineNo = 0;
    int m_footerParts = 0;
    int m_column = 0;
    bool m_tooMany = false;
    bool m_started = false;
    bool m_header = false;
    bool m_ended = false;
};

} // namespace

Result<StatementColumns>
AlipayBillReader::readStream(const std::function<qint64(char *, qint64)> &read, qint64 chunk)
{
    BillParser parser;
    std::vector<char> buffer(std::size_t(std::max<qint64>(chunk, 16)));
    std::size_t held = 0; // bytes of an unfinished record at the buffer's front
    for (;;) {
        if (held == buffer.size())
            buffer.resize(buffer.size() * 2); // one record longer than a chunk
        const qint64 got = read(buffer.data() + held, qint64(buffer.size() - held));
        if (got < 0)
            return BillParser::fail(u"zip"_s,
                                    tr("The bill's detail file is damaged (it does not inflate)."));
        const bool last = got == 0;
        const std::size_t have = held + std::size_t(got);
        const qint64 used = parser.parse(buffer.data(), buffer.data() + have, last);
        if (used < 0 || last)
            return parser.finish();
        held = have - std::size_t(used);
        if (held)
            std::memmove(buffer.data(), buffer.data() + used, held);
    }
}

Result<StatementColumns> AlipayBillReader::readCsv(const QByteArray &csv)
{
    qint64 at = 0;
    return readStream(
        [&](char *out, qint64 max) {
            const qint64 n = std::min(max, qint64(csv.size()) - at);
            std::memcpy(out, csv.constData() + at, std::size_t(n));
            at += n;
            return n;
        },
        std::max<qint64>(csv.size(), 16));
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
    zip_file_t *file = pick < 0 ? nullptr : zip_fopen_index(archive, zip_uint64_t(pick), 0);
    if (!file) {
        zip_close(archive);
        return fail(tr("The zip holds no trade detail file."));
    }
    // Inflated a megabyte at a time and parsed as it comes: the 200 MB of a busy day's CSV
    // never sit in memory at once, and each chunk is parsed while it is still in the cache.
    // libzip checks the entry's CRC-32 at its end (a read error then).
    auto bill = readStream([file](char *out, qint64 max) -> qint64 {
        return zip_fread(file, out, zip_uint64_t(max));
    });
    zip_fclose(file);
    zip_close(archive);
    return bill;
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
