// StoreSettings: one place for keys, defaults and validation; the owner's edit is
// authorized, stored and audited in core, and every reader sees the new value at once.
#include "securityfixture.h"

#include "core/checkout/checkoutservice.h"
#include "core/security/session.h"
#include "core/settings/storesettings.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>

using namespace paydesk;
using namespace paydesk::testing;
using namespace Qt::StringLiterals;

class TestStoreSettings : public QObject
{
    Q_OBJECT
private slots:
    void defaultsOnAFreshTill();
    void validation_data();
    void validation();
    void onlyAnOwnerOrManagerWithStepUpChanges();
    void applyStoresAuditsAndSignals();
    void readersSeeTheChangeAtOnce();
    void unreadableStoredValuesFallBackToDefaults();
    void tillIdentityIsCreatedOnceAndKept();
};

namespace {
struct Env
{
    SecurityFixture f;
    std::unique_ptr<StoreSettings> settings;
    bool init()
    {
        if (!f.init())
            return false;
        settings = std::make_unique<StoreSettings>(*f.db, *f.audit);
        return true;
    }
    /// The owner, enrolled in two-factor and just logged in with a code (fresh step-up).
    Session freshOwner()
    {
        Session owner = f.owner();
        auto enrollment = f.operators->beginTotpEnrollment(owner);
        if (!enrollment.ok() ||
            !f.operators->confirmTotpEnrollment(owner, f.code(enrollment.value().secretBase32))
                 .ok())
            return {};
        f.clock.advance(31000);
        auto fresh = f.operators->authenticate(u"olivia"_s, kOwnerPassword,
                                               f.code(enrollment.value().secretBase32));
        return fresh.ok() ? fresh.value() : Session();
    }
};
} // namespace

void TestStoreSettings::defaultsOnAFreshTill()
{
    Env e;
    QVERIFY(e.init());
    const StoreSettings::Values v = e.settings->values();
    QVERIFY(v == StoreSettings::Values{});
    QCOMPARE(v.storeCode, u"PD"_s);
    QCOMPARE(v.idleLockMinutes, 5);
    QCOMPARE(v.maxSaleAmount.minor(), 10'000'000); // ¥100,000.00
    QCOMPARE(v.refundLimit.minor(), 50'000);
    QCOMPARE(v.retentionMonths, 24);
    QCOMPARE(v.passwordMaxAgeDays, 0);
    QCOMPARE(e.settings->storeName(), u"My store"_s);
    QVERIFY(StoreSettings::validate(v).ok());
}

void TestStoreSettings::validation_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("complaint");

    QTest::newRow("store code of 7") << u"storeCode"_s << u"SH01ABC"_s << true << QString();
    QTest::newRow("store code of 8") << u"storeCode"_s << u"SH01ABCD"_s << false << u"store code"_s;
    QTest::newRow("empty store code") << u"storeCode"_s << QString() << false << u"store code"_s;
    QTest::newRow("store code with dash")
        << u"storeCode"_s << u"SH-1"_s << false << u"store code"_s;
    QTest::newRow("lower-case store code is taken as upper")
        << u"storeCode"_s << u"sh01"_s << true << QString();
    QTest::newRow("idle 0 = never") << u"idle"_s << u"0"_s << true << QString();
    QTest::newRow("idle 240") << u"idle"_s << u"240"_s << true << QString();
    QTest::newRow("idle 241") << u"idle"_s << u"241"_s << false << u"idle lock"_s;
    QTest::newRow("idle negative") << u"idle"_s << u"-1"_s << false << u"idle lock"_s;
    QTest::newRow("max sale 0.01") << u"maxSale"_s << u"1"_s << true << QString();
    QTest::newRow("max sale 0") << u"maxSale"_s << u"0"_s << false << u"maximum sale"_s;
    QTest::newRow("max sale 100,000,000.00")
        << u"maxSale"_s << u"10000000000"_s << true << QString();
    QTest::newRow("max sale above the provider's ceiling")
        << u"maxSale"_s << u"10000000001"_s << false << u"maximum sale"_s;
    QTest::newRow("refund limit negative") << u"refund"_s << u"-1"_s << false << u"refund"_s;
    QTest::newRow("retention 0 = keep") << u"retention"_s << u"0"_s << true << QString();
    QTest::newRow("retention 121") << u"retention"_s << u"121"_s << false << u"120"_s;
    QTest::newRow("printer tcp") << u"printer"_s << u"tcp://192.168.1.50:9100"_s << true
                                 << QString();
    QTest::newRow("printer nonsense")
        << u"printer"_s << u"http://x"_s << false << u"Receipt printer"_s;
    QTest::newRow("password age 90") << u"passwordAge"_s << u"90"_s << true << QString();
    QTest::newRow("password age 180") << u"passwordAge"_s << u"180"_s << true << QString();
    QTest::newRow("password age 30") << u"passwordAge"_s << u"30"_s << false << u"password"_s;
    QTest::newRow("backups 30 days") << u"backupKeep"_s << u"30"_s << true << QString();
    QTest::newRow("backups 0 days") << u"backupKeep"_s << u"0"_s << false << u"backups"_s;
    QTest::newRow("backups 366 days") << u"backupKeep"_s << u"366"_s << false << u"backups"_s;
    QTest::newRow("store name of 65")
        << u"storeName"_s << QString(65, u'x') << false << u"store name"_s;
}

