// Build-time tool: renders the application's SVG icon to the PNG sizes the freedesktop icon
// theme wants (hicolor/NxN/apps), so the PNGs always match the SVG and none are committed.
//   paydesk_rendericon SVG OUT_DIR SIZE...   writes OUT_DIR/NxN/paydesk.png
#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextStream>

int main(int argc, char *argv[])
{
    // No display at build time: the offscreen platform is enough to paint into an image.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments();
    QTextStream err(stderr);
    if (args.size() < 4) {
        err << "usage: paydesk_rendericon SVG OUT_DIR SIZE...\n";
        return 2;
    }
    QSvgRenderer svg(args.at(1));
    if (!svg.isValid()) {
        err << "cannot read " << args.at(1) << '\n';
        return 1;
    }
    for (int i = 3; i < args.size(); ++i) {
        bool ok = false;
        const int size = args.at(i).toInt(&ok);
        if (!ok || size <= 0 || size > 1024) {
            err << "bad size " << args.at(i) << '\n';
            return 2;
        }
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        svg.render(&painter);
        painter.end();
        const QString dir = QStringLiteral("%1/%2x%2").arg(args.at(2)).arg(size);
        const QString out = dir + QStringLiteral("/paydesk.png");
        if (!QDir().mkpath(dir) || !image.save(out, "PNG")) {
            err << "cannot write " << out << '\n';
            return 1;
        }
    }
    return 0;
}
