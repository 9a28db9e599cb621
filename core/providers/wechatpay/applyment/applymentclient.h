#pragma once

#include "core/onboarding/signupclient.h"

#include <QCoreApplication>
#include <QJsonObject>

class QHttpMultiPart;
class QNetworkReply;

namespace paydesk::wechatpay {

/// WeChat Pay's sign-up of a special merchant by a service provider (applyment4sub,
/// ONBOARDING-PROTOCOLS §1): each photo through the media API, the application under its
/// business_code with the sensitive fields RSA-OAEP encrypted to the platform key, then the
/// query by business_code whose audit_detail names the rejected fields. A resubmission POSTs
/// the same business_code, which overwrites the rejected application.
class ApplymentClient : public onboarding::SignupClient
{
    Q_OBJECT
public:
    ApplymentClient(onboarding::SignupPartner partner, QNetworkAccessManager *network, Clock *clock,
                    QObject *parent = nullptr);

    void submit(const onboarding::MerchantApplication &application,
                std::function<void(Result<QString>)> done) override;
    void query(const onboarding::MerchantApplication &application,
               std::function<void(Result<onboarding::ReviewStatus>)> done) override;
    void activate(const onboarding::MerchantApplication &application,
                  const crypto::RsaKey &merchantKey,
                  std::function<void(Result<ProviderAccount>)> done) override;

    static onboarding::ApplicationState stateOf(const QString &applymentState);
    /// audit_detail's field (a JSON path or a bare name) → ApplicationFields id.
    static QString fieldOf(const QString &wireField);
    static QString qualificationOf(const QString &category);

private:
    using Answer = std::function<void(Result<QJsonObject>)>;
    void send(const QByteArray &method, const QString &path, const QByteArray &signedBody,
              const QByteArray &jsonBody, QHttpMultiPart *multipart, Answer done);
    void finished(QNetworkReply *reply, Answer done);
    void upload(const onboarding::MerchantApplication &application, QStringList pending,
                QMap<QString, QString> mediaIds,
                std::function<void(Result<QMap<QString, QString>>)> done);
    Result<QJsonObject> body(const onboarding::MerchantApplication &application,
                             const QMap<QString, QString> &mediaIds) const;
    Result<QString> encrypted(const QString &plain) const;

    onboarding::SignupPartner m_partner;
    crypto::RsaKey m_key;
    crypto::RsaKey m_platformKey;
    QNetworkAccessManager *m_network;
    Clock *m_clock;
};

} // namespace paydesk::wechatpay
