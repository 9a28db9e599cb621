#pragma once

// The fixed WeChat Pay test keys of tests/data/wechatpay (merchant and platform pairs) and a
// signer for answers the way the platform signs them.

#include "core/crypto/crypto.h"
#include "core/providers/wechatpay/wechatpayv3signer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMap>

namespace paydesk::test {

inline QByteArray wechatpayData(const QString &name)
{
    const QString env = qEnvironmentVariable("PAYDESK_TEST_DATA");
    const QString base =
        env.isEmpty()
            ? QFileInfo(QStringLiteral(__FILE__)).absoluteDir().filePath(QStringLiteral("../data"))
            : env;
    QFile f(QDir(base).filePath(QStringLiteral("wechatpay/") + name));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(f.fileName()));
    return f.readAll();
}

inline crypto::RsaKey wechatpayKey(const QString &name)
{
    auto k = crypto::RsaKey::fromPem(wechatpayData(name));
    if (!k.ok())
        qFatal("bad key %s", qPrintable(name));
    return k.value();
}

/// The four Wechatpay-* headers (names lower-case) of \a body signed at \a timestamp.
inline QMap<QByteArray, QByteArray> platformHeaders(const crypto::RsaKey &platformKey,
                                                    const QByteArray &serial,
                                                    const QByteArray &body, qint64 timestamp,
                                                    const QByteArray &nonce = "n0nce")
{
    const QByteArray ts = QByteArray::number(timestamp);
    auto sig =
        crypto::rsaSha256Sign(platformKey, WechatPayV3Signer::answerMessage(ts, nonce, body));
    return {{"wechatpay-signature", sig.ok() ? sig.value().toBase64() : QByteArray()},
            {"wechatpay-timestamp", ts},
            {"wechatpay-nonce", nonce},
            {"wechatpay-serial", serial}};
}

} // namespace paydesk::test
