#include "app/cli.h"

#include "app/commands.h"
#include "sandbox/sandboxcommand.h"

#include <QCoreApplication>
#include <QTextStream>

namespace paydesk {

namespace {

QString usage(const QString &program)
{
    QString text = QCoreApplication::translate(
                       "main", "Usage: %1 [--data-dir DIR] [--lang zh_CN|en] [--sandbox-url URL] "
                               "[--hq URL] [COMMAND ...]\n\n"
                               "Without a command, Paydesk opens its window. Commands:\n")
                       .arg(program);
    const QStringList names = commandNames() << QStringLiteral("sandbox");
    for (const QString &name : names)
        text += QStringLiteral("  %1\n").arg(name);
    text +=
        QCoreApplication::translate("main", "\nRun '%1 COMMAND --help' for a command's options.\n")
            .arg(program);
    return text;
}

} // namespace

bool GlobalArgs::writesPdf() const
{
    for (int i = 0; i < commandArgs.size(); ++i) {
        const QString &a = commandArgs[i];
        QString out;
        if ((a == u"--out" || a == u"-out") && i + 1 < commandArgs.size())
            out = commandArgs[i + 1];
        else if (a.startsWith(u"--out="))
            out = a.mid(6);
        if (out.endsWith(u".pdf", Qt::CaseInsensitive))
            return true;
    }
    return false;
}

GlobalArgs parseGlobalArgs(const QStringList &argv)
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
            takeValue(QStringLiteral("--lang"), g.options.language) ||
            takeValue(QStringLiteral("--hq"), g.hqUrl))
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

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Paydesk"));
    QCoreApplication::setApplicationName(QStringLiteral("Paydesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PAYDESK_VERSION));
}

std::optional<int> runHeadless(const GlobalArgs &args, const QString &program)
{
    if (!args.error.isEmpty()) {
        QTextStream(stderr) << program << ": " << args.error << '\n' << usage(program);
        return ExitUsage;
    }
    if (args.version) {
        QTextStream(stdout) << program << ' ' << PAYDESK_VERSION << '\n';
        return ExitOk;
    }
    if (args.help) {
        QTextStream(stdout) << usage(program);
        return ExitOk;
    }
    if (args.command == u"sandbox")
        return sandbox::runSandboxCommand(args.commandArgs);
    if (!args.command.isEmpty())
        return runCommand(args.command, args.commandArgs, args.options);
    return std::nullopt;
}

} // namespace paydesk
