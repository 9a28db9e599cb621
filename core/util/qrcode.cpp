#include "core/util/qrcode.h"

#include "core/util/log.h"

#include <qrencode.h>

#include <memory>

namespace paydesk {

QImage renderQrCode(const QString &text, int moduleSize)
{
    const QByteArray data = text.toUtf8();
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
        QRcode_encodeData(int(data.size()),
                          reinterpret_cast<const unsigned char *>(data.constData()), 0,
                          QR_ECLEVEL_M),
        &QRcode_free);
    if (!code) {
        qCWarning(lcApp) << "QR encoding failed for" << data.size() << "bytes";
        return {};
    }
    constexpr int quiet = 4;
    const int width = code->width;
    const int side = (width + 2 * quiet) * moduleSize;
    QImage image(side, side, QImage::Format_Grayscale8);
    image.fill(255);
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            if (!(code->data[y * width + x] & 1))
                continue;
            for (int dy = 0; dy < moduleSize; ++dy) {
                uchar *line = image.scanLine((y + quiet) * moduleSize + dy);
                std::fill_n(line + (x + quiet) * moduleSize, moduleSize, uchar(0));
            }
        }
    }
    return image;
}

} // namespace paydesk
