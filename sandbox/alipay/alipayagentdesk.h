#pragma once

#include "sandbox/alipay/alipayprotocol.h"
#include "sandbox/signup/signupdesk.h"

#include <QCoreApplication>
#include <QHash>
#include <QMap>

namespace paydesk::sandbox {

/// Alipay's merchant sign-up by a third-party app (alipay.open.agent.*, ONBOARDING-PROTOCOLS
/// §2) on the Alipay gateway path: create a batch, the face-to-face sign-up (multipart; its
/// files are not signed), confirm, order.query. The review is the neutral SignupBook's.
class AlipayAgentDesk : public SignupDesk
{
public:
    explicit AlipayAgentDesk(const SignupContext &context);

    QString provider() const override { return QStringLiteral("alipay"); }
    std::optional<HttpReply> handle(const SignupRequest &request) override;
    QJsonObject registerPartner(const QByteArray &publicKeyPem) override;

    /// First-level MCC codes face-to-face payment is not offered for.
    static QStringList restrictedMcc();

private:
    struct Batch
    {
        QString appId;
        QString account;
        QString status = QStringLiteral("init"); ///< init → submit
        QMap<QString, QString> fields;
        QMap<QString, QByteArray> images;
    };
    using Writer = alipay::JsonWriter;

    QByteArray answer(const QByteArray &method, const Writer &inner) const;
    static Writer ok();
    static Writer refused(const QString &subCode, const QString &subMsg);

    Writer create(const QString &appId, const QJsonObject &biz);
    Writer faceToFaceSign(const QString &appId, const alipay::Params &params,
                          const QList<std::pair<QString, QByteArray>> &files);
    Writer confirm(const QString &appId, const QJsonObject &biz);
    Writer orderQuery(const QString &appId, const QJsonObject &biz);
    Writer cancel(const QString &appId, const QJsonObject &biz);

    SignupContext m_ctx;
    QHash<QString, Batch> m_batches;
    quint64 m_nextBatch = 1;
};

} // namespace paydesk::sandbox