void TestStoreSettings::validation()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QFETCH(QString, complaint);
    Env e;
    QVERIFY(e.init());
    StoreSettings::Values v;
    if (field == u"storeCode")
        v.storeCode = value;
    else if (field == u"storeName")
        v.storeName = value;
    else if (field == u"idle")
        v.idleLockMinutes = value.toInt();
    else if (field == u"maxSale")
        v.maxSaleAmount = Money::fromMinor(value.toLongLong());
    else if (field == u"refund")
        v.refundLimit = Money::fromMinor(value.toLongLong());
    else if (field == u"retention")
        v.retentionMonths = value.toInt();
    else if (field == u"printer")
        v.receiptPrinter = value;
    else if (field == u"passwordAge")
        v.passwordMaxAgeDays = value.toInt();
    else if (field == u"backupKeep")
        v.backupKeepDays = value.toInt();
    const Session owner = e.freshOwner();
    QVERIFY(owner.isValid());
    auto applied = e.settings->apply(v, owner);
    QCOMPARE(applied.ok(), valid);
    if (!valid) {
        QCOMPARE(applied.error().code, u"settings.invalid"_s);
        QVERIFY2(applied.error().message.contains(complaint, Qt::CaseInsensitive),
                 qPrintable(applied.error().message));
        QVERIFY(e.settings->values() == StoreSettings::Values{});
        QCOMPARE(e.f.auditCount(u"settings.changed"_s), qint64(0));
    }
}

void TestStoreSettings::onlyAnOwnerOrManagerWithStepUpChanges()
{
    Env e;
    QVERIFY(e.init());
    Session owner = e.f.owner();
    QVERIFY(e.f.operators->createOperator(owner, u"carl"_s, Role::Cashier, kCashierPassword).ok());
    auto cashier = e.f.operators->authenticate(u"carl"_s, kCashierPassword);
    QVERIFY(cashier.ok());
    StoreSettings::Values v;
    v.storeName = u"Lotus Bakery"_s;
    QSignalSpy changed(e.settings.get(), &StoreSettings::changed);
    QVERIFY(!e.settings->apply(v, cashier.value()).ok());
    // The owner without a fresh second factor is asked for it (the view shows the dialog).
    auto noStepUp = e.settings->apply(v, owner);
    QVERIFY(!noStepUp.ok());
    QVERIFY(!e.settings->apply(v, Session()).ok());
    QCOMPARE(e.settings->values().storeName, QString());
    QCOMPARE(changed.count(), 0);
    QCOMPARE(e.f.auditCount(u"settings.changed"_s), qint64(0));
}

