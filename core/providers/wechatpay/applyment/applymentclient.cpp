#include "core/providers/wechatpay/applyment/applymentclient.h"

#include "core/crypto/rsaoaep.h"
#include "core/providers/sandboxprovisioner.h"
#include "core/providers/wechatpay/wechatpayaccount.h"
#include "core/providers/wechatpay/wechatpayv3signer.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QHttpMultiPart>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

using onboarding::ApplicationState;
using onboarding::MerchantType;
namespace F = onboarding::ApplicationFields;

namespace {
struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(ApplymentClient)
};

// The photo of each document and the wire field it is sent as.
const QList<std::pair<const char *, QString>> &photoFields()
{
    static const QList<std::pair<const char *, QString>> fields{
        {F::licencePhoto, u"license_copy"_s},
        {F::idFrontPhoto, u"id_card_copy"_s},
        {F::idBackPhoto, u"id_card_national"_s},
        {F::storeFrontPhoto, u"store_entrance_pic"_s},
    };
    return fields;
}

QString wireDate(const QDate &d)
{
    return d.toString(u"yyyy-MM-dd"_s);
}
} // namespace

ApplymentClient::ApplymentClient(onboarding::SignupPartner partner, QNetworkAccessManager *network,
                                 Clock *clock, QObject *parent)
    : SignupClient(parent), m_partner(std::move(partner)), m_network(network), m_clock(clock)
{
    if (auto k = crypto::RsaKey::fromPem(m_partner.partnerPrivateKeyPem); k.ok())
        m_key = k.value();
    if (auto k = crypto::RsaKey::fromPem(m_partner.providerPublicKeyPem); k.ok())
        m_platformKey = k.value();
}

ApplicationState ApplymentClient::stateOf(const QString &s)
{
    if (s == u"APPLYMENT_STATE_AUDITING" || s == u"APPLYMENT_STATE_SIGNING")
        return ApplicationState::UnderReview;
    if (s == u"APPLYMENT_STATE_REJECTED" || s == u"APPLYMENT_STATE_EDITTING")
        return ApplicationState::Rejected;
    if (s == u"APPLYMENT_STATE_TO_BE_CONFIRMED" || s == u"APPLYMENT_STATE_TO_BE_SIGNED")
        return ApplicationState::AwaitingConfirmation;
    if (s == u"APPLYMENT_STATE_FINISHED")
        return ApplicationState::Finished;
    if (s == u"APPLYMENT_STATE_CANCELED")
        return ApplicationState::Cancelled;
    return ApplicationState::Submitted;
}

QString ApplymentClient::fieldOf(const QString &wireField)
{
    static const QMap<QString, const char *> fields{
        {u"license_copy"_s, F::licencePhoto},
        {u"license_number"_s, F::creditCode},
        {u"merchant_name"_s, F::businessName},
        {u"legal_person"_s, F::legalName},
        {u"id_card_copy"_s, F::idFrontPhoto},
        {u"id_card_national"_s, F::idBackPhoto},
        {u"id_card_name"_s, F::legalName},
        {u"id_card_number"_s, F::idNumber},
        {u"card_period_begin"_s, F::idValidity},
        {u"card_period_end"_s, F::idValidity},
        {u"store_entrance_pic"_s, F::storeFrontPhoto},
        {u"qualification_type"_s, F::category},
        {u"settlement_id"_s, F::category},
        {u"account_name"_s, F::accountHolder},
        {u"account_number"_s, F::accountNumber},
        {u"account_bank"_s, F::bankName},
        {u"mobile_phone"_s, F::contactMobile},
    };
    const QString leaf = wireField.section(u'.', -1).section(u'/', -1);
    const char *f = fields.value(leaf, nullptr);
    return f ? QString::fromLatin1(f) : QString();
}

QString ApplymentClient::qualificationOf(const QString &category)
{
    static const QMap<QString, QString> types{
        {u"retail"_s, u"零售批发"_s},    {u"catering"_s, u"餐饮"_s}, {u"services"_s, u"生活娱乐"_s},
        {u"education"_s, u"教育培训"_s}, {u"pharmacy"_s, u"医疗"_s}, {u"lottery"_s, u"彩票"_s},
        {u"lending"_s, u"金融"_s},
    };
    return types.value(category, u"零售批发"_s);
}

