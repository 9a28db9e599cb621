#pragma once

// A real, throw-away PostgreSQL cluster for the head-office tests and benchmark: initdb into
// a temporary folder, pg_ctl start on a free loopback port (and a unix socket in that folder),
// stopped and deleted by the destructor. PostgreSQL refuses to run as root, and CI runs as
// root, so there the cluster belongs to `nobody` and its tools run through runuser.
// Authentication: trust for the superuser `postgres` on the socket (the administrator), and
// scram-sha-256 over TCP, which is how the tills' own roles connect.

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QTemporaryDir>

#include <algorithm>
#include <memory>

#include <pwd.h>
#include <sys/types.h>
#include <unistd.h>

namespace paydesk::test {

class PgServer
{
public:
    PgServer() = default;
    PgServer(const PgServer &) = delete;
    PgServer &operator=(const PgServer &) = delete;
    ~PgServer() { stop(); }

    /// Starts the cluster and creates database `paydesk`; an error text, empty on success.
    /// \a extraSettings are postgres -c options ("fsync=off" makes tests faster). With \a tls
    /// the server also speaks TLS with a fresh self-signed certificate for localhost and
    /// 127.0.0.1 (caFile()).
    QString start(const QStringList &extraSettings = {QStringLiteral("fsync=off")},
                  bool tls = false)
    {
        m_bin = binDir();
        if (m_bin.isEmpty())
            return QStringLiteral("PostgreSQL's initdb is not installed (Debian: postgresql)");
        m_dir = std::make_unique<QTemporaryDir>(QStringLiteral("/tmp/paydesk-pg-XXXXXX"));
        if (!m_dir->isValid())
            return QStringLiteral("cannot create a temporary folder");
        if (::geteuid() == 0) {
            const passwd *nobody = ::getpwnam("nobody");
            if (!nobody || ::chown(QFile::encodeName(m_dir->path()).constData(), nobody->pw_uid,
                                   nobody->pw_gid) != 0)
                return QStringLiteral("cannot hand the cluster folder to nobody");
            m_asNobody = true;
        }
        QString out;
        if (!run(QStringLiteral("initdb"),
                 {QStringLiteral("-D"), dataDir(), QStringLiteral("-U"), QStringLiteral("postgres"),
                  QStringLiteral("--auth-local=trust"), QStringLiteral("--auth-host=scram-sha-256"),
                  QStringLiteral("-E"), QStringLiteral("UTF8"),
                  QStringLiteral("--no-instructions")},
                 &out))
            return QStringLiteral("initdb failed: ") + out;
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        m_port = probe.serverPort();
        probe.close();
        QStringList options{QStringLiteral("-p"), QString::number(m_port),
                            QStringLiteral("-k"), m_dir->path(),
                            QStringLiteral("-c"), QStringLiteral("listen_addresses=127.0.0.1")};
        for (const QString &s : extraSettings)
            options << QStringLiteral("-c") << s;
        if (tls) {
            const QString cert = m_dir->filePath(QStringLiteral("server.crt"));
            const QString key = m_dir->filePath(QStringLiteral("server.key"));
            if (!makeCertificate(cert, key))
                return QStringLiteral("openssl could not make a certificate");
            if (m_asNobody) {
                const passwd *nobody = ::getpwnam("nobody");
                for (const QString &f : {cert, key})
                    if (::chown(QFile::encodeName(f).constData(), nobody->pw_uid, nobody->pw_gid) !=
                        0)
                        return QStringLiteral("cannot hand the certificate to nobody");
            }
            options << QStringLiteral("-c") << QStringLiteral("ssl=on") << QStringLiteral("-c")
                    << QStringLiteral("ssl_cert_file=") + cert << QStringLiteral("-c")
                    << QStringLiteral("ssl_key_file=") + key;
            m_caFile = cert;
        }
        if (!run(QStringLiteral("pg_ctl"),
                 {QStringLiteral("-D"), dataDir(), QStringLiteral("-l"),
                  m_dir->filePath(QStringLiteral("server.log")), QStringLiteral("-w"),
                  QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-o"),
                  options.join(QLatin1Char(' ')), QStringLiteral("start")},
                 &out))
            return QStringLiteral("pg_ctl start failed: ") + out + log();
        m_running = true;
        if (!run(QStringLiteral("psql"),
                 {QStringLiteral("-h"), m_dir->path(), QStringLiteral("-p"),
                  QString::number(m_port), QStringLiteral("-U"), QStringLiteral("postgres"),
                  QStringLiteral("-d"), QStringLiteral("postgres"), QStringLiteral("-qAtc"),
                  QStringLiteral("CREATE DATABASE paydesk")},
                 &out))
            return QStringLiteral("CREATE DATABASE failed: ") + out;
        return {};
    }

