#include "app/commands_reconcile.h"

#include "app/appcontext.h"
#include "app/commandsupport.h"

#include "core/money/money.h"
#include "core/reconcile/reconciliationservice.h"
#include "core/security/headlessauth.h"
#include "core/security/session.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>

namespace paydesk {

namespace {

// lupdate and the runtime agree on this context.
struct ReconcileCommands
{
    Q_DECLARE_TR_FUNCTIONS(ReconcileCommands)
};

QJsonValue minorOrNull(const std::optional<qint64> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

QJsonObject exceptionJson(const ReconException &e)
{
    return {{QStringLiteral("id"), e.id},
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
            {QStringLiteral("entry_id"), e.adjustingEntryId}};
}

QString money(qint64 minor)
{
    return Money::fromMinor(minor).toDecimalString();
}

int exitFor(const Error &e)
{
    if (e.code.startsWith(u"usage") || e.code == u"security.no_operator" ||
        e.code == u"security.no_password")
        return ExitUsage;
    return ExitRefused;
}

std::optional<QDate> dayOption(const QCommandLineParser &args)
{
    const QDate d = QDate::fromString(args.value(QStringLiteral("date")), Qt::ISODate);
    return d.isValid() ? std::optional(d) : std::nullopt;
}

int resolveCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    bool ok = false;
    const qint64 id = args.value(QStringLiteral("resolve")).toLongLong(&ok);
    if (!ok || id <= 0)
        return out.error(ExitUsage, {QStringLiteral("usage.resolve"),
                                     ReconcileCommands::tr("--resolve needs an exception id.")});
    const QString reason = args.value(QStringLiteral("reason")).trimmed();
    if (reason.isEmpty())
        return out.error(ExitUsage, {QStringLiteral("usage.reason"),
                                     ReconcileCommands::tr("--reason TEXT is required.")});
    auto session = authenticateHeadlessFromEnvironment(ctx.operators(),
                                                       args.value(QStringLiteral("operator")));
    if (!session.ok())
        return out.error(exitFor(session.error()), session.error());
    auto resolved = ctx.reconciliation().resolve(id, session.value(), reason);
    if (!resolved.ok())
        return out.error(exitFor(resolved.error()), resolved.error());
    const ReconException &e = resolved.value();
    return out.result(exceptionJson(e),
                      e.adjustingEntryId
                          ? ReconcileCommands::tr("Exception %1 resolved; adjusting entry %2.")
                                .arg(e.id)
                                .arg(e.adjustingEntryId)
                          : ReconcileCommands::tr("Exception %1 resolved; the books needed no "
                                                  "adjustment.")
                                .arg(e.id));
}

int signOffCommand(AppContext &ctx, const QDate &day, const QCommandLineParser &args,
                   const Output &out)
{
    auto session = authenticateHeadlessFromEnvironment(ctx.operators(),
                                                       args.value(QStringLiteral("operator")));
    if (!session.ok())
        return out.error(exitFor(session.error()), session.error());
    auto report = ctx.reconciliation().signOff(day, session.value());
    if (!report.ok())
        return out.error(exitFor(report.error()), report.error());
    const DayReport &r = report.value();
    return out.result({{QStringLiteral("date"), day.toString(Qt::ISODate)},
                       {QStringLiteral("signed_off_by"), r.signedOffBy},
                       {QStringLiteral("audit_head_id"), r.auditHeadId},
                       {QStringLiteral("audit_head_hash"), r.auditHeadHash}},
                      ReconcileCommands::tr("%1 signed off by %2; audit head %3 (%4).")
                          .arg(day.toString(Qt::ISODate), r.signedOffBy)
                          .arg(r.auditHeadId)
                          .arg(r.auditHeadHash.left(16)));
}

} // namespace

QString reconcileCommandSummary()
{
    return ReconcileCommands::tr("Reconcile a business day against the providers' statements, "
                                 "resolve its exceptions, sign it off.");
}

void declareReconcileOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("date"),
                 ReconcileCommands::tr("The business day, e.g. 2026-11-30."), QStringLiteral("D")});
    p.addOption({QStringLiteral("provider"),
                 ReconcileCommands::tr("Only this provider (default: every provider with a "
                                       "statement for the day)."),
                 QStringLiteral("P")});
    p.addOption({QStringLiteral("resolve"),
                 ReconcileCommands::tr("Resolve the exception with this id (with --reason)."),
                 QStringLiteral("ID")});
    p.addOption({QStringLiteral("reason"), ReconcileCommands::tr("Why, kept with the books."),
                 QStringLiteral("TEXT")});
    p.addOption({QStringLiteral("sign-off"),
                 ReconcileCommands::tr("Sign the day off (a manager with PAYDESK_TOTP).")});
    p.addOption({QStringLiteral("operator"),
                 ReconcileCommands::tr("Who resolves or signs off (password in "
                                       "PAYDESK_PASSWORD, authenticator code in PAYDESK_TOTP)."),
                 QStringLiteral("NAME")});
}

int reconcileCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    if (args.isSet(QStringLiteral("resolve")))
        return resolveCommand(ctx, args, out);
    const auto day = dayOption(args);
    if (!day)
        return out.error(ExitUsage,
                         {QStringLiteral("usage.date"),
                          ReconcileCommands::tr("--date needs a date like 2026-11-30.")});
    if (args.isSet(QStringLiteral("sign-off")))
        return signOffCommand(ctx, *day, args, out);

    ReconciliationService &service = ctx.reconciliation();
    QStringList providers;
    if (args.isSet(QStringLiteral("provider"))) {
        providers << args.value(QStringLiteral("provider"));
    } else {
        auto withStatement = service.providersWithStatement(*day);
        if (!withStatement.ok())
            return out.error(ExitRefused, withStatement.error());
        providers = withStatement.value();
        if (providers.isEmpty())
            return out.error(ExitRefused,
                             {QStringLiteral("reconcile.no_statement"),
                              ReconcileCommands::tr("No statement for %1 on this till yet: run "
                                                    "'paydesk sync --date %1' first.")
                                  .arg(day->toString(Qt::ISODate))});
    }

    ProviderDayTotals all;
    QJsonArray exceptions;
    QJsonArray perProvider;
    QString text;
    for (const QString &provider : std::as_const(providers)) {
        auto result = service.reconcile(provider, *day);
        if (!result.ok())
            return out.error(ExitRefused, result.error());
        const ProviderDayTotals &t = result.value().totals;
        all.matched += t.matched;
        all.grossMinor += t.grossMinor;
        all.refundsMinor += t.refundsMinor;
        all.feesMinor += t.feesMinor;
        all.netMinor += t.netMinor;
        perProvider.append(QJsonObject{{QStringLiteral("provider"), provider},
                                       {QStringLiteral("matched"), t.matched},
                                       {QStringLiteral("gross_minor"), t.grossMinor},
                                       {QStringLiteral("refunds_minor"), t.refundsMinor},
                                       {QStringLiteral("fees_minor"), t.feesMinor},
                                       {QStringLiteral("net_minor"), t.netMinor}});
        text += ReconcileCommands::tr("%1 %2: %3 matched, gross %4, refunds %5, fees %6, net %7.")
                    .arg(provider, day->toString(Qt::ISODate))
                    .arg(t.matched)
                    .arg(money(t.grossMinor), money(t.refundsMinor), money(t.feesMinor),
                         money(t.netMinor)) +
                QLatin1Char('\n');
        for (const ReconException &e : result.value().exceptions) {
            exceptions.append(exceptionJson(e));
            text +=
                QStringLiteral("  #%1 %2 %3 (%4 / %5) %6%7\n")
                    .arg(e.id)
                    .arg(reconClassName(e.kind),
                         e.outRequestNo.isEmpty() ? e.outTradeNo : e.outRequestNo,
                         e.localMinor ? money(*e.localMinor) : QStringLiteral("-"),
                         e.providerMinor ? money(*e.providerMinor) : QStringLiteral("-"),
                         e.isOpen() ? QString()
                                    : ReconcileCommands::tr("[resolved by %1] ").arg(e.resolvedBy),
                         e.suggestedAction);
        }
    }
    auto closed = service.isClosed(*day);
    const QJsonObject json{
        {QStringLiteral("date"), day->toString(Qt::ISODate)},
        {QStringLiteral("matched"), all.matched},
        {QStringLiteral("exceptions"), exceptions},
        {QStringLiteral("totals"), QJsonObject{{QStringLiteral("gross_minor"), all.grossMinor},
                                               {QStringLiteral("refunds_minor"), all.refundsMinor},
                                               {QStringLiteral("fees_minor"), all.feesMinor},
                                               {QStringLiteral("net_minor"), all.netMinor}}},
        {QStringLiteral("providers"), perProvider},
        {QStringLiteral("closed"), closed.ok() && closed.value()}};
    return out.result(json, text);
}

} // namespace paydesk
