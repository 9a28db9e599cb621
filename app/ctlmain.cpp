// paydeskctl: every headless command and `sandbox`, linked without Qt Widgets, so that it
// runs on a machine with no display and no platform plugin.
#include "app/cli.h"
#include "app/commands.h"

#include "core/util/translations.h"

#include <QCoreApplication>

using namespace paydesk;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    setApplicationIdentity();
    QStringList rawArgs = QCoreApplication::arguments();
    GlobalArgs global = parseGlobalArgs(rawArgs);
    Translations translations;
    translations.use(global.options.language.isEmpty() ? Translations::systemDefault()
                                                       : global.options.language);
    if (global.wantsGui()) // there is no window here
        global.error = QCoreApplication::translate("main", "Name a command.");
    return runHeadless(global, QStringLiteral("paydeskctl")).value_or(ExitUsage);
}
