#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QImage>
#include <QSize>
#include <QString>

namespace paydesk::onboarding {

/// What Paydesk checks in a document photo before it is uploaded (unclear documents are the
/// most common rejection): file type, file size, resolution, sharpness and brightness.
struct DocumentVerdict
{
    enum class Problem {
        None,
        UnsupportedType,
        TooSmallFile,
        TooLargeFile,
        LowResolution,
        Unclear,
        TooDark
    };
    Problem problem = Problem::None;
    QString message; ///< translated; empty when ok
    QString format;  ///< "jpg", "png" or "bmp" (what the bytes are, not what the name says)
    QSize size;
    double sharpness = 0;  ///< variance of the Laplacian of the downscaled grey image
    double brightness = 0; ///< mean grey level, 0–255

    bool ok() const { return problem == Problem::None; }
};

class DocumentCheck
{
    Q_DECLARE_TR_FUNCTIONS(DocumentCheck)
public:
    /// The strictest of the providers' limits (ONBOARDING-PROTOCOLS §1.1, §2): JPG/PNG/BMP,
    /// 5 KB – 2 MB.
    static constexpr qint64 minBytes = 5 * 1024;
    static constexpr qint64 maxBytes = 2 * 1024 * 1024;
    /// A licence photographed from arm's length at less than this is unreadable in review.
    static constexpr int minLongSide = 800;
    static constexpr int minShortSide = 600;
    /// The image is judged at this long side, so the threshold does not depend on the camera.
    static constexpr int analysisLongSide = 640;
    static constexpr double minSharpness = 60.0;
    static constexpr double minBrightness = 45.0;

    /// Checks \a bytes (as read from \a fileName) in the order a person fixes them.
    static DocumentVerdict check(const QByteArray &bytes, const QString &fileName);
    /// The sharpness and brightness measures alone (the sandbox's review uses them too).
    static double sharpnessOf(const QImage &image);
    static double brightnessOf(const QImage &image);

private:
    static QImage analysisImage(const QImage &image);
};

} // namespace paydesk::onboarding
