#include "core/onboarding/documentcheck.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImageReader>

namespace paydesk::onboarding {

namespace {
QString formatOf(const QByteArray &bytes)
{
    if (bytes.startsWith("\xFF\xD8\xFF"))
        return QStringLiteral("jpg");
    if (bytes.startsWith("\x89PNG\r\n\x1A\n"))
        return QStringLiteral("png");
    if (bytes.startsWith("BM"))
        return QStringLiteral("bmp");
    return {};
}
} // namespace

QImage DocumentCheck::analysisImage(const QImage &image)
{
    QImage grey = image.convertToFormat(QImage::Format_Grayscale8);
    const int longSide = std::max(grey.width(), grey.height());
    if (longSide > analysisLongSide)
        grey = grey.scaled(grey.size() * analysisLongSide / longSide, Qt::KeepAspectRatio,
                           Qt::SmoothTransformation);
    return grey;
}

double DocumentCheck::sharpnessOf(const QImage &image)
{
    const QImage g = analysisImage(image);
    if (g.width() < 3 || g.height() < 3)
        return 0;
    // Variance of the 4-neighbour Laplacian: edges give large responses, blur flattens them.
    double sum = 0, sumSq = 0;
    qint64 n = 0;
    for (int y = 1; y < g.height() - 1; ++y) {
        const uchar *up = g.constScanLine(y - 1);
        const uchar *row = g.constScanLine(y);
        const uchar *down = g.constScanLine(y + 1);
        for (int x = 1; x < g.width() - 1; ++x) {
            const double lap = double(up[x]) + down[x] + row[x - 1] + row[x + 1] - 4.0 * row[x];
            sum += lap;
            sumSq += lap * lap;
            ++n;
        }
    }
    const double mean = sum / double(n);
    return sumSq / double(n) - mean * mean;
}

double DocumentCheck::brightnessOf(const QImage &image)
{
    const QImage g = analysisImage(image);
    if (g.isNull())
        return 0;
    double sum = 0;
    for (int y = 0; y < g.height(); ++y) {
        const uchar *row = g.constScanLine(y);
        for (int x = 0; x < g.width(); ++x)
            sum += row[x];
    }
    return sum / (double(g.width()) * g.height());
}

DocumentVerdict DocumentCheck::check(const QByteArray &bytes, const QString &fileName)
{
    DocumentVerdict v;
    v.format = formatOf(bytes);
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    const bool suffixOk = suffix == v.format || (v.format == u"jpg" && suffix == u"jpeg");
    if (v.format.isEmpty() || !suffixOk) {
        v.problem = DocumentVerdict::Problem::UnsupportedType;
        v.message = tr("Use a JPG, PNG or BMP photo whose file name ends in its type (.jpg, "
                       ".png, .bmp).");
        return v;
    }
    if (bytes.size() < minBytes) {
        v.problem = DocumentVerdict::Problem::TooSmallFile;
        v.message = tr("This file is too small (%1 KB) to be a readable photo: take a new one.")
                        .arg(bytes.size() / 1024);
        return v;
    }
    if (bytes.size() > maxBytes) {
        v.problem = DocumentVerdict::Problem::TooLargeFile;
        v.message = tr("This photo is %1 MB; the providers take at most 2 MB. Save it smaller "
                       "or at a lower quality.")
                        .arg(QString::number(double(bytes.size()) / (1024 * 1024), 'f', 1));
        return v;
    }
    QBuffer buffer;
    buffer.setData(bytes);
    QImageReader reader(&buffer);
    const QImage image = reader.read();
    if (image.isNull()) {
        v.problem = DocumentVerdict::Problem::UnsupportedType;
        v.message = tr("This file cannot be read as an image: %1").arg(reader.errorString());
        return v;
    }
    v.size = image.size();
    const int longSide = std::max(image.width(), image.height());
    const int shortSide = std::min(image.width(), image.height());
    if (longSide < minLongSide || shortSide < minShortSide) {
        v.problem = DocumentVerdict::Problem::LowResolution;
        v.message = tr("This photo is %1×%2 pixels; at least %3×%4 are needed to read it. "
                       "Take it again closer or with a better camera.")
                        .arg(image.width())
                        .arg(image.height())
                        .arg(minLongSide)
                        .arg(minShortSide);
        return v;
    }
    v.brightness = brightnessOf(image);
    v.sharpness = sharpnessOf(image);
    if (v.brightness < minBrightness) {
        v.problem = DocumentVerdict::Problem::TooDark;
        v.message = tr("This photo looks too dark: retake it in better light.");
        return v;
    }
    if (v.sharpness < minSharpness) {
        v.problem = DocumentVerdict::Problem::Unclear;
        v.message = tr("This photo looks unclear: retake it.");
        return v;
    }
    return v;
}

} // namespace paydesk::onboarding
