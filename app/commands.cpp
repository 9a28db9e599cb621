#include "app/commands.h"

#include "app/commands_reconcile.h"
#include "app/commands_refunds.h"
#include "app/commands_shift.h"
#include "app/commands_sync.h"
#include "app/commandsupport.h"

#include "app/commands_analytics.h"
#include "app/commands_backup.h"
#include "app/commands_cases.h"
#include "app/commands_export.h"
#include "app/commands_hq.h"
#include "app/commands_setup.h"
#include "app/providersetup.h"

#include "core/cases/casedesk.h"
#include "core/cases/caserefunder.h"
#include "core/cases/duplicatedetector.h"
#include "core/checkout/checkoutservice.h"
#include "core/checkout/paymentcoderouter.h"
#include "core/checkout/recovery.h"
#include "core/orders/orderqueries.h"
#include "core/providers/providerregistry.h"
#include "core/security/auditlog.h"
#include "core/util/log.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <functional>

namespace paydesk {

namespace {

QJsonObject orderJson(const Order &o)
{
    return {{QStringLiteral("out_trade_no"), o.outTradeNo},
            {QStringLiteral("status"), orderStatusName(o.status)},
            {QStringLiteral("amount_minor"), o.amount.minor()},
            {QStringLiteral("refunded_minor"), o.refundedMinor},
            {QStringLiteral("provider"), o.provider},
            {QStringLiteral("kind"), orderKindName(o.kind)},
            {QStringLiteral("transaction_id"), o.transactionId},
            {QStringLiteral("created_at"), o.createdAt.toString(Qt::ISODate)}};
}

/// How long `charge` lets Recovery finish earlier orders before it refuses to charge.
constexpr qint64 kChargeRecoveryMs = 20000;

/// Recovery before the till takes a payment (ARCHITECTURE §3 rule 6).
RecoveryReport recoverOpenOrders(AppContext &ctx, qint64 timeoutMs)
{
    Recovery recovery(ctx.database(), ctx.checkout(), ctx.clock());
    std::optional<RecoveryReport> report;
    recovery.run([&](const RecoveryReport &r) { report = r; }, timeoutMs);
    waitUntil([&] { return report.has_value(); }, timeoutMs + 5000);
    return report.value_or(RecoveryReport{});
}

int ordersCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    OrderFilter filter;
    if (args.isSet(QStringLiteral("date"))) {
        const QDate day = QDate::fromString(args.value(QStringLiteral("date")), Qt::ISODate);
        if (!day.isValid())
            return out.error(ExitUsage, {QStringLiteral("usage.date"),
                                         Commands::tr("--date needs a date like 2026-11-23.")});
        filter.day = day;
    }
    if (args.isSet(QStringLiteral("status"))) {
        const auto status = orderStatusFromName(args.value(QStringLiteral("status")).toUpper());
        if (!status)
            return out.error(
                ExitUsage,
                {QStringLiteral("usage.status"),
                 Commands::tr("Unknown status \"%1\".").arg(args.value(QStringLiteral("status")))});
        filter.status = *status;
    }
    auto orders = ctx.orderQueries().list(filter);
    if (!orders.ok())
        return out.error(ExitRefused, orders.error());
    QJsonArray list;
    QString text;
    const QLocale locale;
    for (const Order &o : orders.value()) {
        list.append(orderJson(o));
        text += QStringLiteral("%1  %2  %3  %4  %5\n")
                    .arg(o.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                         o.outTradeNo, orderStatusName(o.status).leftJustified(18),
                         o.amount.format(locale), o.provider);
    }
    if (list.isEmpty())
        text = Commands::tr("No orders.");
    return out.result({{QStringLiteral("orders"), list}}, text);
}

int chargeCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    if (!args.isSet(QStringLiteral("amount")))
        return out.error(ExitUsage,
                         {QStringLiteral("usage.amount"), Commands::tr("--amount is required.")});
    auto amount = Money::parse(args.value(QStringLiteral("amount")), QLocale::c());
    if (!amount.ok())
        return out.error(ExitUsage, amount.error());
    if (amount.value().isZero())
        return out.error(ExitUsage, {QStringLiteral("money.zero"),
                                     Commands::tr("The amount must be more than zero.")});
    const QString provider = args.value(QStringLiteral("provider"));
    if (!provider.isEmpty() && provider != u"sandbox" && !ctx.providerRegistry().find(provider))
        return out.error(
            ExitUsage, {QStringLiteral("usage.provider"),
                        Commands::tr("Provider \"%1\" is not set up on this till.").arg(provider)});
    bool waitOk = true;
    const QString code = args.value(QStringLiteral("code")).trimmed();
    const int waitSeconds = args.isSet(QStringLiteral("wait"))
                                ? args.value(QStringLiteral("wait")).toInt(&waitOk)
                                : (code.isEmpty() ? 0 : 60);
    if (!waitOk || waitSeconds < 0)
        return out.error(ExitUsage, {QStringLiteral("usage.wait"),
                                     Commands::tr("--wait needs a number of seconds.")});
    // Bad input is answered before anything slow or stateful: no provider start, no Recovery.
    if (!code.isEmpty()) {
        const PaymentCodeRoute route = PaymentCodeRouter::route(code, ctx.providerRegistry());
        if (!route.routable())
            return out.error(ExitUsage, {route.verdict == PaymentCodeRoute::Verdict::Unsupported
                                             ? QStringLiteral("checkout.code_unsupported")
                                             : QStringLiteral("checkout.code_invalid"),
                                         route.message});
    }