void TestStoreSettings::applyStoresAuditsAndSignals()
{
    Env e;
    QVERIFY(e.init());
    const Session owner = e.freshOwner();
    QVERIFY(owner.isValid());
    QSignalSpy changed(e.settings.get(), &StoreSettings::changed);
    StoreSettings::Values v;
    v.storeName = u"  Lotus Bakery "_s;
    v.storeCode = u"sh01"_s;
    v.maxSaleAmount = Money::fromMinor(500'000);
    v.passwordMaxAgeDays = 90;
    auto applied = e.settings->apply(v, owner);
    QVERIFY2(applied.ok(), qPrintable(applied.ok() ? QString() : applied.error().message));
    QCOMPARE(applied.value(),
             (QStringList{u"store.name"_s, u"store.code"_s, u"checkout.max_sale_minor"_s,
                          u"security.password_max_age_days"_s}));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().toStringList(), applied.value());
    QCOMPARE(e.settings->values().storeName, u"Lotus Bakery"_s);
    QCOMPARE(e.settings->storeCode(), u"SH01"_s);
    QCOMPARE(e.settings->maxSaleAmount().minor(), 500'000);

    AuditFilter filter;
    filter.action = u"settings.changed"_s;
    auto entries = e.f.audit->query(filter);
    QVERIFY(entries.ok());
    QCOMPARE(entries.value().size(), 1);
    QCOMPARE(entries.value().first().operatorName, u"olivia"_s);
    const QJsonArray changes = entries.value().first().details.value(u"changes").toArray();
    QCOMPARE(changes.size(), 4);
    QCOMPARE(changes.at(1).toObject().value(u"key").toString(), u"store.code"_s);
    QCOMPARE(changes.at(1).toObject().value(u"from").toString(), u"PD"_s);
    QCOMPARE(changes.at(1).toObject().value(u"to").toString(), u"SH01"_s);
    QVERIFY(e.f.audit->verify().ok);

    // The same values again: nothing changes, nothing is audited, no signal.
    auto again = e.settings->apply(e.settings->values(), owner);
    QVERIFY(again.ok());
    QVERIFY(again.value().isEmpty());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(e.f.auditCount(u"settings.changed"_s), qint64(1));
}

void TestStoreSettings::readersSeeTheChangeAtOnce()
{
    // Receipts used to print the store name read at start-up.
    Env e;
    QVERIFY(e.init());
    QVERIFY(e.settings->ensureTillIdentity().ok());
    const Session owner = e.freshOwner();
    CheckoutConfig before = e.settings->applyTo(CheckoutConfig{});
    QCOMPARE(before.storeName, u"My store"_s);
    StoreSettings::Values v = e.settings->values();
    v.storeName = u"Jade Tea House"_s;
    v.maxSaleAmount = Money::fromMinor(123'400);
    QVERIFY(e.settings->apply(v, owner).ok());
    const CheckoutConfig after = e.settings->applyTo(before);
    QCOMPARE(after.storeName, u"Jade Tea House"_s);
    QCOMPARE(after.maxSaleAmount.minor(), 123'400);
    QCOMPARE(after.till, e.settings->tillIdentity());
    QCOMPARE(after.qrPollMs, before.qrPollMs); // timings are not the store's
    // Another reader of the same database (another process) sees it too.
    StoreSettings other(*e.f.db, *e.f.audit);
    QCOMPARE(other.storeName(), u"Jade Tea House"_s);
    QCOMPARE(StoreSettings::read(*e.f.settings).maxSaleAmount.minor(), 123'400);
}

void TestStoreSettings::unreadableStoredValuesFallBackToDefaults()
{
    Env e;
    QVERIFY(e.init());
    QVERIFY(e.f.settings->setValue(u"security.idle_lock_minutes"_s, u"soon"_s).ok());
    QVERIFY(e.f.settings->setValue(u"checkout.max_sale_minor"_s, u""_s).ok());
    QCOMPARE(e.settings->idleLockMinutes(), 5);
    QCOMPARE(e.settings->maxSaleAmount().minor(), 10'000'000);
}

void TestStoreSettings::tillIdentityIsCreatedOnceAndKept()
{
    Env e;
    QVERIFY(e.init());
    QCOMPARE(e.settings->tillIdentity(), QString());
    auto id = e.settings->ensureTillIdentity();
    QVERIFY(id.ok());
    QVERIFY2(QRegularExpression(u"^[0-9A-Z]{4}$"_s).match(id.value()).hasMatch(),
             qPrintable(id.value()));
    QCOMPARE(e.settings->ensureTillIdentity().value(), id.value());
    StoreSettings reopened(*e.f.db, *e.f.audit);
    QCOMPARE(reopened.tillIdentity(), id.value());
    QCOMPARE(reopened.ensureTillIdentity().value(), id.value());
    // Not one of the owner's settings: apply() never touches it.
    const Session owner = e.freshOwner();
    StoreSettings::Values v;
    v.storeCode = u"SH02"_s;
    QVERIFY(e.settings->apply(v, owner).ok());
    QCOMPARE(e.settings->tillIdentity(), id.value());
}

QTEST_GUILESS_MAIN(TestStoreSettings)
#include "tst_storesettings.moc"
