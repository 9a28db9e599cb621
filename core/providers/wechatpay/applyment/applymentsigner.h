#pragma once

#include "core/crypto/crypto.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace paydesk::wechatpay {

/// WeChat Pay API v3 request signing and answer verification (PROTOCOLS.md "WeChat Pay API
/// v3"), written minimally for the applyment client until it can share the payment adapter's.
namespace ApplymentSigner {

/// `METHOD\nPATH_AND_QUERY\nTIMESTAMP\nNONCE\nBODY\n`.
QByteArray requestMessage(const QByteArray &method, const QByteArray &target, qint64 timestamp,
                          const QByteArray &nonce, const QByteArray &body);
/// The Authorization header value for one request.
Result<QByteArray> authorization(const QString &mchid, const QString &serial,
                                 const crypto::RsaKey &key, const QByteArray &method,
                                 const QByteArray &target, const QByteArray &body, qint64 timestamp,
                                 const QByteArray &nonce);
/// Checks an answer's Wechatpay-* headers: the serial the caller expects, a timestamp within
/// 300 s of \a now, and the signature over `TIMESTAMP\nNONCE\nBODY\n`.
bool verifyAnswer(const crypto::RsaKey &platformKey, const QString &expectedSerial,
                  const QByteArray &serial, const QByteArray &timestamp, const QByteArray &nonce,
                  const QByteArray &signatureBase64, const QByteArray &body, const QDateTime &now);

} // namespace ApplymentSigner

} // namespace paydesk::wechatpay
