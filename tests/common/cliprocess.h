#pragma once

// Runs a Paydesk executable (paydesk or paydeskctl) as a child process on one data folder,
// while this process keeps its event loop turning (an in-process sandbox must answer it).

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <vector>

namespace paydesk::test {

struct CliRun
{
    int exitCode = -1; ///< -1: crashed or still running at the time-out
    QJsonObject json;  ///< stdout parsed, for --json
    QString out;
    QString err;
    qint64 elapsedMs = 0;

    /// The "code" of a --json error object.
    QString errorCode() const
    {
        return json.value(QStringLiteral("error"))
            .toObject()
            .value(QStringLiteral("code"))
            .toString();
    }
    QString describe() const
    {
        return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(exitCode).arg(out, err);
    }
};

class CliProcess
{
public:
    CliProcess(QString program, QString dataDir) : m_program(program), m_dataDir(dataDir)
    {
        m_env = QProcessEnvironment::systemEnvironment();
    }

    /// Every run after this passes --sandbox-url \a url (a standalone sandbox).
    void setSandboxUrl(const QUrl &url) { m_sandboxUrl = url; }
    QProcessEnvironment &environment() { return m_env; }

    /// Runs with --data-dir, --lang en, \a args and --sandbox-url (when set).
    CliRun run(const QStringList &args, int timeoutMs = 90000) const
    {
        return runTogether({args}, timeoutMs).first();
    }

    /// Starts one process per entry of \a argLists at once (each with the options of run())
    /// and waits for all of them: processes racing for the same data folder.
    QList<CliRun> runTogether(const QList<QStringList> &argLists, int timeoutMs = 90000) const
    {
        QList<QStringList> full;
        for (const QStringList &args : argLists) {
            QStringList all{QStringLiteral("--data-dir"), m_dataDir, QStringLiteral("--lang"),
                            QStringLiteral("en")};
            all << args;
            if (m_sandboxUrl.isValid())
                all << QStringLiteral("--sandbox-url") << m_sandboxUrl.toString();
            full << all;
        }
        return runRawTogether(full, timeoutMs);
    }

    /// Runs with exactly \a args.
    CliRun runRaw(const QStringList &args, int timeoutMs = 90000) const
    {
        return runRawTogether({args}, timeoutMs).first();
    }

private:
    QList<CliRun> runRawTogether(const QList<QStringList> &argLists, int timeoutMs) const
    {
        std::vector<std::unique_ptr<QProcess>> processes;
        QElapsedTimer clock;
        clock.start();
        for (const QStringList &args : argLists) {
            auto p = std::make_unique<QProcess>();
            p->setProgram(m_program);
            p->setArguments(args);
            p->setProcessEnvironment(m_env);
            p->start();
            processes.push_back(std::move(p));
        }
        auto allDone = [&] {
            for (const auto &p : processes)
                if (p->state() != QProcess::NotRunning)
                    return false;
            return true;
        };
        QEventLoop loop;
        for (const auto &p : processes)
            QObject::connect(p.get(), &QProcess::finished, &loop, [&] {
                if (allDone())
                    loop.quit();
            });
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        if (!allDone())
            loop.exec();
        QList<CliRun> runs;
        for (const auto &p : processes) {
            CliRun r;
            r.elapsedMs = clock.elapsed();
            if (p->state() != QProcess::NotRunning) {
                p->kill();
                p->waitForFinished();
            } else if (p->exitStatus() == QProcess::NormalExit) {
                r.exitCode = p->exitCode();
            }
            r.out = QString::fromUtf8(p->readAllStandardOutput());
            r.err = QString::fromUtf8(p->readAllStandardError());
            r.json = QJsonDocument::fromJson(r.out.toUtf8()).object();
            runs << r;
        }
        return runs;
    }

    QString m_program;
    QString m_dataDir;
    QUrl m_sandboxUrl;
    QProcessEnvironment m_env;
};

} // namespace paydesk::test
