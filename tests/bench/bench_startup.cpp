// bench_startup: how fast the real `paydesk` executable opens its first window, and how much
// memory the till holds once an operator has logged in (issue 15). Under its own Xvfb (no window
// manager), on a data folder that has been used before (owner created, sandbox provisioned).
//   BENCH cold_start_window <ms> ms   exec -> the first top-level window is mapped (the login
//                                     dialog); the median of RUNS starts
//   BENCH rss_main_window <MB> MB     VmRSS of the process after the login, with the main window
//                                     and the customer display shown and the providers started
// The login is typed as a person would (XTest key events into the login dialog): the product has
// no back door for it.
// Usage: bench_startup [RUNS=7]

#include "app/appcontext.h"

#include "core/security/operatorservice.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>

#include <X11/XKBlib.h>
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

#include <algorithm>
#include <cstdio>
#include <optional>

using namespace paydesk;

namespace {

const QString kOwner = QStringLiteral("bench");
const QString kPassword = QStringLiteral("Lantern-Orbit-73!");

/// Xvfb on a free display, stopped with the object.
class VirtualScreen
{
public:
    bool start()
    {
        for (int n = 140; n < 240; ++n) {
            if (QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(n)) ||
                QFile::exists(QStringLiteral("/tmp/.X%1-lock").arg(n)))
                continue;
            m_name = QStringLiteral(":%1").arg(n);
            m_xvfb.start(QStringLiteral("Xvfb"),
                         {m_name, QStringLiteral("-screen"), QStringLiteral("0"),
                          QStringLiteral("1366x768x24"), QStringLiteral("-nolisten"),
                          QStringLiteral("tcp")});
            if (!m_xvfb.waitForStarted(5000))
                return false;
            for (int i = 0; i < 100; ++i) {
                if (Display *d = XOpenDisplay(m_name.toLatin1().constData())) {
                    m_display = d;
                    return true;
                }
                QThread::msleep(50);
            }
            m_xvfb.kill();
            m_xvfb.waitForFinished();
        }
        return false;
    }
    ~VirtualScreen()
    {
        if (m_display)
            XCloseDisplay(m_display);
        m_xvfb.terminate();
        m_xvfb.waitForFinished(5000);
    }
    Display *display() const { return m_display; }
    QString name() const { return m_name; }

private:
    QProcess m_xvfb;
    QString m_name;
    Display *m_display = nullptr;
};

/// Waits for the next top-level window to be mapped; its id, or nullopt after \a timeoutMs.
std::optional<Window> waitForMap(Display *d, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        while (XPending(d) > 0) {
            XEvent e;
            XNextEvent(d, &e);
            if (e.type == MapNotify && !e.xmap.override_redirect)
                return e.xmap.window;
        }
        QThread::usleep(200);
    }
    return std::nullopt;
}

/// The window's title, to say what was measured.
QString titleOf(Display *d, Window w)
{
    char *name = nullptr;
    if (!XFetchName(d, w, &name) || !name)
        return QStringLiteral("(untitled)");
    const QString title = QString::fromLocal8Bit(name);
    XFree(name);
    return title;
}

void typeText(Display *d, const QString &text)
{
    const KeyCode shift = XKeysymToKeycode(d, XK_Shift_L);
    for (const QChar c : text) {
        const KeySym sym = XStringToKeysym(QString(c).toLatin1().constData());
        KeySym symbol = sym;
        if (symbol == NoSymbol) {
            switch (c.unicode()) {
            case '-':
                symbol = XK_minus;
                break;
            case '!':
                symbol = XK_exclam;
                break;
            default:
                symbol = c.unicode();
            }
        }
        const KeyCode code = XKeysymToKeycode(d, symbol);
        const bool shifted = XkbKeycodeToKeysym(d, code, 0, 0) != symbol;
        if (shifted)
            XTestFakeKeyEvent(d, shift, True, 0);
        XTestFakeKeyEvent(d, code, True, 0);
        XTestFakeKeyEvent(d, code, False, 0);
        if (shifted)
            XTestFakeKeyEvent(d, shift, False, 0);
        XFlush(d);
        QThread::msleep(15);
    }
}

