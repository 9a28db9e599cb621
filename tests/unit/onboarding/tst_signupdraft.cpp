// The signup draft: saved at every page, read back after a "restart" (a new Database and
// vault over the same files), secrets never in the database file in clear.
#include "core/crypto/secretvault.h"
#include "core/onboarding/signupdraftstore.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::onboarding;

class TestSignupDraft : public QObject
{
    Q_OBJECT
private slots:
    void roundTripAcrossRestart();
    void clearForgetsPhotosToo();
    void wrongKeyIsAnErrorNotAnEmptyDraft();
};

namespace {
MerchantApplication sample()
{
    MerchantApplication a;
    a.provider = QStringLiteral("p1");
    a.business.type = MerchantType::Enterprise;
    a.business.name = QStringLiteral("成都测试商贸有限公司");
    a.business.creditCode = QStringLiteral("91512081MA62K0260E");
    a.business.contactMobile = QStringLiteral("13800138000");
    a.legal.name = QStringLiteral("张三");
    a.legal.idNumber = QStringLiteral("11010519491231002X");
    a.legal.validFrom = QDate(2020, 1, 1);
    a.legal.longTerm = true;
    a.documents.insert(QString::fromLatin1(ApplicationFields::licencePhoto),
                       {QStringLiteral("licence.jpg"), QByteArray("\xFF\xD8\xFFSECRETPHOTO")});
    a.bank.number = QStringLiteral("6226095711989751");
    a.bank.holder = a.business.name;
    a.state = ApplicationState::Rejected;
    a.businessCode = QStringLiteral("P1_PD_1");
    a.rejections = {
        {QString::fromLatin1(ApplicationFields::licencePhoto), QStringLiteral("不清晰")}};
    return a;
}
} // namespace

void TestSignupDraft::roundTripAcrossRestart()
{
    QTemporaryDir dir;
    const QString dbPath = dir.filePath(QStringLiteral("db.sqlite"));
    const QByteArray key(32, 'k');
    ManualClock clock(QDateTime(QDate(2026, 12, 2), QTime(3, 0), Qt::UTC));
    {
        auto db = Database::open(dbPath);
        QVERIFY(db.ok());
        auto vault = SecretVault::fromKey(key);
        DraftStore drafts(*db.value(), *vault.value(), clock);
        SignupDraftStore store(drafts);
        QVERIFY(store.load().ok());
        QVERIFY(!store.load().value().has_value());
        QVERIFY(store.save(sample(), 103).ok());
    }
    auto db = Database::open(dbPath);
    QVERIFY(db.ok());
    auto vault = SecretVault::fromKey(key);
    DraftStore drafts(*db.value(), *vault.value(), clock);
    SignupDraftStore store(drafts);
    auto loaded = store.load();
    QVERIFY(loaded.ok());
    QVERIFY(loaded.value().has_value());
    const auto &d = *loaded.value();
    QCOMPARE(d.page, 103);
    const MerchantApplication &a = d.application;
    QCOMPARE(a.business.name, sample().business.name);
    QCOMPARE(a.business.type, MerchantType::Enterprise);
    QCOMPARE(a.legal.idNumber, QStringLiteral("11010519491231002X"));
    QVERIFY(a.legal.longTerm);
    QCOMPARE(a.bank.number, QStringLiteral("6226095711989751"));
    QCOMPARE(a.documents.value(QString::fromLatin1(ApplicationFields::licencePhoto)).bytes,
             QByteArray("\xFF\xD8\xFFSECRETPHOTO"));
    QCOMPARE(a.state, ApplicationState::Rejected);
    QCOMPARE(a.rejectionFor(QString::fromLatin1(ApplicationFields::licencePhoto)),
             QStringLiteral("不清晰"));
    // Each photo has its own draft entry; clearing forgets them all.
    QVERIFY(drafts.pages().value().contains(QStringLiteral("signup.photo.documents.licence")));
    QVERIFY(store.save(d.application, 104).ok());
    {
        Database &second = *db.value();
        auto rows = second.scalar(QStringLiteral("SELECT COUNT(*) FROM onboarding_drafts"));
        QCOMPARE(rows.value()->toInt(), 2);
    }
    db.value().reset();

    QByteArray raw;
    for (const QString &suffix : {QString(), QStringLiteral("-wal")}) {
        QFile f(dbPath + suffix);
        if (f.open(QIODevice::ReadOnly))
            raw += f.readAll();
    }
    QVERIFY(raw.contains("91512081MA62K0260E")); // not a secret: on the licence
    QVERIFY(!raw.contains("11010519491231002X"));
    QVERIFY(!raw.contains("6226095711989751"));
    QVERIFY(!raw.contains("13800138000"));
    QVERIFY(!raw.contains("SECRETPHOTO"));
}

void TestSignupDraft::clearForgetsPhotosToo()
{
    QTemporaryDir dir;
    ManualClock clock(QDateTime(QDate(2026, 12, 2), QTime(3, 0), Qt::UTC));
    auto db = Database::open(dir.filePath(QStringLiteral("db.sqlite")));
    QVERIFY(db.ok());
    auto vault = SecretVault::fromKey(QByteArray(32, 'c'));
    DraftStore drafts(*db.value(), *vault.value(), clock);
    SignupDraftStore store(drafts);
    QVERIFY(store.save(sample(), 102).ok());
    QVERIFY(store.clear().ok());
    QVERIFY(drafts.pages().value().isEmpty());
    QVERIFY(!store.load().value().has_value());
}

void TestSignupDraft::wrongKeyIsAnErrorNotAnEmptyDraft()
{
    QTemporaryDir dir;
    const QString dbPath = dir.filePath(QStringLiteral("db.sqlite"));
    ManualClock clock(QDateTime(QDate(2026, 12, 2), QTime(3, 0), Qt::UTC));
    auto db = Database::open(dbPath);
    QVERIFY(db.ok());
    {
        auto vault = SecretVault::fromKey(QByteArray(32, 'a'));
        DraftStore drafts(*db.value(), *vault.value(), clock);
        QVERIFY(SignupDraftStore(drafts).save(sample(), 100).ok());
    }
    auto other = SecretVault::fromKey(QByteArray(32, 'b'));
    DraftStore drafts(*db.value(), *other.value(), clock);
    auto loaded = SignupDraftStore(drafts).load();
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().code, QStringLiteral("signup.draft_unreadable"));
}

QTEST_GUILESS_MAIN(TestSignupDraft)
#include "tst_signupdraft.moc"
