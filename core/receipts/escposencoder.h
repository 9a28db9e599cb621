#pragma once

#include "core/receipts/receiptdata.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QLocale>

namespace paydesk {

struct EscPosOptions
{
    int columns = 32;     ///< characters per line: 32 on 58 mm paper, 48 on 80 mm
    bool printQr = true;  ///< a QR code of the transaction id (GS ( k, model 2)
    int qrModuleSize = 6; ///< dots per QR module (1–16)
    int feedLines = 4;    ///< paper fed before the cut
};

/// Turns a receipt into ESC/POS bytes for thermal printers: ESC @ init, ESC a alignment,
/// ESC E bold, GS ! size, text in GB18030 (Chinese printers' code page), an optional QR
/// (GS ( k), ESC d feed and a GS V partial cut.
class EscPosEncoder
{
    Q_DECLARE_TR_FUNCTIONS(EscPosEncoder)
public:
    explicit EscPosEncoder(EscPosOptions options = {});

    QByteArray encode(const ReceiptData &receipt, const QLocale &locale = QLocale()) const;

    /// Text as the printer expects it (GB18030); '¥' becomes the full-width '￥' that
    /// every GB printer font has.
    static QByteArray text(const QString &text);
    /// Printed width in columns: ASCII 1, CJK and other multi-byte characters 2.
    static int displayWidth(const QString &text);
    /// A label left and its value right on one line of \a columns (GB18030, LF-terminated);
    /// when both do not fit, the value goes right-aligned on a line of its own.
    static QByteArray labelValue(const QString &label, const QString &value, int columns);

    // The command bytes, public so tests and drivers name them rather than repeat them.
    static QByteArray init();                      ///< ESC @
    static QByteArray align(int n);                ///< ESC a n: 0 left, 1 centre, 2 right
    static QByteArray bold(bool on);               ///< ESC E n
    static QByteArray size(int width, int height); ///< GS ! n, 1–8 each
    static QByteArray feed(int lines);             ///< ESC d n
    static QByteArray cut();                       ///< GS V 66 0: feed to the cutter, partial cut
    static QByteArray qr(const QByteArray &data, int moduleSize); ///< GS ( k model 2, EC M

private:
    QByteArray line(const QString &label, const QString &value) const;

    EscPosOptions m_options;
};

} // namespace paydesk
