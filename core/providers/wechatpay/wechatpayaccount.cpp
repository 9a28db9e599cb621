#include "core/providers/wechatpay/wechatpayaccount.h"

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

Result<WechatPayConfig> configFrom(const ProviderAccount &account)
{
    auto merchantKey = crypto::RsaKey::fromPem(account.appPrivateKeyPem);
    if (!merchantKey.ok())
        return merchantKey.error();
    auto platformKey = crypto::RsaKey::fromPem(account.providerPublicKeyPem);
    if (!platformKey.ok())
        return platformKey.error();
    WechatPayConfig config;
    config.baseUrl = account.gateway;
    config.appid = account.appId;
    config.mchid = account.params.value(field::mchid);
    config.merchantSerial = account.params.value(field::merchantSerial);
    config.platformSerial = account.params.value(field::platformSerial);
    config.merchantKey = merchantKey.value();
    config.platformKey = platformKey.value();
    config.apiv3Key = account.secrets.value(field::apiv3Key);
    config.apiv2Key = account.secrets.value(field::apiv2Key);
    if (account.params.value(field::v2SignType) == u"MD5")
        config.v2Sign = WechatPayConfig::V2Sign::Md5;
    // A sandbox reaches this PC's receiver; a production account names its own address.
    config.notifyUrl =
        account.notifyUrl.isEmpty() ? account.params.value(field::notifyUrl) : account.notifyUrl;
    config.keyPins = account.keyPins;
    if (config.mchid.isEmpty() || config.appid.isEmpty() || config.platformSerial.isEmpty() ||
        config.merchantSerial.isEmpty())
        return Error{u"wechatpay.account_incomplete"_s,
                     Account::tr("The WeChat Pay account lacks its merchant id, app id or a "
                                 "certificate serial.")};
    if (config.apiv3Key.size() != 32)
        return Error{u"wechatpay.apiv3_key"_s,
                     Account::tr("The WeChat Pay APIv3 key must be exactly 32 characters.")};
    if (!config.apiv2Key.isEmpty() && config.apiv2Key.size() != 32)
        return Error{u"wechatpay.apiv2_key"_s,
                     Account::tr("The WeChat Pay APIv2 key must be exactly 32 characters.")};
    return config;
}

Result<ProviderAccount> accountFromSandbox(const QJsonObject &answer, const QUrl &sandboxBase)
{
    const auto text = [&](const char *key) { return answer.value(QLatin1String(key)).toString(); };
    auto platformKey = crypto::RsaKey::fromPem(text("platform_public_key").toLatin1());
    ProviderAccount account;
    account.appId = text("appid");
    account.gateway = sandboxBase.resolved(QUrl(text("base_url"))); // absolute stays absolute
    account.params.insert(field::mchid, text("mchid"));
    account.params.insert(field::merchantSerial, text("merchant_serial"));
    account.params.insert(field::platformSerial, text("platform_serial"));
    account.secrets.insert(field::apiv3Key, text("apiv3_key").toUtf8());
    account.secrets.insert(field::apiv2Key, text("apiv2_key").toUtf8());
    const bool complete =
        !account.appId.isEmpty() && !text("base_url").isEmpty() && !text("mchid").isEmpty() &&
        !text("merchant_serial").isEmpty() && !text("platform_serial").isEmpty() &&
        text("apiv3_key").toUtf8().size() == 32 && text("apiv2_key").toUtf8().size() == 32;
    if (!platformKey.ok() || !complete)
        return Error{u"sandbox.bad_answer"_s,
                     Account::tr("The sandbox sent an incomplete WeChat Pay account.")};
    account.providerPublicKeyPem = platformKey.value().publicKeyPem();
    return account;
}

} // namespace paydesk::wechatpay