    if (auto started = ctx.startProviders(); !started.ok())
        return out.error(ExitUnreachable, started.error());
    // Rule 6: no new payment while an earlier one may still take money.
    const RecoveryReport recovered = recoverOpenOrders(ctx, kChargeRecoveryMs);
    if (!recovered.unresolved.isEmpty())
        return out.error(
            ExitUnreachable,
            {QStringLiteral("checkout.unresolved_orders"),
             Commands::tr("Earlier payments are not final yet, so no new payment is taken: %1. "
                          "Run 'paydesk recover' when the provider answers again.")
                 .arg(recovered.unresolved.join(QStringLiteral(", ")))});

    CheckoutService &checkout = ctx.checkout();
    auto started = code.isEmpty() ? checkout.startQr(amount.value(),
                                                     provider == u"sandbox" ? QString() : provider)
                                  : checkout.chargeCode(amount.value(), code);
    if (!started.ok())
        return out.error(started.error().code.startsWith(u"checkout.code") ? ExitUsage
                                                                           : ExitRefused,
                         started.error());
    const QString outTradeNo = started.value();
    auto snap = [&] { return checkout.snapshot(outTradeNo); };
    auto qrReady = [&] {
        auto s = snap();
        return !s || !s->isOpen() || !s->qrCode.isEmpty() || s->status == OrderStatus::Unknown;
    };
    auto finished = [&] {
        auto s = snap();
        return !s || !s->isOpen();
    };
    if (code.isEmpty())
        waitUntil(qrReady, 20000);
    if (waitSeconds > 0)
        waitUntil(finished, qint64(waitSeconds) * 1000);

    auto stored = ctx.orderQueries().byOutTradeNo(outTradeNo);
    if (!stored.ok() || !stored.value())
        return out.error(ExitRefused, stored.ok() ? Error{QStringLiteral("checkout.lost"),
                                                          Commands::tr("The order vanished.")}
                                                  : stored.error());
    const Order order = *stored.value();
    const auto s = snap();
    QJsonObject json{{QStringLiteral("out_trade_no"), order.outTradeNo},
                     {QStringLiteral("status"), orderStatusName(order.status)},
                     {QStringLiteral("amount_minor"), order.amount.minor()},
                     {QStringLiteral("provider"), order.provider},
                     {QStringLiteral("transaction_id"), order.transactionId},
                     {QStringLiteral("message"), s ? s->message : order.message}};
    if (!order.qrCode.isEmpty())
        json.insert(QStringLiteral("qr_code"), order.qrCode);
    if (s && !s->customerAdvice.isEmpty())
        json.insert(QStringLiteral("customer_advice"), s->customerAdvice);
    QString text =
        QStringLiteral("%1  %2  %3\n%4")
            .arg(order.outTradeNo, orderStatusName(order.status), order.amount.format(QLocale()),
                 json.value(QStringLiteral("message")).toString());
    if (!order.qrCode.isEmpty() && order.status == OrderStatus::Pending)
        text += QLatin1Char('\n') + Commands::tr("QR code for the customer: %1").arg(order.qrCode);
    int exit = ExitUnreachable;
    switch (order.status) {
    case OrderStatus::Paid:
        exit = ExitOk;
        break;
    case OrderStatus::Pending:
        // A QR handed to the customer without --wait: the caller asked only for the QR; the
        // outcome comes later (`paydesk orders`). Anything else still open is not known.
        exit = code.isEmpty() && !args.isSet(QStringLiteral("wait")) && !order.qrCode.isEmpty()
                   ? ExitOk
                   : ExitUnreachable;
        break;
    case OrderStatus::Failed:
    case OrderStatus::Closed:
        exit = ExitRefused;
        break;
    default:
        exit = ExitUnreachable;
    }
    return out.result(json, text, exit);
}

