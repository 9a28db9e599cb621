#pragma once

#include "core/crypto/crypto.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

// Alipay OpenAPI wire details shared by the gateway and the notifier: form decoding, the
// canonical sign string, ordered JSON and Beijing timestamps.
namespace paydesk::sandbox::alipay {

using Params = QMap<QByteArray, QByteArray>; ///< decoded key → raw value bytes, byte order

/// Decodes application/x-www-form-urlencoded text ('+' is a space, then %XX) into \a into;
/// later keys overwrite earlier ones.
void parseForm(const QByteArray &encoded, Params &into);
/// Encodes \a params as a form body (values percent-encoded, UTF-8).
QByteArray encodeForm(const QList<QPair<QByteArray, QByteArray>> &params);

/// `k=v&k=v` over the sorted params with non-empty values, leaving out \a excluded keys.
QByteArray signContent(const Params &params, const QList<QByteArray> &excluded);

/// Base64(SHA256withRSA(key, data)).
Result<QByteArray> signBase64(const crypto::RsaKey &key, const QByteArray &data);
bool verifyBase64(const crypto::RsaKey &key, const QByteArray &data, const QByteArray &signature);

/// "yyyy-MM-dd HH:mm:ss" in Beijing time (UTC+8, no DST).
QString beijingText(const QDateTime &utc);
QDateTime beijing(const QDateTime &utc);
/// Strict yuan string from fen: "12.34".
QString yuan(qint64 minor);

/// JSON text of a string, as Alipay emits it: UTF-8, '/' not escaped.
QByteArray jsonString(const QString &text);

/// Builds one JSON object in insertion order, so the bytes that get signed are the bytes
/// that get sent.
class JsonWriter
{
public:
    JsonWriter &add(const char *key, const QString &value);
    JsonWriter &addRaw(const char *key, const QByteArray &json);
    bool has(const char *key) const;
    QByteArray finish() const { return "{" + m_body + "}"; }

private:
    QByteArray m_body;
    QList<QByteArray> m_keys;
};

} // namespace paydesk::sandbox::alipay
