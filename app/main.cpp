// The GUI executable: a headless command runs as in paydeskctl; without one the object
// graph is built and the main window shown.
#include "app/appcontext.h"
#include "app/cli.h"
#include "app/commands.h"
#include "app/hqcontroller.h"
#include "app/tillcontroller.h"

#include "core/storage/settingsstore.h"
#include "core/util/translations.h"

#include <QApplication>
#include <QGuiApplication>
#include <QMessageBox>

using namespace paydesk;

int main(int argc, char *argv[])
{
    QStringList rawArgs;
    for (int i = 0; i < argc; ++i)
        rawArgs << QString::fromLocal8Bit(argv[i]);
    const GlobalArgs global = parseGlobalArgs(rawArgs);
    setApplicationIdentity();

    // A command must run where no display exists (a POS calling over ssh), so only the
    // window path creates a QApplication.
    // A PDF needs fonts (a QGuiApplication), which the offscreen platform gives without one.
    if (!global.wantsGui() && global.writesPdf() && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app(global.wantsGui()    ? new QApplication(argc, argv)
                                          : global.writesPdf() ? new QGuiApplication(argc, argv)
                                                               : new QCoreApplication(argc, argv));
    Translations translations;
    translations.use(global.options.language.isEmpty() ? Translations::systemDefault()
                                                       : global.options.language);
    if (auto exit = runHeadless(global, QStringLiteral("paydesk")))
        return *exit;
    if (!global.hqUrl.isEmpty())
        return runHeadOfficeOnly(global.hqUrl);

    auto ctx = AppContext::create(global.options);
    if (!ctx.ok()) {
        QMessageBox::critical(nullptr, QCoreApplication::translate("main", "Paydesk cannot start"),
                              ctx.error().message);
        return ExitRefused;
    }
    if (global.options.language.isEmpty() && qEnvironmentVariableIsEmpty("PAYDESK_LANG")) {
        if (auto saved = ctx.value()->settings().value(QStringLiteral("ui.language")))
            translations.use(*saved);
    }
    TillController till(*ctx.value(), translations);
    if (!till.start())
        return ExitOk; // nobody logged in
    return app->exec();
}
