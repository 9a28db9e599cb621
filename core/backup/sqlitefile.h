#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace paydesk {

/// Whole-file operations on SQLite databases with SQLite's online backup API, each through
/// connections of its own (never the Qt driver's handle: the copy is consistent whatever the
/// Qt connections of this or another process are doing, and the WAL is honoured).
class SqliteFile
{
    Q_DECLARE_TR_FUNCTIONS(SqliteFile)
public:
    /// Copies the live database \a source into a new file \a target: a consistent snapshot
    /// taken under a read lock (writers go on, in WAL mode), in rollback-journal mode so that
    /// the copy is one self-contained file, written under a temporary name and renamed into
    /// place only when complete and flushed. Mode 0600.
    static Status snapshot(const QString &source, const QString &target);

    /// Replaces every page of the live database \a target by those of \a source, in one
    /// write transaction of the target (other connections see the old or the new database,
    /// never a mix). The target stays in WAL mode.
    static Status replaceContents(const QString &source, const QString &target);

    /// SQLite's PRAGMA integrity_check of \a path: empty when "ok", else the problems found
    /// (or why the file could not be checked).
    static QString integrityProblems(const QString &path);

    /// The first column of the first row of \a sql on \a path ; nullopt for no row or
    /// NULL. For files of one's own (a staged copy): it may write the WAL index.
    static Result<std::optional<qint64>> scalar(const QString &path, const QString &sql);

    /// True when \a path starts with the SQLite file header.
    static bool hasSqliteHeader(const QString &path);
};

} // namespace paydesk
