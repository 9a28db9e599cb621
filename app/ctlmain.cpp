// paydeskctl: every headless command and `sandbox`, linked without Qt Widgets, so that it
// runs on a machine with no display and no platform plugin.
#include "app/cli.h"
#include "app/commands.h"

#include "core/util/translations.h"

#include <QCoreApplication>
#include <QGuiApplication>

#include <memory>

using namespace paydesk;

int main(int argc, char *argv[])
{
    QStringList rawArgs;
    for (int i = 0; i < argc; ++i)
        rawArgs << QString::fromLocal8Bit(argv[i]);
    GlobalArgs global = parseGlobalArgs(rawArgs);
    // A PDF needs fonts (a QGuiApplication), which the offscreen platform gives without a display.
    if (global.writesPdf() && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app(global.writesPdf() ? new QGuiApplication(argc, argv)
                                                             : new QCoreApplication(argc, argv));
    setApplicationIdentity();
    Translations translations;
    translations.use(global.options.language.isEmpty() ? Translations::systemDefault()
                                                       : global.options.language);
    if (global.wantsGui()) // there is no window here
        global.error = QCoreApplication::translate("main", "Name a command.");
    return runHeadless(global, QStringLiteral("paydeskctl")).value_or(ExitUsage);
}
