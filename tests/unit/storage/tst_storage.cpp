#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/storage/transaction.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <latch>
#include <thread>
#include <vector>

#include <sys/stat.h>

using namespace paydesk;

class TestStorage : public QObject
{
    Q_OBJECT
private slots:
    void migrateFromEmpty();
    void reopenIsNoOp();
    void pragmas();
    void brokenMigrationRollsBack();
    void migrationNumberedBelowTheLatestIsApplied();
    void lowerNumberArrivingLaterIsApplied();
    void splitStatements();
    void transactionRollsBackUnlessCommitted();
    void nestedTransactions();
    void relaxedDurabilityIsRestored();
    void settings();
    void concurrentFirstOpenMigratesOnce();
    void filesAreOwnerOnlyWhateverTheUmask();

private:
    QTemporaryDir m_dir;
    QString dataFile(const QString &name) const
    {
        return qEnvironmentVariable("PAYDESK_TEST_DATA") + QLatin1Char('/') + name;
    }
};

void TestStorage::migrateFromEmpty()
{
    const QString path = m_dir.filePath(QStringLiteral("a.sqlite"));
    auto db = Database::open(path);
    QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
    const QStringList builtin = Database::builtinMigrations();
    QVERIFY(builtin.size() >= 1);
    QVERIFY(db.value()->schemaVersion() >= 1);
    // The journal tables exist.
    auto n = db.value()->scalar(QStringLiteral("SELECT COUNT(*) FROM accounts"));
    QVERIFY(n.ok());
    QVERIFY(n.value()->toInt() >= 7);
}

void TestStorage::reopenIsNoOp()
{
    const QString path = m_dir.filePath(QStringLiteral("b.sqlite"));
    int version = 0;
    {
        auto db = Database::open(path);
        QVERIFY(db.ok());
        version = db.value()->schemaVersion();
        QVERIFY(db.value()
                    ->exec(QStringLiteral("INSERT INTO settings(key, value) VALUES('k', 'v')"))
                    .ok());
    }
    auto db = Database::open(path);
    QVERIFY(db.ok());
    QCOMPARE(db.value()->schemaVersion(), version);
    auto rows = db.value()->scalar(QStringLiteral("SELECT COUNT(*) FROM schema_migrations"));
    QCOMPARE(rows.value()->toInt(), Database::builtinMigrations().size());
    QCOMPARE(db.value()
                 ->scalar(QStringLiteral("SELECT value FROM settings WHERE key='k'"))
                 .value()
                 ->toString(),
             QStringLiteral("v"));
}

void TestStorage::pragmas()
{
    auto db = Database::open(m_dir.filePath(QStringLiteral("p.sqlite")));
    QVERIFY(db.ok());
    QCOMPARE(db.value()->scalar(QStringLiteral("PRAGMA journal_mode")).value()->toString(),
             QStringLiteral("wal"));
    QCOMPARE(db.value()->scalar(QStringLiteral("PRAGMA foreign_keys")).value()->toInt(), 1);
    QCOMPARE(db.value()->scalar(QStringLiteral("PRAGMA synchronous")).value()->toInt(), 2); // FULL
    QVERIFY(db.value()->scalar(QStringLiteral("PRAGMA busy_timeout")).value()->toInt() >= 1000);
}

