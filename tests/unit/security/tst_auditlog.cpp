#include "securityfixture.h"

#include <QJsonDocument>
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

    // What a forger can compute without the vault: the published, unkeyed SHA-256 chain.
    static QString shaLink(const QString &prev, const QByteArray &payload)
    {
        return QString::fromLatin1(crypto::sha256(prev.toLatin1() + payload).toHex());
    }

    /// Rewrites the hashes of entry \a fromId and every later one as an attacker would.
    void recomputeFrom(qint64 fromId)
    {
        auto q = f->db->exec(QStringLiteral("SELECT id, at, action, operator, details FROM "
                                            "audit_log WHERE id >= ? ORDER BY id"),
                             {fromId});
        QVERIFY(q.ok());
        auto p =
            f->db->scalar(QStringLiteral("SELECT hash FROM audit_log WHERE id = ?"), {fromId - 1});
        QString prev =
            p.value() ? p.value()->toString() : QString::fromLatin1(AuditLog::GenesisHash);
        QList<QVariantList> updates;
        while (q.value().next()) {
            const qint64 id = q.value().value(0).toLongLong();
            const QJsonObject details =
                QJsonDocument::fromJson(q.value().value(4).toString().toUtf8()).object();
            const QString hash =
                shaLink(prev, AuditLog::canonicalPayload(id, q.value().value(1).toString(),
                                                         q.value().value(2).toString(),
                                                         q.value().value(3).toString(), details));
            updates.append({prev, hash, id});
            prev = hash;
        }
        for (const QVariantList &u : updates)
            QVERIFY(f->db
                        ->exec(QStringLiteral("UPDATE audit_log SET prev_hash = ?, hash = ? "
                                              "WHERE id = ?"),
                               u)
                        .ok());
    }

    /// Appends one entry that links correctly under the unkeyed chain.
    void forgeAppend(const QString &action)
    {
        auto last =
            f->db->exec(QStringLiteral("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"));
        QVERIFY(last.ok() && last.value().next());
        const qint64 id = last.value().value(0).toLongLong() + 1;
        const QString prev = last.value().value(1).toString();
        const QString time = AuditLog::formatTime(f->clock.nowUtc());
        const QJsonObject details{{QStringLiteral("forged"), true}};
        const QString hash = shaLink(
            prev, AuditLog::canonicalPayload(id, time, action, QStringLiteral("mallory"), details));
        QVERIFY(f->db
                    ->exec(QStringLiteral("INSERT INTO audit_log(id, at, action, operator, "
                                          "details, prev_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?)"),
                           {id, time, action, QStringLiteral("mallory"),
                            QStringLiteral("{\"forged\":true}"), prev, hash})
                    .ok());
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

        // The stored hash is exactly HMAC-SHA256(K, prev || canonical payload) with the key
        // derived from the vault, independently recomputed.
        auto q = f->db->exec(QStringLiteral("SELECT id, at, action, operator, details, prev_hash, "
                                            "hash FROM audit_log WHERE id = 2"));
        QVERIFY(q.value().next());
        const QByteArray payload =
            QByteArrayLiteral("{\"action\":\"") + q.value().value(2).toByteArray() +
            "\",\"details\":" + q.value().value(4).toByteArray() + ",\"id\":\"2\",\"operator\":\"" +
            q.value().value(3).toByteArray() + "\",\"time\":\"" + q.value().value(1).toByteArray() +
            "\"}";
        const QByteArray key = f->vault->deriveKey(QByteArrayLiteral("audit.chain"));
        QCOMPARE(QString::fromLatin1(
                     crypto::hmacSha256(key, q.value().value(5).toByteArray() + payload).toHex()),
                 q.value().value(6).toString());
        QVERIFY(q.value().value(6).toString() !=
                QString::fromLatin1(
                    crypto::sha256(q.value().value(5).toByteArray() + payload).toHex()));
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
        // Even a forger holding the key who edits entry 8 and recomputes ITS hash breaks 9's link.
        append20();
        dropTriggers();
        auto q = f->db->exec(
            QStringLiteral("SELECT at, action, operator, prev_hash FROM audit_log WHERE id = 8"));
        QVERIFY(q.value().next());
        const QJsonObject forged{{QStringLiteral("amount_minor"), 1}};
        const QString hash =
            f->audit->chainHash(q.value().value(3).toString(),
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

    void editRecomputeAppendDetected()
    {
        // Issue 8.6: edit entry 2, recompute every later hash, append one well-linked entry.
        append20();
        dropTriggers();
        QVERIFY(f->db
                    ->exec(QStringLiteral("UPDATE audit_log SET details = "
                                          "'{\"amount_minor\":1,\"n\":2,\"note\":\"entry 2\"}' "
                                          "WHERE id = 2"))
                    .ok());
        recomputeFrom(2);
        forgeAppend(QStringLiteral("operator.login"));
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(2));
    }

    void cutTailAndAppendDetected()
    {
        append20();
        dropTriggers();
        QVERIFY(f->db->exec(QStringLiteral("DELETE FROM audit_log WHERE id >= 18")).ok());
        for (int i = 0; i < 4; ++i)
            forgeAppend(QStringLiteral("operator.login"));
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(18));
    }

    void deletedMiddleRecomputedDetected()
    {
        append20();
        dropTriggers();
        QVERIFY(f->db->exec(QStringLiteral("DELETE FROM audit_log WHERE id = 11")).ok());
        QVERIFY(f->db->exec(QStringLiteral("UPDATE audit_log SET id = id - 1 WHERE id > 11")).ok());
        recomputeFrom(11);
        forgeAppend(QStringLiteral("operator.login"));
        forgeAppend(QStringLiteral("operator.login"));
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(11));
    }

    void staleHeadSealDetected()
    {
        // The head names entry 20; entries written after it without moving the head (a saved
        // seal put back) must not pass just because later entries exist.
        append20();
        const QString sealAt20 = f->settings->value(QStringLiteral("audit.head")).value();
        for (int i = 0; i < 3; ++i)
            QVERIFY(
                f->audit->append(QStringLiteral("operator.login"), QStringLiteral("carl")).ok());
        QVERIFY(f->settings->setValue(QStringLiteral("audit.head"), sealAt20).ok());
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(21));
    }

    /// A log as Paydesk wrote it before the keyed chain: unkeyed links, head "id:hash".
    void writeLegacyLog(int n)
    {
        QString prev = QString::fromLatin1(AuditLog::GenesisHash);
        for (int id = 1; id <= n; ++id) {
            f->clock.advance(1000);
            const QString time = AuditLog::formatTime(f->clock.nowUtc());
            const QJsonObject details{{QStringLiteral("n"), id}};
            const QString hash = AuditLog::legacyChainHash(
                prev, AuditLog::canonicalPayload(id, time, QStringLiteral("operator.login"),
                                                 QStringLiteral("carl"), details));
            QVERIFY(f->db
                        ->exec(QStringLiteral("INSERT INTO audit_log(id, at, action, operator, "
                                              "details, prev_hash, hash) VALUES(?, ?, ?, ?, ?, "
                                              "?, ?)"),
                               {id, time, QStringLiteral("operator.login"), QStringLiteral("carl"),
                                QStringLiteral("{\"n\":%1}").arg(id), prev, hash})
                        .ok());
            prev = hash;
        }
        const QString head =
            f->vault->encryptString(QStringLiteral("%1:%2").arg(n).arg(prev), "audit.head").value();
        QVERIFY(f->settings->setValue(QStringLiteral("audit.head"), head).ok());
    }

    void legacyLogIsKeyedFromTheCutOver()
    {
        writeLegacyLog(5);
        QCOMPARE(f->audit->verify().legacyEntries, 5); // not yet upgraded: all legacy, intact
        QVERIFY(f->audit->verify().ok);
        QVERIFY(f->audit->upgradeChain().ok());
        QVERIFY(f->audit->upgradeChain().ok()); // once only
        QCOMPARE(f->audit->append(QStringLiteral("operator.login"), QStringLiteral("carl")).value(),
                 7);
        const AuditVerification v = f->audit->verify();
        QVERIFY2(v.ok, qPrintable(v.reason));
        QCOMPARE(v.entries, 7);
        QCOMPARE(v.legacyEntries, 5);
        AuditFilter cut;
        cut.action = QStringLiteral("audit.chain_keyed");
        const auto rows = f->audit->query(cut).value();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().id, 6);
        QCOMPARE(rows.first().details.value(QStringLiteral("legacy_until")).toString(),
                 QStringLiteral("5"));
        QVERIFY(rows.first().details.value(QStringLiteral("legacy_verified")).toBool());
    }

    void legacyPartRewrittenAfterCutOverDetected()
    {
        writeLegacyLog(5);
        QVERIFY(f->audit->append(QStringLiteral("operator.login"), QStringLiteral("carl")).ok());
        dropTriggers();
        QVERIFY(
            f->db->exec(QStringLiteral("UPDATE audit_log SET operator = 'mallory' WHERE id = 3"))
                .ok());
        recomputeFrom(3); // the unkeyed part can be recomputed, the keyed cut-over cannot
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(6));
    }

    void legacyBreakIsRecordedAtCutOver()
    {
        writeLegacyLog(5);
        dropTriggers();
        QVERIFY(f->db->exec(QStringLiteral("DELETE FROM audit_log WHERE id = 5")).ok());
        QVERIFY(f->audit->upgradeChain().ok());
        AuditFilter cut;
        cut.action = QStringLiteral("audit.chain_keyed");
        const auto rows = f->audit->query(cut).value();
        QCOMPARE(rows.size(), 1);
        QVERIFY(!rows.first().details.value(QStringLiteral("legacy_verified")).toBool());
        QCOMPARE(rows.first().details.value(QStringLiteral("legacy_first_bad")).toString(),
                 QStringLiteral("5"));
    }

    void lostHeadStaysVisible()
    {
        append20();
        dropTriggers();
        QVERIFY(f->db->exec(QStringLiteral("DELETE FROM audit_log WHERE id >= 18")).ok());
        QVERIFY(f->settings->remove(QStringLiteral("audit.head")).ok());
        // The next append must not re-seal over the cut as if nothing happened.
        QVERIFY(f->audit->append(QStringLiteral("operator.login"), QStringLiteral("carl")).ok());
        const AuditVerification v = f->audit->verify();
        QVERIFY(!v.ok);
        QCOMPARE(v.firstBadId, std::optional<qint64>(18));
    }

    void defaultActorNamesHeadlessWriters()
    {
        f->audit->setDefaultActor(AuditLog::osUserActor());
        QVERIFY(f->audit->defaultActor().startsWith(QStringLiteral("pos:")));
        QVERIFY(f->audit->defaultActor().size() > 4);
        QVERIFY(f->audit->append(QStringLiteral("export.orders"), QString()).ok());
        QCOMPARE(f->audit->query().value().first().operatorName, f->audit->defaultActor());
    }

    void appendContinuesAfterReopen()
    {
        append20();
        f->audit.reset(new AuditLog(*f->db, f->clock, *f->vault));
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
