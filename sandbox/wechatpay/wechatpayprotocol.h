#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

#include <optional>

// WeChat Pay wire details shared by the v3 and v2 front-ends (docs/SANDBOX.md): the v3
// Authorization header and signed messages, the v2 XML and its MD5 / HMAC-SHA256 signature,
// and the time and money formats of both.
namespace paydesk::sandbox::wechatpay {

/// The fields of `Authorization: WECHATPAY2-SHA256-RSA2048 k="v",…` (any order).
struct Authorization
{
    QString mchid;
    QString nonce;
    QString timestamp;
    QString serial;
    QByteArray signature; ///< Base64 text as sent
};

/// Parses the header; nullopt when the scheme is not WECHATPAY2-SHA256-RSA2048, a field is
/// missing, repeated or unquoted.
std::optional<Authorization> parseAuthorization(const QByteArray &header);

/// `METHOD\nTARGET\nTIMESTAMP\nNONCE\nBODY\n`: what the merchant signs for a v3 request.
QByteArray requestMessage(const QByteArray &method, const QByteArray &target,
                          const QByteArray &timestamp, const QByteArray &nonce,
                          const QByteArray &body);
/// `TIMESTAMP\nNONCE\nBODY\n`: what the platform signs for an answer or a callback.
QByteArray answerMessage(const QByteArray &timestamp, const QByteArray &nonce,
                         const QByteArray &body);

/// The two v2 signature algorithms; `sign_type` absent means MD5.
enum class SignType { Md5, HmacSha256 };
/// nullopt for a `sign_type` WeChat does not know.
std::optional<SignType> signTypeFrom(const QString &field);

/// v2 parameters: name → text, sorted by name (the order the signature uses).
using XmlParams = QMap<QString, QString>;

/// Upper-case hex MD5 or HMAC-SHA256 (keyed with \a key) of `k=v&…&key=KEY` over the
/// non-empty params except `sign`.
QString v2Sign(const XmlParams &params, const QString &key, SignType type);

/// `<xml><k>v</k>…</xml>` (text or CDATA) into params; nullopt when not that shape.
std::optional<XmlParams> parseXml(const QByteArray &xml);
/// The same shape, fields in the given order; values with `<>&` go in CDATA.
QByteArray writeXml(const QList<QPair<QString, QString>> &fields);

/// RFC 3339 in Beijing time: `2026-12-02T11:30:00+08:00`.
QString rfc3339(const QDateTime &utc);
/// Parses RFC 3339 with an offset; invalid when the text is not that.
QDateTime parseRfc3339(const QString &text);
/// `yyyyMMddHHmmss` in Beijing time (v2 time_end).
QString compactBeijing(const QDateTime &utc);
QDateTime beijing(const QDateTime &utc);
/// Yuan text from fen, with a sign when negative: "12.34", "-0.07".
QString yuan(qint64 minor);

/// \a count characters of [0-9A-Za-z] from the system's secure generator (nonces).
QByteArray randomNonce(int count);

} // namespace paydesk::sandbox::wechatpay