int recoverCommand(AppContext &ctx, const QCommandLineParser &, const Output &out)
{
    if (auto started = ctx.startProviders(); !started.ok())
        return out.error(ExitUnreachable, started.error());
    const RecoveryReport report = recoverOpenOrders(ctx, 90000);
    const RefundResume refunds = resumeRefunds(ctx, 60000);
    // Recovery may have found payments that arrived late: they become cases, and cases whose
    // refund finished meanwhile are brought up to date (docs/CASES.md).
    logIfFailed(ctx.caseDesk().detector().scanAll(QStringLiteral("recovery")), lcApp(),
                "duplicate-charge scan after recovery");
    if (CaseRefunder *refunder = ctx.caseDesk().refunder())
        refunder->refresh();
    QJsonArray resolved;
    QString text;
    for (const auto &r : report.resolved) {
        resolved.append(QJsonObject{{QStringLiteral("out_trade_no"), r.outTradeNo},
                                    {QStringLiteral("status"), orderStatusName(r.status)}});
        text += QStringLiteral("%1  %2\n").arg(r.outTradeNo, orderStatusName(r.status));
    }
    text += Commands::tr("%n order(s) still open.", nullptr, report.stillOpen);
    text += QLatin1Char('\n') + Commands::tr("Refunds: %1 finished, %2 still open.")
                                    .arg(refunds.finished)
                                    .arg(refunds.stillOpen);
    const QJsonObject refundJson{{QStringLiteral("finished"), refunds.finished},
                                 {QStringLiteral("still_open"), refunds.stillOpen}};
    return out.result({{QStringLiteral("resolved"), resolved},
                       {QStringLiteral("still_open"), report.stillOpen},
                       {QStringLiteral("refunds"), refundJson}},
                      text,
                      report.stillOpen > 0 || refunds.stillOpen > 0 ? ExitUnreachable : ExitOk);
}

int auditCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    if (args.positionalArguments() != QStringList{QStringLiteral("verify")})
        return out.error(ExitUsage, {QStringLiteral("usage"),
                                     Commands::tr("Usage: paydesk audit verify [--json]")});
    const AuditVerification v = ctx.audit().verify();
    QJsonObject json{
        {QStringLiteral("ok"), v.ok},
        {QStringLiteral("entries"), v.entries},
        {QStringLiteral("first_bad"), v.firstBadId ? QJsonValue(*v.firstBadId) : QJsonValue()},
        // Entries written before the chain was keyed are checked with the older hash.
        {QStringLiteral("legacy_entries"), v.legacyEntries}};
    const QString text =
        v.ok ? Commands::tr("Audit log intact: %n entries.", nullptr, int(v.entries))
             : Commands::tr("Audit log BROKEN at entry %1 (%2 entries).")
                   .arg(v.firstBadId.value_or(-1))
                   .arg(v.entries);
    return out.result(json, text, v.ok ? ExitOk : ExitRefused);
}

