#pragma once

#include <QStringList>

namespace paydesk::sandbox {

/// `paydesk sandbox [--port N] [--seed S] [--faults SPEC] [--state DIR]`. \a args are the
/// arguments after "sandbox". Prints "paydesk sandbox listening on http://127.0.0.1:PORT",
/// runs the event loop until SIGINT/SIGTERM and returns the exit code (2 on bad usage).
/// Needs a QCoreApplication.
int runSandboxCommand(const QStringList &args);

} // namespace paydesk::sandbox
