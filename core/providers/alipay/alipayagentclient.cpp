#include "core/providers/alipay/alipayagentclient.h"

#include "core/providers/alipay/alipayjson.h"
#include "core/providers/alipay/alipaylog.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/providers/alipay/alipaysigner.h"
#include "core/providers/sandboxprovisioner.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

using onboarding::ApplicationState;
namespace F = onboarding::ApplicationFields;

namespace {
struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(AlipayAgentClient)
};

ProviderStatus mapCode(const QString &code, const QString &subCode, const QString &message)
{
    if (code == u"10000")
        return ProviderStatus::success();
    return ProviderStatus::failure(FailureReason::Other, code, subCode, message);
}

// Words Alipay's reviewers use, and the field each one is about (ONBOARDING-PROTOCOLS §2, §4).
struct ReasonRule
{
    const char *needle;
    const char *field;
};
constexpr ReasonRule kReasonRules[] = {
    {"BUSINESS_LICENSE_PIC_RISK", F::licencePhoto},
    {"营业执照照片", F::licencePhoto},
    {"营业执照不合法", F::licencePhoto},
    {"SHOP_SIGN_BOARD_PIC_RISK", F::storeFrontPhoto},
    {"门头照", F::storeFrontPhoto},
    {"NOT_MATCHED_SSU_OR_PS", F::category},
    {"类目", F::category},
    {"营业执照号", F::creditCode},
    {"统一社会信用代码", F::creditCode},
    {"账户主体", F::walletAccount},
    {"MERCHANT_NOT_CERTIFIED", F::walletAccount},
};
} // namespace

AlipayAgentClient::AlipayAgentClient(onboarding::SignupPartner partner,
                                     QNetworkAccessManager *network, Clock *clock, QObject *parent)
    : SignupClient(parent), m_partner(std::move(partner)), m_network(network), m_clock(clock)
{
    m_config.gateway = m_partner.endpoint;
    m_config.appId = m_partner.partnerId;
    if (auto k = crypto::RsaKey::fromPem(m_partner.partnerPrivateKeyPem); k.ok())
        m_config.appPrivateKey = k.value();
    if (auto k = crypto::RsaKey::fromPem(m_partner.providerPublicKeyPem); k.ok())
        m_config.alipayPublicKey = k.value();
    m_transport = std::make_unique<AlipayTransport>(m_config, m_network, m_clock, &mapCode);
}

ApplicationState AlipayAgentClient::stateOf(const QString &s)
{
    if (s == u"MERCHANT_AUDITING")
        return ApplicationState::UnderReview;
    if (s == u"MERCHANT_CONFIRM")
        return ApplicationState::AwaitingConfirmation;
    if (s == u"MERCHANT_CONFIRM_SUCCESS")
        return ApplicationState::Finished;
    // HOLD: fix and resubmit; TIME_OUT: not confirmed in 15 days; CANCELED: rejected. All three
    // are fixed the same way here: a new batch for the same account.
    if (s == u"MERCHANT_INFO_HOLD" || s == u"MERCHANT_CONFIRM_TIME_OUT" ||
        s == u"MERCHANT_APPLY_ORDER_CANCELED")
        return ApplicationState::Rejected;
    return ApplicationState::Submitted;
}

QList<onboarding::Rejection> AlipayAgentClient::rejectionsOf(const QString &rejectReason)
{
    QList<onboarding::Rejection> out;
    static const QRegularExpression separators(u"[；;\\n]"_s);
    for (const QString &part : rejectReason.split(separators, Qt::SkipEmptyParts)) {
        const QString reason = part.trimmed();
        if (reason.isEmpty())
            continue;
        QString field;
        for (const ReasonRule &rule : kReasonRules)
            if (reason.contains(QString::fromUtf8(rule.needle))) {
                field = QString::fromLatin1(rule.field);
                break;
            }
        out.append({field, reason});
    }
    return out;
}

QString AlipayAgentClient::mccOf(const QString &category)
{
    // 商家经营类目 2.0 codes for the neutral categories (first level _ second level).
    static const QMap<QString, QString> mcc{
        {u"retail"_s, u"A0002_B0201"_s},   {u"catering"_s, u"A0001_B0001"_s},
        {u"services"_s, u"A0003_B0301"_s}, {u"education"_s, u"A0006_B0601"_s},
        {u"pharmacy"_s, u"A0007_B0701"_s}, {u"lottery"_s, u"A0010_B1001"_s},
        {u"lending"_s, u"A0011_B1101"_s},
    };
    return mcc.value(category, u"A0002_B0201"_s);
}