Result<QString> ApplymentClient::encrypted(const QString &plain) const
{
    auto c = crypto::rsaOaepSha1Encrypt(m_platformKey, plain.toUtf8());
    if (!c.ok())
        return c.error();
    return QString::fromLatin1(c.value().toBase64());
}

void ApplymentClient::send(const QByteArray &method, const QString &path,
                           const QByteArray &signedBody, const QByteArray &jsonBody,
                           QHttpMultiPart *multipart, Answer done)
{
    QUrl url = m_partner.endpoint;
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    const QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
    const qint64 ts = m_clock->nowUtc().toSecsSinceEpoch();
    // The payment adapter's signer: one implementation of the v3 signature for both.
    auto auth = WechatPayV3Signer::authorization(m_key, m_partner.partnerId,
                                                 m_partner.partnerSerial, method, target, ts,
                                                 WechatPayV3Signer::nonce(), signedBody);
    if (!auth.ok()) {
        delete multipart;
        return QTimer::singleShot(0, this, [done, auth] { done(auth.error()); });
    }
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", auth.value());
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("Wechatpay-Serial", m_partner.providerSerial.toUtf8());
    request.setTransferTimeout(30000);
    QNetworkReply *reply = nullptr;
    if (multipart) {
        reply = m_network->post(request, multipart);
        multipart->setParent(reply);
    } else if (method == "GET") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        reply = m_network->get(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        reply = m_network->post(request, jsonBody);
    }
    connect(reply, &QNetworkReply::finished, this, [this, reply, done] { finished(reply, done); });
}

void ApplymentClient::finished(QNetworkReply *reply, Answer done)
{
    reply->deleteLater();
    const int http = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (http == 0)
        return done(Result<QJsonObject>::failure(
            u"signup.unreachable"_s,
            Texts::tr("WeChat Pay did not answer (%1): try again.").arg(reply->errorString())));
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    if (http / 100 != 2) {
        // Error answers are not signed: they carry no business data (PROTOCOLS.md).
        const QString code = json.value(u"code"_s).toString(QString::number(http));
        return done(Result<QJsonObject>::failure(
            code == u"PROCESSING" ? u"signup.in_flow"_s : u"signup.refused"_s,
            Texts::tr("WeChat Pay refused the request (%1): %2")
                .arg(code, json.value(u"message"_s).toString())));
    }
    QMap<QByteArray, QByteArray> headers;
    for (const auto &[name, value] : reply->rawHeaderPairs())
        headers.insert(name.toLower(), value);
    if (const Status verified = WechatPayV3Signer::verify(headers, body, m_partner.providerSerial,
                                                          m_platformKey, m_clock->nowUtc());
        !verified.ok()) {
        qCWarning(lcSecurity) << "WeChat Pay applyment answer failed its signature check:"
                              << verified.error().code;
        return done(Result<QJsonObject>::failure(
            u"signup.bad_signature"_s,
            Texts::tr("WeChat Pay's answer failed its signature check: not believed.")));
    }
    done(json);
}

void ApplymentClient::upload(const onboarding::MerchantApplication &app, QStringList pending,
                             QMap<QString, QString> mediaIds,
                             std::function<void(Result<QMap<QString, QString>>)> done)
{
    if (pending.isEmpty())
        return done(mediaIds);
    const QString doc = pending.takeFirst();
    const onboarding::DocumentFile file = app.documents.value(doc);
    // The signed body of an upload is the meta JSON exactly as sent (ONBOARDING-PROTOCOLS §1.1).
    const QByteArray meta =
        QJsonDocument(QJsonObject{
                          {u"filename"_s, file.fileName},
                          {u"sha256"_s, QString::fromLatin1(crypto::sha256(file.bytes).toHex())},
                      })
            .toJson(QJsonDocument::Compact);
    auto *multi = new QHttpMultiPart(QHttpMultiPart::FormDataType);
    QHttpPart metaPart;
    metaPart.setHeader(QNetworkRequest::ContentDispositionHeader, u"form-data; name=\"meta\""_s);
    metaPart.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    metaPart.setBody(meta);
    multi->append(metaPart);
    QHttpPart filePart;
    filePart.setHeader(QNetworkRequest::ContentDispositionHeader,
                       u"form-data; name=\"file\"; filename=\"%1\""_s.arg(file.fileName));
    filePart.setHeader(QNetworkRequest::ContentTypeHeader, u"image/jpeg"_s);
    filePart.setBody(file.bytes);
    multi->append(filePart);
    send("POST", u"/v3/merchant/media/upload"_s, meta, {}, multi,
         [this, app, pending, mediaIds, doc, done](Result<QJsonObject> answer) mutable {
             if (!answer.ok())
                 return done(answer.error());
             const QString id = answer.value().value(u"media_id"_s).toString();
             if (id.isEmpty())
                 return done(Result<QMap<QString, QString>>::failure(
                     u"signup.provider"_s, Texts::tr("WeChat Pay gave no media id.")));
             mediaIds.insert(doc, id);
             upload(app, pending, mediaIds, done);
         });
}

