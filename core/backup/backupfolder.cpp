#include "core/backup/backupfolder.h"

#include "core/storage/database.h"
#include "core/storage/privatefiles.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QRegularExpression>

namespace paydesk {

namespace {

const QString kStamp = QStringLiteral("yyyyMMdd-HHmmss");

const QRegularExpression &backupName()
{
    static const QRegularExpression re(
        QStringLiteral("^paydesk-(\\d{8}-\\d{6})(?:-\\d+)?\\.sqlite$"));
    return re;
}

QString unused(const QString &dir, const QString &stem)
{
    QString candidate = QDir(dir).filePath(stem + QStringLiteral(".sqlite"));
    for (int n = 2; QFileInfo::exists(candidate); ++n)
        candidate = QDir(dir).filePath(QStringLiteral("%1-%2.sqlite").arg(stem).arg(n));
    return candidate;
}

} // namespace

BackupFolder::BackupFolder(const QString &dataDir)
    : m_path(QDir(dataDir).filePath(QStringLiteral("backups")))
{
}

Status BackupFolder::ensure() const
{
    return PrivateFiles::ensureDir(m_path);
}

QString BackupFolder::newBackupPath(const QDateTime &utc) const
{
    return unused(m_path, QStringLiteral("paydesk-") + utc.toUTC().toString(kStamp));
}

QString BackupFolder::replacedPath(const QDateTime &utc, const QString &suffix) const
{
    QString stem = QStringLiteral("replaced-") + utc.toUTC().toString(kStamp);
    if (!suffix.isEmpty())
        stem += QLatin1Char('-') + suffix;
    return unused(m_path, stem);
}

QString BackupFolder::stagingPath(const QDateTime &utc) const
{
    return unused(m_path, QStringLiteral("staging-") + utc.toUTC().toString(kStamp));
}

QList<BackupFile> BackupFolder::list() const
{
    QList<BackupFile> files;
    const QFileInfoList entries =
        QDir(m_path).entryInfoList({QStringLiteral("paydesk-*.sqlite")}, QDir::Files, QDir::Name);
    for (const QFileInfo &info : entries) {
        const auto m = backupName().match(info.fileName());
        if (!m.hasMatch())
            continue;
        QDateTime at = QDateTime::fromString(m.captured(1), kStamp);
        at.setTimeSpec(Qt::UTC);
        files.append({info.absoluteFilePath(), at, info.size()});
    }
    std::stable_sort(files.begin(), files.end(), [](const BackupFile &a, const BackupFile &b) {
        return a.createdUtc > b.createdUtc || (a.createdUtc == b.createdUtc && a.path > b.path);
    });
    return files;
}

std::optional<BackupFile> BackupFolder::latest() const
{
    const QList<BackupFile> files = list();
    if (files.isEmpty())
        return std::nullopt;
    return files.first();
}

bool BackupFolder::dailyDue(const QDateTime &nowUtc) const
{
    const auto newest = latest();
    return !newest || newest->createdUtc.toLocalTime().date() < nowUtc.toLocalTime().date();
}

QStringList BackupFolder::prune(int keepDays, const QDateTime &nowUtc) const
{
    QStringList removed;
    const QList<BackupFile> files = list();
    const QDateTime cutoff = nowUtc.addDays(-qMax(1, keepDays));
    for (qsizetype i = 1; i < files.size(); ++i) { // the newest always stays
        if (files.at(i).createdUtc < cutoff && QFile::remove(files.at(i).path))
            removed << files.at(i).path;
    }
    return removed;
}

Error BackupFolder::adviceForDamagedDatabase(const Error &error) const
{
    const auto newest = latest();
    QString advice;
    if (newest) {
        advice =
            tr("The latest backup is %1 (made %2). To go back to it, close Paydesk and run:\n"
               "paydesk restore \"%1\" --operator OWNER")
                .arg(QDir::toNativeSeparators(newest->path),
                     QLocale().toString(newest->createdUtc.toLocalTime(), QLocale::ShortFormat));
    } else {
        advice = tr("There is no backup in %1 yet.").arg(QDir::toNativeSeparators(m_path));
    }
    return Error{error.code, tr("The database cannot be used: %1\n%2").arg(error.message, advice)};
}

bool BackupFolder::looksDamaged(const Error &error)
{
    if (!error.code.startsWith(QLatin1String("storage.")) || Database::isDiskProblem(error))
        return false; // a full or read-only disk is not a damaged file: a backup does not help
    const QString text = error.message.toLower();
    if (text.contains(QLatin1String("locked")) || text.contains(QLatin1String("busy")))
        return false;
    return text.contains(QLatin1String("malformed")) ||
           text.contains(QLatin1String("not a database")) ||
           text.contains(QLatin1String("corrupt")) || text.contains(QLatin1String("disk i/o")) ||
           error.code == u"storage.migration_failed" || error.code == u"storage.sql" ||
           error.code == u"storage.open";
}

} // namespace paydesk
