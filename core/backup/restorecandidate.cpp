#include "core/backup/restorecandidate.h"

#include "core/backup/backupfolder.h"
#include "core/backup/sqlitefile.h"
#include "core/security/auditlog.h"
#include "core/storage/database.h"
#include "core/util/clock.h"
#include "core/util/log.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace paydesk {

namespace {

/// The tables every Paydesk database has had since its first release.
const QStringList &paydeskTables()
{
    static const QStringList tables{QStringLiteral("schema_migrations"),
                                    QStringLiteral("settings"),
                                    QStringLiteral("journal_entries"),
                                    QStringLiteral("postings"),
                                    QStringLiteral("orders"),
                                    QStringLiteral("operators"),
                                    QStringLiteral("audit_log")};
    return tables;
}

int newestKnownSchema()
{
    static const QRegularExpression re(QStringLiteral("^(\\d+)_"));
    int newest = 0;
    for (const QString &file : Database::builtinMigrations())
        newest = qMax(newest, re.match(QFileInfo(file).fileName()).captured(1).toInt());
    return newest;
}

QString sha256Of(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace

Result<std::unique_ptr<RestoreCandidate>> RestoreCandidate::stage(const QString &file,
                                                                  const BackupFolder &folder,
                                                                  const SecretVault &vault,
                                                                  Clock &clock)
{
    const QString shown = QDir::toNativeSeparators(file);
    if (!QFileInfo(file).isFile())
        return Error{QStringLiteral("backup.not_found"), tr("There is no file %1.").arg(shown)};
    const auto notPaydesk = [&] {
        return Error{QStringLiteral("backup.not_paydesk"),
                     tr("%1 is not a Paydesk database; nothing was changed.").arg(shown)};
    };
    if (!SqliteFile::hasSqliteHeader(file))
        return notPaydesk();
    PAYDESK_TRY(folder.ensure());

    std::unique_ptr<RestoreCandidate> self(new RestoreCandidate);
    self->m_file = QFileInfo(file).absoluteFilePath();
    self->m_staged = folder.stagingPath(clock.nowUtc());
    self->m_sha256 = sha256Of(file);
    if (!QFile::copy(file, self->m_staged))
        return Error{QStringLiteral("backup.copy"),
                     tr("Cannot copy %1 into %2.").arg(shown, folder.path())};
    QFile::setPermissions(self->m_staged, QFile::ReadOwner | QFile::WriteOwner);

    if (const QString problems = SqliteFile::integrityProblems(self->m_staged); !problems.isEmpty())
        return Error{QStringLiteral("backup.integrity"),
                     tr("%1 fails SQLite's integrity check, so it is not restored; nothing was "
                        "changed. %2")
                         .arg(shown, problems.left(500))};
    for (const QString &table : paydeskTables()) {
        auto found = SqliteFile::scalar(
            self->m_staged,
            QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='%1'")
                .arg(table));
        if (!found.ok() || !found.value() || *found.value() != 1)
            return notPaydesk();
    }
    auto version = SqliteFile::scalar(self->m_staged,
                                      QStringLiteral("SELECT MAX(version) FROM schema_migrations"));
    if (!version.ok() || !version.value() || *version.value() < 1)
        return notPaydesk();
    self->m_schemaVersion = int(*version.value());
    if (self->m_schemaVersion > newestKnownSchema())
        return Error{QStringLiteral("backup.newer"),
                     tr("%1 was made by a newer Paydesk (database version %2; this one knows up to "
                        "%3). Install that version first; nothing was changed.")
                         .arg(shown)
                         .arg(self->m_schemaVersion)
                         .arg(newestKnownSchema())};

    auto db = Database::open(self->m_staged);
    if (!db.ok())
        return Error{QStringLiteral("backup.migration"),
                     tr("%1 cannot be brought up to this version; nothing was changed. %2")
                         .arg(shown, db.error().message)};
    self->m_db = std::move(db).value();
    self->m_audit = std::make_unique<AuditLog>(*self->m_db, clock, vault);
    self->m_audit->setDefaultActor(QStringLiteral("system"));
    // A log from before the keyed chain is keyed on the copy, as the first start would do.
    logIfFailed(self->m_audit->upgradeChain(), lcStorage(), "keying a restored audit log");
    const AuditVerification verified = self->m_audit->verify();
    if (!verified.ok)
        return Error{QStringLiteral("backup.audit"),
                     tr("The audit log in %1 does not verify with this till's key (entry %2: %3). "
                        "It comes from another installation or was altered; nothing was changed.")
                         .arg(shown)
                         .arg(verified.firstBadId.value_or(0))
                         .arg(verified.reason)};
    return self;
}

RestoreCandidate::~RestoreCandidate()
{
    close();
    for (const char *suffix : {"", "-wal", "-shm", "-journal"})
        QFile::remove(m_staged + QString::fromLatin1(suffix));
}

void RestoreCandidate::close()
{
    m_audit.reset();
    m_db.reset();
}

} // namespace paydesk