QList<CommandSpec> commandTable()
{
    auto none = [](QCommandLineParser &) {};
    return {
        {QStringLiteral("charge"),
         [] {
             return Commands::tr(
                 "Take a payment: a QR code for the customer, or charge a payment code.");
         },
         [](QCommandLineParser &p) {
             p.addOption({QStringLiteral("amount"), Commands::tr("Amount, e.g. 12.34."),
                          QStringLiteral("AMOUNT")});
             p.addOption({QStringLiteral("provider"),
                          Commands::tr("Payment provider id (default: the till's first provider)."),
                          QStringLiteral("P")});
             p.addOption({QStringLiteral("code"),
                          Commands::tr("The customer's payment code (scanned)."),
                          QStringLiteral("AUTHCODE")});
             p.addOption({QStringLiteral("wait"), Commands::tr("Seconds to wait for the outcome."),
                          QStringLiteral("S")});
         },
         chargeCommand},
        {QStringLiteral("orders"), [] { return Commands::tr("List orders."); },
         [](QCommandLineParser &p) {
             p.addOption({QStringLiteral("date"), Commands::tr("Business day, e.g. 2026-11-23."),
                          QStringLiteral("D")});
             p.addOption({QStringLiteral("status"),
                          Commands::tr("Only orders in this status, e.g. PAID."),
                          QStringLiteral("S")});
         },
         ordersCommand},
        {QStringLiteral("recover"), [] { return Commands::tr("Finish every in-flight order."); },
         none, recoverCommand},
        {QStringLiteral("refund"),
         [] { return Commands::tr("Refund a paid order, in full or in part."); },
         declareRefundOptions, refundCommand},
        {QStringLiteral("audit"),
         [] { return Commands::tr("Verify the tamper-evident audit log: paydesk audit verify."); },
         [](QCommandLineParser &p) {
             p.addPositionalArgument(QStringLiteral("verify"),
                                     Commands::tr("Check the hash chain."));
         },
         auditCommand},
        {QStringLiteral("reconcile"),
         [] {
             return Commands::tr("Reconcile a business day with the providers' statements, "
                                 "resolve an exception (--resolve), sign the day off "
                                 "(--sign-off).");
         },
         declareReconcileOptions, reconcileCommand},
        {QStringLiteral("shift"),
         [] {
             return Commands::tr("The cashier's shift and drawer count: paydesk shift "
                                 "open|payout|close|report.");
         },
         declareShiftOptions, shiftCommand},
        {QStringLiteral("sync"), syncCommandSummary, declareSyncOptions, syncCommand},
        {QStringLiteral("analytics"),
         [] {
             return Commands::tr("Dashboard figures: paydesk analytics rebuild (recompute the "
                                 "aggregates) or check (compare them with the orders).");
         },
         [](QCommandLineParser &p) {
             p.addPositionalArgument(QStringLiteral("rebuild|check"), Commands::tr("What to do."));
         },
         [](AppContext &ctx, const QCommandLineParser &args, const Output &out) {
             const CommandOutcome o = analyticsCommand(ctx, args.positionalArguments());
             return o.error ? out.error(o.exitCode, *o.error)
                            : out.result(o.json, o.text, o.exitCode);
         }},
        {QStringLiteral("setup"), setupCommandSummary, declareSetupOptions, setupCommand},
        {QStringLiteral("provider"), providerCommandSummary, declareProviderOptions,
         providerCommand},
        {QStringLiteral("duplicates"),
         [] { return Commands::tr("List duplicate-charge cases, or resolve one."); },
         declareDuplicatesOptions, duplicatesCommand},
        {QStringLiteral("export"), exportCommandSummary, declareExportOptions, exportCommand},
        {QStringLiteral("hq"), hqSummary, declareHqOptions, hqCommand, {}, hqHeadOfficeCommand},
        {QStringLiteral("backup"), backupSummary, declareBackupOptions, backupCommand},
        {QStringLiteral("restore"), restoreSummary, declareRestoreOptions, restoreCommand,
         restoreWithoutContext},
    };
}

} // namespace

QStringList commandNames()
{
    QStringList names;
    for (const CommandSpec &spec : commandTable())
        names << spec.name;
    return names;
}

bool isCommand(const QString &name)
{
    return commandNames().contains(name);
}

int runCommand(const QString &name, const QStringList &args, const AppOptions &options)
{
    for (const CommandSpec &spec : commandTable()) {
        if (spec.name != name)
            continue;
        QCommandLineParser parser;
        parser.setApplicationDescription(spec.summary());
        parser.addHelpOption();
        parser.addOption({QStringLiteral("json"),
                          QCoreApplication::translate("Commands", "Print one JSON object.")});
        spec.declare(parser);
        const bool json = args.contains(QStringLiteral("--json"));
        const Output out(json);
        if (!parser.parse(QStringList{QStringLiteral("paydesk ") + name} + args))
            return out.error(ExitUsage, {QStringLiteral("usage"), parser.errorText()});
        if (parser.isSet(QStringLiteral("help"))) {
            QTextStream(stdout) << parser.helpText();
            return ExitOk;
        }
        if (spec.contextFree)
            if (const std::optional<int> done = spec.contextFree(parser, out))
                return *done;
        auto ctx = AppContext::create(options);
        if (!ctx.ok())
            return spec.withoutContext ? spec.withoutContext(options, ctx.error(), parser, out)
                                       : out.error(ExitRefused, ctx.error());
        return spec.run(*ctx.value(), parser, out);
    }
    QTextStream(stderr)
        << QCoreApplication::translate("Commands", "paydesk: unknown command \"%1\"").arg(name)
        << '\n';
    return ExitUsage;
}

} // namespace paydesk
