#include "sandbox/sandboxcommand.h"

#include "sandbox/sandboxserver.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace paydesk::sandbox {

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe work here: wake the event loop through the pipe.
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

struct Translate
{
    Q_DECLARE_TR_FUNCTIONS(SandboxCommand)
};

int usage(const QString &problem)
{
    const QString text =
        Translate::tr("paydesk sandbox: %1\nUsage: paydesk sandbox [--port N] [--seed S] "
                      "[--faults SPEC] [--state DIR]\n")
            .arg(problem);
    std::fputs(text.toLocal8Bit().constData(), stderr);
    return 2;
}

} // namespace

int runSandboxCommand(const QStringList &args)
{
    SandboxOptions options;
    for (qsizetype i = 0; i < args.size(); ++i) {
        QString name = args.at(i);
        QString value;
        const qsizetype eq = name.indexOf(QLatin1Char('='));
        if (name.startsWith(QLatin1String("--")) && eq > 0) {
            value = name.mid(eq + 1);
            name = name.left(eq);
        } else if (name == QLatin1String("--help") || name == QLatin1String("-h")) {
            return usage(Translate::tr("runs the loopback payment provider."));
        } else if (i + 1 < args.size()) {
            value = args.at(++i);
        } else {
            return usage(Translate::tr("%1 needs a value.").arg(name));
        }
        bool ok = true;
        if (name == QLatin1String("--port")) {
            const uint port = value.toUInt(&ok);
            ok = ok && port <= 65535;
            options.port = quint16(port);
        } else if (name == QLatin1String("--seed")) {
            options.seed = value.toULongLong(&ok);
        } else if (name == QLatin1String("--faults")) {
            options.faults = value;
        } else if (name == QLatin1String("--state")) {
            options.stateDir = value;
            ok = !value.isEmpty();
        } else {
            return usage(Translate::tr("unknown option %1.").arg(name));
        }
        if (!ok)
            return usage(Translate::tr("bad value \"%1\" for %2.").arg(value, name));
    }

    SandboxServer server(options);
    const auto started = server.start();
    if (!started.ok()) {
        // Bad fault specs are usage errors; anything else (port taken, state) is a failure.
        if (started.error().code.startsWith(QLatin1String("sandbox.fault")))
            return usage(started.error().message);
        std::fprintf(stderr, "paydesk sandbox: %s\n",
                     started.error().message.toLocal8Bit().constData());
        return 1;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0) {
        std::perror("paydesk sandbox: socketpair");
        return 1;
    }
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, qApp, [] {
        char byte;
        [[maybe_unused]] const auto got = ::read(signalPipe[0], &byte, 1);
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);

    std::printf("paydesk sandbox listening on %s\n",
                server.baseUrl().toString().toUtf8().constData());
    std::fflush(stdout);

    const int code = QCoreApplication::exec();

    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    notifier.setEnabled(false);
    ::close(signalPipe[0]);
    ::close(signalPipe[1]);
    signalPipe[0] = signalPipe[1] = -1;
    return code;
}

} // namespace paydesk::sandbox
