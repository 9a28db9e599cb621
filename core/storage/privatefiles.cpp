#include "core/storage/privatefiles.h"

#include "core/storage/diskerror.h"
#include "core/util/log.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

#include <sys/stat.h>

namespace paydesk {

namespace {

constexpr mode_t kForeignBits = S_IRWXG | S_IRWXO;

/// True when \a path had group/other bits and they were removed.
bool restrict(const QString &path)
{
    const QByteArray name = QFile::encodeName(path);
    struct stat st = {};
    if (::lstat(name.constData(), &st) != 0 || S_ISLNK(st.st_mode))
        return false;
    if ((st.st_mode & kForeignBits) == 0)
        return false;
    const mode_t wanted = S_ISDIR(st.st_mode) ? S_IRWXU : (st.st_mode & S_IRWXU);
    if (::chmod(name.constData(), wanted) != 0) {
        qCWarning(lcStorage) << "cannot restrict" << path << std::strerror(errno);
        return false;
    }
    return true;
}

} // namespace

Status PrivateFiles::ensureDir(const QString &dir)
{
    if (QFileInfo(dir).isDir())
        return {};
    if (auto made = makeFolder(dir); !made.ok())
        return made.error();
    restrict(dir);
    return {};
}

QStringList PrivateFiles::repairTree(const QString &root)
{
    QStringList repaired;
    const QDir base(root);
    if (restrict(root))
        repaired << QStringLiteral(".");
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (restrict(path))
            repaired << base.relativeFilePath(path);
    }
    if (!repaired.isEmpty())
        qCWarning(lcStorage) << "repaired modes readable by other users:" << repaired;
    return repaired;
}

void PrivateFiles::restrictUmask()
{
    const mode_t previous = ::umask(kForeignBits);
    ::umask(previous | kForeignBits);
}

} // namespace paydesk
