#include "app/commands_reconcile.h"

#include "app/appcontext.h"
#include "app/commandsupport.h"

#include "core/books/syncservice.h"
#include "core/cases/casedesk.h"
#include "core/cases/duplicatedetector.h"
#include "core/providers/providerregistry.h"
#include "core/reconcile/dayreportbuilder.h"
#include "core/reconcile/reconciliationservice.h"
#include "core/reports/dayreportwriter.h"
#include "core/security/headlessauth.h"
#include "core/security/operatorservice.h"
#include "core/util/log.h"

#include <QJsonArray>
#include <QTextStream>

namespace paydesk {

namespace {

// lupdate and the runtime agree on this context.
struct ReconcileCommands
{
    Q_DECLARE_TR_FUNCTIONS(ReconcileCommands)
};

int exitForError(const Error &e)
{
    if (e.code.startsWith(u"usage") || e.code == u"security.no_operator" ||
        e.code == u"security.no_password")
        return ExitUsage;
    return ExitRefused;
}

QJsonValue minorOrNull(const std::optional<qint64> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QString money(qint64 minor)
{
    const qint64 a = minor < 0 ? -minor : minor;
    return QStringLiteral("%1%2.%3")
        .arg(minor < 0 ? QStringLiteral("-") : QString())
        .arg(a / 100)
        .arg(a % 100, 2, 10, QLatin1Char('0'));
}

std::unique_ptr<ReconciliationService> makeService(AppContext &ctx)
{
    auto service = std::make_unique<ReconciliationService>(
        ctx.database(), ctx.ledger(), ctx.audit(), ctx.settings(), ctx.clock());
    service->setCaseScanner([&ctx](const QStringList &outTradeNos) {
        logIfFailed(
            ctx.caseDesk().detector().scanOrders(outTradeNos, QStringLiteral("reconciliation")),
            lcApp(), "case scan after reconciliation");
    });
    return service;
}

Result<QDate> dateOption(const QCommandLineParser &args)
{
    if (!args.isSet(QStringLiteral("date")))
        return Error{QStringLiteral("usage.date"),
                     ReconcileCommands::tr("--date D is required, e.g. --date 2026-11-23.")};
    const QDate day = QDate::fromString(args.value(QStringLiteral("date")).trimmed(), Qt::ISODate);
    if (!day.isValid())
        return Error{QStringLiteral("usage.date"),
                     ReconcileCommands::tr("The date must be YYYY-MM-DD.")};
    return day;
}

QString reportText(const DayReport &r)
{
    QString text;
    QTextStream s(&text);
    s << ReconcileCommands::tr("Reconciliation of %1").arg(r.businessDay.toString(Qt::ISODate))
      << '\n';
    for (const ProviderDayTotals &t : r.providers)
        s << ReconcileCommands::tr("%1: gross %2, refunds %3, fees %4, net %5 (matched %6, "
                                   "clearing %7, settled %8)")
                 .arg(t.provider, money(t.grossMinor), money(t.refundsMinor), money(t.feesMinor),
                      money(t.netMinor))
                 .arg(t.matched)
                 .arg(money(t.clearingBalanceMinor), money(t.settledMinor))
          << '\n';
    if (r.exceptions.isEmpty())
        s << ReconcileCommands::tr("No exceptions.") << '\n';
    for (const ReconException &e : r.exceptions)
        s << QStringLiteral("#%1 %2 %3 %4: ")
                 .arg(e.id)
                 .arg(reconClassName(e.kind), e.provider,
                      e.outRequestNo.isEmpty() ? e.outTradeNo : e.outRequestNo)
          << (e.isOpen()
                  ? e.suggestedAction
                  : ReconcileCommands::tr("resolved by %1: %2").arg(e.resolvedBy, e.resolution))
          << '\n';
    if (r.closed())
        s << ReconcileCommands::tr("Signed off by %1 at %2; audit head #%3 %4")
                 .arg(r.signedOffBy, r.signedOffAt.toString(Qt::ISODate))
                 .arg(r.auditHeadId)
                 .arg(r.auditHeadHash)
          << '\n';
    return text;
}

/// How long the sync of a day without a statement may take.
constexpr qint64 kSyncTimeoutMs = 10 * 60 * 1000;

int exitForSync(const Error &e)
{
    if (e.code.startsWith(u"statement.download") || e.code == u"statement.hash_mismatch" ||
        e.code.startsWith(u"sync.") || e.code.startsWith(u"providers.") ||
        e.code.startsWith(u"network"))
        return ExitUnreachable;
    return ExitRefused;
}

/// Downloads and imports \a day's statement (of \a provider, or of every provider) through the
/// sync, as `paydesk sync --date D` does.
Status syncDay(AppContext &ctx, const QDate &day, const QString &provider)
{
    if (auto started = ctx.startProviders(); !started.ok())
        return Error{QStringLiteral("sync.providers"), started.error().message};
    SyncService &sync = ctx.statementSync();
    std::optional<SyncOutcome> outcome;
    QObject guard; // the connection ends with this call
    QObject::connect(&sync, &SyncService::finished, &guard,
                     [&outcome](const SyncOutcome &o) { outcome = o; });
    if (!sync.start(day, provider))
        return Error{QStringLiteral("sync.busy"),
                     ReconcileCommands::tr("A statement sync is already running.")};
    if (!waitUntil([&] { return outcome.has_value(); }, kSyncTimeoutMs))
        return Error{QStringLiteral("sync.timeout"),
                     ReconcileCommands::tr("The providers did not answer in time.")};
    for (const SyncDayResult &r : outcome->results)
        if (r.error && r.day == day)
            return *r.error;
    return {};
}

int resolveCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    bool ok = false;
    const qint64 id = args.value(QStringLiteral("resolve")).toLongLong(&ok);
    if (!ok || id <= 0)
        return out.error(ExitUsage, {QStringLiteral("usage.resolve"),
                                     ReconcileCommands::tr("--resolve takes an exception id.")});
    const QString reason = args.value(QStringLiteral("reason")).trimmed();
    if (reason.isEmpty())
        return out.error(ExitUsage, {QStringLiteral("usage.reason"),
                                     ReconcileCommands::tr("--reason TEXT is required.")});
    auto session = authenticateHeadlessFromEnvironment(
        ctx.operators(), args.value(QStringLiteral("operator")).trimmed());
    if (!session.ok())
        return out.error(exitForError(session.error()), session.error());
    auto service = makeService(ctx);
    auto done = service->resolve(id, reason, session.value());
    if (!done.ok())
        return out.error(exitForError(done.error()), done.error());
    const ReconException &e = done.value();
    const QJsonObject json{{QStringLiteral("id"), e.id},
                           {QStringLiteral("class"), reconClassName(e.kind)},
                           {QStringLiteral("out_trade_no"), e.outTradeNo},
                           {QStringLiteral("status"), QStringLiteral("resolved")},
                           {QStringLiteral("resolved_by"), e.resolvedBy},
                           {QStringLiteral("resolved_at"), e.resolvedAt.toString(Qt::ISODate)},
                           {QStringLiteral("reason"), e.resolution},
                           {QStringLiteral("entry_id"), e.adjustingEntryId}};
    return out.result(json, ReconcileCommands::tr("Exception %1 resolved (entry %2).")
                                .arg(e.id)
                                .arg(e.adjustingEntryId));
}

int signOffCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    auto day = dateOption(args);
    if (!day.ok())
        return out.error(ExitUsage, day.error());
    auto session = authenticateHeadlessFromEnvironment(
        ctx.operators(), args.value(QStringLiteral("operator")).trimmed());
    if (!session.ok())
        return out.error(exitForError(session.error()), session.error());
    auto service = makeService(ctx);
    auto signedOff = service->signOff(day.value(), session.value());
    if (!signedOff.ok())
        return out.error(exitForError(signedOff.error()), signedOff.error());
    const DaySignOff &s = signedOff.value();
    const QJsonObject json{{QStringLiteral("date"), s.businessDay.toString(Qt::ISODate)},
                           {QStringLiteral("signed_off_by"), s.signedOffBy},
                           {QStringLiteral("signed_off_at"), s.signedOffAt.toString(Qt::ISODate)},
                           {QStringLiteral("audit_head_id"), s.auditHeadId},
                           {QStringLiteral("audit_head_hash"), s.auditHeadHash}};
    return out.result(json, ReconcileCommands::tr("%1 signed off by %2; audit head #%3 %4")
                                .arg(s.businessDay.toString(Qt::ISODate), s.signedOffBy)
                                .arg(s.auditHeadId)
                                .arg(s.auditHeadHash));
}

} // namespace

void declareReconcileOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("date"), ReconcileCommands::tr("Business day, e.g. 2026-11-23."),
                 QStringLiteral("D")});
    p.addOption({QStringLiteral("provider"),
                 ReconcileCommands::tr("Only this provider (default: every provider with a "
                                       "statement for the day)."),
                 QStringLiteral("P")});
    p.addOption({QStringLiteral("resolve"),
                 ReconcileCommands::tr("Resolve the exception with this id (needs --reason and "
                                       "--operator)."),
                 QStringLiteral("ID")});
    p.addOption({QStringLiteral("reason"), ReconcileCommands::tr("Why it is resolved."),
                 QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("sign-off"),
                 ReconcileCommands::tr("Sign the day off (a manager with TOTP); the day is "
                                       "closed.")});
    p.addOption({QStringLiteral("out"),
                 ReconcileCommands::tr("Also write the day's report to FILE.csv, FILE.json or "
                                       "FILE.pdf."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("operator"),
                 ReconcileCommands::tr("Who resolves or signs off (password in "
                                       "PAYDESK_PASSWORD, authenticator code in PAYDESK_TOTP)."),
                 QStringLiteral("NAME")});
}

QJsonObject reconcileJson(const DayReport &r)
{
    QJsonArray exceptions;
    for (const ReconException &e : r.exceptions)
        exceptions.append(
            QJsonObject{{QStringLiteral("id"), e.id},
                        {QStringLiteral("class"), reconClassName(e.kind)},
                        {QStringLiteral("provider"), e.provider},
                        {QStringLiteral("out_trade_no"), e.outTradeNo},
                        {QStringLiteral("out_request_no"), e.outRequestNo},
                        {QStringLiteral("local_minor"), minorOrNull(e.localMinor)},
                        {QStringLiteral("provider_minor"), minorOrNull(e.providerMinor)},
                        {QStringLiteral("suggested_action"), e.suggestedAction},
                        {QStringLiteral("status"),
                         e.isOpen() ? QStringLiteral("open") : QStringLiteral("resolved")},
                        {QStringLiteral("resolved_by"), e.resolvedBy},
                        {QStringLiteral("resolution"), e.resolution},
                        {QStringLiteral("entry_id"), e.adjustingEntryId}});
    qint64 gross = 0, refunds = 0, fees = 0, net = 0;
    int matched = 0;
    QJsonArray providers;
    for (const ProviderDayTotals &t : r.providers) {
        gross += t.grossMinor;
        refunds += t.refundsMinor;
        fees += t.feesMinor;
        net += t.netMinor;
        matched += t.matched;
        providers.append(QJsonObject{{QStringLiteral("provider"), t.provider},
                                     {QStringLiteral("gross_minor"), t.grossMinor},
                                     {QStringLiteral("refunds_minor"), t.refundsMinor},
                                     {QStringLiteral("fees_minor"), t.feesMinor},
                                     {QStringLiteral("net_minor"), t.netMinor},
                                     {QStringLiteral("clearing_minor"), t.clearingBalanceMinor},
                                     {QStringLiteral("settled_minor"), t.settledMinor},
                                     {QStringLiteral("payments"), t.payments},
                                     {QStringLiteral("refunds"), t.refunds},
                                     {QStringLiteral("matched"), t.matched}});
    }
    QJsonArray byHour;
    for (qint64 v : r.grossByHourMinor)
        byHour.append(v);
    QJsonObject json{
        {QStringLiteral("date"), r.businessDay.toString(Qt::ISODate)},
        {QStringLiteral("matched"), matched},
        {QStringLiteral("exceptions"), exceptions},
        {QStringLiteral("totals"), QJsonObject{{QStringLiteral("gross_minor"), gross},
                                               {QStringLiteral("refunds_minor"), refunds},
                                               {QStringLiteral("fees_minor"), fees},
                                               {QStringLiteral("net_minor"), net}}},
        {QStringLiteral("providers"), providers},
        {QStringLiteral("gross_by_hour_minor"), byHour},
        {QStringLiteral("closed"), r.closed()}};
    if (r.closed())
        json.insert(QStringLiteral("sign_off"),
                    QJsonObject{{QStringLiteral("by"), r.signedOffBy},
                                {QStringLiteral("at"), r.signedOffAt.toString(Qt::ISODate)},
                                {QStringLiteral("audit_head_id"), r.auditHeadId},
                                {QStringLiteral("audit_head_hash"), r.auditHeadHash}});
    return json;
}

int reconcileCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    if (args.isSet(QStringLiteral("resolve")))
        return resolveCommand(ctx, args, out);
    if (args.isSet(QStringLiteral("sign-off")))
        return signOffCommand(ctx, args, out);

    auto day = dateOption(args);
    if (!day.ok())
        return out.error(ExitUsage, day.error());
    auto service = makeService(ctx);
    QStringList providers;
    if (args.isSet(QStringLiteral("provider"))) {
        const QString provider = args.value(QStringLiteral("provider")).trimmed();
        if (!ctx.providerRegistry().find(provider))
            return out.error(
                ExitUnreachable,
                {QStringLiteral("reconcile.unknown_provider"),
                 ReconcileCommands::tr("Paydesk knows no provider \"%1\".").arg(provider)});
        providers << provider;
    } else {
        auto withStatement = service->providersWithStatement(day.value());
        if (!withStatement.ok())
            return out.error(ExitRefused, withStatement.error());
        providers = withStatement.value();
    }
    // A day without a statement is synced first (paydesk sync --date D).
    const QString only = args.isSet(QStringLiteral("provider")) ? providers.first() : QString();
    bool missing = providers.isEmpty();
    if (!only.isEmpty()) {
        auto has = service->hasStatement(only, day.value());
        if (!has.ok())
            return out.error(ExitRefused, has.error());
        missing = !has.value();
    }
    if (missing) {
        if (auto synced = syncDay(ctx, day.value(), only); !synced.ok())
            return out.error(exitForSync(synced.error()), synced.error());
        if (only.isEmpty()) {
            auto withStatement = service->providersWithStatement(day.value());
            if (!withStatement.ok())
                return out.error(ExitRefused, withStatement.error());
            providers = withStatement.value();
        }
    }
    if (providers.isEmpty())
        return out.error(ExitRefused,
                         {QStringLiteral("reconcile.no_statement"),
                          ReconcileCommands::tr("There is no statement for %1, and the sync "
                                                "found none.")
                              .arg(day.value().toString(Qt::ISODate))});
    for (const QString &provider : std::as_const(providers)) {
        auto run = service->reconcile(provider, day.value());
        if (!run.ok())
            return out.error(ExitRefused, run.error());
    }
    DayReportBuilder builder(ctx.database(), service->store());
    auto report = builder.build(day.value(), ctx.storeName());
    if (!report.ok())
        return out.error(ExitRefused, report.error());
    for (const QString &id : ctx.providerRegistry().ids())
        report.value().providerNames.insert(id, ctx.providerRegistry().displayName(id));
    if (args.isSet(QStringLiteral("provider"))) {
        // Only the provider asked for.
        DayReport &r = report.value();
        r.providers.removeIf([&](const ProviderDayTotals &t) { return t.provider != only; });
        r.exceptions.removeIf([&](const ReconException &e) { return e.provider != only; });
    }
    QJsonObject json = reconcileJson(report.value());
    QString text = reportText(report.value());
    if (const QString path = args.value(QStringLiteral("out")); !path.isEmpty()) {
        if (auto written = DayReportWriter::write(report.value(), path); !written.ok())
            return out.error(written.error().code == u"reports.bad_format" ? ExitUsage
                                                                           : ExitRefused,
                             written.error());
        json.insert(QStringLiteral("out"), path);
        text += QLatin1Char('\n') + ReconcileCommands::tr("Report written to %1.").arg(path);
    }
    return out.result(json, text);
}

} // namespace paydesk
