#pragma once

// Document photos drawn in the test (no binaries in the repository): a sharp "licence" with
// text and rules, the same picture blurred, a dark one and a small one, as JPEG bytes.

#include <QBuffer>
#include <QByteArray>
#include <QFont>
#include <QImage>
#include <QPainter>
#include <QRandomGenerator>

namespace paydesk::test {

inline QImage drawLicence(int width = 1200, int height = 850, QColor paper = QColor(246, 240, 226))
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(paper);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(QColor(150, 30, 30), 6));
    p.drawRect(20, 20, width - 40, height - 40);
    QFont title;
    title.setPixelSize(height / 10);
    title.setBold(true);
    p.setFont(title);
    p.setPen(Qt::black);
    p.drawText(QRect(0, 40, width, height / 6), Qt::AlignCenter,
               QStringLiteral("营业执照 LICENCE"));
    QFont body;
    body.setPixelSize(height / 24);
    p.setFont(body);
    for (int line = 0; line < 9; ++line)
        p.drawText(
            60, height / 4 + line * height / 14,
            QStringLiteral("Line %1  91512081MA62K0260E  Paydesk Test Store 测试商店").arg(line));
    // Paper texture, so JPEG sizes look like a photo's.
    QRandomGenerator rng(42);
    for (int i = 0; i < width * height / 40; ++i) {
        const int g = 200 + int(rng.bounded(40));
        p.setPen(QColor(g, g - 5, g - 20));
        p.drawPoint(int(rng.bounded(width)), int(rng.bounded(height)));
    }
    return image;
}

inline QImage blurred(const QImage &image, int factor = 12)
{
    const QImage small =
        image.scaled(image.size() / factor, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    return small.scaled(image.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}

inline QImage darkened(const QImage &image)
{
    QImage out = image.copy();
    QPainter p(&out);
    p.fillRect(out.rect(), QColor(0, 0, 0, 235));
    return out;
}

inline QByteArray jpeg(const QImage &image, int quality = 90)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPG", quality);
    return bytes;
}

// Drawn once per test process: the paper texture is most of a test's drawing time.
inline QByteArray sharpLicenceJpeg()
{
    static const QByteArray bytes = jpeg(drawLicence());
    return bytes;
}
inline QByteArray blurryLicenceJpeg()
{
    static const QByteArray bytes = jpeg(blurred(drawLicence()));
    return bytes;
}

} // namespace paydesk::test
