#pragma once

#include "app/appcontext.h"

#include <QStringList>

#include <optional>

namespace paydesk {

/// The command line both executables share: global options, then an optional command and
/// its arguments.
struct GlobalArgs
{
    AppOptions options;
    QString command;
    QStringList commandArgs;
    QString hqUrl; ///< --hq URL: open only the Head office window
    bool help = false;
    bool version = false;
    QString error;

    /// True when nothing asks for a headless answer: `paydesk` then opens its window.
    bool wantsGui() const { return command.isEmpty() && !help && !version && error.isEmpty(); }
    /// True when the command writes a PDF (`--out FILE.pdf`): it needs fonts, so a
    /// QGuiApplication on the offscreen platform, still without any display.
    bool writesPdf() const;
};

/// Global options may come before the command name; everything after the command belongs
/// to the command (which also accepts the global ones after it).
GlobalArgs parseGlobalArgs(const QStringList &argv);

/// Names the application and its organisation (the data folder's path derives from them).
void setApplicationIdentity();

/// Answers everything that needs no window: --version, --help, a usage error, `sandbox`
/// and every headless command. \a program is the executable's name in messages. Returns
/// std::nullopt when \a args asks for the GUI. Needs a QCoreApplication.
std::optional<int> runHeadless(const GlobalArgs &args, const QString &program);

} // namespace paydesk
