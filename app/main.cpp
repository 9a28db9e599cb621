// The composition root: parses global options, then either runs a headless command or
// builds the object graph and shows the main window.
#include "app/appcontext.h"
#include "app/commands.h"
#include "app/tillcontroller.h"
#include "sandbox/sandboxcommand.h"
#include "ui/mainwindow.h"

#include "core/storage/settingsstore.h"
#include "core/util/log.h"
#include "core/util/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QTextStream>

using namespace paydesk;

namespace {

struct GlobalArgs
{
    AppOptions options;
    QString command;
    QStringList commandArgs;
    bool help = false;
    bool version = false;
    QString error;
};

// Global options may come before the command name; everything after the command belongs
// to the command (which also accepts the global ones after it).
GlobalArgs parseGlobal(const QStringList &argv)
{
    GlobalArgs g;
    for (int i = 1; i < argv.size(); ++i) {
        const QString &a = argv.at(i);
        auto takeValue = [&](const QString &opt, QString &into) {
            if (a.startsWith(opt + QLatin1Char('='))) {
                into = a.mid(opt.size() + 1);
                return true;
            }
            if (a == opt) {
                if (i + 1 >= argv.size()) {
                    g.error =
                        QCoreApplication::translate("main", "Option %1 needs a value.").arg(opt);
                    return true;
                }
                into = argv.at(++i);
                return true;
            }
            return false;
        };
        QString sandboxUrl;
        if (takeValue(QStringLiteral("--data-dir"), g.options.dataDir) ||
            takeValue(QStringLiteral("--lang"), g.options.language))
            continue;
        if (takeValue(QStringLiteral("--sandbox-url"), sandboxUrl)) {
            g.options.sandboxUrl = QUrl(sandboxUrl);
            continue;
        }
        if (g.command.isEmpty()) {
            if (a == u"--help" || a == u"-h") {
                g.help = true;
            } else if (a == u"--version" || a == u"-v") {
                g.version = true;
            } else if (!a.startsWith(u"-")) {
                g.command = a;
            } else if (!a.startsWith(u"-platform") && !a.startsWith(u"-style")) {
                g.error = QCoreApplication::translate("main", "Unknown option %1.").arg(a);
            }
        } else {
            g.commandArgs << a;
        }
    }
    return g;
}

QString usage()
{
    QString text = QCoreApplication::translate(
        "main",
        "Usage: paydesk [--data-dir DIR] [--lang zh_CN|en] [--sandbox-url URL] [COMMAND ...]\n\n"
        "Without a command, Paydesk opens its window. Commands:\n");
    const QStringList names = commandNames() << QStringLiteral("sandbox");
    for (const QString &name : names)
        text += QStringLiteral("  %1\n").arg(name);
    text += QCoreApplication::translate(
        "main", "\nRun 'paydesk COMMAND --help' for a command's options.\n");
    return text;
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList rawArgs;
    for (int i = 0; i < argc; ++i)
        rawArgs << QString::fromLocal8Bit(argv[i]);
    GlobalArgs global = parseGlobal(rawArgs);

    QCoreApplication::setOrganizationName(QStringLiteral("Paydesk"));
    QCoreApplication::setApplicationName(QStringLiteral("Paydesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PAYDESK_VERSION));

    const bool gui =
        global.command.isEmpty() && !global.help && !global.version && global.error.isEmpty();
    std::unique_ptr<QCoreApplication> app(gui ? new QApplication(argc, argv)
                                              : new QCoreApplication(argc, argv));
    Translations translations;
    translations.use(global.options.language.isEmpty() ? Translations::systemDefault()
                                                       : global.options.language);

    if (!global.error.isEmpty()) {
        QTextStream(stderr) << "paydesk: " << global.error << '\n' << usage();
        return ExitUsage;
    }
    if (global.version) {
        QTextStream(stdout) << "paydesk " << PAYDESK_VERSION << '\n';
        return ExitOk;
    }
    if (global.help) {
        QTextStream(stdout) << usage();
        return ExitOk;
    }
    if (global.command == u"sandbox")
        return sandbox::runSandboxCommand(global.commandArgs);
    if (!global.command.isEmpty())
        return runCommand(global.command, global.commandArgs, global.options);

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
