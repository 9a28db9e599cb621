// Settings by role: a cashier cannot change them, an owner without two-factor is told to
// enrol, an owner with a fresh code saves and the change is audited.
#include "securityfixture.h"
#include "ui/settingsview.h"

#include "core/security/anomalymonitor.h"
#include "core/settings/storesettings.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

using namespace paydesk;
using namespace paydesk::testing;

class TestSettingsView : public QObject
{
    Q_OBJECT
private slots:
    void cashierCannotChangeSettings();
    void ownerWithoutTwoFactorIsRefused();
    void ownerWithFreshCodeSavesAndIsAudited();
    void badRefundLimitIsRefused();
    void showsTillIdentityAndSavesLimits();
};

namespace {
struct Env
{
    SecurityFixture f;
    std::unique_ptr<AnomalyMonitor> anomalies;
    std::unique_ptr<StoreSettings> store;
    bool init()
    {
        if (!f.init())
            return false;
        anomalies = std::make_unique<AnomalyMonitor>(*f.db, *f.settings, *f.audit, f.clock);
        store = std::make_unique<StoreSettings>(*f.db, *f.audit);
        return store->ensureTillIdentity().ok();
    }
    Session freshOwner()
    {
        Session owner = f.owner();
        auto enrollment = f.operators->beginTotpEnrollment(owner);
        if (!enrollment.ok() ||
            !f.operators->confirmTotpEnrollment(owner, f.code(enrollment.value().secretBase32))
                 .ok())
            return {};
        f.clock.advance(31000);
        auto fresh = f.operators->authenticate(QStringLiteral("olivia"), kOwnerPassword,
                                               f.code(enrollment.value().secretBase32));
        return fresh.ok() ? fresh.value() : Session();
    }
    std::unique_ptr<SettingsView> view()
    {
        return std::make_unique<SettingsView>(
            *store, *f.operators, *f.audit, *anomalies,
            ProviderInfo{QStringLiteral("sandbox-embedded"), QStringLiteral("2021000000000001"),
                         QStringLiteral("http://127.0.0.1:1/alipay/gateway.do"),
                         QStringLiteral("Alipay")});
    }
};
} // namespace

void TestSettingsView::cashierCannotChangeSettings()
{
    Env e;
    QVERIFY(e.init());
    Session owner = e.f.owner();
    QVERIFY(e.f.operators
                ->createOperator(owner, QStringLiteral("carl"), Role::Cashier, kCashierPassword)
                .ok());
    auto cashier = e.f.operators->authenticate(QStringLiteral("carl"), kCashierPassword);
    QVERIFY(cashier.ok());
    auto view = e.view();
    view->setSession(&cashier.value());
    view->show();
    QVERIFY(!view->findChild<QLineEdit *>(QStringLiteral("storeNameEdit"))->isEnabled());
    QVERIFY(!view->findChild<QPushButton *>(QStringLiteral("saveSettingsButton"))->isEnabled());
    auto *tabs = view->findChild<QTabWidget *>(QStringLiteral("settingsTabs"));
    QVERIFY(!tabs->isTabVisible(2)); // operators
    QVERIFY(!tabs->isTabVisible(3)); // audit log
    QVERIFY(!view->findChild<QPushButton *>(QStringLiteral("exportCustomerButton"))->isEnabled());
}

void TestSettingsView::ownerWithoutTwoFactorIsRefused()
{
    Env e;
    QVERIFY(e.init());
    Session owner = e.f.owner();
    auto view = e.view();
    view->setSession(&owner);
    view->show();
    auto *name = view->findChild<QLineEdit *>(QStringLiteral("storeNameEdit"));
    QVERIFY(name->isEnabled());
    name->setText(QStringLiteral("Lotus Bakery"));
    QTest::mouseClick(view->findChild<QPushButton *>(QStringLiteral("saveSettingsButton")),
                      Qt::LeftButton);
    QVERIFY(!view->findChild<QLabel *>(QStringLiteral("settingsMessage"))->text().isEmpty());
    QVERIFY(!e.f.settings->value(QStringLiteral("store.name")).has_value());
    QCOMPARE(e.f.auditCount(QStringLiteral("settings.changed")), qint64(0));
}

