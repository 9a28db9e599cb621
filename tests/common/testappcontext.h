#pragma once

// The app's composition root (AppContext) on a temporary data folder, optionally against a
// standalone TestSandbox: the object graph the GUI and the headless commands build.

#include "app/appcontext.h"

#include "core/checkout/recovery.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>

namespace paydesk::test {

class TestAppContext
{
public:
    /// Builds the graph on this fixture's data folder; with \a sandboxUrl a standalone
    /// sandbox, else the embedded one. An error text, empty on success.
    QString create(const QUrl &sandboxUrl = {})
    {
        if (!dir.isValid())
            return QStringLiteral("no temporary folder");
        options.dataDir = dir.path();
        options.sandboxUrl = sandboxUrl;
        auto made = AppContext::create(options);
        if (!made.ok())
            return made.error().message;
        context = std::move(made).value();
        return {};
    }

    /// create() and then AppContext::startProviders().
    QString createStarted(const QUrl &sandboxUrl = {})
    {
        if (QString failed = create(sandboxUrl); !failed.isEmpty())
            return failed;
        auto started = context->startProviders();
        return started.ok() ? QString() : started.error().message;
    }

    /// A second graph on the same data folder: what another Paydesk process would build.
    Result<std::unique_ptr<AppContext>> another() const { return AppContext::create(options); }

    AppContext *operator->() const { return context.get(); }
    AppContext &operator*() const { return *context; }

    /// Runs Recovery on \a ctx to its end. A run that never finishes has stillOpen -1.
    static RecoveryReport recover(AppContext &ctx, qint64 timeoutMs = 20000)
    {
        std::optional<RecoveryReport> report;
        Recovery recovery(ctx.database(), ctx.checkout(), ctx.clock());
        recovery.run([&](const RecoveryReport &r) { report = r; }, timeoutMs);
        if (!QTest::qWaitFor([&] { return report.has_value(); }, int(timeoutMs) + 5000)) {
            RecoveryReport never;
            never.stillOpen = -1;
            return never;
        }
        return *report;
    }

    QTemporaryDir dir;
    AppOptions options;
    std::unique_ptr<AppContext> context;
};

} // namespace paydesk::test
