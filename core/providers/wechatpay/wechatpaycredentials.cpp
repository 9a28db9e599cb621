#include "core/providers/wechatpay/wechatpaycredentials.h"

#include "core/crypto/crypto.h"
#include "core/providers/paymentprovider.h"
#include "core/providers/providerregistry.h"
#include "core/providers/wechatpay/wechatpayaccount.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

constexpr const char *kContext = "WechatPayCredentials";

// The form's keys; the account keeps the values under wechatpayaccount.h's field names.
namespace key {
const QString mchid = u"mchid"_s;
const QString appid = u"appid"_s;
const QString merchantSerial = u"merchant_serial"_s;
const QString merchantKey = u"merchant_private_key"_s;
const QString apiv3 = u"apiv3_key"_s;
const QString platformKey = u"platform_public_key"_s;
const QString platformSerial = u"platform_serial"_s;
const QString apiv2 = u"apiv2_key"_s;
const QString gateway = u"gateway"_s;
const QString notifyUrl = u"notify_url"_s;
} // namespace key

// The context of the messages below, for lupdate and the runtime alike.
struct WechatPayCredentials
{
    Q_DECLARE_TR_FUNCTIONS(WechatPayCredentials)
};

CredentialField makeField(QString fieldKey, const char *label, CredentialKind kind,
                          CredentialRole role)
{
    CredentialField f;
    f.key = std::move(fieldKey);
    f.context = kContext;
    f.labelSource = label;
    f.kind = kind;
    f.role = role;
    return f;
}

bool isHexSerial(const QString &serial)
{
    static const QRegularExpression hex(u"^[0-9A-Fa-f]{8,40}$"_s);
    return hex.match(serial).hasMatch();
}

// A certificate pasted as the platform key: its key replaces it, its serial names it.
std::optional<CredentialProblem> readPlatformCertificate(CredentialValues &values)
{
    const QByteArray text = values.value(key::platformKey).toLatin1();
    if (!crypto::looksLikeCertificate(text))
        return std::nullopt;
    auto cert = crypto::readCertificate(text);
    if (!cert.ok())
        return CredentialProblem{
            key::platformKey,
            WechatPayCredentials::tr("Platform certificate: %1").arg(cert.error().message)};
    const QString typed = values.value(key::platformSerial);
    if (!typed.isEmpty() && typed.compare(cert.value().serialHex, Qt::CaseInsensitive) != 0)
        return CredentialProblem{
            key::platformSerial,
            WechatPayCredentials::tr("This serial is not the pasted platform certificate's (%1). "
                                     "Leave it empty to use the certificate's own.")
                .arg(cert.value().serialHex)};
    values.insert(key::platformSerial, cert.value().serialHex);
    values.insert(key::platformKey, QString::fromLatin1(cert.value().publicKey.publicKeyPem()));
    return std::nullopt;
}

} // namespace

