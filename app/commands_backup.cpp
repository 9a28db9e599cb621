#include "app/commands_backup.h"

#include "app/commands.h"
#include "app/commandsupport.h"

#include "core/backup/backupservice.h"
#include "core/crypto/secretvault.h"
#include "core/security/auditlog.h"
#include "core/security/headlessauth.h"
#include "core/security/operatorservice.h"
#include "core/util/clock.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QLocale>

namespace paydesk {

namespace {

const QString kOperator = QStringLiteral("operator");

Result<Session> ownerLogin(OperatorService &operators, const QCommandLineParser &args)
{
    auto session = authenticateHeadlessFromEnvironment(operators, args.value(kOperator));
    if (!session.ok())
        return session.error();
    PAYDESK_TRY(BackupService::requireOwner(session.value()));
    return session;
}

int listBackups(AppContext &ctx, const Output &out)
{
    QJsonArray list;
    QString text;
    const QLocale locale;
    for (const BackupFile &f : ctx.backups().folder().list()) {
        list.append(QJsonObject{{QStringLiteral("file"), f.path},
                                {QStringLiteral("created_at"), f.createdUtc.toString(Qt::ISODate)},
                                {QStringLiteral("size_bytes"), f.sizeBytes}});
        text += QStringLiteral("%1  %2  %3\n")
                    .arg(locale.toString(f.createdUtc.toLocalTime(), QLocale::ShortFormat),
                         locale.formattedDataSize(f.sizeBytes), QDir::toNativeSeparators(f.path));
    }
    if (list.isEmpty())
        text = Commands::tr("No backups in %1 yet.")
                   .arg(QDir::toNativeSeparators(ctx.backups().folder().path()));
    return out.result({{QStringLiteral("backups"), list}}, text);
}

QJsonObject restoreJson(const RestoreReport &r)
{
    return {{QStringLiteral("restored_from"), r.restoredFrom},
            {QStringLiteral("replaced_kept_as"), r.replacedKeptAs},
            {QStringLiteral("schema_version"), r.schemaVersionOfFile}};
}

QString restoreText(const RestoreReport &r)
{
    return Commands::tr("Restored %1. The database it replaced is kept as %2.")
        .arg(QDir::toNativeSeparators(r.restoredFrom), QDir::toNativeSeparators(r.replacedKeptAs));
}

std::optional<Error> restoreUsage(const QCommandLineParser &args)
{
    if (args.positionalArguments().size() != 1)
        return Error{QStringLiteral("usage"),
                     Commands::tr("Usage: paydesk restore FILE --operator NAME [--json]")};
    return std::nullopt;
}

} // namespace

QString backupSummary()
{
    return Commands::tr("Back up the database now into the backups folder (owner).");
}

void declareBackupOptions(QCommandLineParser &parser)
{
    parser.addOption({kOperator, Commands::tr("The owner (password in PAYDESK_PASSWORD)."),
                      QStringLiteral("NAME")});
    parser.addOption({QStringLiteral("list"), Commands::tr("List the backups instead.")});
}

int backupCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    if (args.isSet(QStringLiteral("list")))
        return listBackups(ctx, out);
    auto owner = ownerLogin(ctx.operators(), args);
    if (!owner.ok())
        return out.error(ExitRefused, owner.error());
    auto made = ctx.backups().backupNow(owner.value());
    if (!made.ok())
        return out.error(ExitRefused, made.error());
    const BackupReport &r = made.value();
    QJsonArray pruned;
    for (const QString &p : r.pruned)
        pruned.append(p);
    return out.result(
        {{QStringLiteral("file"), r.file.path},
         {QStringLiteral("created_at"), r.file.createdUtc.toString(Qt::ISODate)},
         {QStringLiteral("size_bytes"), r.file.sizeBytes},
         {QStringLiteral("pruned"), pruned}},
        Commands::tr("Backup written to %1.").arg(QDir::toNativeSeparators(r.file.path)));
}

QString restoreSummary()
{
    return Commands::tr("Replace the database with a backup (owner); the replaced one is kept.");
}

void declareRestoreOptions(QCommandLineParser &parser)
{
    parser.addPositionalArgument(QStringLiteral("FILE"), Commands::tr("The backup to restore."));
    parser.addOption({kOperator, Commands::tr("The owner (password in PAYDESK_PASSWORD)."),
                      QStringLiteral("NAME")});
}

int restoreCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out)
{
    if (auto usage = restoreUsage(args))
        return out.error(ExitUsage, *usage);
    auto owner = ownerLogin(ctx.operators(), args);
    if (!owner.ok())
        return out.error(ExitRefused, owner.error());
    auto restored = ctx.backups().restore(args.positionalArguments().first(), owner.value());
    if (!restored.ok())
        return out.error(ExitRefused, restored.error());
    return out.result(restoreJson(restored.value()), restoreText(restored.value()));
}

int restoreWithoutContext(const AppOptions &options, const Error &why,
                          const QCommandLineParser &args, const Output &out)
{
    if (auto usage = restoreUsage(args))
        return out.error(ExitUsage, *usage);
    if (!BackupFolder::looksDamaged(why))
        return out.error(ExitRefused, why);
    const QString dataDir = AppContext::dataDirFor(options);
    auto vault = SecretVault::open(AppContext::keyFilePathIn(dataDir));
    if (!vault.ok())
        return out.error(ExitRefused, vault.error());
    SystemClock clock;
    auto restored = BackupService::restoreOverDamaged(
        AppContext::databasePathIn(dataDir), args.positionalArguments().first(),
        BackupFolder(dataDir), *vault.value(), clock,
        [&args](OperatorService &operators) { return ownerLogin(operators, args); });
    if (!restored.ok())
        return out.error(ExitRefused, restored.error());
    return out.result(restoreJson(restored.value()), restoreText(restored.value()));
}

} // namespace paydesk
