#include "sandbox/signup/multipart.h"

#include <QRegularExpression>

namespace paydesk::sandbox {

namespace {
QString dispositionValue(const QByteArray &header, const char *key)
{
    const QRegularExpression re(
        QStringLiteral("(?:^|;)\\s*%1=\"([^\"]*)\"").arg(QLatin1String(key)));
    const auto m = re.match(QString::fromUtf8(header));
    return m.hasMatch() ? m.captured(1) : QString();
}
} // namespace

std::optional<QList<FormPart>> parseMultipart(const QByteArray &contentType, const QByteArray &body)
{
    if (!contentType.toLower().startsWith("multipart/form-data"))
        return std::nullopt;
    const qsizetype at = contentType.indexOf("boundary=");
    if (at < 0)
        return std::nullopt;
    QByteArray boundary = contentType.mid(at + 9);
    if (const qsizetype semi = boundary.indexOf(';'); semi >= 0)
        boundary.truncate(semi);
    boundary = boundary.trimmed();
    if (boundary.startsWith('"') && boundary.endsWith('"'))
        boundary = boundary.mid(1, boundary.size() - 2);
    const QByteArray delimiter = "--" + boundary;
    QList<FormPart> parts;
    qsizetype pos = body.indexOf(delimiter);
    if (pos < 0)
        return std::nullopt;
    while (true) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            return parts;
        if (body.mid(pos, 2) != "\r\n")
            return std::nullopt;
        pos += 2;
        const qsizetype headersEnd = body.indexOf("\r\n\r\n", pos);
        const qsizetype next = body.indexOf("\r\n" + delimiter, pos);
        if (headersEnd < 0 || next < 0 || headersEnd > next)
            return std::nullopt;
        FormPart part;
        for (const QByteArray &line : body.mid(pos, headersEnd - pos).split('\n')) {
            const QByteArray l = line.trimmed();
            const qsizetype colon = l.indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = l.left(colon).trimmed().toLower();
            const QByteArray value = l.mid(colon + 1).trimmed();
            if (name == "content-disposition") {
                part.name = dispositionValue(value, "name");
                part.fileName = dispositionValue(value, "filename");
            } else if (name == "content-type") {
                part.contentType = value;
            }
        }
        part.body = body.mid(headersEnd + 4, next - headersEnd - 4);
        parts.append(part);
        pos = next + 2;
    }
}

} // namespace paydesk::sandbox
