#pragma once

#include "core/crypto/crypto.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QMap>
#include <QString>

namespace paydesk {

/// WeChat Pay API v3 signatures (WECHATPAY2-SHA256-RSA2048) and callback decryption. Knows
/// the byte formats only; the transport decides what to do with a failure.
class WechatPayV3Signer
{
    Q_DECLARE_TR_FUNCTIONS(WechatPayV3Signer)
public:
    /// `METHOD\nPATH_AND_QUERY\nTIMESTAMP\nNONCE\nBODY\n`: the path and query exactly as sent
    /// (base path included, nothing decoded), the body's exact bytes (empty for GET).
    static QByteArray requestMessage(const QByteArray &method, const QByteArray &pathAndQuery,
                                     qint64 timestamp, const QString &nonce,
                                     const QByteArray &body);
    /// The Authorization header value for that request, signed with \a merchantKey.
    static Result<QByteArray> authorization(const crypto::RsaKey &merchantKey, const QString &mchid,
                                            const QString &serial, const QByteArray &method,
                                            const QByteArray &pathAndQuery, qint64 timestamp,
                                            const QString &nonce, const QByteArray &body);
    /// `TIMESTAMP\nNONCE\nBODY\n` of an answer or callback (an empty body line for a 204).
    static QByteArray answerMessage(const QByteArray &timestamp, const QByteArray &nonce,
                                    const QByteArray &body);

    /// Checks an answer or callback: \a headers (names lower-case) must carry
    /// wechatpay-signature, -timestamp, -nonce and a wechatpay-serial equal to \a platformSerial
    /// (exact, case included); the timestamp at most \a maxSkewSeconds from \a now; the
    /// signature over answerMessage() valid under \a platformKey. Codes: wechatpay.unsigned,
    /// wechatpay.wrong_serial, wechatpay.stale, wechatpay.bad_signature.
    static Status verify(const QMap<QByteArray, QByteArray> &headers, const QByteArray &body,
                         const QString &platformSerial, const crypto::RsaKey &platformKey,
                         const QDateTime &now, int maxSkewSeconds = 300);

    /// Decrypts a callback's resource (AEAD_AES_256_GCM): key = the APIv3 key, IV = \a nonce,
    /// AAD = \a associatedData, \a ciphertextBase64 = Base64(ciphertext || 16-byte tag). An
    /// altered message or a wrong key fails; nothing unauthenticated is returned.
    static Result<QByteArray> decryptResource(const QByteArray &apiv3Key, const QByteArray &nonce,
                                              const QByteArray &associatedData,
                                              const QByteArray &ciphertextBase64);

    /// 32 random characters of [0-9A-Z] for nonce_str / the Authorization nonce.
    static QString nonce();
};

} // namespace paydesk
