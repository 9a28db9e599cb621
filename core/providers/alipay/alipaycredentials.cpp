#include "core/providers/alipay/alipaycredentials.h"

#include "core/providers/paymentprovider.h"
#include "core/providers/providerregistry.h"

#include <QCoreApplication>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {

constexpr const char *kContext = "AlipayCredentials";

QString tr(const char *source)
{
    return QCoreApplication::translate(kContext, source);
}

CredentialField field(QString key, const char *label, CredentialKind kind, CredentialRole role)
{
    CredentialField f;
    f.key = std::move(key);
    f.context = kContext;
    f.labelSource = label;
    f.kind = kind;
    f.role = role;
    return f;
}

} // namespace

CredentialSpec credentialSpec()
{
    CredentialField appId = field(u"app_id"_s, QT_TRANSLATE_NOOP("AlipayCredentials", "APPID"),
                                  CredentialKind::Text, CredentialRole::Identity);
    appId.pattern = u"[0-9]{16}"_s;
    appId.hintSource = QT_TRANSLATE_NOOP("AlipayCredentials", "16 digits, e.g. 2021001234567890");
    appId.helpSource = QT_TRANSLATE_NOOP(
        "AlipayCredentials",
        "open.alipay.com → Console → My apps: the 16-digit APPID of the app that has "
        "face-to-face payment (当面付).");

    CredentialField key =
        field(u"app_private_key"_s, QT_TRANSLATE_NOOP("AlipayCredentials", "App private key"),
              CredentialKind::PrivateKey, CredentialRole::SigningKey);
    key.generatable = true;
    key.helpSource = QT_TRANSLATE_NOOP(
        "AlipayCredentials",
        "Let Paydesk make the key pair and paste its public key in the console under "
        "Development settings → API signing method (public key), or import the app private key "
        "you already use (PEM or the Base64 text of the key tool).");

    CredentialField alipayKey =
        field(u"alipay_public_key"_s, QT_TRANSLATE_NOOP("AlipayCredentials", "Alipay public key"),
              CredentialKind::PublicKey, CredentialRole::VerifyingKey);
    alipayKey.helpSource = QT_TRANSLATE_NOOP(
        "AlipayCredentials",
        "Shown in the console after the app public key is saved (支付宝公钥). It is Alipay's "
        "key, not the app public key.");

    CredentialField gateway = field(u"gateway"_s, QT_TRANSLATE_NOOP("AlipayCredentials", "Gateway"),
                                    CredentialKind::Url, CredentialRole::Endpoint);
    gateway.advanced = true;
    gateway.defaultValue = u"https://openapi.alipay.com/gateway.do"_s;
    gateway.helpSource =
        QT_TRANSLATE_NOOP("AlipayCredentials",
                          "Leave as it is for real payments; Alipay's own developer sandbox uses "
                          "https://openapi-sandbox.dl.alipaydev.com/gateway.do.");

    CredentialField pid =
        field(u"seller_id"_s, QT_TRANSLATE_NOOP("AlipayCredentials", "Merchant PID"),
              CredentialKind::Text, CredentialRole::Other);
    pid.required = false;
    pid.advanced = true;
    pid.pattern = u"2088[0-9]{12}"_s;
    pid.hintSource = QT_TRANSLATE_NOOP("AlipayCredentials", "16 digits starting 2088");
    pid.helpSource = QT_TRANSLATE_NOOP(
        "AlipayCredentials",
        "Optional. When set, a notification that names another merchant is refused.");

    CredentialSpec spec;
    spec.fields = {appId, key, alipayKey, gateway, pid};
    spec.fill = [](const CredentialValues &v, ProviderAccount &account) {
        account.appId = v.value(u"app_id"_s);
        account.appPrivateKeyPem = v.value(u"app_private_key"_s).toLatin1();
        account.providerPublicKeyPem = v.value(u"alipay_public_key"_s).toLatin1();
        account.gateway = QUrl(v.value(u"gateway"_s));
        account.sellerId = v.value(u"seller_id"_s);
    };
    // Alipay's own codes where the generic reading by FailureReason would be vaguer.
    spec.diagnose = [](const ProviderStatus &s) -> std::optional<CredentialProblem> {
        if (s.subCode == u"isv.invalid-app-id" || s.subCode == u"isv.missing-app-id")
            return CredentialProblem{
                u"app_id"_s, tr("Alipay does not know this APPID. Copy the APPID of your app "
                                "from the open-platform console (16 digits).")};
        if (s.failed() && s.reason == FailureReason::PermissionDenied)
            return CredentialProblem{
                u"app_id"_s,
                tr("Alipay accepted the keys, but this app may not take face-to-face payments "
                   "(当面付) yet. Add and sign the product for the app in the console, then try "
                   "again. (%1)")
                    .arg(s.subCode.isEmpty() ? s.code : s.subCode)};
        return std::nullopt;
    };
    return spec;
}

} // namespace paydesk::alipay
