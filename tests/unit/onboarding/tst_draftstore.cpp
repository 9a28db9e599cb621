// The wizard's draft: plain fields round-trip, sensitive ones never reach the file in clear and
// come back decrypted, a blob moved to another page does not decrypt, clear() forgets all.
#include "securityfixture.h"

#include "core/onboarding/draftstore.h"

#include <QFile>

using namespace paydesk;
using namespace paydesk::testing;
using namespace Qt::StringLiterals;

class TestDraftStore : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SecurityFixture> f;

private slots:
    void init()
    {
        f = std::make_unique<SecurityFixture>();
        QVERIFY(f->init());
    }
    void cleanup() { f.reset(); }

    void roundTripWithSecretsEncrypted()
    {
        DraftStore drafts(*f->db, *f->vault, f->clock);
        const QByteArray secret = "-----BEGIN PRIVATE KEY-----\nMIIEsecretsecret\n";
        const QJsonObject fields{{u"app_id"_s, u"2021000123456789"_s},
                                 {u"private_key"_s, QString::fromLatin1(secret)},
                                 {u"volume"_s, 1234}};
        QVERIFY(drafts.save(u"connect"_s, fields, {u"private_key"_s}).ok());
        auto back = drafts.load(u"connect"_s);
        QVERIFY(back.ok());
        QCOMPARE(back.value(), fields);

        auto stored = f->db->exec(u"SELECT data, secrets FROM onboarding_drafts"_s);
        QVERIFY(stored.ok() && stored.value().next());
        QVERIFY(!stored.value().value(0).toString().contains(u"MIIEsecret"_s));
        QVERIFY(stored.value().value(0).toString().contains(u"2021000123456789"_s));
        QVERIFY(SecretVault::isBlob(stored.value().value(1).toString().toLatin1()));
        QVERIFY(!stored.value().value(1).toString().contains(u"MIIEsecret"_s));

        // Saving again replaces; an empty secret stores no blob at all.
        QVERIFY(drafts
                    .save(u"connect"_s, {{u"app_id"_s, u"x"_s}, {u"private_key"_s, u""_s}},
                          {u"private_key"_s})
                    .ok());
        QCOMPARE(drafts.load(u"connect"_s).value(), QJsonObject({{u"app_id"_s, u"x"_s}}));
        QVERIFY(f->db->scalar(u"SELECT secrets FROM onboarding_drafts"_s).value()->isNull());
    }

    void missingPageIsEmptyAndKeysAreListed()
    {
        DraftStore drafts(*f->db, *f->vault, f->clock);
        auto none = drafts.load(u"owner"_s);
        QVERIFY(none.ok());
        QVERIFY(none.value().isEmpty());
        QVERIFY(drafts.save(u"welcome"_s, {{u"way"_s, u"sandbox"_s}}).ok());
        f->clock.advance(1000);
        QVERIFY(drafts.save(u"owner"_s, {{u"name"_s, u"olivia"_s}}).ok());
        QCOMPARE(drafts.pages().value(), QStringList({u"welcome"_s, u"owner"_s}));
        QVERIFY(drafts.remove(u"welcome"_s).ok());
        QCOMPARE(drafts.pages().value(), QStringList({u"owner"_s}));
        QVERIFY(drafts.clear().ok());
        QVERIFY(drafts.pages().value().isEmpty());
        QVERIFY(!drafts.save(QString(), {}).ok());
    }

    void blobBoundToItsPage()
    {
        DraftStore drafts(*f->db, *f->vault, f->clock);
        QVERIFY(drafts.save(u"a"_s, {{u"k"_s, u"secret"_s}}, {u"k"_s}).ok());
        QVERIFY(drafts.save(u"b"_s, {{u"k"_s, u"other"_s}}, {u"k"_s}).ok());
        QVERIFY(f->db
                    ->exec(u"UPDATE onboarding_drafts SET secrets = (SELECT secrets FROM"
                           " onboarding_drafts WHERE page_key = 'a') WHERE page_key = 'b'"_s)
                    .ok());
        auto moved = drafts.load(u"b"_s);
        QVERIFY(!moved.ok());
        QCOMPARE(moved.error().code, u"onboarding.draft_secrets"_s);
        QCOMPARE(drafts.load(u"a"_s).value().value(u"k"_s).toString(), u"secret"_s);
    }
};

QTEST_GUILESS_MAIN(TestDraftStore)
#include "tst_draftstore.moc"
