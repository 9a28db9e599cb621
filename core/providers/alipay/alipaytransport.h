#pragma once

#include "core/providers/alipay/alipayconfig.h"
#include "core/providers/paymentprovider.h"
#include "core/security/pinnedkeyverifier.h"
#include "core/util/clock.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace paydesk {

/// One signed OpenAPI exchange with the Alipay gateway: common params (and sign) in the URL
/// query, biz_content in a form-encoded POST body, as the official SDKs send them. An answer
/// is believed only after its signature over the raw inner object verifies with the Alipay
/// public key; anything else (timeout, connection error, 5xx, no answer, unparseable or
/// unsigned body, bad signature) is ProviderStatus Unknown, never Failed.
class AlipayTransport : public QObject
{
    Q_OBJECT
public:
    struct Answer
    {
        ProviderStatus status;
        QJsonObject body; ///< the verified inner object; empty unless the answer verified
    };
    using AnswerFn = std::function<void(const Answer &)>;
    /// Turns a verified answer's code/sub_code/message into a status.
    using ResultMapping = ProviderStatus (*)(const QString &code, const QString &subCode,
                                             const QString &message);

    /// \a config, \a network and \a clock must outlive the transport.
    AlipayTransport(const AlipayConfig &config, QNetworkAccessManager *network, Clock *clock,
                    ResultMapping mapping, QObject *parent = nullptr);

    void call(const QString &method, const QJsonObject &bizContent, AnswerFn done);
    /// A plain GET (the statement file behind a download URL), with the same timeout and pins.
    void fetch(const QUrl &url, std::function<void(Result<QByteArray>)> done);

private:
    void handleReply(QNetworkReply *reply, const QString &method, bool timedOut, AnswerFn done);
    void armTimeout(QNetworkReply *reply);
    QString beijingTimestamp() const;

    const AlipayConfig &m_config;
    PinnedKeyVerifier m_pins;
    QNetworkAccessManager *m_network;
    Clock *m_clock;
    ResultMapping m_mapping;
};

} // namespace paydesk
