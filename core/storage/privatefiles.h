#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace paydesk {

/// The data folder holds orders, payer hashes and the operators' password hashes: on a shared
/// store PC no other local account may read it. PrivateFiles makes the folder 0700 and every
/// file below it owner-only, and finds and repairs looser modes left by older versions or by
/// hand (ARCHITECTURE §8, files at rest).
class PrivateFiles
{
    Q_DECLARE_TR_FUNCTIONS(PrivateFiles)
public:
    /// Creates \a dir (and missing parents) 0700 when it is missing. An existing folder is left
    /// to repairTree(), which reports what it changes.
    static Status ensureDir(const QString &dir);
    /// Removes group and other access from \a root and everything below it (folders become
    /// 0700, files keep only their owner bits). Returns the paths whose mode was repaired,
    /// relative to \a root ("." for the root itself); symbolic links are not followed.
    static QStringList repairTree(const QString &root);
    /// From now on this process creates files and folders without group or other access,
    /// whatever umask it was started with (SQLite, the sandbox state and every later file).
    static void restrictUmask();
};

} // namespace paydesk
