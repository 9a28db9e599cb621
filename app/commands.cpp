#include "commands.h"

#include "util/log.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <functional>

namespace paydesk {

namespace {

/// What a command prints: one JSON object with --json, else readable lines.
class Output
{
public:
    explicit Output(bool json) : m_json(json) {}
    bool json() const { return m_json; }

    int result(const QJsonObject &object, const QString &text, int code = ExitOk) const
    {
        QTextStream out(stdout);
        if (m_json)
            out << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
        else
            out << text << (text.endsWith(QLatin1Char('\n')) ? "" : "\n");
        return code;
    }

    int error(int code, const Error &error) const
    {
        if (m_json) {
            QJsonObject e{{QStringLiteral("code"), error.code}, {QStringLiteral("message"), error.message}};
            QTextStream(stdout) << QJsonDocument(QJsonObject{{QStringLiteral("error"), e}})
                                       .toJson(QJsonDocument::Compact)
                                << '\n';
        }
        QTextStream(stderr) << "paydesk: " << error.message << '\n';
        return code;
    }

private:
    bool m_json;
};

struct CommandSpec
{
    QString name;
    std::function<QString()> summary;
    std::function<void(QCommandLineParser &)> declare;
    std::function<int(AppContext &, const QCommandLineParser &, const Output &)> run;
};

QList<CommandSpec> commandTable()
{
    return {};
}

} // namespace

QStringList commandNames()
{
    QStringList names;
    for (const CommandSpec &spec : commandTable())
        names << spec.name;
    return names;
}

bool isCommand(const QString &name)
{
    return commandNames().contains(name);
}

int runCommand(const QString &name, const QStringList &args, const AppOptions &options)
{
    for (const CommandSpec &spec : commandTable()) {
        if (spec.name != name)
            continue;
        QCommandLineParser parser;
        parser.setApplicationDescription(spec.summary());
        parser.addHelpOption();
        parser.addOption({QStringLiteral("json"), QCoreApplication::translate("Commands", "Print one JSON object.")});
        spec.declare(parser);
        const bool json = args.contains(QStringLiteral("--json"));
        const Output out(json);
        if (!parser.parse(QStringList{QStringLiteral("paydesk ") + name} + args))
            return out.error(ExitUsage, {QStringLiteral("usage"), parser.errorText()});
        if (parser.isSet(QStringLiteral("help"))) {
            QTextStream(stdout) << parser.helpText();
            return ExitOk;
        }
        auto ctx = AppContext::create(options);
        if (!ctx.ok())
            return out.error(ExitRefused, ctx.error());
        return spec.run(*ctx.value(), parser, out);
    }
    QTextStream(stderr) << QCoreApplication::translate("Commands", "paydesk: unknown command \"%1\"").arg(name)
                        << '\n';
    return ExitUsage;
}

} // namespace paydesk