Result<QJsonObject> ApplymentClient::body(const onboarding::MerchantApplication &a,
                                          const QMap<QString, QString> &media) const
{
    using R = Result<QJsonObject>;
    QMap<QString, QString> secret;
    for (const auto &[key, plain] :
         {std::pair{u"contact_name"_s,
                    a.business.contactName.isEmpty() ? a.legal.name : a.business.contactName},
          std::pair{u"mobile_phone"_s, a.business.contactMobile},
          std::pair{u"contact_email"_s, a.business.contactEmail},
          std::pair{u"id_card_name"_s, a.legal.name},
          std::pair{u"id_card_number"_s, a.legal.idNumber},
          std::pair{u"account_name"_s, a.bank.holder},
          std::pair{u"account_number"_s, a.bank.number}}) {
        auto e = encrypted(plain);
        if (!e.ok())
            return e.error();
        secret.insert(key, e.value());
    }
    const auto mediaOf = [&](const char *doc) { return media.value(QString::fromLatin1(doc)); };
    const bool micro = a.business.type == MerchantType::Individual;
    QJsonObject subject{
        {u"subject_type"_s, micro ? u"SUBJECT_TYPE_MICRO"_s
                            : a.business.type == MerchantType::Enterprise
                                ? u"SUBJECT_TYPE_ENTERPRISE"_s
                                : u"SUBJECT_TYPE_INDIVIDUAL"_s},
        {u"identity_info"_s,
         QJsonObject{{u"id_doc_type"_s, u"IDENTIFICATION_TYPE_IDCARD"_s},
                     {u"owner"_s, true},
                     {u"id_card_info"_s,
                      QJsonObject{{u"id_card_copy"_s, mediaOf(F::idFrontPhoto)},
                                  {u"id_card_national"_s, mediaOf(F::idBackPhoto)},
                                  {u"id_card_name"_s, secret.value(u"id_card_name"_s)},
                                  {u"id_card_number"_s, secret.value(u"id_card_number"_s)},
                                  {u"card_period_begin"_s, wireDate(a.legal.validFrom)},
                                  {u"card_period_end"_s,
                                   a.legal.longTerm ? u"长期"_s : wireDate(a.legal.validTo)}}}}},
    };
    if (!micro)
        subject.insert(u"business_license_info"_s,
                       QJsonObject{{u"license_copy"_s, mediaOf(F::licencePhoto)},
                                   {u"license_number"_s, a.business.creditCode},
                                   {u"merchant_name"_s, a.business.name},
                                   {u"legal_person"_s, a.legal.name},
                                   {u"license_address"_s, a.business.address}});
    QJsonArray scenes{u"SALES_SCENES_STORE"_s};
    const QJsonObject out{
        {u"business_code"_s, a.businessCode},
        {u"contact_info"_s, QJsonObject{{u"contact_type"_s, u"LEGAL"_s},
                                        {u"contact_name"_s, secret.value(u"contact_name"_s)},
                                        {u"mobile_phone"_s, secret.value(u"mobile_phone"_s)},
                                        {u"contact_email"_s, secret.value(u"contact_email"_s)}}},
        {u"subject_info"_s, subject},
        {u"business_info"_s,
         QJsonObject{{u"merchant_shortname"_s,
                      a.business.shortName.isEmpty() ? a.business.name : a.business.shortName},
                     {u"service_phone"_s, a.business.servicePhone},
                     {u"sales_info"_s,
                      QJsonObject{{u"sales_scenes_type"_s, scenes},
                                  {u"biz_store_info"_s,
                                   QJsonObject{{u"biz_store_name"_s, a.business.name},
                                               {u"biz_store_address"_s, a.business.address},
                                               {u"store_entrance_pic"_s,
                                                QJsonArray{mediaOf(F::storeFrontPhoto)}}}}}}}},
        {u"settlement_info"_s,
         QJsonObject{{u"settlement_id"_s, micro                                         ? u"703"_s
                                          : a.business.type == MerchantType::Enterprise ? u"716"_s
                                                                                        : u"719"_s},
                     {u"qualification_type"_s, qualificationOf(a.business.category)}}},
        {u"bank_account_info"_s,
         QJsonObject{{u"bank_account_type"_s, a.bank.type == onboarding::AccountType::Corporate
                                                  ? u"BANK_ACCOUNT_TYPE_CORPORATE"_s
                                                  : u"BANK_ACCOUNT_TYPE_PERSONAL"_s},
                     {u"account_name"_s, secret.value(u"account_name"_s)},
                     {u"account_bank"_s, a.bank.bank},
                     {u"bank_name"_s, a.bank.branch},
                     {u"account_number"_s, secret.value(u"account_number"_s)}}},
    };
    if (a.businessCode.isEmpty())
        return R::failure(u"signup.no_code"_s, Texts::tr("The application has no business code."));
    return out;
}