void TestStorage::migrationNumberedBelowTheLatestIsApplied()
{
    // Numbers are handed out to parallel work: a step merged after a higher one must still run
    // on a database that already has the higher one.
    const auto write = [&](const QString &name, const QByteArray &sql) {
        QFile f(m_dir.filePath(name));
        if (!f.open(QIODevice::WriteOnly))
            return QString();
        f.write(sql);
        return f.fileName();
    };
    const QString one = write(QStringLiteral("0001_one.sql"), "CREATE TABLE one (x INTEGER);");
    const QString two = write(QStringLiteral("0002_two.sql"), "CREATE TABLE two (x INTEGER);");
    const QString three =
        write(QStringLiteral("0003_three.sql"), "CREATE TABLE three (x INTEGER);");
    QVERIFY(!one.isEmpty() && !two.isEmpty() && !three.isEmpty());
    const QString path = m_dir.filePath(QStringLiteral("gap.sqlite"));
    {
        auto db = Database::open(path, {one, three});
        QVERIFY(db.ok());
        QCOMPARE(db.value()->schemaVersion(), 3);
        QVERIFY(!db.value()->exec(QStringLiteral("SELECT * FROM two")).ok());
    }
    auto db = Database::open(path, {one, two, three});
    QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
    QVERIFY(db.value()->exec(QStringLiteral("SELECT * FROM two")).ok());
    QCOMPARE(db.value()
                 ->scalar(QStringLiteral("SELECT COUNT(*) FROM schema_migrations"))
                 .value()
                 ->toInt(),
             3);
    // And once applied it is not applied again.
    auto again = Database::open(path, {one, two, three});
    QVERIFY(again.ok());
}

void TestStorage::brokenMigrationRollsBack()
{
    const QString path = m_dir.filePath(QStringLiteral("broken.sqlite"));
    const QString ok = dataFile(QStringLiteral("storage/broken/0001_ok.sql"));
    const QString broken = dataFile(QStringLiteral("storage/broken/0002_broken.sql"));
    {
        auto db = Database::open(path, {ok});
        QVERIFY(db.ok());
        QCOMPARE(db.value()->schemaVersion(), 1);
    }
    auto db = Database::open(path, {ok, broken});
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, QStringLiteral("storage.migration_failed"));
    QVERIFY(db.error().message.contains(QStringLiteral("0002_broken.sql")));

    // The old schema is intact: version 1, no half-made table, no half-inserted row.
    auto again = Database::open(path, {ok});
    QVERIFY(again.ok());
    QCOMPARE(again.value()->schemaVersion(), 1);
    QVERIFY(!again.value()->exec(QStringLiteral("SELECT * FROM half_done")).ok());
    QCOMPARE(again.value()->scalar(QStringLiteral("SELECT COUNT(*) FROM things")).value()->toInt(),
             1);
    QCOMPARE(again.value()->scalar(QStringLiteral("SELECT name FROM things")).value()->toString(),
             QStringLiteral("first; with a semicolon"));
}

