#pragma once

#include "core/util/result.h"

#include <QString>

namespace paydesk {

/// The translated error for a failed file-system call on \a path (its folder is named): a full
/// disk (storage.full), a read-only or protected folder (storage.readonly) or another I/O error
/// (storage.ioerr), each with what the owner can do. \a err is the call's errno.
Error diskErrorOf(int err, const QString &path);

/// Creates \a dir and its missing parents (mode 0700) with mkdir(2), so a refusal says why: a
/// read-only or full disk is told apart from a wrong path.
Status makeFolder(const QString &dir);

} // namespace paydesk
