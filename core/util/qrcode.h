#pragma once

#include <QImage>
#include <QString>

namespace paydesk {

/// Renders \a text as a QR code (libqrencode, error correction M, UTF-8 bytes) with a
/// quiet zone of four modules. Each module is \a moduleSize pixels. Returns a null
/// image when the text does not fit a QR code.
QImage renderQrCode(const QString &text, int moduleSize = 8);

} // namespace paydesk