    void stop()
    {
        if (m_running) {
            QString out;
            run(QStringLiteral("pg_ctl"),
                {QStringLiteral("-D"), dataDir(), QStringLiteral("-m"), QStringLiteral("immediate"),
                 QStringLiteral("-w"), QStringLiteral("stop")},
                &out);
            m_running = false;
        }
        m_dir.reset();
    }

    int port() const { return m_port; }
    /// The self-signed certificate a TLS server presents (its own CA), empty without TLS.
    QString caFile() const { return m_caFile; }

    /// A self-signed certificate for localhost and 127.0.0.1 (key 0600); false on failure.
    static bool makeCertificate(const QString &certFile, const QString &keyFile)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral("openssl"),
                {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                 QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                 QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                 QStringLiteral("-addext"),
                 QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1"),
                 QStringLiteral("-keyout"), keyFile, QStringLiteral("-out"), certFile});
        return p.waitForFinished(60000) && p.exitCode() == 0 &&
               QFile::setPermissions(keyFile, QFile::ReadOwner | QFile::WriteOwner);
    }
    QString socketDir() const { return m_dir ? m_dir->path() : QString(); }
    /// The superuser over the unix socket (trusted): what `paydeskctl hq init` is given.
    QString adminUrl() const
    {
        return QStringLiteral("postgresql://postgres@localhost:%1/paydesk?host=%2")
            .arg(m_port)
            .arg(socketDir());
    }
    /// \a role over TCP with its password (given separately).
    QString tcpUrl(const QString &role) const
    {
        return QStringLiteral("postgresql://%1@127.0.0.1:%2/paydesk?sslmode=prefer")
            .arg(role)
            .arg(m_port);
    }
    QString log() const
    {
        QFile f(m_dir ? m_dir->filePath(QStringLiteral("server.log")) : QString());
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll().right(4000)) : QString();
    }

private:
    QString dataDir() const { return m_dir->filePath(QStringLiteral("data")); }

    static QString binDir()
    {
        QDir root(QStringLiteral("/usr/lib/postgresql"));
        QStringList versions = root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        std::sort(versions.begin(), versions.end(),
                  [](const QString &a, const QString &b) { return a.toInt() > b.toInt(); });
        for (const QString &v : versions)
            if (QFile::exists(root.filePath(v + QStringLiteral("/bin/initdb"))))
                return root.filePath(v + QStringLiteral("/bin"));
        const QString initdb = QStandardPaths::findExecutable(QStringLiteral("initdb"));
        return initdb.isEmpty() ? QString() : QFileInfo(initdb).absolutePath();
    }

    bool run(const QString &tool, const QStringList &args, QString *output) const
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.setWorkingDirectory(m_dir->path());
        const QString exe = m_bin + QLatin1Char('/') + tool;
        if (m_asNobody)
            p.start(QStringLiteral("runuser"),
                    QStringList{QStringLiteral("-u"), QStringLiteral("nobody"),
                                QStringLiteral("--"), exe} +
                        args);
        else
            p.start(exe, args);
        const bool finished = p.waitForFinished(120000);
        *output = QString::fromLocal8Bit(p.readAll());
        return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_bin;
    int m_port = 0;
    bool m_asNobody = false;
    bool m_running = false;
    QString m_caFile;
};

} // namespace paydesk::test
