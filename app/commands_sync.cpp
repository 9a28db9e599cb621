#include "app/commands_sync.h"

#include "app/appcontext.h"
#include "app/commandsupport.h"
#include "app/providersetup.h"

#include "core/books/settlementtracker.h"
#include "core/books/statementfiles.h"
#include "core/books/statementimporter.h"
#include "core/books/syncservice.h"
#include "core/providers/providerregistry.h"

#include <QFile>
#include <QJsonArray>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

const QString kDate = u"date"_s;
const QString kProvider = u"provider"_s;
const QString kFile = u"file"_s;
constexpr qint64 kSyncTimeoutMs = 10 * 60 * 1000;

/// Which exit code an import error is (ExitCode of commands.h).
int exitFor(const Error &e)
{
    if (e.code == u"statement.day_conflict")
        return ExitRefused;
    if (e.code == u"statement.download_failed" || e.code == u"statement.hash_mismatch" ||
        e.code == u"settlement.download_failed")
        return ExitUnreachable;
    if (e.code.startsWith(u"statement.db") || e.code.startsWith(u"ledger.") ||
        e.code.startsWith(u"db.") || e.code.startsWith(u"storage."))
        return ExitRefused;
    return ExitUsage; // the file itself: truncated, wrong encoding, missing columns...
}

QJsonObject importJson(const StatementImport &i)
{
    return {{u"date"_s, i.businessDay.toString(Qt::ISODate)},
            {u"provider"_s, i.provider},
            {u"lines"_s, i.lines},
            {u"file_sha256"_s, i.fileSha256},
            {u"already_imported"_s, i.alreadyImported},
            {u"fees_minor"_s, i.feesMinor}};
}

QString importText(const AppContext &ctx, const StatementImport &i)
{
    const QString name = ctx.providerRegistry().displayName(i.provider);
    if (i.alreadyImported)
        return Commands::tr("%1 %2: already imported (%3 lines).")
            .arg(name, i.businessDay.toString(Qt::ISODate))
            .arg(i.lines);
    return Commands::tr("%1 %2: %3 lines imported, fees %4 minor units.")
        .arg(name, i.businessDay.toString(Qt::ISODate))
        .arg(i.lines)
        .arg(i.feesMinor);
}

QJsonObject fundJson(const FundImport &i)
{
    return {{u"date"_s, i.day.toString(Qt::ISODate)},
            {u"provider"_s, i.provider},
            {u"payouts"_s, i.payouts},
            {u"recorded"_s, i.recorded},
            {u"recorded_minor"_s, i.recordedMinor},
            {u"file_sha256"_s, i.fileSha256},
            {u"already_imported"_s, i.alreadyImported}};
}

QString fundText(const AppContext &ctx, const FundImport &i)
{
    const QString name = ctx.providerRegistry().displayName(i.provider);
    if (i.alreadyImported)
        return Commands::tr("%1 fund statement %2: already imported (%3 payouts).")
            .arg(name, i.day.toString(Qt::ISODate))
            .arg(i.payouts);
    return Commands::tr("%1 fund statement %2: %3 payouts, %4 booked now (%5 minor units).")
        .arg(name, i.day.toString(Qt::ISODate))
        .arg(i.payouts)
        .arg(i.recorded)
        .arg(i.recordedMinor);
}

QJsonObject settlementJson(const ProviderRegistry &registry, const SettlementStatus &s)
{
    return {{u"date"_s, s.day.toString(Qt::ISODate)},
            {u"provider"_s, s.provider},
            {u"state"_s, SettlementTracker::stateName(s.state)},
            {u"expected_minor"_s, s.expectedMinor},
            {u"settled_minor"_s, s.settledMinor},
            {u"expected_by"_s, s.expectedBy.toString(Qt::ISODate)},
            {u"flagged"_s, s.flagged()},
            {u"message"_s, s.message},
            {u"hotline"_s, registry.hotline(s.provider)}};
}

int importFileCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out,
                      std::optional<QDate> day)
{
    QFile file(args.value(kFile));
    if (!file.open(QIODevice::ReadOnly))
        return out.error(ExitUsage, {u"statement.unreadable_file"_s,
                                     Commands::tr("Cannot read the statement file %1: %2")
                                         .arg(file.fileName(), file.errorString())});
    const QByteArray raw = file.readAll();
    // A trade statement, or a fund-flow statement (payouts to the bank), with the same checks.
    auto imported =
        importStatementFile(ctx.statements(), &ctx.settlement(), args.value(kProvider), raw, day);
    if (!imported.ok())
        return out.error(exitFor(imported.error()), imported.error());
    if (const auto &fund = imported.value().fund) {
        QJsonObject json = fundJson(*fund);
        json.insert(u"kind"_s, u"fund"_s);
        return out.result(json, fundText(ctx, *fund));
    }
    QJsonObject json = importJson(*imported.value().trade);
    json.insert(u"kind"_s, u"trade"_s);
    return out.result(json, importText(ctx, *imported.value().trade));
}

} // namespace

