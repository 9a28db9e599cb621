#include "app/commands_analytics.h"

#include "app/appcontext.h"
#include "app/commands.h"

#include "core/analytics/salesanalytics.h"

#include <QCoreApplication>

namespace paydesk {

namespace {

struct AnalyticsCommands
{
    Q_DECLARE_TR_FUNCTIONS(Commands)
};

CommandOutcome failed(int code, const Error &error)
{
    CommandOutcome o;
    o.exitCode = code;
    o.error = error;
    return o;
}

CommandOutcome rebuild(AppContext &ctx)
{
    auto report = ctx.analytics().rebuild();
    if (!report.ok())
        return failed(ExitRefused, report.error());
    const RebuildReport &r = report.value();
    CommandOutcome o;
    o.json = {{QStringLiteral("orders"), r.orders},
              {QStringLiteral("rows"), r.rows},
              {QStringLiteral("corrected_rows"), r.correctedRows}};
    o.text = AnalyticsCommands::tr("Dashboard figures recomputed from %1 orders: %2 rows, %3 of "
                                   "them corrected.")
                 .arg(r.orders)
                 .arg(r.rows)
                 .arg(r.correctedRows);
    return o;
}

CommandOutcome check(AppContext &ctx)
{
    DashboardRequest request;
    request.nowUtc = QDateTime::currentDateTimeUtc();
    request.rangeDays = 30;
    auto fast = ctx.analytics().figures(request);
    if (!fast.ok())
        return failed(ExitRefused, fast.error());
    auto slow = ctx.analytics().figuresFromOrders(request);
    if (!slow.ok())
        return failed(ExitRefused, slow.error());
    const bool same = fast.value() == slow.value();
    CommandOutcome o;
    o.exitCode = same ? ExitOk : ExitRefused;
    o.json = {{QStringLiteral("ok"), same},
              {QStringLiteral("month_orders"), fast.value().monthPeriod.current.orders}};
    o.text = same ? AnalyticsCommands::tr("Dashboard figures match the orders.")
                  : AnalyticsCommands::tr("Dashboard figures differ from the orders: run "
                                          "paydesk analytics rebuild.");
    return o;
}

} // namespace

CommandOutcome analyticsCommand(AppContext &ctx, const QStringList &positional)
{
    if (positional == QStringList{QStringLiteral("rebuild")})
        return rebuild(ctx);
    if (positional == QStringList{QStringLiteral("check")})
        return check(ctx);
    return failed(ExitUsage,
                  {QStringLiteral("usage"),
                   AnalyticsCommands::tr("Usage: paydesk analytics rebuild|check [--json]")});
}

} // namespace paydesk
