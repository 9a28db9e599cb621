#pragma once

#include "core/providers/providerregistry.h"
#include "core/providers/wechatpay/wechatpayconfig.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QUrl>

namespace paydesk::wechatpay {

/// The names under which a WeChat Pay account keeps its fields in ProviderAccount: appId is
/// the appid, gateway the API base URL, providerPublicKeyPem the platform public key,
/// appPrivateKeyPem the merchant key; these in params and secrets.
namespace field {
inline const QString mchid = QStringLiteral("mchid");
inline const QString merchantSerial = QStringLiteral("merchant_serial");
inline const QString platformSerial = QStringLiteral("platform_serial");
inline const QString notifyUrl = QStringLiteral("notify_url");    ///< production callbacks
inline const QString v2SignType = QStringLiteral("v2_sign_type"); ///< "MD5" or "HMAC-SHA256"
inline const QString apiv3Key = QStringLiteral("apiv3_key");      ///< secret
inline const QString apiv2Key = QStringLiteral("apiv2_key");      ///< secret
} // namespace field

struct Account
{
    Q_DECLARE_TR_FUNCTIONS(WechatPayAccount)
};

/// The adapter's configuration for a stored account: parses the keys, checks the key sizes.
Result<WechatPayConfig> configFrom(const ProviderAccount &account);

/// The account from the sandbox's POST /sandbox/apps answer (ARCHITECTURE §7a: mchid, appid,
/// merchant_serial, platform_serial, platform_public_key, apiv3_key, apiv2_key, base_url).
Result<ProviderAccount> accountFromSandbox(const QJsonObject &answer, const QUrl &sandboxBase);

} // namespace paydesk::wechatpay
