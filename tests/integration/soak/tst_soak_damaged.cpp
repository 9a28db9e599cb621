// A damaged database file is found at start (docs/SOAK.md): a page overwritten inside the file
// stops AppContext::create — the GUI's and every command's start — with "damaged" and the way
// back to the newest backup, before anything reads or writes the file.
#include "app/appcontext.h"
#include "core/storage/database.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

class TestSoakDamaged : public QObject
{
    Q_OBJECT
private slots:
    void aDamagedPageStopsTheStartWithTheWayBack();
};

void TestSoakDamaged::aDamagedPageStopsTheStartWithTheWayBack()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AppOptions options;
    options.dataDir = dir.path();
    const QString path = AppContext::databasePathIn(dir.path());
    {
        auto ctx = AppContext::create(options);
        QVERIFY(ctx.ok());
    }
    {
        // Checkpointed and closed: the file holds every page.
        auto db = Database::open(path);
        QVERIFY(db.ok());
        QVERIFY(db.value()->exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s).ok());
    }
    QFile file(path);
    QVERIFY(file.size() > 4 * 4096);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek(3 * 4096));
    QVERIFY(file.write(QByteArray(4096, '\xff')) == 4096);
    file.close();

    auto reopened = Database::open(path);
    QVERIFY(!reopened.ok());
    QCOMPARE(reopened.error().code, u"storage.corrupt"_s);
    QVERIFY2(reopened.error().message.contains(u"damaged"_s), qPrintable(reopened.error().message));

    auto ctx = AppContext::create(options);
    QVERIFY(!ctx.ok());
    QVERIFY2(ctx.error().message.contains(u"damaged"_s), qPrintable(ctx.error().message));
    QVERIFY2(ctx.error().message.contains(u"backup"_s), qPrintable(ctx.error().message));
}

QTEST_MAIN(TestSoakDamaged)
#include "tst_soak_damaged.moc"
