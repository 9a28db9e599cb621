#pragma once

#include "core/crypto/crypto.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <optional>

namespace paydesk {

/// Alipay OpenAPI RSA2 signing rules as pure functions (no network, no state).
namespace AlipaySigner {

using Params = QMap<QString, QString>;

/// The request signing content: every param except `sign`, empty values dropped,
/// sorted by key in byte order, raw (un-encoded) values joined as `k=v&k=v`.
/// `sign_type` stays in.
QByteArray signingContent(const Params &params);

/// Base64 SHA256withRSA signature of \a content.
Result<QString> signContent(const QByteArray &content, const crypto::RsaKey &privateKey);
/// signContent(signingContent(params)).
Result<QString> sign(const Params &params, const crypto::RsaKey &privateKey);
/// Checks a Base64 signature of \a content. False on bad Base64 or a mismatch.
bool verifyContent(const QByteArray &content, const QString &signBase64,
                   const crypto::RsaKey &publicKey);

/// Verifies a gateway answer: \a signBase64 over the raw inner object bytes. Like the
/// official Java SDK, a second try unescapes "\/" to "/" (some gateways sign that form).
bool verifyResponse(const QByteArray &rawInner, const QString &signBase64,
                    const crypto::RsaKey &alipayPublicKey);

/// The gateway response key for a method: "alipay.trade.pay" → "alipay_trade_pay_response".
QString responseKey(const QString &method);

/// The exact raw bytes of the object value of \a key at the TOP level of the JSON
/// object in \a body, from its `{` to the matching `}`. A real scanner: strings,
/// escapes and nesting are honoured, so a nested "sign" or braces inside strings do not
/// confuse it. Nothing if the body is not a JSON object, the key is absent at the top
/// level or its value is not an object.
std::optional<QByteArray> extractRawObject(const QByteArray &body, const QString &key);

/// Decodes an application/x-www-form-urlencoded string (`+` is a space, %XX UTF-8).
/// A key given twice keeps its first value.
Params parseForm(const QByteArray &form);
/// Encodes params for a URL query or form body; every reserved char is %-escaped
/// (so `+` in a Base64 signature survives).
QByteArray encodeForm(const Params &params);

/// Notification signing content: every param except `sign` and `sign_type`, sorted,
/// raw (already decoded) values joined as `k=v&...`. With \a dropEmpty, empty values
/// are left out (the request rule); Alipay's own notify check keeps them.
QByteArray notificationContent(const Params &params, bool dropEmpty = false);

/// Verifies a decoded notification's `sign` the way the official SDKs do: without
/// sign/sign_type first, then (for old integrations) with sign_type kept. Works
/// whether or not the notification carries sign_type.
bool verifyNotification(const Params &params, const crypto::RsaKey &alipayPublicKey);

} // namespace AlipaySigner

} // namespace paydesk
