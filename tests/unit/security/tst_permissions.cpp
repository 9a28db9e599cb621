#include "core/security/permissions.h"

#include <QTest>

using namespace paydesk;

Q_DECLARE_METATYPE(paydesk::Role)
Q_DECLARE_METATYPE(paydesk::Permission)

class TestPermissions : public QObject
{
    Q_OBJECT
private slots:
    void table_data()
    {
        QTest::addColumn<Role>("role");
        QTest::addColumn<Permission>("permission");
        QTest::addColumn<bool>("allowed");
        struct Row
        {
            Permission p;
            bool owner, manager, cashier;
        };
        const Row rows[] = {
            {Permission::TakePayment, true, true, true},
            {Permission::Refund, true, true, true},
            {Permission::RefundOverLimit, true, true, false},
            {Permission::ResolveCase, true, true, false},
            {Permission::ManageOperators, true, false, false},
            {Permission::ChangeSettings, true, true, false},
            {Permission::ExportData, true, true, false},
            {Permission::SignOffDay, true, true, false},
            {Permission::ViewAudit, true, true, false},
            {Permission::ViewReports, true, true, false},
            {Permission::Reconcile, true, true, false},
            {Permission::ManageProviders, true, false, false},
        };
        QCOMPARE(int(std::size(rows)), allPermissions().size()); // every permission is in the table
        for (const Row &r : rows) {
            const QByteArray p = permissionId(r.p).toLatin1();
            QTest::newRow(("owner/" + p).constData()) << Role::Owner << r.p << r.owner;
            QTest::newRow(("manager/" + p).constData()) << Role::Manager << r.p << r.manager;
            QTest::newRow(("cashier/" + p).constData()) << Role::Cashier << r.p << r.cashier;
        }
    }
    void table()
    {
        QFETCH(Role, role);
        QFETCH(Permission, permission);
        QFETCH(bool, allowed);
        QCOMPARE(roleAllows(role, permission), allowed);
    }

    void stepUpActions_data()
    {
        QTest::addColumn<Permission>("permission");
        QTest::addColumn<bool>("stepUp");
        for (Permission p : allPermissions()) {
            const bool expected = p == Permission::RefundOverLimit ||
                                  p == Permission::ChangeSettings || p == Permission::ExportData ||
                                  p == Permission::SignOffDay || p == Permission::ManageProviders;
            QTest::newRow(permissionId(p).toLatin1().constData()) << p << expected;
        }
    }
    void stepUpActions()
    {
        QFETCH(Permission, permission);
        QFETCH(bool, stepUp);
        QCOMPARE(permissionNeedsStepUp(permission), stepUp);
        // Nobody without 2FA-capable role gets a step-up action.
        if (stepUp)
            QVERIFY(!roleAllows(Role::Cashier, permission));
    }

    void ids()
    {
        for (Role r : allRoles()) {
            QCOMPARE(roleFromId(roleId(r)), r);
            QVERIFY(!roleDisplayName(r).isEmpty());
        }
        QVERIFY(!roleFromId(QStringLiteral("root")).has_value());
        QSet<QString> seen;
        for (Permission p : allPermissions()) {
            QVERIFY(!permissionDisplayName(p).isEmpty());
            seen.insert(permissionId(p));
        }
        QCOMPARE(seen.size(), allPermissions().size());
        QVERIFY(roleRequiresTotp(Role::Owner));
        QVERIFY(roleRequiresTotp(Role::Manager));
        QVERIFY(!roleRequiresTotp(Role::Cashier));
    }
};

QTEST_GUILESS_MAIN(TestPermissions)
#include "tst_permissions.moc"
