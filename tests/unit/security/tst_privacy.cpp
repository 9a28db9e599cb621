#include "securityfixture.h"

#include "core/security/anomalymonitor.h"
#include "core/security/payerhasher.h"
#include "core/security/privacyservice.h"

#include <QJsonArray>

using namespace paydesk;
using namespace paydesk::testing;

class TestPrivacy : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SecurityFixture> f;

    qint64 count(const QString &sql)
    {
        auto v = f->db->scalar(sql);
        return v.ok() && v.value() ? v.value()->toLongLong() : -1;
    }

private slots:
    void init()
    {
        f = std::make_unique<SecurityFixture>();
        QVERIFY(f->init());
    }
    void cleanup() { f.reset(); }

    void payerHashStableAndSaltedPerInstall()
    {
        PayerHasher hasher(*f->settings, *f->vault);
        const QString a =
            hasher.hash(QStringLiteral("alipay"), QStringLiteral("2088102146225135")).value();
        QCOMPARE(a.size(), 64);
        QCOMPARE(
            hasher.hash(QStringLiteral("alipay"), QStringLiteral(" 2088102146225135 ")).value(), a);
        QVERIFY(
            hasher.hash(QStringLiteral("wechatpay"), QStringLiteral("2088102146225135")).value() !=
            a);
        QVERIFY(hasher.hash(QStringLiteral("alipay"), QStringLiteral("2088102146225136")).value() !=
                a);
        QVERIFY(!hasher.hash(QStringLiteral("alipay"), QStringLiteral("  ")).ok());
        // Not a plain hash of the id.
        QVERIFY(a != QString::fromLatin1(crypto::sha256("alipay:2088102146225135").toHex()));

        // The salt is stored only encrypted, and a second hasher on this install agrees.
        const QString stored = f->settings->value(QStringLiteral("privacy.payer_salt")).value();
        QVERIFY(SecretVault::isBlob(stored.toLatin1()));
        PayerHasher again(*f->settings, *f->vault);
        QCOMPARE(again.hash(QStringLiteral("alipay"), QStringLiteral("2088102146225135")).value(),
                 a);

        // Phone numbers normalise.
        QCOMPARE(hasher.hash(QStringLiteral("phone"), QStringLiteral("+86 138-0013-8000")).value(),
                 hasher.hash(QStringLiteral("phone"), QStringLiteral("13800138000")).value());

        // Another install (own database, own vault) hashes the same payer differently.
        SecurityFixture other;
        QVERIFY(other.init());
        PayerHasher foreign(*other.settings, *other.vault);
        QVERIFY(
            foreign.hash(QStringLiteral("alipay"), QStringLiteral("2088102146225135")).value() !=
            a);
    }

    void purgeClearsPersonalDataAndNeverMoney()
    {
        PayerHasher hasher(*f->settings, *f->vault);
        const QString payer =
            hasher.hash(QStringLiteral("alipay"), QStringLiteral("2088000000000001")).value();
        AnomalyMonitor monitor(*f->db, *f->settings, *f->audit, f->clock);

        // Money records: a journal entry with postings.
        QVERIFY(f->db
                    ->exec(QStringLiteral(
                        "INSERT INTO journal_entries(created_at, memo, reference, operator)"
                        " VALUES('2024-01-01T00:00:00.000Z', 'sale', 'T1', 'carl')"))
                    .ok());
        QVERIFY(f->db
                    ->exec(QStringLiteral("INSERT INTO postings(entry_id, account, amount_minor) "
                                          "VALUES(1, 'clearing:alipay', 1000)"))
                    .ok());
        QVERIFY(f->db
                    ->exec(QStringLiteral("INSERT INTO postings(entry_id, account, amount_minor) "
                                          "VALUES(1, 'revenue:sales', -1000)"))
                    .ok());
        // Another module's customer contact table, registered as a personal-data source.
        QVERIFY(f->db
                    ->exec(QStringLiteral(
                        "CREATE TABLE customer_contacts(id INTEGER PRIMARY KEY, created_at TEXT,"
                        " phone TEXT, contact_name TEXT, payer_hash TEXT, amount_minor INTEGER)"))
                    .ok());
        QVERIFY(
            f->db
                ->exec(QStringLiteral(
                           "INSERT INTO customer_contacts(created_at, phone, contact_name, "
                           "payer_hash, amount_minor)"
                           " VALUES('2024-01-01T00:00:00.000Z', '13800138000', 'Ms Li', ?, 1000),"
                           " ('2026-03-01T00:00:00.000Z', '13900139000', 'Mr Wu', NULL, 2000)"),
                       {payer})
                .ok());
        PrivacyService privacy(*f->db, *f->settings, *f->audit, f->clock);
        QVERIFY(privacy
                    .addSource({QStringLiteral("customer_contacts"),
                                QStringLiteral("created_at"),
                                {QStringLiteral("phone"), QStringLiteral("contact_name"),
                                 QStringLiteral("payer_hash")},
                                {QStringLiteral("phone"), QStringLiteral("payer_hash")}})
                    .ok());
        QCOMPARE(privacy
                     .addSource({QStringLiteral("postings"),
                                 QStringLiteral("id"),
                                 {QStringLiteral("account")},
                                 {}})
                     .error()
                     .code,
                 QStringLiteral("privacy.money_table"));
        QCOMPARE(privacy
                     .addSource({QStringLiteral("orders"),
                                 QStringLiteral("created_at"),
                                 {QStringLiteral("amount_minor")},
                                 {}})
                     .error()
                     .code,
                 QStringLiteral("privacy.money_table"));
        QVERIFY(privacy
                    .addSource({QStringLiteral("orders"),
                                QStringLiteral("created_at"),
                                {QStringLiteral("payer_hash")},
                                {QStringLiteral("payer_hash")}})
                    .ok());
        QCOMPARE(privacy
                     .addSource({QStringLiteral("x; DROP TABLE postings"),
                                 QStringLiteral("t"),
                                 {QStringLiteral("c")},
                                 {}})
                     .error()
                     .code,
                 QStringLiteral("privacy.bad_source"));

        // Old and recent events with the payer hash.
        f->clock.setNow(QDateTime(QDate(2023, 6, 1), QTime(3, 0), Qt::UTC));
        monitor.observe({PaymentEvent::Kind::Paid,
                         1000,
                         QStringLiteral("carl"),
                         {},
                         QStringLiteral("T1"),
                         payer});
        f->clock.setNow(QDateTime(QDate(2026, 3, 1), QTime(3, 0), Qt::UTC));
        monitor.observe({PaymentEvent::Kind::Paid,
                         2000,
                         QStringLiteral("carl"),
                         {},
                         QStringLiteral("T2"),
                         payer});

        const qint64 postingsBefore =
            count(QStringLiteral("SELECT COUNT(*) || '' || SUM(amount_minor) FROM postings"));
        const qint64 sumBefore =
            count(QStringLiteral("SELECT SUM(ABS(amount_minor)) FROM postings"));

        QCOMPARE(privacy.retentionMonths(), 24);
        auto purged = privacy.purgeExpired(QStringLiteral("olivia")); // cutoff 2024-03-01
        QVERIFY(purged.ok());
        QCOMPARE(purged.value(), 2); // the 2023 event and the 2024-01 contact
        QCOMPARE(count(QStringLiteral(
                     "SELECT COUNT(*) FROM security_payment_events WHERE payer_hash IS NULL")),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM security_payment_events")),
                 2); // rows stay, only the person goes
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM customer_contacts WHERE phone IS NULL "
                                      "AND contact_name IS NULL")),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT SUM(amount_minor) FROM customer_contacts")), 3000);
        // Money untouched.
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) || '' || SUM(amount_minor) FROM postings")),
                 postingsBefore);
        QCOMPARE(count(QStringLiteral("SELECT SUM(ABS(amount_minor)) FROM postings")), sumBefore);
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM journal_entries WHERE operator = 'carl'")),
            1);
        QCOMPARE(f->auditCount(QStringLiteral("privacy.purged")), 1);

        QVERIFY(
            f->settings->setValue(QStringLiteral("privacy.retention_months"), QStringLiteral("0"))
                .ok());
        QCOMPARE(privacy.purgeExpired(QStringLiteral("olivia")).value(), 0);
    }

    void exportNeedsStepUpAndIsAudited()
    {
        PayerHasher hasher(*f->settings, *f->vault);
        const QString payer =
            hasher.hash(QStringLiteral("alipay"), QStringLiteral("2088000000000002")).value();
        AnomalyMonitor monitor(*f->db, *f->settings, *f->audit, f->clock);
        monitor.observe({PaymentEvent::Kind::Paid,
                         1234,
                         QStringLiteral("carl"),
                         {},
                         QStringLiteral("T9"),
                         payer});
        monitor.observe({PaymentEvent::Kind::Paid,
                         999,
                         QStringLiteral("carl"),
                         {},
                         QStringLiteral("T10"),
                         QString()});
        PrivacyService privacy(*f->db, *f->settings, *f->audit, f->clock);

        Session owner = f->owner();
        QCOMPARE(privacy.exportCustomerData(owner, payer).error().code,
                 QStringLiteral("security.totp_not_enrolled"));
        auto e = f->operators->beginTotpEnrollment(owner);
        QVERIFY(f->operators->confirmTotpEnrollment(owner, f->code(e.value().secretBase32)).ok());
        auto out = privacy.exportCustomerData(owner, payer);
        QVERIFY(out.ok());
        const QJsonArray rows = out.value()
                                    .value(QStringLiteral("records"))
                                    .toObject()
                                    .value(QStringLiteral("security_payment_events"))
                                    .toArray();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("reference")).toString(),
                 QStringLiteral("T9"));
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("amount_minor")).toInteger(), 1234);
        QCOMPARE(out.value().value(QStringLiteral("operator")).toString(),
                 QStringLiteral("olivia"));
        QCOMPARE(f->auditCount(QStringLiteral("privacy.exported")), 1);
        // The audit log does not repeat the full identifier.
        AuditFilter filter;
        filter.text = payer;
        QCOMPARE(f->audit->query(filter).value().size(), 0);

        f->clock.advance(10 * 60 * 1000);
        QCOMPARE(privacy.exportCustomerData(owner, payer).error().code,
                 QStringLiteral("security.step_up_required"));
    }
};

QTEST_GUILESS_MAIN(TestPrivacy)
#include "tst_privacy.moc"