void pressKey(Display *d, KeySym symbol)
{
    const KeyCode code = XKeysymToKeycode(d, symbol);
    XTestFakeKeyEvent(d, code, True, 0);
    XTestFakeKeyEvent(d, code, False, 0);
    XFlush(d);
    QThread::msleep(15);
}

/// A data folder as a till leaves it after its first day: owner, till identity, provisioned
/// embedded sandbox.
bool prepareDataDir(const QString &dir)
{
    AppOptions options;
    options.dataDir = dir;
    auto ctx = AppContext::create(options);
    if (!ctx.ok()) {
        std::fprintf(stderr, "bench_startup: %s\n", qPrintable(ctx.error().message));
        return false;
    }
    if (!ctx.value()->operators().bootstrapOwner(kOwner, kPassword).ok())
        return false;
    return ctx.value()->startProviders().ok();
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

qint64 rssKb(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, QString::fromLocal8Bit(argv[1]).toInt()) : 7;
    const QString paydesk =
        QCoreApplication::applicationDirPath() + QStringLiteral("/../../app/paydesk");
    if (!QFile::exists(paydesk)) {
        std::fprintf(stderr, "bench_startup: %s not built\n", qPrintable(paydesk));
        return 1;
    }
    QTemporaryDir data;
    if (!data.isValid() || !prepareDataDir(data.path()))
        return 1;
    VirtualScreen screen;
    if (!screen.start()) {
        std::fprintf(stderr, "bench_startup: cannot start Xvfb\n");
        return 1;
    }
    Display *d = screen.display();
    XSelectInput(d, DefaultRootWindow(d), SubstructureNotifyMask);
    XSync(d, True);

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("DISPLAY"), screen.name());
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.insert(QStringLiteral("PAYDESK_LANG"), QStringLiteral("en"));
    QTemporaryDir runtime; // Qt wants one; a login session would have it
    if (!env.contains(QStringLiteral("XDG_RUNTIME_DIR")))
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime.path());
    const QStringList args{QStringLiteral("--data-dir"), data.path()};

    QList<double> starts;
    for (int i = 0; i < runs; ++i) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        XSync(d, True); // drop older events
        QElapsedTimer t;
        t.start();
        p.start(paydesk, args);
        const auto window = waitForMap(d, 20000);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        if (!window) {
            std::fprintf(stderr, "bench_startup: no window within 20 s\n");
            return 1;
        }
        starts << ms;
        if (i == 0)
            std::fprintf(stderr, "bench_startup: first window \"%s\"\n",
                         qPrintable(titleOf(d, *window)));
        p.kill();
        p.waitForFinished(5000);
    }
    std::printf("BENCH cold_start_window %.1f ms\n", median(starts));
    std::fflush(stdout);

    // Log in as a person does and measure the till with its windows up.
    QProcess till;
    till.setProcessEnvironment(env);
    till.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    XSync(d, True);
    till.start(paydesk, args);
    if (!waitForMap(d, 20000))
        return 1;
    QThread::msleep(300); // the dialog takes the keyboard focus
    typeText(d, kOwner);
    pressKey(d, XK_Tab);
    typeText(d, kPassword);
    pressKey(d, XK_Return);
    // Two windows come up: the customer display and the main window, in either order.
    for (int shown = 0; shown < 2; ++shown) {
        const auto window = waitForMap(d, 20000);
        if (!window) {
            std::fprintf(stderr,
                         "bench_startup: the till's windows did not appear after the login\n");
            return 1;
        }
        std::fprintf(stderr, "bench_startup: after the login \"%s\"\n",
                     qPrintable(titleOf(d, *window)));
    }
    // The providers start and Recovery runs right after the window is shown.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 3000) {
        XSync(d, True);
        QThread::msleep(50);
    }
    const qint64 kb = rssKb(till.processId());
    if (const QString shot = qEnvironmentVariable("BENCH_SCREENSHOT"); !shot.isEmpty())
        QProcess::execute(QStringLiteral("import"),
                          {QStringLiteral("-display"), screen.name(), QStringLiteral("-window"),
                           QStringLiteral("root"), shot});
    till.kill();
    till.waitForFinished(5000);
    if (kb < 0)
        return 1;
    std::printf("BENCH rss_main_window %.1f MB\n", double(kb) / 1024.0);
    return 0;
}
