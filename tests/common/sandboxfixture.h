#pragma once

// A real SandboxServer on a loopback ephemeral port plus a real AlipayProvider provisioned
// against it, for the checkout integration, UI and benchmark executables.

#include "core/crypto/crypto.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/providers/sandboxprovisioner.h"
#include "core/util/clock.h"
#include "sandbox/sandboxserver.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <memory>
#include <optional>

namespace paydesk::test {

class SandboxFixture
{
public:
    /// Starts the sandbox (with \a faults) and provisions an Alipay app in it.
    /// Returns an error text, empty on success.
    QString start(const QString &faults = {}, int providerTimeoutMs = 3000)
    {
        sandbox::SandboxOptions options;
        options.seed = 7;
        options.faults = faults;
        server = std::make_unique<sandbox::SandboxServer>(options);
        auto port = server->start();
        if (!port.ok())
            return port.error().message;
        auto key = crypto::RsaKey::generate(2048);
        if (!key.ok())
            return key.error().message;
        appKey = key.value();
        std::optional<Result<AlipayConfig>> provisioned;
        QEventLoop loop;
        QObject ctx;
        provisionAlipaySandbox(&network, server->baseUrl(), appKey, &ctx,
                               [&](Result<AlipayConfig> r) {
                                   provisioned = std::move(r);
                                   loop.quit();
                               });
        if (!provisioned) {
            QTimer::singleShot(15000, &loop, &QEventLoop::quit);
            loop.exec();
        }
        if (!provisioned)
            return QStringLiteral("provisioning timed out");
        if (!provisioned->ok())
            return provisioned->error().message;
        config = provisioned->value();
        config.timeoutMs = providerTimeoutMs;
        provider = std::make_unique<AlipayProvider>(config, &network, &clock);
        return {};
    }

    /// A control call (GET when \a body is null), answered synchronously.
    QJsonObject control(const QString &path, const std::optional<QJsonObject> &body = std::nullopt,
                        int *httpStatus = nullptr)
    {
        QNetworkRequest request(server->baseUrl().resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply =
            body ? network.post(request, QJsonDocument(*body).toJson(QJsonDocument::Compact))
                 : network.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        loop.exec();
        if (httpStatus)
            *httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject out = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return out;
    }

    QJsonObject newBuyer(qint64 balanceMinor = -1)
    {
        QJsonObject body;
        if (balanceMinor >= 0)
            body.insert(QStringLiteral("balance_minor"), balanceMinor);
        return control(QStringLiteral("/sandbox/buyers"), body);
    }

    bool setFaults(const QString &spec)
    {
        int status = 0;
        control(QStringLiteral("/sandbox/faults"), QJsonObject{{QStringLiteral("spec"), spec}},
                &status);
        return status == 200;
    }

    /// The sandbox's trades for \a outTradeNo (all of them when empty).
    QList<QJsonObject> trades(const QString &outTradeNo = {})
    {
        QList<QJsonObject> list;
        const QJsonArray all =
            control(QStringLiteral("/sandbox/trades")).value(QStringLiteral("trades")).toArray();
        for (const QJsonValue &v : all)
            if (outTradeNo.isEmpty() ||
                v.toObject().value(QStringLiteral("out_trade_no")).toString() == outTradeNo)
                list << v.toObject();
        return list;
    }

    /// Number of trades the sandbox holds paid (SUCCESS) for \a outTradeNo.
    int chargesFor(const QString &outTradeNo)
    {
        int n = 0;
        for (const QJsonObject &t : trades(outTradeNo))
            n += t.value(QStringLiteral("status")).toString() == u"SUCCESS" ? 1 : 0;
        return n;
    }

    /// Spins the event loop for \a ms (the sandbox lives on this thread).
    static void spin(int ms)
    {
        QEventLoop loop;
        QTimer::singleShot(ms, &loop, &QEventLoop::quit);
        loop.exec();
    }

    QNetworkAccessManager network;
    SystemClock clock;
    std::unique_ptr<sandbox::SandboxServer> server;
    crypto::RsaKey appKey;
    AlipayConfig config;
    std::unique_ptr<AlipayProvider> provider;
};

} // namespace paydesk::test
