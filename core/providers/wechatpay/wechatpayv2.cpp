#include "core/providers/wechatpay/wechatpayv2.h"

#include "core/crypto/crypto.h"

#include <QStringList>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

using namespace Qt::StringLiterals;

namespace paydesk {

QString WechatPayV2::sign(const Params &params, const QByteArray &key, SignType type)
{
    QStringList pairs;
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        if (it.key() != u"sign" && !it.value().isEmpty())
            pairs << it.key() + u'=' + it.value();
    const QByteArray text = (pairs.join(u'&') + u"&key="_s).toUtf8() + key;
    const QByteArray digest =
        type == SignType::Md5 ? crypto::md5(text) : crypto::hmacSha256(key, text);
    return QString::fromLatin1(digest.toHex().toUpper());
}

bool WechatPayV2::verify(const Params &params, const QByteArray &key, SignType type)
{
    const QString given = params.value(u"sign"_s);
    if (given.isEmpty() || key.isEmpty())
        return false;
    return crypto::constantTimeEquals(sign(params, key, type).toLatin1(), given.toLatin1());
}

QString WechatPayV2::signTypeName(SignType type)
{
    return type == SignType::HmacSha256 ? u"HMAC-SHA256"_s : QString();
}

QByteArray WechatPayV2::toXml(const Params &params)
{
    QByteArray out;
    QXmlStreamWriter w(&out);
    w.writeStartElement(u"xml"_s);
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        const QString &v = it.value();
        if (v.contains(u'<') || v.contains(u'>') || v.contains(u'&')) {
            w.writeStartElement(it.key());
            w.writeCDATA(v);
            w.writeEndElement();
        } else {
            w.writeTextElement(it.key(), v);
        }
    }
    w.writeEndElement();
    return out;
}

Result<WechatPayV2::Params> WechatPayV2::parseXml(const QByteArray &xml)
{
    const auto bad = [](const QString &why) {
        return Error{u"wechatpay.bad_xml"_s,
                     tr("The provider's XML answer is malformed: %1").arg(why)};
    };
    QXmlStreamReader r(xml);
    Params out;
    bool rootSeen = false;
    bool rootClosed = false;
    while (!r.atEnd()) {
        const auto token = r.readNext();
        switch (token) {
        case QXmlStreamReader::DTD:
        case QXmlStreamReader::EntityReference:
            return bad(tr("document type declarations are not accepted"));
        case QXmlStreamReader::StartElement:
            if (rootClosed)
                return bad(tr("content after the root element"));
            if (!rootSeen) {
                if (r.name() != u"xml")
                    return bad(tr("the root element is not <xml>"));
                rootSeen = true;
                break;
            }
            {
                const QString name = r.name().toString();
                const QString value = r.readElementText(QXmlStreamReader::ErrorOnUnexpectedElement);
                if (r.hasError())
                    return bad(tr("element <%1> is not flat").arg(name));
                if (out.contains(name))
                    return bad(tr("element <%1> appears twice").arg(name));
                out.insert(name, value);
            }
            break;
        case QXmlStreamReader::EndElement:
            rootClosed = true; // only the root's end reaches here
            break;
        default:
            break;
        }
    }
    if (r.hasError())
        return bad(r.errorString());
    if (!rootSeen || !rootClosed)
        return bad(tr("no <xml> root"));
    return out;
}

} // namespace paydesk
