#include "core/receipts/escposencoder.h"

#include <QStringEncoder>

#include <algorithm>

namespace paydesk {

namespace {

constexpr char ESC = 0x1B;
constexpr char GS = 0x1D;
constexpr char LF = 0x0A;

QByteArray bytes(std::initializer_list<int> list)
{
    QByteArray b;
    for (int v : list)
        b.append(char(v));
    return b;
}

} // namespace

EscPosEncoder::EscPosEncoder(EscPosOptions options) : m_options(options)
{
    m_options.columns = std::clamp(m_options.columns, 16, 64);
    m_options.qrModuleSize = std::clamp(m_options.qrModuleSize, 1, 16);
    m_options.feedLines = std::clamp(m_options.feedLines, 0, 255);
}

QByteArray EscPosEncoder::init()
{
    return bytes({ESC, '@'});
}
QByteArray EscPosEncoder::align(int n)
{
    return bytes({ESC, 'a', std::clamp(n, 0, 2)});
}
QByteArray EscPosEncoder::bold(bool on)
{
    return bytes({ESC, 'E', on ? 1 : 0});
}
QByteArray EscPosEncoder::feed(int lines)
{
    return bytes({ESC, 'd', std::clamp(lines, 0, 255)});
}
QByteArray EscPosEncoder::cut()
{
    return bytes({GS, 'V', 66, 0});
}

QByteArray EscPosEncoder::size(int width, int height)
{
    const int w = std::clamp(width, 1, 8) - 1;
    const int h = std::clamp(height, 1, 8) - 1;
    return bytes({GS, '!', (w << 4) | h});
}

QByteArray EscPosEncoder::qr(const QByteArray &data, int moduleSize)
{
    QByteArray b;
    // Model 2.
    b += bytes({GS, '(', 'k', 4, 0, 49, 65, 50, 0});
    // Module size.
    b += bytes({GS, '(', 'k', 3, 0, 49, 67, std::clamp(moduleSize, 1, 16)});
    // Error correction M (49).
    b += bytes({GS, '(', 'k', 3, 0, 49, 69, 49});
    // Store the data: pL pH count the 3 bytes "1 P 0" plus the data.
    const int len = int(data.size()) + 3;
    b += bytes({GS, '(', 'k', len & 0xFF, (len >> 8) & 0xFF, 49, 80, 48});
    b += data;
    // Print the stored symbol.
    b += bytes({GS, '(', 'k', 3, 0, 49, 81, 48});
    return b;
}

QByteArray EscPosEncoder::text(const QString &text)
{
    QString t = text;
    t.replace(QChar(0x00A5), QChar(0xFFE5));
    QStringEncoder encoder("GB18030");
    if (!encoder.isValid())
        return t.toLatin1();
    return encoder.encode(t);
}

int EscPosEncoder::displayWidth(const QString &s)
{
    int width = 0;
    QString printable = s;
    printable.replace(QChar(0x00A5), QChar(0xFFE5));
    for (const QChar c : std::as_const(printable)) {
        if (c.isLowSurrogate())
            continue;
        width += c.unicode() < 0x80 ? 1 : 2;
    }
    return width;
}

QByteArray EscPosEncoder::labelValue(const QString &label, const QString &value, int columns)
{
    const int pad = columns - displayWidth(label) - displayWidth(value);
    if (pad >= 1)
        return text(label + QString(pad, QLatin1Char(' ')) + value) + LF;
    // Too long for one line: label on its own, value right-aligned below.
    const int valuePad = std::max(0, columns - displayWidth(value));
    return text(label) + LF + text(QString(valuePad, QLatin1Char(' ')) + value) + LF;
}

QByteArray EscPosEncoder::line(const QString &label, const QString &value) const
{
    return labelValue(label, value, m_options.columns);
}

QByteArray EscPosEncoder::encode(const ReceiptData &r, const QLocale &locale) const
{
    QByteArray out;
    const QByteArray rule = QByteArray(m_options.columns, '-') + LF;
    out += init();
    out += align(1);
    out += bold(true);
    out += size(2, 2);
    out += text(r.storeName.isEmpty() ? tr("Receipt") : r.storeName) + LF;
    out += size(1, 1);
    out += bold(false);
    if (r.reprint)
        out += text(tr("REPRINT")) + LF;
    if (r.refund)
        out += text(tr("REFUND")) + LF;
    out += bold(true);
    out += size(2, 2);
    out += text((r.refund ? r.refund->amount : r.amount).format(locale)) + LF;
    out += size(1, 1);
    out += bold(false);
    out += align(0);
    out += rule;
    for (const auto &[label, value] : r.lines(locale))
        out += line(label, value);
    out += rule;
    if (m_options.printQr && !r.transactionId.isEmpty()) {
        out += align(1);
        out += qr(r.transactionId.toUtf8(), m_options.qrModuleSize);
        out += LF;
    }
    out += align(1);
    out += text(tr("Thank you")) + LF;
    out += align(0);
    out += feed(m_options.feedLines);
    out += cut();
    return out;
}

} // namespace paydesk
