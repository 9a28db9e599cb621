#include "app/commands_refunds.h"

#include "app/commands.h"

#include "core/orders/orderqueries.h"
#include "core/refunds/refundapproval.h"
#include "core/refunds/refundservice.h"
#include "core/security/headlessauth.h"
#include "core/security/operatorservice.h"
#include "core/settings/storesettings.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QLocale>
#include <QTimer>

#include <cstdlib>
#include <optional>

namespace paydesk {

namespace {

// lupdate and the runtime agree on this context.
struct RefundCommands
{
    Q_DECLARE_TR_FUNCTIONS(RefundCommands)
};

/// Runs the event loop until \a done() holds or \a timeoutMs passes.
void waitFor(const std::function<bool()> &done, qint64 timeoutMs)
{
    if (done())
        return;
    QEventLoop loop;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    tick.start(20);
    QTimer::singleShot(std::chrono::milliseconds(timeoutMs), &loop, &QEventLoop::quit);
    loop.exec();
}

int exitForError(const Error &e)
{
    if (e.code.startsWith(u"usage") || e.code == u"security.no_operator" ||
        e.code == u"security.no_password" || e.code == u"refunds.bad_request_no")
        return ExitUsage;
    return ExitRefused;
}

} // namespace

void declareRefundOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("order"), RefundCommands::tr("The order's out_trade_no."),
                 QStringLiteral("OUT_TRADE_NO")});
    p.addOption({QStringLiteral("amount"),
                 RefundCommands::tr("Amount to refund, e.g. 5.00 (default: all that is left)."),
                 QStringLiteral("X")});
    p.addOption({QStringLiteral("reason"), RefundCommands::tr("Why the money goes back."),
                 QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("operator"),
                 RefundCommands::tr("Who refunds (password in PAYDESK_PASSWORD, authenticator "
                                    "code in PAYDESK_TOTP)."),
                 QStringLiteral("NAME")});
    p.addOption({QStringLiteral("request-no"),
                 RefundCommands::tr("Your own refund request number: repeating the command with "
                                    "it never refunds twice."),
                 QStringLiteral("N")});
}

RefundResume resumeRefunds(AppContext &ctx, qint64 timeoutMs)
{
    std::optional<RefundResume> result;
    RefundConfig config = ctx.refunds().config();
    config.answerWithinMs = int(timeoutMs);
    ctx.refunds().setConfig(config);
    ctx.refunds().resumeOutbox([&](int finished, int open) {
        result = RefundResume{finished, open};
    });
    waitFor([&] { return result.has_value(); }, timeoutMs + 5000);
    return result.value_or(RefundResume{});
}

int refundCommand(AppContext &ctx, const QCommandLineParser &args, const CommandPrinter &out)
{
    const QString outTradeNo = args.value(QStringLiteral("order")).trimmed();
    const QString reason = args.value(QStringLiteral("reason")).trimmed();
    const QString operatorName = args.value(QStringLiteral("operator")).trimmed();
    if (outTradeNo.isEmpty())
        return out.error(ExitUsage, {QStringLiteral("usage.order"),
                                     RefundCommands::tr("--order OUT_TRADE_NO is required.")});
    if (reason.isEmpty())
        return out.error(ExitUsage, {QStringLiteral("usage.reason"),
                                     RefundCommands::tr("--reason TEXT is required.")});
    std::optional<Money> amount;
    if (args.isSet(QStringLiteral("amount"))) {
        auto parsed = Money::parse(args.value(QStringLiteral("amount")), QLocale::c());
        if (!parsed.ok())
            return out.error(ExitUsage, parsed.error());
        if (parsed.value().isZero())
            return out.error(ExitUsage, {QStringLiteral("usage.amount"),
                                         RefundCommands::tr("The amount must be more than zero.")});
        amount = parsed.value();
    }
    auto session = authenticateHeadlessFromEnvironment(ctx.operators(), operatorName);
    if (!session.ok())
        return out.error(exitForError(session.error()), session.error());
    auto order = ctx.orderQueries().byOutTradeNo(outTradeNo);
    if (!order.ok())
        return out.error(ExitRefused, order.error());
    if (!order.value())
        return out.error(
            ExitRefused,
            {QStringLiteral("refunds.no_such_order"),
             RefundCommands::tr("There is no order %1 on this till.").arg(outTradeNo)});
    const qint64 orderId = order.value()->id;

    if (auto started = ctx.startProviders(); !started.ok())
        return out.error(ExitUnreachable, started.error());
    // A refund a crashed process left in the outbox is finished first (it counts in the remainder).
    (void)resumeRefunds(ctx, 10000);

    RefundService &refunds = ctx.refunds();
    const Money value = amount.value_or(refunds.refundableRemainder(orderId));
    const StoreSettings::Values settings = ctx.storeSettings().values();
    const RefundApproval approval({settings.refundLimit, settings.cashierRefundsNeedApproval});
    if (auto allowed = approval.authorize(session.value(), value); !allowed.ok()) {
        Error e = allowed.error();
        if (e.code == u"refunds.approval_required")
            e.message += QLatin1Char(' ') +
                         RefundCommands::tr("Run it with --operator set to a manager, and "
                                            "PAYDESK_TOTP set to their current code.");
        return out.error(ExitRefused, e);
    }

    RefundConfig config = refunds.config();
    config.answerWithinMs = 30000;
    if (!qEnvironmentVariableIsEmpty("PAYDESK_TEST_EXIT_AFTER_DECIDED"))
        config.afterDecided = [](const RefundRecord &) { std::_Exit(70); }; // the crash test
    refunds.setConfig(config);

    RefundInput input;
    input.orderId = orderId;
    input.amount = value;
    input.reason = reason;
    input.outRequestNo = args.value(QStringLiteral("request-no")).trimmed();
    input.operatorName = session.value().operatorName();
    if (approval.needsApproval(session.value(), value))
        input.approvedBy = session.value().operatorName();
    std::optional<Result<RefundRecord>> done;
    refunds.refund(input, [&](const Result<RefundRecord> &r) { done = r; });
    waitFor([&] { return done.has_value(); }, qint64(config.answerWithinMs) + 5000);
    if (!done)
        return out.error(ExitUnreachable,
                         {QStringLiteral("refunds.no_answer"),
                          RefundCommands::tr("No answer in time; run 'paydesk recover'.")});
    if (!done->ok())
        return out.error(exitForError(done->error()), done->error());
    const RefundRecord r = done->value();
    auto after = ctx.orderQueries().byOutTradeNo(outTradeNo);
    const Order stored = after.ok() && after.value() ? *after.value() : *order.value();
    const QJsonObject json{{QStringLiteral("out_trade_no"), outTradeNo},
                           {QStringLiteral("out_request_no"), r.outRequestNo},
                           {QStringLiteral("status"), r.status},
                           {QStringLiteral("refund_minor"), r.amount.minor()},
                           {QStringLiteral("refunded_total_minor"), stored.refundedMinor},
                           {QStringLiteral("order_status"), orderStatusName(stored.status)},
                           {QStringLiteral("message"), r.message}};
    const QString text = QStringLiteral("%1  %2  %3  %4\n%5")
                             .arg(r.outRequestNo, r.status, r.amount.format(QLocale()),
                                  orderStatusName(stored.status), r.message);
    const int exit = r.status == u"SUCCESS"  ? ExitOk
                     : r.status == u"FAILED" ? ExitRefused
                                             : ExitUnreachable;
    return out.result(json, text, exit);
}

} // namespace paydesk