void AlipayAgentClient::call(const QString &method, const QJsonObject &biz,
                             std::function<void(Result<QJsonObject>)> done)
{
    m_transport->call(method, biz, [method, done](const AlipayTransport::Answer &a) {
        if (a.status.ok())
            return done(a.body);
        const QString text = a.status.message.isEmpty() ? a.status.code : a.status.message;
        done(Result<QJsonObject>::failure(
            u"signup.provider"_s,
            a.status.unknown()
                ? Texts::tr("Alipay did not answer %1 (%2): try again.").arg(method, text)
                : Texts::tr("Alipay refused %1: %2").arg(method, text)));
    });
}

void AlipayAgentClient::submit(const onboarding::MerchantApplication &app,
                               std::function<void(Result<QString>)> done)
{
    const QJsonObject contact{{u"contact_name"_s, app.business.contactName.isEmpty()
                                                      ? app.legal.name
                                                      : app.business.contactName},
                              {u"contact_mobile"_s, app.business.contactMobile},
                              {u"contact_email"_s, app.business.contactEmail}};
    call(u"alipay.open.agent.create"_s,
         {{u"account"_s, app.business.walletAccount}, {u"contact_info"_s, contact}},
         [this, app, done](Result<QJsonObject> created) {
             if (!created.ok())
                 return done(created.error());
             const QString batch = alipayjson::str(created.value(), u"batch_no"_s);
             if (batch.isEmpty())
                 return done(Result<QString>::failure(
                     u"signup.provider"_s, Texts::tr("Alipay opened no sign-up batch.")));
             sign(batch, app, [this, batch, done](Status signedUp) {
                 if (!signedUp.ok())
                     return done(signedUp.error());
                 call(u"alipay.open.agent.confirm"_s, {{u"batch_no"_s, batch}},
                      [batch, done](Result<QJsonObject> confirmed) {
                          if (!confirmed.ok())
                              return done(confirmed.error());
                          done(batch);
                      });
             });
         });
}

void AlipayAgentClient::sign(const QString &batchNo, const onboarding::MerchantApplication &app,
                             std::function<void(Status)> done)
{
    // System params travel in the URL query, text params as form parts; every non-file
    // param is signed, the files are not (ONBOARDING-PROTOCOLS §2, "Multipart wire").
    const QString method = u"alipay.open.agent.facetoface.sign"_s;
    AlipaySigner::Params system{
        {u"app_id"_s, m_config.appId},
        {u"method"_s, method},
        {u"format"_s, u"JSON"_s},
        {u"charset"_s, u"utf-8"_s},
        {u"sign_type"_s, u"RSA2"_s},
        {u"timestamp"_s,
         m_clock->nowUtc().toTimeZone(alipayjson::beijing()).toString(u"yyyy-MM-dd HH:mm:ss"_s)},
        {u"version"_s, u"1.0"_s},
    };
    const QJsonObject address{{u"country_code"_s, u"156"_s},
                              {u"detail_address"_s, app.business.address}};
    AlipaySigner::Params text{
        {u"batch_no"_s, batchNo},
        {u"mcc_code"_s, mccOf(app.business.category)},
        {u"rate"_s, u"0.6"_s},
        {u"sign_and_auth"_s, u"false"_s},
        {u"shop_name"_s,
         app.business.shortName.isEmpty() ? app.business.name : app.business.shortName},
        {u"shop_address"_s,
         QString::fromUtf8(QJsonDocument(address).toJson(QJsonDocument::Compact))},
        {u"business_license_no"_s, app.business.creditCode},
        {u"long_term"_s, app.legal.longTerm ? u"true"_s : u"false"_s},
    };
    AlipaySigner::Params all = system;
    for (auto it = text.begin(); it != text.end(); ++it)
        all.insert(it.key(), it.value());
    auto signature = AlipaySigner::sign(all, m_config.appPrivateKey);
    if (!signature.ok())
        return QTimer::singleShot(0, this, [done, signature] { done(signature.error()); });
    system.insert(u"sign"_s, signature.value());

    auto *multi = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    for (auto it = text.begin(); it != text.end(); ++it) {
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader,
                       u"form-data; name=\"%1\""_s.arg(it.key()));
        part.setBody(it.value().toUtf8());
        multi->append(part);
    }
    const QList<std::pair<QString, const char *>> files{
        {u"business_license_pic"_s, F::licencePhoto},
        {u"shop_sign_board_pic"_s, F::storeFrontPhoto},
    };
    for (const auto &[name, doc] : files) {
        const onboarding::DocumentFile file = app.documents.value(QString::fromLatin1(doc));
        if (file.bytes.isEmpty())
            continue;
        QHttpPart part;
        part.setHeader(QNetworkRequest::ContentDispositionHeader,
                       u"form-data; name=\"%1\"; filename=\"%2\""_s.arg(name, file.fileName));
        part.setHeader(QNetworkRequest::ContentTypeHeader, u"application/octet-stream"_s);
        part.setBody(file.bytes);
        multi->append(part);
    }
    QUrl url = m_config.gateway;
    url.setQuery(QString::fromLatin1(AlipaySigner::encodeForm(system)), QUrl::StrictMode);
    QNetworkRequest request(url);
    request.setTransferTimeout(30000);
    QNetworkReply *reply = m_network->post(request, multi);
    multi->setParent(reply);
    connect(reply, &QNetworkReply::finished, this, [this, reply, method, done] {
        reply->deleteLater();
        const QByteArray body = reply->readAll();
        const auto raw = AlipaySigner::extractRawObject(body, AlipaySigner::responseKey(method));
        const QJsonObject whole = QJsonDocument::fromJson(body).object();
        if (!raw || !AlipaySigner::verifyResponse(*raw, whole.value(u"sign"_s).toString(),
                                                  m_config.alipayPublicKey))
            return done(Status::failure(
                u"signup.provider"_s,
                Texts::tr("Alipay's answer to the sign-up could not be verified (%1): try "
                          "again.")
                    .arg(reply->error() == QNetworkReply::NoError ? u"signature"_s
                                                                  : reply->errorString())));
        const QJsonObject inner = QJsonDocument::fromJson(*raw).object();
        if (alipayjson::str(inner, u"code"_s) != u"10000")
            return done(Status::failure(u"signup.refused"_s,
                                        Texts::tr("Alipay refused the sign-up: %1 %2")
                                            .arg(alipayjson::str(inner, u"sub_code"_s),
                                                 alipayjson::str(inner, u"sub_msg"_s))));
        done({});
    });
}