QString syncCommandSummary()
{
    return Commands::tr("Download and import the providers' statements: paydesk sync [--date D] "
                        "[--provider P], or a file saved from the merchant portal: paydesk sync "
                        "--file BILL [--provider P].");
}

void declareSyncOptions(QCommandLineParser &p)
{
    p.addOption({kDate,
                 Commands::tr("Business day, e.g. 2026-11-23 (default: every day since the last "
                              "one synced, up to yesterday)."),
                 u"D"_s});
    p.addOption({kProvider, Commands::tr("Only this provider (its registry id)."), u"P"_s});
    p.addOption({kFile,
                 Commands::tr("Import this statement file (a trade statement or a fund-flow "
                              "statement) instead of downloading."),
                 u"BILL"_s});
}

int syncCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    std::optional<QDate> day;
    if (args.isSet(kDate)) {
        const QDate d = QDate::fromString(args.value(kDate), Qt::ISODate);
        if (!d.isValid())
            return out.error(ExitUsage,
                             {u"sync.bad_date"_s, Commands::tr("\"%1\" is not a date like "
                                                               "2026-11-23.")
                                                      .arg(args.value(kDate))});
        day = d;
    }
    const QString provider = args.value(kProvider);
    if (!provider.isEmpty() && !ctx.providerRegistry().find(provider))
        return out.error(ExitUnreachable,
                         {u"sync.unknown_provider"_s,
                          Commands::tr("There is no payment provider \"%1\".").arg(provider)});
    if (args.isSet(kFile))
        return importFileCommand(ctx, args, out, day);

    if (auto started = ctx.startProviders(); !started.ok())
        return out.error(ExitUnreachable, started.error());
    ProviderSetup *setup = ctx.providers();
    if (!provider.isEmpty() && (!setup || !setup->provider(provider)))
        return out.error(ExitUnreachable, {u"sync.no_account"_s,
                                           Commands::tr("This till has no account with %1.")
                                               .arg(ctx.providerRegistry().displayName(provider))});
    const ProviderRegistry &registry = ctx.providerRegistry();
    SyncService &sync = ctx.statementSync();
    std::optional<SyncOutcome> outcome;
    QObject guard; // the connection ends with this command
    QObject::connect(&sync, &SyncService::finished, &guard,
                     [&outcome](const SyncOutcome &o) { outcome = o; });
    sync.start(day, provider);
    if (!waitUntil([&] { return outcome.has_value(); }, kSyncTimeoutMs))
        return out.error(ExitUnreachable, {u"sync.timeout"_s,
                                           Commands::tr("The providers did not answer in time.")});

    QJsonArray results;
    QStringList lines;
    int worst = ExitOk;
    int total = 0;
    for (const SyncDayResult &r : outcome->results) {
        if (r.import) {
            results.append(importJson(*r.import));
            lines << importText(ctx, *r.import);
            total += r.import->lines;
            continue;
        }
        const int code = exitFor(*r.error);
        worst = std::max(worst, code);
        results.append(QJsonObject{{u"date"_s, r.day.toString(Qt::ISODate)},
                                   {u"provider"_s, r.provider},
                                   {u"error"_s, QJsonObject{{u"code"_s, r.error->code},
                                                            {u"message"_s, r.error->message}}}});
        lines << Commands::tr("%1 %2: %3")
                     .arg(registry.displayName(r.provider), r.day.toString(Qt::ISODate),
                          r.error->message);
    }
    QJsonArray funds;
    for (const SyncFundResult &r : outcome->fundResults) {
        if (r.import) {
            funds.append(fundJson(*r.import));
            lines << fundText(ctx, *r.import);
            continue;
        }
        worst = std::max(worst, exitFor(*r.error));
        funds.append(QJsonObject{{u"date"_s, r.day.toString(Qt::ISODate)},
                                 {u"provider"_s, r.provider},
                                 {u"error"_s, QJsonObject{{u"code"_s, r.error->code},
                                                          {u"message"_s, r.error->message}}}});
        lines << Commands::tr("%1 fund statement %2: %3")
                     .arg(registry.displayName(r.provider), r.day.toString(Qt::ISODate),
                          r.error->message);
    }
    QJsonArray settlement;
    for (const SettlementStatus &st : outcome->settlement) {
        settlement.append(settlementJson(registry, st));
        lines << SettlementTracker::describe(st, registry.displayName(st.provider));
    }
    if (outcome->results.isEmpty() && outcome->fundResults.isEmpty())
        lines << Commands::tr("Nothing to sync: every day up to yesterday is imported.");
    QJsonObject json;
    if (results.size() == 1)
        json = results.first().toObject();
    else
        json = {{u"date"_s, day ? QJsonValue(day->toString(Qt::ISODate)) : QJsonValue()},
                {u"lines"_s, total}};
    json.insert(u"results"_s, results);
    json.insert(u"fund_statements"_s, funds);
    json.insert(u"settlement"_s, settlement);
    return out.result(json, lines.join(u'\n'), worst);
}

} // namespace paydesk
