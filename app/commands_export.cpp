#include "app/commands_export.h"

#include "app/appcontext.h"
#include "app/commands.h"
#include "app/commandsupport.h"

#include "core/reports/journalexporter.h"
#include "core/security/anomalymonitor.h"
#include "core/security/headlessauth.h"

#include <QFile>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>

namespace paydesk {

namespace {

struct ExportCommands
{
    Q_DECLARE_TR_FUNCTIONS(ExportCommands)
};

int exitForAuthError(const Error &e)
{
    if (e.code == u"security.no_operator" || e.code == u"security.no_password")
        return ExitUsage;
    return ExitRefused;
}

} // namespace

QString exportCommandSummary()
{
    return ExportCommands::tr(
        "Export the journal for an accountant: paydesk export --from D --to D "
        "--format csv|beancount [--out FILE] --operator NAME.");
}

void declareExportOptions(QCommandLineParser &p)
{
    p.addOption({QStringLiteral("from"), ExportCommands::tr("First store day, e.g. 2026-11-01."),
                 QStringLiteral("D")});
    p.addOption({QStringLiteral("to"), ExportCommands::tr("Last store day, e.g. 2026-11-30."),
                 QStringLiteral("D")});
    p.addOption({QStringLiteral("format"),
                 ExportCommands::tr("csv (general journal) or beancount."),
                 QStringLiteral("csv|beancount")});
    p.addOption({QStringLiteral("out"),
                 ExportCommands::tr("Write to this file (default: standard output)."),
                 QStringLiteral("FILE")});
    p.addOption({QStringLiteral("operator"),
                 ExportCommands::tr("An owner or manager (password in PAYDESK_PASSWORD, "
                                    "authenticator code in PAYDESK_TOTP)."),
                 QStringLiteral("NAME")});
}

int exportCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    const QDate from = QDate::fromString(args.value(QStringLiteral("from")), Qt::ISODate);
    const QDate to = QDate::fromString(args.value(QStringLiteral("to")), Qt::ISODate);
    if (!from.isValid() || !to.isValid() || to < from)
        return out.error(ExitUsage,
                         {QStringLiteral("usage.range"),
                          ExportCommands::tr("--from and --to need dates like 2026-11-23, the "
                                             "first not after the second.")});
    const auto format = JournalExporter::formatFromName(args.value(QStringLiteral("format")));
    if (!format)
        return out.error(ExitUsage, {QStringLiteral("usage.format"),
                                     ExportCommands::tr("--format must be csv or beancount.")});
    auto session = authenticateHeadlessFromEnvironment(
        ctx.operators(), args.value(QStringLiteral("operator")).trimmed());
    if (!session.ok())
        return out.error(exitForAuthError(session.error()), session.error());
    if (session.value().role() == Role::Cashier)
        return out.error(ExitRefused,
                         {QStringLiteral("security.forbidden"),
                          ExportCommands::tr("Only an owner or a manager may export the books.")});

    const QTimeZone zone(AnomalyThresholds::load(ctx.settings()).timeZone.toUtf8());
    const JournalExporter exporter(ctx.ledger(), zone.isValid() ? zone : QTimeZone::utc());
    auto exported = exporter.exportRange(from, to, *format);
    if (!exported.ok())
        return out.error(ExitRefused, exported.error());

    const QString path = args.value(QStringLiteral("out"));
    if (path.isEmpty()) {
        QFile stdoutFile;
        if (!stdoutFile.open(stdout, QIODevice::WriteOnly))
            return out.error(ExitRefused, {QStringLiteral("reports.write_failed"),
                                           ExportCommands::tr("Cannot write to standard output.")});
        stdoutFile.write(exported.value().text);
        return ExitOk;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(exported.value().text) != exported.value().text.size() || !file.commit())
        return out.error(
            ExitUsage,
            {QStringLiteral("reports.write_failed"),
             ExportCommands::tr("Could not write %1: %2").arg(path, file.errorString())});
    return out.result(QJsonObject{{QStringLiteral("from"), from.toString(Qt::ISODate)},
                                  {QStringLiteral("to"), to.toString(Qt::ISODate)},
                                  {QStringLiteral("format"), args.value(QStringLiteral("format"))},
                                  {QStringLiteral("entries"), exported.value().entries},
                                  {QStringLiteral("postings"), exported.value().postings},
                                  {QStringLiteral("out"), path}},
                      ExportCommands::tr("%1 journal entries (%2 postings) written to %3.")
                          .arg(exported.value().entries)
                          .arg(exported.value().postings)
                          .arg(path));
}

} // namespace paydesk
