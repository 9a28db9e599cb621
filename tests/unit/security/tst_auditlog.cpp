#include "securityfixture.h"

#include <QProcess>
#include <QStandardPaths>

using namespace paydesk;
using namespace paydesk::testing;

class TestAuditLog : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SecurityFixture> f;

    void append20()
    {
        for (int i = 1; i <= 20; ++i) {
            f->clock.advance(1000);
            auto id = f->audit->append(
                i % 2 ? QStringLiteral("refund.created") : QStringLiteral("operator.login"),
                i % 3 ? QStringLiteral("carl") : QStringLiteral("olivia"),
                {{QStringLiteral("n"), i},
                 {QStringLiteral("amount_minor"), 100 * i},
                 {QStringLiteral("note"), QStringLiteral("entry %1").arg(i)}});
            QVERIFY(id.ok());
            QCOMPARE(id.value(), qint64(i));
        }
    }

    void dropTriggers()
    {
        QVERIFY(f->db->exec(QStringLiteral("DROP TRIGGER audit_log_no_update")).ok());
        QVERIFY(f->db->exec(QStringLiteral("DROP TRIGGER audit_log_no_delete")).ok());
    }

private slots:
    void init()
    {
        f = std::make_unique<SecurityFixture>();
        QVERIFY(f->init());
    }
    void cleanup() { f.reset(); }

    void emptyLogVerifies()
    {
        const AuditVerification v = f->audit->verify();
        QVERIFY(v.ok);
        QCOMPARE(v.entries, 0);
        QVERIFY(!v.firstBadId.has_value());
    }

    void chainOf20Verifies()
    {
        append20();
        const AuditVerification v = f->audit->verify();
        QVERIFY2(v.ok, qPrintable(v.reason));
        QCOMPARE(v.entries, 20);
        QVERIFY(!v.firstBadId.has_value());

        // The stored hash is exactly SHA-256(prev || canonical payload), independently recomputed.
        auto q = f->db->exec(QStringLiteral("SELECT id, at, action, operator, details, prev_hash, "
                                            "hash FROM audit_log WHERE id = 2"));
        QVERIFY(q.value().next());
        const QByteArray payload =
            QByteArrayLiteral("{\"action\":\"") + q.value().value(2).toByteArray() +
            "\",\"details\":" + q.value().value(4).toByteArray() + ",\"id\":\"2\",\"operator\":\"" +
            q.value().value(3).toByteArray() + "\",\"time\":\"" + q.value().value(1).toByteArray() +
            "\"}";
        QCOMPARE(
            QString::fromLatin1(crypto::sha256(q.value().value(5).toByteArray() + payload).toHex()),
            q.value().value(6).toString());
        auto first = f->db->scalar(QStringLiteral("SELECT prev_hash FROM audit_log WHERE id = 1"));
        QCOMPARE(first.value()->toString(), QString::fromLatin1(AuditLog::GenesisHash));
    }

    void triggersRefuseEdits()
    {
        append20();
        QVERIFY(
            !f->db->exec(QStringLiteral("UPDATE audit_log SET operator = 'x' WHERE id = 3")).ok());
        QVERIFY(!f->db->exec(QStringLiteral("DELETE FROM audit_log WHERE id = 3")).ok());
        QVERIFY(f->audit->verify().ok);
    }

    void editedRowIsNamed_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("assignment");
        QTest::newRow("details of 7")
            << 7 << QStringLiteral("details = '{\"amount_minor\":1,\"n\":7,\"note\":\"entry 7\"}'");
        QTest::newRow("operator of 1") << 1 << QStringLiteral("operator = 'mallory'");
        QTest::newRow("action of 20") << 20 << QStringLiteral("action = 'operator.logout'");
        QTest::newRow("time of 12") << 12 << QStringLiteral("at = '2020-01-01T00:00:00.000Z'");
        QTest::newRow("whitespace in 5")
            << 5 << QStringLiteral("details = replace(details, ',', ', ')");
        QTest::newRow("prev_hash of 9") << 9 << QStringLiteral("prev_hash = hash");
    }
    void editedRowIsNamed()
    {
        QFETCH(int, row);
        QFETCH(QString, assignment);
        append20();
        dropTriggers();
        QVERIFY(f->db
                    ->exec(QStringLiteral("UPDATE audit_log SET %1 WHERE id = ?").arg(assignment),
                           {row})
                    .ok());
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(row));
        QVERIFY(!v.reason.isEmpty());
    }

    void rewrittenHashStillCaught()
    {
        // A forger who edits entry 8 and recomputes ITS hash still breaks entry 9's link.
        append20();
        dropTriggers();
        auto q = f->db->exec(
            QStringLiteral("SELECT at, action, operator, prev_hash FROM audit_log WHERE id = 8"));
        QVERIFY(q.value().next());
        const QJsonObject forged{{QStringLiteral("amount_minor"), 1}};
        const QString hash =
            AuditLog::chainHash(q.value().value(3).toString(),
                                AuditLog::canonicalPayload(8, q.value().value(0).toString(),
                                                           q.value().value(1).toString(),
                                                           q.value().value(2).toString(), forged));
        QVERIFY(f->db
                    ->exec(QStringLiteral("UPDATE audit_log SET details = '{\"amount_minor\":1}', "
                                          "hash = ? WHERE id = 8"),
                           {hash})
                    .ok());
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(9));
    }

    void deletedRowDetected()
    {
        append20();
        dropTriggers();
        QVERIFY(f->db->exec(QStringLiteral("DELETE FROM audit_log WHERE id = 11")).ok());
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(12)); // the entry after the gap
        QCOMPARE(v.entries, 10);
    }

    void deletedRowRenumberedDetected()
    {
        append20();
        dropTriggers();
        QVERIFY(f->db->exec(QStringLiteral("DELETE FROM audit_log WHERE id = 11")).ok());
        QVERIFY(f->db->exec(QStringLiteral("UPDATE audit_log SET id = id - 1 WHERE id > 11")).ok());
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(11));
    }

    void reorderedRowsDetected()
    {
        append20();
        dropTriggers();
        // Swap the contents of entries 4 and 5 (ids kept).
        QVERIFY(f->db->exec(QStringLiteral("UPDATE audit_log SET id = 1000 WHERE id = 4")).ok());
        QVERIFY(f->db->exec(QStringLiteral("UPDATE audit_log SET id = 4 WHERE id = 5")).ok());
        QVERIFY(f->db->exec(QStringLiteral("UPDATE audit_log SET id = 5 WHERE id = 1000")).ok());
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(4));
    }

    void truncatedTailDetectedWithSeal()
    {
        append20();
        dropTriggers();
        QVERIFY(f->db->exec(QStringLiteral("DELETE FROM audit_log WHERE id >= 19")).ok());
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(19));
        // Without the vault only the chain itself is checked: a clean cut is invisible to it.
        AuditLog unsealed(*f->db, f->clock);
        QVERIFY(unsealed.verify().ok);
    }

    void removedHeadSealDetected()
    {
        append20();
        QVERIFY(f->settings->remove(QStringLiteral("audit.head")).ok());
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(20));
    }

    void forgedHeadSealDetected()
    {
        append20();
        QVERIFY(f->settings
                    ->setValue(QStringLiteral("audit.head"),
                               QStringLiteral("v1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
                    .ok());
        QVERIFY(!f->audit->verify().ok);
    }

    void tamperWithSqliteCli()
    {
        const QString sqlite = QStandardPaths::findExecutable(QStringLiteral("sqlite3"));
        if (sqlite.isEmpty())
            QSKIP("sqlite3 CLI not installed");
        append20();
        QProcess p;
        p.start(sqlite,
                {f->dbPath(),
                 QStringLiteral("DROP TRIGGER audit_log_no_update;"
                                " UPDATE audit_log SET operator = 'mallory' WHERE id = 13;")});
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        auto op = f->db->scalar(QStringLiteral("SELECT operator FROM audit_log WHERE id = 13"));
        QCOMPARE(op.value()->toString(), QStringLiteral("mallory"));
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(13));
    }

    void appendContinuesAfterReopen()
    {
        append20();
        f->audit.reset(new AuditLog(*f->db, f->clock, f->vault.get()));
        QCOMPARE(f->audit->append(QStringLiteral("x.y"), QStringLiteral("z")).value(), 21);
        QCOMPARE(f->audit->verify().entries, 21);
    }

    void queryFilters()
    {
        append20();
        AuditFilter all;
        QCOMPARE(f->audit->query(all).value().size(), 20);
        QCOMPARE(f->audit->query(all).value().first().id, 20); // newest first
        AuditFilter byAction;
        byAction.action = QStringLiteral("refund.created");
        QCOMPARE(f->audit->query(byAction).value().size(), 10);
        AuditFilter prefix;
        prefix.action = QStringLiteral("operator.");
        QCOMPARE(f->audit->query(prefix).value().size(), 10);
        AuditFilter byOp;
        byOp.operatorName = QStringLiteral("OLIVIA");
        QCOMPARE(f->audit->query(byOp).value().size(), 6); // 3,6,...,18
        AuditFilter text;
        text.text = QStringLiteral("entry 1");
        QCOMPARE(f->audit->query(text).value().size(), 11); // 1, 10..19
        AuditFilter percent;
        percent.text = QStringLiteral("%");
        QCOMPARE(f->audit->query(percent).value().size(), 0); // LIKE wildcards are escaped
        AuditFilter range;
        range.from = QDateTime(QDate(2026, 3, 2), QTime(2, 0, 5), Qt::UTC);
        range.to = QDateTime(QDate(2026, 3, 2), QTime(2, 0, 10), Qt::UTC);
        auto r = f->audit->query(range).value();
        QCOMPARE(r.size(), 5);
        QCOMPARE(r.last().id, 5);
        QCOMPARE(r.first().details.value(QStringLiteral("amount_minor")).toInteger(), 900);
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