void AlipayAgentClient::query(const onboarding::MerchantApplication &app,
                              std::function<void(Result<onboarding::ReviewStatus>)> done)
{
    call(u"alipay.open.agent.order.query"_s, {{u"batch_no"_s, app.providerRef}},
         [done](Result<QJsonObject> answer) {
             if (!answer.ok())
                 return done(answer.error());
             const QJsonObject &o = answer.value();
             onboarding::ReviewStatus s;
             s.providerState = alipayjson::str(o, u"order_status"_s);
             s.state = stateOf(s.providerState);
             s.confirmUrl = alipayjson::str(o, u"confirm_url"_s);
             s.merchantId = alipayjson::str(o, u"merchant_pid"_s);
             if (s.state == ApplicationState::Rejected) {
                 s.rejections = rejectionsOf(alipayjson::str(o, u"reject_reason"_s));
                 if (s.rejections.isEmpty())
                     s.rejections.append(
                         {{},
                          s.providerState == u"MERCHANT_CONFIRM_TIME_OUT"
                              ? Texts::tr("The legal representative did not confirm within "
                                          "15 days: send the application again.")
                              : Texts::tr("Alipay gave no reason.")});
             }
             done(s);
         });
}

void AlipayAgentClient::activate(const onboarding::MerchantApplication &app,
                                 const crypto::RsaKey &merchantKey,
                                 std::function<void(Result<ProviderAccount>)> done)
{
    if (!m_partner.sandboxBase.isValid())
        return QTimer::singleShot(0, this, [done] {
            done(Result<ProviderAccount>::failure(
                u"signup.activate_console"_s,
                Texts::tr("Upload the app's public key in Alipay's open-platform console, then "
                          "connect the account with its app id.")));
        });
    const QString merchantId = app.merchantId;
    provisionSandboxAccount(m_network, m_partner.sandboxBase, AlipayProvider::providerId(),
                            merchantKey, this, [merchantId, done](Result<ProviderAccount> account) {
                                if (!account.ok())
                                    return done(account);
                                qCInfo(lcAlipay) << "signed-up merchant" << merchantId
                                                 << "live as app" << account.value().appId;
                                done(account);
                            });
}

} // namespace paydesk::alipay
