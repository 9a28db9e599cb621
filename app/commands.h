#pragma once

#include "app/appcontext.h"

#include <QJsonObject>
#include <QStringList>

namespace paydesk {

/// Exit codes of headless commands (ARCHITECTURE §7).
enum ExitCode { ExitOk = 0, ExitRefused = 1, ExitUsage = 2, ExitUnreachable = 3 };

/// Names of the headless commands this build offers.
QStringList commandNames();
bool isCommand(const QString &name);

/// Runs headless command \a name with \a args (everything after the name; global options
/// such as --data-dir already removed into \a options). Prints one JSON object with
/// --json, else human-readable lines. Returns an ExitCode.
int runCommand(const QString &name, const QStringList &args, const AppOptions &options);

} // namespace paydesk
