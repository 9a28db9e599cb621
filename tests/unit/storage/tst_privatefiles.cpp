#include "core/storage/privatefiles.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace paydesk;

namespace {

mode_t modeOf(const QString &path)
{
    struct stat st = {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return 07777;
    return st.st_mode & 07777;
}

void touch(const QString &path, mode_t mode)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x");
    f.close();
    QVERIFY(::chmod(QFile::encodeName(path).constData(), mode) == 0);
}

} // namespace

class TestPrivateFiles : public QObject
{
    Q_OBJECT
private slots:
    void ensureDirIsOwnerOnly()
    {
        const mode_t old = ::umask(022);
        QTemporaryDir tmp;
        const QString dir = tmp.filePath(QStringLiteral("a/b"));
        QVERIFY(PrivateFiles::ensureDir(dir).ok());
        QCOMPARE(modeOf(dir), mode_t(0700));
        ::umask(old);
    }

    void repairTreeNamesWhatItFixed()
    {
        QTemporaryDir tmp;
        const QString root = tmp.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(root + QStringLiteral("/sandbox")));
        QVERIFY(::chmod(QFile::encodeName(root).constData(), 0755) == 0);
        QVERIFY(::chmod(QFile::encodeName(root + QStringLiteral("/sandbox")).constData(), 0700) ==
                0);
        touch(root + QStringLiteral("/db.sqlite"), 0644);
        touch(root + QStringLiteral("/sandbox/state.json"), 0664);
        touch(root + QStringLiteral("/sandbox/run.sh"), 0755);
        touch(root + QStringLiteral("/ok.txt"), 0600);
        QVERIFY(QFile::link(QStringLiteral("/etc/hostname"), root + QStringLiteral("/link")));

        QStringList repaired = PrivateFiles::repairTree(root);
        repaired.sort();
        QCOMPARE(repaired, (QStringList{QStringLiteral("."), QStringLiteral("db.sqlite"),
                                        QStringLiteral("sandbox/run.sh"),
                                        QStringLiteral("sandbox/state.json")}));
        QCOMPARE(modeOf(root), mode_t(0700));
        QCOMPARE(modeOf(root + QStringLiteral("/db.sqlite")), mode_t(0600));
        QCOMPARE(modeOf(root + QStringLiteral("/sandbox/state.json")), mode_t(0600));
        QCOMPARE(modeOf(root + QStringLiteral("/sandbox/run.sh")), mode_t(0700));
        QVERIFY(modeOf(QStringLiteral("/etc/hostname")) & 0044); // a link's target is not ours
        QVERIFY(PrivateFiles::repairTree(root).isEmpty());
    }

    void restrictUmaskNarrowsNewFiles()
    {
        const mode_t old = ::umask(022);
        PrivateFiles::restrictUmask();
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("new.txt"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        QCOMPARE(modeOf(path) & 077, mode_t(0));
        ::umask(old);
    }
};

QTEST_GUILESS_MAIN(TestPrivateFiles)
#include "tst_privatefiles.moc"
