#pragma once

// The real sandbox on an ephemeral loopback port, with its control API (ARCHITECTURE §7a) answered
// synchronously: what every test that talks to "the provider" starts from.

#include "sandbox/sandboxserver.h"

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

class TestSandbox
{
public:
    TestSandbox() = default;
    TestSandbox(const TestSandbox &) = delete;
    TestSandbox &operator=(const TestSandbox &) = delete;
    virtual ~TestSandbox() = default;

    /// Starts the sandbox with \a faults (ARCHITECTURE §7a names). An error text, empty on success.
    QString startServer(const QString &faults = {}, quint64 seed = 7)
    {
        sandbox::SandboxOptions options;
        options.seed = seed;
        options.faults = faults;
        server = std::make_unique<sandbox::SandboxServer>(options);
        auto port = server->start();
        return port.ok() ? QString() : port.error().message;
    }
    void stopServer() { server.reset(); }
    /// Controls a sandbox running elsewhere (the embedded one of an AppContext, another
    /// process's) instead of one of its own.
    void attach(const QUrl &base) { m_attached = base; }
    QUrl baseUrl() const { return server ? server->baseUrl() : m_attached; }

    /// A control call (GET when \a body is null), answered synchronously.
    QJsonObject control(const QString &path, const std::optional<QJsonObject> &body = std::nullopt,
                        int *httpStatus = nullptr)
    {
        QNetworkRequest request(baseUrl().resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply =
            body ? network.post(request, QJsonDocument(*body).toJson(QJsonDocument::Compact))
                 : network.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
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

    /// A fresh buyer's Alipay payment code.
    QString newAlipayCode(qint64 balanceMinor = 100000)
    {
        return newBuyer(balanceMinor).value(QStringLiteral("alipay_code")).toString();
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

    /// The first trade for \a outTradeNo; empty when the sandbox has none.
    QJsonObject tradeOf(const QString &outTradeNo)
    {
        const QList<QJsonObject> list = trades(outTradeNo);
        return list.isEmpty() ? QJsonObject() : list.first();
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
    std::unique_ptr<sandbox::SandboxServer> server;

private:
    QUrl m_attached;
};

} // namespace paydesk::test
