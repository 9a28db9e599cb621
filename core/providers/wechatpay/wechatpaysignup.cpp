#include "core/providers/wechatpay/wechatpaysignup.h"

#include "core/crypto/crypto.h"
#include "core/providers/wechatpay/applyment/applymentclient.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {
struct Texts
{
    Q_DECLARE_TR_FUNCTIONS(WechatPaySignup)
};

const QString kProvider = u"wechatpay"_s; // the registry id of the payment adapter

// A service-provider (服务商) account in a Paydesk sandbox: POST /sandbox/signup/partners.
void sandboxPartner(QNetworkAccessManager *network, const QUrl &base, QObject *ctx,
                    std::function<void(Result<onboarding::SignupPartner>)> done)
{
    using R = Result<onboarding::SignupPartner>;
    auto key = crypto::RsaKey::generate(2048);
    if (!key.ok())
        return done(key.error());
    QNetworkRequest request(base.resolved(QUrl(u"/sandbox/signup/partners"_s)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    request.setTransferTimeout(10000);
    const QJsonObject in{{u"provider"_s, kProvider},
                         {u"public_key"_s, QString::fromLatin1(key.value().publicKeyPem())}};
    QNetworkReply *reply = network->post(request, QJsonDocument(in).toJson());
    const crypto::RsaKey partnerKey = key.value();
    QObject::connect(reply, &QNetworkReply::finished, ctx, [reply, base, partnerKey, done] {
        reply->deleteLater();
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        onboarding::SignupPartner p;
        p.provider = kProvider;
        p.endpoint = QUrl(o.value(u"base_url"_s).toString());
        p.partnerId = o.value(u"sp_mchid"_s).toString();
        p.partnerSerial = o.value(u"merchant_serial"_s).toString();
        p.providerSerial = o.value(u"platform_serial"_s).toString();
        p.providerPublicKeyPem = o.value(u"platform_public_key"_s).toString().toLatin1();
        p.partnerPrivateKeyPem = partnerKey.privateKeyPem();
        p.sandboxBase = base;
        if (!p.endpoint.isValid() || p.partnerId.isEmpty() || p.providerPublicKeyPem.isEmpty())
            return done(R::failure(u"sandbox.bad_answer"_s,
                                   Texts::tr("The sandbox did not register a WeChat Pay service "
                                             "provider: %1")
                                       .arg(reply->errorString())));
        done(p);
    });
}
} // namespace

void registerSignup(onboarding::SignupRegistry &registry)
{
    onboarding::SignupDescriptor d;
    d.provider = kProvider;
    d.factory = [](const onboarding::SignupPartner &partner, QNetworkAccessManager *network,
                   Clock *clock) -> std::unique_ptr<onboarding::SignupClient> {
        return std::make_unique<ApplymentClient>(partner, network, clock);
    };
    d.restriction = [](const QString &category) -> QString {
        // ONBOARDING-PROTOCOLS §4: 暂未开放类目 / 无法提供相关资质.
        if (category == u"lottery")
            return Texts::tr("WeChat Pay has not opened this category to merchants "
                             "(暂未开放类目).");
        if (category == u"lending")
            return Texts::tr("WeChat Pay takes lending and financial services only with a "
                             "financial licence it can verify (无法提供相关资质).");
        return {};
    };
    d.sandboxPartner = &sandboxPartner;
    registry.add(std::move(d));
}

} // namespace paydesk::wechatpay
