#pragma once

#include "sandbox/prng.h"
#include "sandbox/signup/signupdesk.h"

#include <QHash>

namespace paydesk::sandbox {

struct SignupApplication;

/// WeChat Pay's special-merchant sign-up (applyment4sub, ONBOARDING-PROTOCOLS §1) under the
/// dialect's base path /wechatpay: media upload (the signed body is the meta JSON), submit with
/// RSA-OAEP encrypted fields, query by business_code or applyment_id with audit_detail. Every
/// request's v3 signature is checked against the registered service provider's key; every 2xx
/// answer is signed with the platform key. The review is the neutral SignupBook's.
class ApplymentDesk : public SignupDesk
{
public:
    explicit ApplymentDesk(const SignupContext &context);

    QString provider() const override { return QStringLiteral("wechatpay"); }
    std::optional<HttpReply> handle(const SignupRequest &request) override;
    QJsonObject registerPartner(const QByteArray &publicKeyPem) override;

    static constexpr qint64 maxMediaBytes = 2 * 1024 * 1024;

private:
    struct Partner
    {
        QString mchid;
        QString serial;
        crypto::RsaKey key;
    };

    HttpReply upload(const SignupRequest &request, const Partner &partner);
    HttpReply submit(const SignupRequest &request, const Partner &partner);
    HttpReply query(const SignupApplication *application);
    /// The Partner whose valid signature \a request carries; nullopt = 401 already chosen.
    const Partner *authenticate(const SignupRequest &request, const QByteArray &signedBody,
                                QString *why) const;
    HttpReply signedJson(const QJsonObject &body, int status = 200);
    static HttpReply error(int status, const QString &code, const QString &message);
    QString decrypt(const QString &base64) const;

    SignupContext m_ctx;
    Prng m_prng;
    QString m_platformSerial;
    QHash<QString, Partner> m_partners;      ///< by sp_mchid
    QHash<QString, QByteArray> m_media;      ///< by media_id
    QHash<QString, QJsonObject> m_submitted; ///< last body per business_code
};

} // namespace paydesk::sandbox
