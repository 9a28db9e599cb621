#pragma once

// Reads a QR code back from pixels, the way a customer's phone would: tests never trust the
// text the widget was given, only what decodes from what it shows.

#define ZX_USE_UTF8 // zxing-cpp 1.4: Result::text() as UTF-8 std::string
#include <ZXing/ReadBarcode.h>

#include <QImage>
#include <QPixmap>
#include <QString>

namespace paydesk::test {

/// The text of the QR code in \a image, or empty when none decodes.
inline QString decodeQr(const QImage &image)
{
    const QImage gray = image.convertToFormat(QImage::Format_Grayscale8);
    ZXing::ImageView view(gray.constBits(), gray.width(), gray.height(), ZXing::ImageFormat::Lum,
                          int(gray.bytesPerLine()));
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    const ZXing::Result result = ZXing::ReadBarcode(view, hints);
    return result.isValid() ? QString::fromStdString(result.text()) : QString();
}

inline QString decodeQr(const QPixmap &pixmap)
{
    return decodeQr(pixmap.toImage());
}

} // namespace paydesk::test
