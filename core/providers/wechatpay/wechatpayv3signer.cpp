#include "core/providers/wechatpay/wechatpayv3signer.h"

#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace paydesk {

QByteArray WechatPayV3Signer::requestMessage(const QByteArray &method,
                                             const QByteArray &pathAndQuery, qint64 timestamp,
                                             const QString &nonce, const QByteArray &body)
{
    return method + '\n' + pathAndQuery + '\n' + QByteArray::number(timestamp) + '\n' +
           nonce.toUtf8() + '\n' + body + '\n';
}

Result<QByteArray> WechatPayV3Signer::authorization(const crypto::RsaKey &merchantKey,
                                                    const QString &mchid, const QString &serial,
                                                    const QByteArray &method,
                                                    const QByteArray &pathAndQuery,
                                                    qint64 timestamp, const QString &nonce,
                                                    const QByteArray &body)
{
    auto signature = crypto::rsaSha256Sign(
        merchantKey, requestMessage(method, pathAndQuery, timestamp, nonce, body));
    if (!signature.ok())
        return signature.error();
    return "WECHATPAY2-SHA256-RSA2048 mchid=\"" + mchid.toUtf8() + "\",nonce_str=\"" +
           nonce.toUtf8() + "\",timestamp=\"" + QByteArray::number(timestamp) + "\",serial_no=\"" +
           serial.toUtf8() + "\",signature=\"" + signature.value().toBase64() + '"';
}

QByteArray WechatPayV3Signer::answerMessage(const QByteArray &timestamp, const QByteArray &nonce,
                                            const QByteArray &body)
{
    return timestamp + '\n' + nonce + '\n' + body + '\n';
}

Status WechatPayV3Signer::verify(const QMap<QByteArray, QByteArray> &headers,
                                 const QByteArray &body, const QString &platformSerial,
                                 const crypto::RsaKey &platformKey, const QDateTime &now,
                                 int maxSkewSeconds)
{
    const QByteArray signature = headers.value("wechatpay-signature");
    const QByteArray timestamp = headers.value("wechatpay-timestamp");
    const QByteArray nonce = headers.value("wechatpay-nonce");
    const QByteArray serial = headers.value("wechatpay-serial");
    if (signature.isEmpty() || timestamp.isEmpty() || nonce.isEmpty() || serial.isEmpty())
        return Error{u"wechatpay.unsigned"_s, tr("The answer is not signed.")};
    // Exact match: the serial names the key, and a re-cased or padded one names none we hold.
    if (platformSerial.isEmpty() || QString::fromUtf8(serial) != platformSerial)
        return Error{u"wechatpay.wrong_serial"_s,
                     tr("The answer is signed with a key this till does not know (%1).")
                         .arg(QString::fromUtf8(serial.left(64)))};
    bool numeric = false;
    const qint64 seconds = timestamp.toLongLong(&numeric);
    if (!numeric || qAbs(now.toSecsSinceEpoch() - seconds) > maxSkewSeconds)
        return Error{u"wechatpay.stale"_s,
                     tr("The answer's time is more than %1 s away from this till's clock.")
                         .arg(maxSkewSeconds)};
    const QByteArray raw =
        QByteArray::fromBase64(signature, QByteArray::AbortOnBase64DecodingErrors);
    if (raw.isEmpty() || platformKey.isNull() ||
        !crypto::rsaSha256Verify(platformKey, answerMessage(timestamp, nonce, body), raw))
        return Error{u"wechatpay.bad_signature"_s, tr("The answer failed its signature check.")};
    return {};
}

Result<QByteArray> WechatPayV3Signer::decryptResource(const QByteArray &apiv3Key,
                                                      const QByteArray &nonce,
                                                      const QByteArray &associatedData,
                                                      const QByteArray &ciphertextBase64)
{
    if (apiv3Key.size() != 32)
        return Error{u"wechatpay.apiv3_key"_s, tr("The APIv3 key must be 32 bytes.")};
    const auto decoded =
        QByteArray::fromBase64Encoding(ciphertextBase64, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || nonce.isEmpty())
        return Error{u"wechatpay.bad_resource"_s, tr("The encrypted notification is malformed.")};
    return crypto::aesGcmDecrypt(apiv3Key, nonce, *decoded, associatedData);
}

QString WechatPayV3Signer::nonce()
{
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const QByteArray random = crypto::randomBytes(32);
    QString out;
    out.reserve(32);
    for (const char byte : random)
        out += QLatin1Char(alphabet[quint8(byte) % 36]);
    return out;
}

} // namespace paydesk
