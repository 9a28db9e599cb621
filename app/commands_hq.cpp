#include "app/commands_hq.h"

#include "app/appcontext.h"
#include "app/commandsupport.h"

#include "core/hq/hqconnection.h"
#include "core/hq/hqpusher.h"
#include "core/hq/hqreport.h"
#include "core/hq/hqschema.h"
#include "core/hq/hqsettings.h"
#include "core/security/auditlog.h"
#include "core/security/headlessauth.h"
#include "core/security/operatorservice.h"
#include "core/storage/database.h"

#include <QJsonArray>
#include <QRandomGenerator>

namespace paydesk {

namespace {

const QString kUrl = QStringLiteral("url");
const QString kStore = QStringLiteral("store");
const QString kTill = QStringLiteral("till");
const QString kName = QStringLiteral("name");
const QString kZone = QStringLiteral("zone");
const QString kRole = QStringLiteral("role");
const QString kDate = QStringLiteral("date");
const QString kOperator = QStringLiteral("operator");
const QString kInterval = QStringLiteral("interval");

Error usage(const QString &message)
{
    return Error{QStringLiteral("usage"), message};
}

/// A new role's password: from \a env when set (scripted set-ups), else 24 random characters
/// printed once.
QString newPassword(const char *env)
{
    const QString given = qEnvironmentVariable(env);
    if (!given.isEmpty())
        return given;
    static const QString alphabet =
        QStringLiteral("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789");
    QString password;
    for (int i = 0; i < 24; ++i)
        password += alphabet.at(QRandomGenerator::system()->bounded(alphabet.size()));
    return password;
}

Result<std::unique_ptr<HqConnection>> connectHeadOffice(const QCommandLineParser &args)
{
    if (!args.isSet(kUrl))
        return usage(Commands::tr("Head office's address is needed: --url "
                                  "postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full."));
    auto endpoint = HqEndpoint::parse(args.value(kUrl));
    if (!endpoint.ok())
        return usage(endpoint.error().message);
    return HqConnection::open(endpoint.value());
}

int failure(const Output &out, const Error &e)
{
    if (e.code == u"usage" || e.code == u"hq.url" || e.code == u"hq.url_option")
        return out.error(ExitUsage, e);
    if (e.code == u"hq.unreachable" || e.code == u"hq.driver")
        return out.error(ExitUnreachable, e);
    return out.error(ExitRefused, e);
}

QJsonObject lineJson(const HqReportLine &l)
{
    return {{QStringLiteral("store"), l.store},
            {QStringLiteral("till"), l.till},
            {QStringLiteral("provider"), l.provider},
            {QStringLiteral("paid_count"), l.paidCount},
            {QStringLiteral("gross_minor"), l.grossMinor},
            {QStringLiteral("refunded_minor"), l.refundedMinor},
            {QStringLiteral("net_minor"), l.netMinor()},
            {QStringLiteral("failed_count"), l.failedCount},
            {QStringLiteral("open_count"), l.openCount}};
}

QString yuan(qint64 minor)
{
    const QString sign = minor < 0 ? QStringLiteral("-") : QString();
    const qint64 a = minor < 0 ? -minor : minor;
    return sign + QStringLiteral("%1.%2").arg(a / 100).arg(a % 100, 2, 10, QLatin1Char('0'));
}

int reportCommand(const QCommandLineParser &args, const Output &out)
{
    const QDate day = QDate::fromString(args.value(kDate), Qt::ISODate);
    if (!day.isValid())
        return out.error(ExitUsage, usage(Commands::tr("--date needs a date like 2026-11-23.")));
    auto conn = connectHeadOffice(args);
    if (!conn.ok())
        return failure(out, conn.error());
    const HqFilter filter{day, args.value(kStore), args.value(kTill)};
    HqReport report(*conn.value());
    auto lines = report.daily(filter);
    if (!lines.ok())
        return failure(out, lines.error());
    auto recon = report.reconciliation(filter);
    if (!recon.ok())
        return failure(out, recon.error());
    auto tills = report.tills(filter);
    if (!tills.ok())
        return failure(out, tills.error());

    QJsonArray lineArray;
    QString text = Commands::tr("Head office daily report %1").arg(day.toString(Qt::ISODate));
    if (!filter.store.isEmpty())
        text += Commands::tr(", store %1").arg(filter.store);
    if (!filter.till.isEmpty())
        text += Commands::tr(", till %1").arg(filter.till);
    text += QLatin1Char('\n');
    for (const HqReportLine &l : lines.value()) {
        lineArray.append(lineJson(l));
        text += Commands::tr("  %1/%2 %3: %4 paid, gross %5, refunded %6, net %7, %8 failed, "
                             "%9 open\n")
                    .arg(l.store, l.till, l.provider)
                    .arg(l.paidCount)
                    .arg(yuan(l.grossMinor), yuan(l.refundedMinor), yuan(l.netMinor()))
                    .arg(l.failedCount)
                    .arg(l.openCount);
    }
    const HqReportLine total = HqReport::total(lines.value());
    text += Commands::tr("Total: %1 paid, gross %2, refunded %3, net %4\n")
                .arg(total.paidCount)
                .arg(yuan(total.grossMinor), yuan(total.refundedMinor), yuan(total.netMinor()));
    QJsonArray reconArray;
    if (!recon.value().isEmpty())
        text += Commands::tr("Reconciliation (books against statements):\n");
    for (const HqReconLine &r : recon.value()) {
        reconArray.append(QJsonObject{{QStringLiteral("store"), r.store},
                                      {QStringLiteral("provider"), r.provider},
                                      {QStringLiteral("books_minor"), r.booksMinor},
                                      {QStringLiteral("statement_count"), r.statementCount},
                                      {QStringLiteral("statement_minor"), r.statementMinor},
                                      {QStringLiteral("fee_minor"), r.feeMinor},
                                      {QStringLiteral("settled_minor"), r.settledMinor},
                                      {QStringLiteral("unmatched_lines"), r.unmatchedLines},
                                      {QStringLiteral("difference_minor"), r.differenceMinor()}});
        text += Commands::tr("  %1 %2: books %3, statement %4 (%5 lines, %6 unmatched), fees %7, "
                             "paid out %8, difference %9\n")
                    .arg(r.store, r.provider, yuan(r.booksMinor), yuan(r.statementMinor))
                    .arg(r.statementCount)
                    .arg(r.unmatchedLines)
                    .arg(yuan(r.feeMinor), yuan(r.settledMinor), yuan(r.differenceMinor()));
    }
    QJsonArray tillArray;
    for (const HqTillStatus &t : tills.value())
        tillArray.append(
            QJsonObject{{QStringLiteral("store"), t.store},
                        {QStringLiteral("till"), t.till},
                        {QStringLiteral("last_seq"), t.lastSeq},
                        {QStringLiteral("pushed_at"),
                         t.pushedAt.isValid() ? QJsonValue(t.pushedAt.toUTC().toString(Qt::ISODate))
                                              : QJsonValue()},
                        {QStringLiteral("paid_count"), t.paidCount},
                        {QStringLiteral("net_minor"), t.netMinor}});
    return out.result({{QStringLiteral("date"), day.toString(Qt::ISODate)},
                       {QStringLiteral("store"), filter.store},
                       {QStringLiteral("till"), filter.till},
                       {QStringLiteral("lines"), lineArray},
                       {QStringLiteral("total"), lineJson(total)},
                       {QStringLiteral("reconciliation"), reconArray},
                       {QStringLiteral("tills"), tillArray}},
                      text);
}

int headOfficeCommand(const QString &action, const QCommandLineParser &args, const Output &out)
{
    if (action == u"report")
        return reportCommand(args, out);
    auto conn = connectHeadOffice(args);
    if (!conn.ok())
        return failure(out, conn.error());
    HqSchema schema(*conn.value());
    if (action == u"init" || action == u"migrate") {
        if (action == u"init" && schema.schemaVersion() > 0)
            return out.error(ExitRefused,
                             {QStringLiteral("hq.initialised"),
                              Commands::tr("Head office is already set up (schema %1); use "
                                           "paydeskctl hq migrate to upgrade it.")
                                  .arg(schema.schemaVersion())});
        auto applied = schema.migrate();
        if (!applied.ok())
            return failure(out, applied.error());
        QJsonArray versions;
        for (int v : applied.value())
            versions.append(v);
        return out.result({{QStringLiteral("applied"), versions},
                           {QStringLiteral("schema_version"), schema.schemaVersion()}},
                          Commands::tr("Head office schema at version %1 (%2 step(s) applied).")
                              .arg(schema.schemaVersion())
                              .arg(applied.value().size()));
    }
    if (action == u"add-store") {
        if (auto s = schema.addStore(args.value(kStore), args.value(kName),
                                     args.isSet(kZone) ? args.value(kZone)
                                                       : QStringLiteral("Asia/Shanghai"));
            !s.ok())
            return failure(out, s.error());
        return out.result({{QStringLiteral("store"), args.value(kStore)}},
                          Commands::tr("Store %1 registered.").arg(args.value(kStore)));
    }
    if (action == u"add-till") {
        const QString password = newPassword("PAYDESK_HQ_TILL_PASSWORD");
        auto role = schema.addTill(args.value(kStore), args.value(kTill), password);
        if (!role.ok())
            return failure(out, role.error());
        return out.result({{QStringLiteral("store"), args.value(kStore)},
                           {QStringLiteral("till"), args.value(kTill)},
                           {QStringLiteral("role"), role.value()},
                           {QStringLiteral("password"), password}},
                          Commands::tr("Till %1 of store %2 can push as role %3 with the password "
                                       "%4 (shown once).")
                              .arg(args.value(kTill), args.value(kStore), role.value(), password));
    }
    if (action == u"add-reader") {
        const QString password = newPassword("PAYDESK_HQ_READER_PASSWORD");
        if (auto s = schema.addReader(args.value(kRole), password); !s.ok())
            return failure(out, s.error());
        return out.result(
            {{QStringLiteral("role"), args.value(kRole)}, {QStringLiteral("password"), password}},
            Commands::tr("Role %1 reads every store, password %2 (shown once).")
                .arg(args.value(kRole), password));
    }
    return out.error(ExitUsage, usage(Commands::tr("Unknown hq action \"%1\".").arg(action)));
}

int statusOf(AppContext &ctx, const HqSettings &settings, const Output &out)
{
    const HqSettings::Values v = settings.values();
    auto pending = ctx.database().scalar(QStringLiteral("SELECT COUNT(*) FROM hq_outbox"));
    const qint64 queued = pending.ok() && pending.value() ? pending.value()->toLongLong() : 0;
    return out.result(
        {{QStringLiteral("joined"), v.enabled},
         {QStringLiteral("url"), v.url},
         {QStringLiteral("store"), v.identity.store},
         {QStringLiteral("till"), v.identity.till},
         {QStringLiteral("interval_s"), v.intervalSeconds},
         {QStringLiteral("pending"), queued}},
        v.enabled ? Commands::tr("Joined to %1 as store %2, till %3; %4 change(s) waiting.")
                        .arg(v.url, v.identity.store, v.identity.till)
                        .arg(queued)
                  : Commands::tr("Not joined to a head office; %1 change(s) waiting.").arg(queued));
}

int tillCommand(AppContext &ctx, const QString &action, const QCommandLineParser &args,
                const Output &out)
{
    HqSettings settings(ctx.database(), ctx.settings(), ctx.vault());
    if (action == u"status")
        return statusOf(ctx, settings, out);
    if (action == u"push") {
        if (!settings.values().enabled)
            return out.error(ExitRefused, {QStringLiteral("hq.not_joined"),
                                           Commands::tr("This till is not joined to a head office "
                                                        "(paydeskctl hq join).")});
        auto endpoint = settings.endpoint();
        if (!endpoint.ok())
            return failure(out, endpoint.error());
        HqPusher pusher(ctx.database(), settings.values().identity, endpoint.value());
        auto stats = pusher.pushAll();
        if (!stats.ok())
            return failure(out, stats.error());
        return out.result({{QStringLiteral("pushed"), stats.value().rows},
                           {QStringLiteral("batches"), stats.value().batches},
                           {QStringLiteral("pending"), stats.value().remaining}},
                          Commands::tr("Pushed %1 change(s) in %2 batch(es); %3 waiting.")
                              .arg(stats.value().rows)
                              .arg(stats.value().batches)
                              .arg(stats.value().remaining));
    }
    // Joining and leaving change where the books go: the owner's decision.
    if (!args.isSet(kOperator))
        return out.error(ExitUsage,
                         usage(Commands::tr("hq %1 needs --operator (the owner; password from "
                                            "PAYDESK_PASSWORD).")
                                   .arg(action)));
    auto session = authenticateHeadlessFromEnvironment(ctx.operators(), args.value(kOperator));
    if (!session.ok())
        return out.error(ExitRefused, session.error());
    if (session.value().role() != Role::Owner)
        return out.error(ExitRefused,
                         {QStringLiteral("security.forbidden"),
                          Commands::tr("Only the owner may join this till to a head office.")});
    if (action == u"join") {
        if (!args.isSet(kUrl) || !args.isSet(kStore) || !args.isSet(kTill))
            return out.error(ExitUsage, usage(Commands::tr("hq join needs --url, --store and "
                                                           "--till.")));
        const int interval = args.isSet(kInterval) ? args.value(kInterval).toInt() : 30;
        if (auto s = settings.join(args.value(kUrl), qEnvironmentVariable("PAYDESK_HQ_PASSWORD"),
                                   {args.value(kStore), args.value(kTill)}, interval);
            !s.ok())
            return failure(out, s.error());
        logIfFailed(ctx.audit().append(QStringLiteral("hq.joined"), session.value().operatorName(),
                                       QJsonObject{{QStringLiteral("url"), settings.values().url},
                                                   {QStringLiteral("store"), args.value(kStore)},
                                                   {QStringLiteral("till"), args.value(kTill)}}),
                    lcHq(), "audit hq.joined");
        return statusOf(ctx, settings, out);
    }
    if (action == u"leave") {
        if (auto s = settings.leave(); !s.ok())
            return failure(out, s.error());
        logIfFailed(ctx.audit().append(QStringLiteral("hq.left"), session.value().operatorName(),
                                       QJsonObject{}),
                    lcHq(), "audit hq.left");
        return statusOf(ctx, settings, out);
    }
    return out.error(ExitUsage, usage(Commands::tr("Unknown hq action \"%1\".").arg(action)));
}

} // namespace

QString hqSummary()
{
    return Commands::tr("Head office on PostgreSQL: paydesk hq init|migrate|add-store|add-till|"
                        "add-reader|report (with --url) and join|push|status|leave (this till).");
}

void declareHqOptions(QCommandLineParser &p)
{
    p.addPositionalArgument(QStringLiteral("action"),
                            Commands::tr("init, migrate, add-store, add-till, add-reader, report, "
                                         "join, push, status or leave."));
    p.addOption({kUrl,
                 Commands::tr("Head office: postgresql://ROLE@HOST:PORT/DB?sslmode=verify-full "
                              "(password from PGPASSWORD or ~/.pgpass; for join from "
                              "PAYDESK_HQ_PASSWORD)."),
                 QStringLiteral("URL")});
    p.addOption({kStore, Commands::tr("Store id."), QStringLiteral("S")});
    p.addOption({kTill, Commands::tr("Till id."), QStringLiteral("T")});
    p.addOption({kName, Commands::tr("add-store: the store's name."), QStringLiteral("NAME")});
    p.addOption({kZone, Commands::tr("add-store: its time zone (default Asia/Shanghai)."),
                 QStringLiteral("ZONE")});
    p.addOption(
        {kRole, Commands::tr("add-reader: the reader's role name."), QStringLiteral("ROLE")});
    p.addOption(
        {kDate, Commands::tr("report: the business day, e.g. 2026-11-23."), QStringLiteral("D")});
    p.addOption({kOperator, Commands::tr("join/leave: the owner (password from PAYDESK_PASSWORD)."),
                 QStringLiteral("NAME")});
    p.addOption({kInterval, Commands::tr("join: seconds between background pushes (default 30)."),
                 QStringLiteral("S")});
}

std::optional<int> hqHeadOfficeCommand(const QCommandLineParser &args, const Output &out)
{
    const QStringList positional = args.positionalArguments();
    if (positional.size() != 1)
        return out.error(ExitUsage, usage(hqSummary()));
    static const QStringList headOffice{QStringLiteral("init"),       QStringLiteral("migrate"),
                                        QStringLiteral("add-store"),  QStringLiteral("add-till"),
                                        QStringLiteral("add-reader"), QStringLiteral("report")};
    if (!headOffice.contains(positional.first()))
        return std::nullopt;
    return headOfficeCommand(positional.first(), args, out);
}

int hqCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    if (auto done = hqHeadOfficeCommand(args, out))
        return *done;
    return tillCommand(ctx, args.positionalArguments().first(), args, out);
}

} // namespace paydesk
