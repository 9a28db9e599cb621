#pragma once

// A real SandboxServer on a loopback port (TestSandbox) plus a real WechatPayProvider
// provisioned against it through the registry's WeChat Pay account parser (ARCHITECTURE §7a).

#include "core/crypto/crypto.h"
#include "core/providers/sandboxprovisioner.h"
#include "core/providers/wechatpay/wechatpayaccount.h"
#include "core/providers/wechatpay/wechatpayprovider.h"
#include "core/util/clock.h"
#include "testsandbox.h"

#include <QEventLoop>
#include <QTimer>

#include <memory>
#include <optional>

namespace paydesk::test {

class WechatPayFixture : public TestSandbox
{
public:
    /// Starts the sandbox (with \a faults; on \a manual time when given, shared by sandbox and
    /// adapter) and provisions a WeChat Pay merchant. An error text, empty on success.
    QString start(const QString &faults = {}, ManualClock *manual = nullptr,
                  int providerTimeoutMs = 3000)
    {
        sandbox::SandboxOptions options;
        options.seed = 7;
        options.faults = faults;
        options.clock = manual;
        server = std::make_unique<sandbox::SandboxServer>(options);
        if (auto port = server->start(); !port.ok())
            return port.error().message;
        clock = manual ? static_cast<Clock *>(manual) : &systemClock;
        auto key = crypto::RsaKey::generate(2048);
        if (!key.ok())
            return key.error().message;
        std::optional<Result<ProviderAccount>> provisioned;
        QEventLoop loop;
        QObject ctx;
        provisionSandboxAccount(
            &network, server->baseUrl(), WechatPayProvider::providerId(), key.value(), &ctx,
            [&](Result<ProviderAccount> r) {
                provisioned = std::move(r);
                loop.quit();
            },
            10000, wechatpay::accountFromSandbox);
        if (!provisioned) {
            QTimer::singleShot(15000, &loop, &QEventLoop::quit);
            loop.exec();
        }
        if (!provisioned)
            return QStringLiteral("provisioning timed out");
        if (!provisioned->ok())
            return provisioned->error().message;
        account = provisioned->value();
        auto made = wechatpay::configFrom(account);
        if (!made.ok())
            return made.error().message;
        config = made.value();
        config.timeoutMs = providerTimeoutMs;
        config.notifyUrl = QStringLiteral("http://127.0.0.1:9/notify/wechatpay"); // no receiver
        provider = std::make_unique<WechatPayProvider>(config, &network, clock);
        return {};
    }

    /// A fresh buyer's WeChat payment code.
    QString newWechatCode(qint64 balanceMinor = 100000)
    {
        return newBuyer(balanceMinor).value(QStringLiteral("wechat_code")).toString();
    }

    SystemClock systemClock;
    Clock *clock = &systemClock;
    ProviderAccount account;
    WechatPayConfig config;
    std::unique_ptr<WechatPayProvider> provider;
};

} // namespace paydesk::test