void TestStorage::lowerNumberArrivingLaterIsApplied()
{
    // Numbers are handed out ahead of time: 0006 may ship after 0010 was applied somewhere.
    QTemporaryDir steps;
    const auto write = [&](const QString &name, const QByteArray &sql) {
        QFile f(steps.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(sql);
    };
    write(QStringLiteral("0001_base.sql"), "CREATE TABLE accounts (id INTEGER PRIMARY KEY);");
    write(QStringLiteral("0006_fields.sql"), "ALTER TABLE accounts ADD COLUMN params TEXT;");
    write(QStringLiteral("0010_later.sql"), "CREATE TABLE later (id INTEGER);");
    const QString path = m_dir.filePath(QStringLiteral("gaps.sqlite"));
    const QString first = steps.filePath(QStringLiteral("0001_base.sql"));
    const QString gap = steps.filePath(QStringLiteral("0006_fields.sql"));
    const QString later = steps.filePath(QStringLiteral("0010_later.sql"));
    {
        auto db = Database::open(path, {first, later});
        QVERIFY(db.ok());
        QCOMPARE(db.value()->schemaVersion(), 10);
        QVERIFY(!db.value()->isApplied(6));
    }
    auto db = Database::open(path, {first, gap, later});
    QVERIFY2(db.ok(), qPrintable(db.ok() ? QString() : db.error().message));
    QVERIFY(db.value()->isApplied(6));
    QVERIFY(db.value()->exec(QStringLiteral("SELECT params FROM accounts")).ok());
    // And once only.
    auto again = Database::open(path, {first, gap, later});
    QVERIFY(again.ok());
    QCOMPARE(again.value()
                 ->scalar(QStringLiteral("SELECT COUNT(*) FROM schema_migrations"))
                 .value()
                 ->toInt(),
             3);
}

void TestStorage::splitStatements()
{
    const QString script = QStringLiteral("-- comment; with semicolon\n"
                                          "CREATE TABLE t (a TEXT DEFAULT 'x;y');\n"
                                          "CREATE TRIGGER trg BEFORE DELETE ON t\nBEGIN\n  SELECT "
                                          "RAISE(ABORT, 'no');\n  SELECT 1;\nEND;\n"
                                          "INSERT INTO t VALUES ('it''s; fine');");
    const QStringList parts = Database::splitStatements(script);
    QCOMPARE(parts.size(), 3);
    QVERIFY(parts[0].startsWith(QStringLiteral("CREATE TABLE")));
    QVERIFY(parts[1].startsWith(QStringLiteral("CREATE TRIGGER")));
    QVERIFY(parts[1].endsWith(QStringLiteral("END;")));
    QVERIFY(parts[2].contains(QStringLiteral("it''s; fine")));
}

void TestStorage::transactionRollsBackUnlessCommitted()
{
    auto db = Database::open(m_dir.filePath(QStringLiteral("tx.sqlite")));
    QVERIFY(db.ok());
    Database &d = *db.value();
    {
        Transaction tx(d);
        QVERIFY(tx.began().ok());
        QVERIFY(d.exec(QStringLiteral("INSERT INTO settings VALUES('gone', '1')")).ok());
    } // destructor rolls back
    QVERIFY(!d.scalar(QStringLiteral("SELECT value FROM settings WHERE key='gone'"))
                 .value()
                 .has_value());
    {
        Transaction tx(d);
        QVERIFY(d.exec(QStringLiteral("INSERT INTO settings VALUES('kept', '1')")).ok());
        QVERIFY(tx.commit().ok());
    }
    QVERIFY(d.scalar(QStringLiteral("SELECT value FROM settings WHERE key='kept'"))
                .value()
                .has_value());
}

void TestStorage::nestedTransactions()
{
    auto db = Database::open(m_dir.filePath(QStringLiteral("nest.sqlite")));
    QVERIFY(db.ok());
    Database &d = *db.value();
    {
        Transaction outer(d);
        QVERIFY(d.exec(QStringLiteral("INSERT INTO settings VALUES('outer', '1')")).ok());
        {
            Transaction inner(d);
            QVERIFY(inner.began().ok());
            QVERIFY(d.exec(QStringLiteral("INSERT INTO settings VALUES('inner', '1')")).ok());
        } // inner rolled back to its savepoint
        QVERIFY(outer.commit().ok());
    }
    QVERIFY(
        d.scalar(QStringLiteral("SELECT 1 FROM settings WHERE key='outer'")).value().has_value());
    QVERIFY(
        !d.scalar(QStringLiteral("SELECT 1 FROM settings WHERE key='inner'")).value().has_value());
}

void TestStorage::relaxedDurabilityIsRestored()
{
    auto db = Database::open(m_dir.filePath(QStringLiteral("durability.sqlite")));
    QVERIFY(db.ok());
    Database &d = *db.value();
    auto synchronous = [&d] {
        return d.scalar(QStringLiteral("PRAGMA synchronous")).value()->toInt();
    };
    {
        Transaction tx(d, Transaction::Durability::Normal);
        QVERIFY(tx.began().ok());
        QCOMPARE(synchronous(), 1); // NORMAL for this commit only
        QVERIFY(d.exec(QStringLiteral("INSERT INTO settings VALUES('relaxed', '1')")).ok());
        QVERIFY(tx.commit().ok());
    }
    QCOMPARE(synchronous(), 2); // FULL again for whatever comes next
    {
        Transaction tx(d, Transaction::Durability::Normal);
        QVERIFY(d.exec(QStringLiteral("INSERT INTO settings VALUES('rolled', '1')")).ok());
    } // rolled back
    QCOMPARE(synchronous(), 2);
    {
        // Only the outermost transaction decides: a relaxed savepoint inside a FULL one stays FULL.
        Transaction outer(d);
        Transaction inner(d, Transaction::Durability::Normal);
        QCOMPARE(synchronous(), 2);
        QVERIFY(inner.commit().ok());
        QVERIFY(outer.commit().ok());
    }
    QCOMPARE(synchronous(), 2);
    QVERIFY(
        d.scalar(QStringLiteral("SELECT 1 FROM settings WHERE key='relaxed'")).value().has_value());
    QVERIFY(
        !d.scalar(QStringLiteral("SELECT 1 FROM settings WHERE key='rolled'")).value().has_value());
}

void TestStorage::settings()
{
    auto db = Database::open(m_dir.filePath(QStringLiteral("settings.sqlite")));
    QVERIFY(db.ok());
    SettingsStore s(*db.value());
    QVERIFY(!s.value(QStringLiteral("store.name")).has_value());
    QCOMPARE(s.value(QStringLiteral("store.name"), QStringLiteral("fallback")),
             QStringLiteral("fallback"));
    QVERIFY(s.setValue(QStringLiteral("store.name"), QStringLiteral("茶馆")).ok());
    QVERIFY(s.setValue(QStringLiteral("store.name"), QStringLiteral("Tea house")).ok());
    QCOMPARE(*s.value(QStringLiteral("store.name")), QStringLiteral("Tea house"));
    QVERIFY(s.remove(QStringLiteral("store.name")).ok());
    QVERIFY(!s.value(QStringLiteral("store.name")).has_value());
}

void TestStorage::concurrentFirstOpenMigratesOnce()
{
    // Issue 8.8: processes starting together on a fresh data folder. Each thread has its own
    // connection, as a second process would; every one must open the migrated database.
    constexpr int kRounds = 15;
    constexpr int kThreads = 4;
    int expectedVersion = 0;
    {
        QTemporaryDir alone;
        auto db = Database::open(alone.filePath(QStringLiteral("alone.sqlite")));
        QVERIFY(db.ok());
        expectedVersion = db.value()->schemaVersion();
        QVERIFY(expectedVersion > 0);
    }
    for (int round = 0; round < kRounds; ++round) {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("race.sqlite"));
        std::latch start(kThreads);
        std::atomic<int> opened{0};
        std::vector<QString> errors(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                start.arrive_and_wait();
                auto db = Database::open(path);
                if (!db.ok()) {
                    errors[size_t(t)] = db.error().message;
                    return;
                }
                if (db.value()->schemaVersion() == expectedVersion)
                    ++opened;
            });
        for (auto &th : threads)
            th.join();
        for (const QString &e : errors)
            QVERIFY2(e.isEmpty(), qPrintable(QStringLiteral("round %1: %2").arg(round).arg(e)));
        QCOMPARE(opened.load(), kThreads);
    }
}

void TestStorage::filesAreOwnerOnlyWhateverTheUmask()
{
    const mode_t oldMask = ::umask(022);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("modes.sqlite"));
    {
        auto db = Database::open(path);
        QVERIFY(db.ok());
        QVERIFY(db.value()
                    ->exec(QStringLiteral("INSERT INTO settings(key, value) VALUES('a', 'b')"))
                    .ok());
        for (const char *suffix : {"", "-wal", "-shm"}) {
            struct stat st = {};
            const QString file = path + QLatin1String(suffix);
            QVERIFY2(::stat(QFile::encodeName(file).constData(), &st) == 0, qPrintable(file));
            QCOMPARE(QString::number(st.st_mode & 07777, 8), QStringLiteral("600"));
        }
    }
    ::umask(oldMask);
}

QTEST_GUILESS_MAIN(TestStorage)
#include "tst_storage.moc"