CredentialSpec credentialSpec()
{
    CredentialField mchid =
        makeField(key::mchid, QT_TRANSLATE_NOOP("WechatPayCredentials", "Merchant ID (商户号)"),
                  CredentialKind::Text, CredentialRole::Identity);
    mchid.pattern = u"[0-9]{8,12}"_s;
    mchid.hintSource = QT_TRANSLATE_NOOP("WechatPayCredentials", "digits, e.g. 1900000001");
    mchid.helpSource = QT_TRANSLATE_NOOP(
        "WechatPayCredentials",
        "pay.weixin.qq.com → Account centre → Merchant information: the merchant ID.");

    CredentialField appid =
        makeField(key::appid, QT_TRANSLATE_NOOP("WechatPayCredentials", "AppID"),
                  CredentialKind::Text, CredentialRole::Other);
    appid.pattern = u"wx[0-9A-Za-z]{16}"_s;
    appid.hintSource = QT_TRANSLATE_NOOP("WechatPayCredentials", "wx and 16 letters or digits");
    appid.helpSource = QT_TRANSLATE_NOOP(
        "WechatPayCredentials",
        "Product centre → AppID account management: the AppID bound to this merchant ID. WeChat "
        "Pay checks the pair at the first payment, not in this test.");

    CredentialField serial = makeField(
        key::merchantSerial,
        QT_TRANSLATE_NOOP("WechatPayCredentials", "Merchant certificate serial (证书序列号)"),
        CredentialKind::Text, CredentialRole::Other);
    serial.pattern = u"[0-9A-Fa-f]{8,40}"_s;
    serial.hintSource =
        QT_TRANSLATE_NOOP("WechatPayCredentials", "up to 40 hexadecimal characters");
    serial.helpSource = QT_TRANSLATE_NOOP(
        "WechatPayCredentials",
        "Account centre → API security → API certificate: the serial of the certificate whose "
        "private key you import below.");

    CredentialField merchantKey = makeField(
        key::merchantKey,
        QT_TRANSLATE_NOOP("WechatPayCredentials", "Merchant API private key (apiclient_key.pem)"),
        CredentialKind::PrivateKey, CredentialRole::SigningKey);
    merchantKey.helpSource = QT_TRANSLATE_NOOP(
        "WechatPayCredentials",
        "Import apiclient_key.pem from the folder WeChat Pay's certificate tool wrote when the API "
        "certificate was applied for. It never leaves this PC unencrypted.");

    CredentialField apiv3 =
        makeField(key::apiv3, QT_TRANSLATE_NOOP("WechatPayCredentials", "APIv3 key"),
                  CredentialKind::Secret, CredentialRole::Other);
    apiv3.pattern = u".{32}"_s;
    apiv3.hintSource = QT_TRANSLATE_NOOP("WechatPayCredentials", "exactly 32 characters");
    apiv3.helpSource = QT_TRANSLATE_NOOP(
        "WechatPayCredentials",
        "API security → APIv3 key: the 32 characters you set there. It decrypts payment "
        "notifications; WeChat Pay cannot check it in this test, so copy it carefully.");

    CredentialField platformKey =
        makeField(key::platformKey,
                  QT_TRANSLATE_NOOP("WechatPayCredentials", "WeChat Pay public key or platform "
                                                            "certificate"),
                  CredentialKind::PublicKey, CredentialRole::VerifyingKey);
    platformKey.helpSource = QT_TRANSLATE_NOOP(
        "WechatPayCredentials",
        "API security → WeChat Pay public key (pub_key.pem), or a platform certificate "
        "(wechatpay_….pem). It is WeChat Pay's key, not your merchant certificate.");

    CredentialField platformSerial = makeField(
        key::platformSerial, QT_TRANSLATE_NOOP("WechatPayCredentials", "WeChat Pay public key ID"),
        CredentialKind::Text, CredentialRole::Other);
    // Required, but a pasted certificate fills it in (prepare runs before the generic check).
    platformSerial.pattern = u"PUB_KEY_ID_[0-9A-Za-z_]+|[0-9A-Fa-f]{8,40}"_s;
    platformSerial.hintSource = QT_TRANSLATE_NOOP(
        "WechatPayCredentials", "PUB_KEY_ID_ and digits, or a certificate serial");
    platformSerial.helpSource = QT_TRANSLATE_NOOP(
        "WechatPayCredentials",
        "Shown beside the WeChat Pay public key (PUB_KEY_ID_…). Leave empty when you pasted a "
        "platform certificate: its serial is read from it.");

    CredentialField apiv2 = makeField(
        key::apiv2, QT_TRANSLATE_NOOP("WechatPayCredentials", "APIv2 key (payment codes)"),
        CredentialKind::Secret, CredentialRole::Other);
    apiv2.required = false;
    apiv2.pattern = u".{32}"_s;
    apiv2.hintSource = QT_TRANSLATE_NOOP("WechatPayCredentials", "exactly 32 characters");
    apiv2.helpSource = QT_TRANSLATE_NOOP(
        "WechatPayCredentials",
        "Optional. API security → APIv2 key: needed to scan customers' payment codes; counter QR "
        "codes work without it.");

    CredentialField gateway =
        makeField(key::gateway, QT_TRANSLATE_NOOP("WechatPayCredentials", "API address"),
                  CredentialKind::Url, CredentialRole::Endpoint);
    gateway.advanced = true;
    gateway.defaultValue = u"https://api.mch.weixin.qq.com"_s;
    gateway.helpSource =
        QT_TRANSLATE_NOOP("WechatPayCredentials", "Leave as it is for real payments.");

    CredentialField notify =
        makeField(key::notifyUrl, QT_TRANSLATE_NOOP("WechatPayCredentials", "Notification address"),
                  CredentialKind::Url, CredentialRole::Other);
    notify.helpSource = QT_TRANSLATE_NOOP(
        "WechatPayCredentials",
        "WeChat Pay requires one with every QR order: the public https address that forwards "
        "its payment notifications to this till. The till also asks WeChat Pay for each "
        "payment's outcome, so payments complete even when notifications do not arrive.");
    notify.hintSource = QT_TRANSLATE_NOOP("WechatPayCredentials", "https://…");

    CredentialSpec spec;
    spec.fields = {mchid,       appid,          serial, merchantKey, apiv3,
                   platformKey, platformSerial, apiv2,  notify,      gateway};
    spec.prepare = readPlatformCertificate;
    spec.fill = [](const CredentialValues &v, ProviderAccount &account) {
        account.appId = v.value(key::appid);
        account.gateway = QUrl(v.value(key::gateway));
        account.appPrivateKeyPem = v.value(key::merchantKey).toLatin1();
        account.providerPublicKeyPem = v.value(key::platformKey).toLatin1();
        account.params.insert(field::mchid, v.value(key::mchid));
        // WeChat Pay writes certificate serials in upper case and matches them exactly.
        account.params.insert(field::merchantSerial, v.value(key::merchantSerial).toUpper());
        const QString platformSerial = v.value(key::platformSerial);
        account.params.insert(field::platformSerial, isHexSerial(platformSerial)
                                                         ? platformSerial.toUpper()
                                                         : platformSerial);
        if (v.contains(key::notifyUrl))
            account.params.insert(field::notifyUrl, v.value(key::notifyUrl));
        account.secrets.insert(field::apiv3Key, v.value(key::apiv3).toUtf8());
        if (v.contains(key::apiv2))
            account.secrets.insert(field::apiv2Key, v.value(key::apiv2).toUtf8());
    };
    // WeChat Pay answers every refused signature with 401 SIGN_ERROR; its message says which
    // part of the Authorization it could not match.
    spec.diagnose = [](const ProviderStatus &s) -> std::optional<CredentialProblem> {
        const QString said = s.message;
        const bool clockOff = (s.failed() && (said.contains(u"timestamp"_s, Qt::CaseInsensitive) ||
                                              said.contains(u"时间戳"_s))) ||
                              s.code == u"wechatpay.stale";
        if (s.reason == FailureReason::InvalidSignature && clockOff)
            return CredentialProblem{
                QString(),
                WechatPayCredentials::tr("This PC's clock differs from WeChat Pay's by more than "
                                         "five minutes, so neither side believes the other's "
                                         "signature. Set the date and time right and try again.")};
        if (s.failed() && s.reason == FailureReason::InvalidSignature) {
            if (said.contains(u"mchid"_s, Qt::CaseInsensitive) || said.contains(u"商户号"_s))
                return CredentialProblem{
                    key::mchid, WechatPayCredentials::tr(
                                    "WeChat Pay does not know this merchant ID. Copy it from the "
                                    "merchant platform's account centre. (%1)")
                                    .arg(said)};
            if (said.contains(u"serial"_s, Qt::CaseInsensitive) || said.contains(u"序列号"_s))
                return CredentialProblem{
                    key::merchantSerial,
                    WechatPayCredentials::tr(
                        "WeChat Pay does not know this merchant certificate serial for the "
                        "merchant "
                        "ID. Copy the serial of the API certificate whose apiclient_key.pem you "
                        "imported. (%1)")
                        .arg(said)};
            return CredentialProblem{
                key::merchantKey,
                WechatPayCredentials::tr(
                    "WeChat Pay refused Paydesk's signature: the merchant API private key is not "
                    "the key of the certificate with this serial. Import the apiclient_key.pem "
                    "that belongs to it. (%1)")
                    .arg(said)};
        }
        if (s.unknown() && s.reason == FailureReason::InvalidSignature) {
            if (s.code == u"wechatpay.wrong_serial")
                return CredentialProblem{
                    key::platformSerial,
                    WechatPayCredentials::tr(
                        "WeChat Pay answered, but signed with a key whose ID is not the one you "
                        "entered (%1). Copy the WeChat Pay public key ID again, or the platform "
                        "certificate.")
                        .arg(said)};
            return CredentialProblem{
                key::platformKey,
                WechatPayCredentials::tr(
                    "WeChat Pay answered, but its answer does not verify with the WeChat Pay "
                    "public key you entered. Copy WeChat Pay's public key (or platform "
                    "certificate) again; it is not your merchant certificate.")};
        }
        if (s.unknown() && s.reason == FailureReason::TradeNotExist)
            return CredentialProblem{
                key::platformKey,
                WechatPayCredentials::tr(
                    "WeChat Pay's answer came without a signature, so it proves nothing. Check "
                    "the API address.")};
        return std::nullopt;
    };
    return spec;
}

} // namespace paydesk::wechatpay