void TestSettingsView::ownerWithFreshCodeSavesAndIsAudited()
{
    Env e;
    QVERIFY(e.init());
    Session owner = e.f.owner();
    auto enrollment = e.f.operators->beginTotpEnrollment(owner);
    QVERIFY(enrollment.ok());
    QVERIFY(e.f.operators->confirmTotpEnrollment(owner, e.f.code(enrollment.value().secretBase32))
                .ok());
    e.f.clock.advance(31000);
    auto fresh = e.f.operators->authenticate(QStringLiteral("olivia"), kOwnerPassword,
                                             e.f.code(enrollment.value().secretBase32));
    QVERIFY2(fresh.ok(), qPrintable(fresh.ok() ? QString() : fresh.error().message));
    auto view = e.view();
    view->setSession(&fresh.value());
    view->show();
    view->findChild<QLineEdit *>(QStringLiteral("storeNameEdit"))
        ->setText(QStringLiteral("Lotus Bakery"));
    view->findChild<QLineEdit *>(QStringLiteral("printerEdit"))
        ->setText(QStringLiteral("tcp://192.168.1.50:9100"));
    QSignalSpy saved(view.get(), &SettingsView::settingsSaved);
    QTest::mouseClick(view->findChild<QPushButton *>(QStringLiteral("saveSettingsButton")),
                      Qt::LeftButton);
    QCOMPARE(saved.count(), 1);
    QCOMPARE(*e.f.settings->value(QStringLiteral("store.name")), QStringLiteral("Lotus Bakery"));
    QCOMPARE(*e.f.settings->value(QStringLiteral("receipt.printer")),
             QStringLiteral("tcp://192.168.1.50:9100"));
    QCOMPARE(e.f.auditCount(QStringLiteral("settings.changed")), qint64(1));
    QVERIFY(e.f.audit->verify().ok);
}

void TestSettingsView::badRefundLimitIsRefused()
{
    Env e;
    QVERIFY(e.init());
    Session owner = e.f.owner();
    auto enrollment = e.f.operators->beginTotpEnrollment(owner);
    QVERIFY(e.f.operators->confirmTotpEnrollment(owner, e.f.code(enrollment.value().secretBase32))
                .ok());
    e.f.clock.advance(31000);
    auto fresh = e.f.operators->authenticate(QStringLiteral("olivia"), kOwnerPassword,
                                             e.f.code(enrollment.value().secretBase32));
    QVERIFY(fresh.ok());
    auto view = e.view();
    view->setSession(&fresh.value());
    view->show();
    view->findChild<QLineEdit *>(QStringLiteral("refundLimitEdit"))
        ->setText(QStringLiteral("12.345"));
    QTest::mouseClick(view->findChild<QPushButton *>(QStringLiteral("saveSettingsButton")),
                      Qt::LeftButton);
    const QString message = view->findChild<QLabel *>(QStringLiteral("settingsMessage"))->text();
    QVERIFY2(message.contains(QStringLiteral("decimal")), qPrintable(message));
    QVERIFY(!e.f.settings->value(QStringLiteral("security.refund_limit_minor")).has_value());
    QCOMPARE(e.f.auditCount(QStringLiteral("settings.changed")), qint64(0));
}

void TestSettingsView::showsTillIdentityAndSavesLimits()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    Env e;
    QVERIFY(e.init());
    Session owner = e.freshOwner();
    QVERIFY(owner.isValid());
    auto view = e.view();
    view->setSession(&owner);
    view->show();
    auto *identity = view->findChild<QLabel *>(QStringLiteral("tillIdentityLabel"));
    QVERIFY(identity);
    QCOMPARE(identity->text(), e.store->tillIdentity());
    QCOMPARE(identity->text().size(), 4);
    auto *maxSale = view->findChild<QLineEdit *>(QStringLiteral("maxSaleEdit"));
    QCOMPARE(maxSale->text(), QStringLiteral("100,000.00"));
    auto *save = view->findChild<QPushButton *>(QStringLiteral("saveSettingsButton"));
    auto *message = view->findChild<QLabel *>(QStringLiteral("settingsMessage"));

    // Core's rule, shown by the view: nothing is stored.
    maxSale->setText(QStringLiteral("0"));
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY2(message->text().contains(QStringLiteral("maximum sale amount")),
             qPrintable(message->text()));
    QCOMPARE(e.store->maxSaleAmount().minor(), 10'000'000);

    maxSale->setText(QStringLiteral("2,500.00"));
    view->findChild<QLineEdit *>(QStringLiteral("storeCodeEdit"))
        ->setText(QStringLiteral("sh0107a"));
    auto *age = view->findChild<QComboBox *>(QStringLiteral("passwordAgeCombo"));
    QCOMPARE(age->count(), 3);
    QCOMPARE(age->currentData().toInt(), 0);
    age->setCurrentIndex(age->findData(180));
    QSignalSpy changed(e.store.get(), &StoreSettings::changed);
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(message->text(), QStringLiteral("Settings saved."));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(e.store->maxSaleAmount().minor(), 250'000);
    QCOMPARE(e.store->storeCode(), QStringLiteral("SH0107A"));
    QCOMPARE(e.store->values().passwordMaxAgeDays, 180);
    QCOMPARE(view->findChild<QLineEdit *>(QStringLiteral("storeCodeEdit"))->text(),
             QStringLiteral("SH0107A"));
    QCOMPARE(e.f.auditCount(QStringLiteral("settings.changed")), qint64(1));
    QTest::mouseClick(save, Qt::LeftButton);
    QCOMPARE(message->text(), QStringLiteral("Nothing changed."));
    QCOMPARE(e.f.auditCount(QStringLiteral("settings.changed")), qint64(1));
}

QTEST_MAIN(TestSettingsView)
#include "tst_settingsview.moc"