void ApplymentClient::submit(const onboarding::MerchantApplication &app,
                             std::function<void(Result<QString>)> done)
{
    QStringList docs;
    for (const auto &[doc, wire] : photoFields())
        if (app.documents.contains(QString::fromLatin1(doc)))
            docs << QString::fromLatin1(doc);
    upload(app, docs, {}, [this, app, done](Result<QMap<QString, QString>> media) {
        if (!media.ok())
            return done(media.error());
        auto json = body(app, media.value());
        if (!json.ok())
            return done(json.error());
        const QByteArray bytes = QJsonDocument(json.value()).toJson(QJsonDocument::Compact);
        send("POST", u"/v3/applyment4sub/applyment/"_s, bytes, bytes, nullptr,
             [done](Result<QJsonObject> answer) {
                 if (!answer.ok())
                     return done(answer.error());
                 const qint64 id = answer.value().value(u"applyment_id"_s).toInteger();
                 if (id <= 0)
                     return done(Result<QString>::failure(
                         u"signup.provider"_s, Texts::tr("WeChat Pay gave no applyment id.")));
                 done(QString::number(id));
             });
    });
}

void ApplymentClient::query(const onboarding::MerchantApplication &app,
                            std::function<void(Result<onboarding::ReviewStatus>)> done)
{
    send("GET",
         u"/v3/applyment4sub/applyment/business_code/"_s +
             QString::fromLatin1(QUrl::toPercentEncoding(app.businessCode)),
         {}, {}, nullptr, [done](Result<QJsonObject> answer) {
             if (!answer.ok())
                 return done(answer.error());
             const QJsonObject &o = answer.value();
             onboarding::ReviewStatus s;
             s.providerState = o.value(u"applyment_state"_s).toString();
             s.state = stateOf(s.providerState);
             s.merchantId = o.value(u"sub_mchid"_s).toString();
             if (s.state == ApplicationState::AwaitingConfirmation)
                 s.confirmUrl = o.value(u"sign_url"_s).toString();
             for (const QJsonValue &v : o.value(u"audit_detail"_s).toArray())
                 s.rejections.append({fieldOf(v.toObject().value(u"field"_s).toString()),
                                      v.toObject().value(u"reject_reason"_s).toString()});
             if (s.state == ApplicationState::Rejected && s.rejections.isEmpty())
                 s.rejections.append({{}, o.value(u"applyment_state_msg"_s).toString()});
             done(s);
         });
}

void ApplymentClient::activate(const onboarding::MerchantApplication &app,
                               const crypto::RsaKey &merchantKey,
                               std::function<void(Result<ProviderAccount>)> done)
{
    if (!m_partner.sandboxBase.isValid())
        return QTimer::singleShot(0, this, [done] {
            done(Result<ProviderAccount>::failure(
                u"signup.activate_console"_s,
                Texts::tr("Download the merchant certificate and APIv3 key from the WeChat "
                          "Pay merchant platform, then connect the account.")));
        });
    qCInfo(lcProviders) << "activating special merchant" << app.merchantId;
    provisionSandboxAccount(m_network, m_partner.sandboxBase, m_partner.provider, merchantKey, this,
                            std::move(done), 10000, accountFromSandbox);
}

} // namespace paydesk::wechatpay
