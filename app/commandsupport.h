#pragma once

#include "app/commands.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>
#include <QTimer>

#include <chrono>
#include <functional>
#include <optional>

namespace paydesk {

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

    /// {"error":{"code","message", ...\a extra}} with --json; the message on stderr always.
    int error(int code, const Error &error, const QJsonObject &extra = {}) const
    {
        if (m_json) {
            QJsonObject e = extra;
            e.insert(QStringLiteral("code"), error.code);
            e.insert(QStringLiteral("message"), error.message);
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
    /// When the object graph cannot be built (e.g. a damaged database): what the command does
    /// instead; without it the command fails with the reason.
    std::function<int(const AppOptions &, const Error &, const QCommandLineParser &,
                      const Output &)>
        withoutContext = {};
    /// Tried before the object graph is built: an exit code when the command needs no till
    /// (e.g. `hq init` on a head-office server has no data folder), nullopt to go on as usual.
    std::function<std::optional<int>(const QCommandLineParser &, const Output &)> contextFree = {};
};

// lupdate and the runtime must agree on the context: "Commands".
struct Commands
{
    Q_DECLARE_TR_FUNCTIONS(Commands)
};

/// Runs the event loop until \a done() holds or \a timeoutMs passes; true when done.
inline bool waitUntil(const std::function<bool()> &done, qint64 timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    tick.start(20);
    QTimer::singleShot(std::chrono::milliseconds(timeoutMs), &loop, &QEventLoop::quit);
    loop.exec();
    return done();
}

} // namespace paydesk
