#include "core/providers/wechatpay/applyment/applymentsigner.h"

namespace paydesk::wechatpay::ApplymentSigner {

QByteArray requestMessage(const QByteArray &method, const QByteArray &target, qint64 timestamp,
                          const QByteArray &nonce, const QByteArray &body)
{
    return method + '\n' + target + '\n' + QByteArray::number(timestamp) + '\n' + nonce + '\n' +
           body + '\n';
}

Result<QByteArray> authorization(const QString &mchid, const QString &serial,
                                 const crypto::RsaKey &key, const QByteArray &method,
                                 const QByteArray &target, const QByteArray &body, qint64 timestamp,
                                 const QByteArray &nonce)
{
    auto signature =
        crypto::rsaSha256Sign(key, requestMessage(method, target, timestamp, nonce, body));
    if (!signature.ok())
        return signature.error();
    return "WECHATPAY2-SHA256-RSA2048 mchid=\"" + mchid.toUtf8() + "\",nonce_str=\"" + nonce +
           "\",timestamp=\"" + QByteArray::number(timestamp) + "\",serial_no=\"" + serial.toUtf8() +
           "\",signature=\"" + signature.value().toBase64() + "\"";
}

bool verifyAnswer(const crypto::RsaKey &platformKey, const QString &expectedSerial,
                  const QByteArray &serial, const QByteArray &timestamp, const QByteArray &nonce,
                  const QByteArray &signatureBase64, const QByteArray &body, const QDateTime &now)
{
    if (serial != expectedSerial.toUtf8() || signatureBase64.isEmpty())
        return false;
    bool ok = false;
    const qint64 ts = timestamp.toLongLong(&ok);
    if (!ok || std::abs(now.toSecsSinceEpoch() - ts) > 300)
        return false;
    return crypto::rsaSha256Verify(platformKey, timestamp + '\n' + nonce + '\n' + body + '\n',
                                   QByteArray::fromBase64(signatureBase64));
}

} // namespace paydesk::wechatpay::ApplymentSigner
