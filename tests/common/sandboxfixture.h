#pragma once

// A real SandboxServer on a loopback ephemeral port (TestSandbox) plus a real AlipayProvider
// provisioned against it, for the checkout integration, UI and benchmark executables.

#include "core/crypto/crypto.h"
#include "core/providers/alipay/alipayaccount.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/util/clock.h"
#include "testsandbox.h"

#include <QEventLoop>
#include <QTimer>

#include <memory>
#include <optional>

namespace paydesk::test {

class SandboxFixture : public TestSandbox
{
public:
    /// Starts the sandbox (with \a faults) and provisions an Alipay app in it.
    /// Returns an error text, empty on success.
    QString start(const QString &faults = {}, int providerTimeoutMs = 3000)
    {
        if (QString failed = startServer(faults); !failed.isEmpty())
            return failed;
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

    SystemClock clock;
    crypto::RsaKey appKey;
    AlipayConfig config;
    std::unique_ptr<AlipayProvider> provider;
};

} // namespace paydesk::test
