// Upgrades keep data (issue 15): the data folder of Paydesk 0.1.0 (tests/data/upgrade, made by
// that version itself) is opened by this version's paydeskctl, which migrates it; every order,
// posting, journal entry and audit entry must be as it was, and the audit log must verify.
#include "cliprocess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk::test;

namespace {

using Rows = QList<QVariantMap>;

/// Every row of \a table, ordered by id, as column -> value.
Rows readAll(const QString &dbFile, const QString &table)
{
    Rows rows;
    const QString name = QStringLiteral("upgrade-read-%1").arg(dbFile + table);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(dbFile);
        if (!db.open())
            return rows;
        QSqlQuery q(db);
        if (q.exec(QStringLiteral("SELECT * FROM %1 ORDER BY id").arg(table))) {
            while (q.next()) {
                QVariantMap row;
                const QSqlRecord r = q.record();
                for (int i = 0; i < r.count(); ++i)
                    row.insert(r.fieldName(i), r.value(i));
                rows << row;
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return rows;
}

} // namespace

class TestUpgrade : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void theFixtureIsTheFirstRelease();
    void everyOrderPostingAndAuditEntryIntact();
    void auditVerifiesWithTheLegacyPart();

private:
    QTemporaryDir m_dir;
    QString m_pristine;
    QString m_live;
    std::unique_ptr<CliProcess> m_ctl;
    CliRun m_orders;
};

void TestUpgrade::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString data = qEnvironmentVariable("PAYDESK_TEST_DATA") + QStringLiteral("/upgrade");
    m_pristine = m_dir.filePath(QStringLiteral("pristine.sqlite"));
    QVERIFY(QFile::copy(data + QStringLiteral("/paydesk.sqlite"), m_pristine));
    // The layout 0.1.0 used: <data-dir>/db/paydesk.sqlite and <data-dir>/keys/data.key.
    const QString till = m_dir.filePath(QStringLiteral("till"));
    QVERIFY(QDir().mkpath(till + QStringLiteral("/db")));
    QVERIFY(QDir().mkpath(till + QStringLiteral("/keys")));
    m_live = till + QStringLiteral("/db/paydesk.sqlite");
    QVERIFY(QFile::copy(data + QStringLiteral("/paydesk.sqlite"), m_live));
    QVERIFY(
        QFile::copy(data + QStringLiteral("/data.key"), till + QStringLiteral("/keys/data.key")));
    for (const QString &f : {m_live, till + QStringLiteral("/keys/data.key")})
        QVERIFY(QFile::setPermissions(f, QFile::ReadOwner | QFile::WriteOwner));

    m_ctl = std::make_unique<CliProcess>(QStringLiteral(PAYDESKCTL_BIN), till);
    // The first command of the new version migrates the database.
    m_orders = m_ctl->run({QStringLiteral("orders"), QStringLiteral("--json")});
    QVERIFY2(m_orders.exitCode == 0, qPrintable(m_orders.describe()));
}

void TestUpgrade::theFixtureIsTheFirstRelease()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v"));
    db.setDatabaseName(m_pristine);
    QVERIFY(db.open());
    QSqlQuery q(db);
    QVERIFY(q.exec(QStringLiteral("SELECT MAX(version), COUNT(*) FROM schema_migrations")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toInt(), 5);
    QCOMPARE(q.value(1).toInt(), 5);
    q.finish();
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("v"));

    QCOMPARE(readAll(m_pristine, QStringLiteral("orders")).size(), 6);
    QCOMPARE(readAll(m_pristine, QStringLiteral("postings")).size(), 10);
    QCOMPARE(readAll(m_pristine, QStringLiteral("journal_entries")).size(), 5);
    QCOMPARE(readAll(m_pristine, QStringLiteral("audit_log")).size(), 6);
}

void TestUpgrade::everyOrderPostingAndAuditEntryIntact()
{
    for (const char *table :
         {"orders", "order_events", "journal_entries", "postings", "audit_log", "operators"}) {
        const QString t = QString::fromLatin1(table);
        const Rows before = readAll(m_pristine, t);
        const Rows after = readAll(m_live, t);
        QVERIFY2(!before.isEmpty(), table);
        QVERIFY2(after.size() >= before.size(), table);
        for (qsizetype i = 0; i < before.size(); ++i) {
            // Columns a later migration added may be new; every old one keeps its value.
            for (auto it = before.at(i).cbegin(); it != before.at(i).cend(); ++it)
                QVERIFY2(after.at(i).value(it.key()) == it.value(),
                         qPrintable(QStringLiteral("%1 row %2 column %3: %4 became %5")
                                        .arg(t)
                                        .arg(i)
                                        .arg(it.key(), it.value().toString(),
                                             after.at(i).value(it.key()).toString())));
        }
        // Money tables gain nothing by being opened.
        if (t != u"audit_log")
            QCOMPARE(after.size(), before.size());
    }
    // The new version lists every old order, with its status and amount.
    const QJsonArray orders = m_orders.json.value(QStringLiteral("orders")).toArray();
    const Rows before = readAll(m_pristine, QStringLiteral("orders"));
    QCOMPARE(orders.size(), before.size());
    for (const QVariantMap &row : before) {
        bool found = false;
        for (const auto &o : orders) {
            const QJsonObject order = o.toObject();
            if (order.value(QStringLiteral("out_trade_no")).toString() !=
                row.value(QStringLiteral("out_trade_no")).toString())
                continue;
            found = true;
            QCOMPARE(order.value(QStringLiteral("status")).toString(),
                     row.value(QStringLiteral("status")).toString());
            QCOMPARE(order.value(QStringLiteral("amount_minor")).toInteger(),
                     row.value(QStringLiteral("amount_minor")).toLongLong());
        }
        QVERIFY2(found, qPrintable(row.value(QStringLiteral("out_trade_no")).toString()));
    }
}

void TestUpgrade::auditVerifiesWithTheLegacyPart()
{
    const CliRun v =
        m_ctl->run({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
    QVERIFY2(v.exitCode == 0, qPrintable(v.describe()));
    QCOMPARE(v.json.value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(v.json.value(QStringLiteral("legacy_entries")).toInteger(), 6);
    QVERIFY(v.json.value(QStringLiteral("entries")).toInteger() > 6); // + the keyed cut-over
    const Rows after = readAll(m_live, QStringLiteral("audit_log"));
    QCOMPARE(after.at(6).value(QStringLiteral("action")).toString(),
             QStringLiteral("audit.chain_keyed"));
}

QTEST_GUILESS_MAIN(TestUpgrade)
#include "tst_upgrade.moc"
