#pragma once

#include "core/onboarding/signupclient.h"
#include "core/providers/alipay/alipayconfig.h"
#include "core/providers/alipay/alipaytransport.h"

#include <QCoreApplication>
#include <QHttpMultiPart>

#include <memory>

namespace paydesk::alipay {

/// Alipay's sign-up of a merchant by a third-party app (alipay.open.agent.*,
/// ONBOARDING-PROTOCOLS §2): create a batch for the merchant's certified account, send the
/// face-to-face payment sign-up with its photos (a multipart upload whose files are not
/// signed), confirm the batch, then poll order.query. A rejected batch is final: a
/// resubmission opens a new batch for the same account.
class AlipayAgentClient : public onboarding::SignupClient
{
    Q_OBJECT
public:
    AlipayAgentClient(onboarding::SignupPartner partner, QNetworkAccessManager *network,
                      Clock *clock, QObject *parent = nullptr);

    void submit(const onboarding::MerchantApplication &application,
                std::function<void(Result<QString>)> done) override;
    void query(const onboarding::MerchantApplication &application,
               std::function<void(Result<onboarding::ReviewStatus>)> done) override;
    void activate(const onboarding::MerchantApplication &application,
                  const crypto::RsaKey &merchantKey,
                  std::function<void(Result<ProviderAccount>)> done) override;

    /// order_status → the neutral state (ONBOARDING-PROTOCOLS §2 table).
    static onboarding::ApplicationState stateOf(const QString &orderStatus);
    /// Splits reject_reason into reasons and names the field each is about.
    static QList<onboarding::Rejection> rejectionsOf(const QString &rejectReason);
    /// The MCC ("一级_二级") of a neutral category.
    static QString mccOf(const QString &category);

private:
    void call(const QString &method, const QJsonObject &biz,
              std::function<void(Result<QJsonObject>)> done);
    void sign(const QString &batchNo, const onboarding::MerchantApplication &application,
              std::function<void(Status)> done);

    onboarding::SignupPartner m_partner;
    AlipayConfig m_config;
    QNetworkAccessManager *m_network;
    Clock *m_clock;
    std::unique_ptr<AlipayTransport> m_transport;
};

} // namespace paydesk::alipay
