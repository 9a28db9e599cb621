#include "core/security/permissions.h"

namespace paydesk {

bool roleAllows(Role role, Permission permission)
{
    switch (role) {
    case Role::Owner:
        return true;
    case Role::Manager:
        // A manager runs the shift and the books but does not hire or fire operators, nor
        // decide which merchant account the money goes to.
        return permission != Permission::ManageOperators &&
               permission != Permission::ManageProviders;
    case Role::Cashier:
        return permission == Permission::TakePayment || permission == Permission::Refund;
    }
    return false;
}

bool permissionNeedsStepUp(Permission permission)
{
    switch (permission) {
    case Permission::RefundOverLimit:
    case Permission::ChangeSettings:
    case Permission::ExportData:
    case Permission::SignOffDay:
    case Permission::ManageProviders:
        return true;
    case Permission::TakePayment:
    case Permission::Refund:
    case Permission::ResolveCase:
    case Permission::ManageOperators:
    case Permission::ViewAudit:
    case Permission::ViewReports:
    case Permission::Reconcile:
        return false;
    }
    return true;
}

bool roleRequiresTotp(Role role)
{
    return role == Role::Owner || role == Role::Manager;
}

QList<Role> allRoles()
{
    return {Role::Owner, Role::Manager, Role::Cashier};
}

QList<Permission> allPermissions()
{
    return {Permission::TakePayment, Permission::Refund,          Permission::RefundOverLimit,
            Permission::ResolveCase, Permission::ManageOperators, Permission::ChangeSettings,
            Permission::ExportData,  Permission::SignOffDay,      Permission::ViewAudit,
            Permission::ViewReports, Permission::Reconcile,       Permission::ManageProviders};
}

QString roleId(Role role)
{
    switch (role) {
    case Role::Owner:
        return QStringLiteral("owner");
    case Role::Manager:
        return QStringLiteral("manager");
    case Role::Cashier:
        return QStringLiteral("cashier");
    }
    return {};
}

std::optional<Role> roleFromId(const QString &id)
{
    for (Role r : allRoles()) {
        if (roleId(r) == id)
            return r;
    }
    return std::nullopt;
}

QString roleDisplayName(Role role)
{
    switch (role) {
    case Role::Owner:
        return QCoreApplication::translate("paydesk::Role", "Owner");
    case Role::Manager:
        return QCoreApplication::translate("paydesk::Role", "Manager");
    case Role::Cashier:
        return QCoreApplication::translate("paydesk::Role", "Cashier");
    }
    return {};
}

QString permissionId(Permission permission)
{
    switch (permission) {
    case Permission::TakePayment:
        return QStringLiteral("take_payment");
    case Permission::Refund:
        return QStringLiteral("refund");
    case Permission::RefundOverLimit:
        return QStringLiteral("refund_over_limit");
    case Permission::ResolveCase:
        return QStringLiteral("resolve_case");
    case Permission::ManageOperators:
        return QStringLiteral("manage_operators");
    case Permission::ChangeSettings:
        return QStringLiteral("change_settings");
    case Permission::ExportData:
        return QStringLiteral("export_data");
    case Permission::SignOffDay:
        return QStringLiteral("sign_off_day");
    case Permission::ViewAudit:
        return QStringLiteral("view_audit");
    case Permission::ViewReports:
        return QStringLiteral("view_reports");
    case Permission::Reconcile:
        return QStringLiteral("reconcile");
    case Permission::ManageProviders:
        return QStringLiteral("manage_providers");
    }
    return {};
}

QString permissionDisplayName(Permission permission)
{
    switch (permission) {
    case Permission::TakePayment:
        return QCoreApplication::translate("paydesk::Permission", "Take payments");
    case Permission::Refund:
        return QCoreApplication::translate("paydesk::Permission", "Refund");
    case Permission::RefundOverLimit:
        return QCoreApplication::translate("paydesk::Permission", "Refund above the limit");
    case Permission::ResolveCase:
        return QCoreApplication::translate("paydesk::Permission", "Resolve duplicate-charge cases");
    case Permission::ManageOperators:
        return QCoreApplication::translate("paydesk::Permission", "Manage operators");
    case Permission::ChangeSettings:
        return QCoreApplication::translate("paydesk::Permission", "Change settings");
    case Permission::ExportData:
        return QCoreApplication::translate("paydesk::Permission", "Export personal data");
    case Permission::SignOffDay:
        return QCoreApplication::translate("paydesk::Permission", "Sign off the day");
    case Permission::ViewAudit:
        return QCoreApplication::translate("paydesk::Permission", "View the audit log");
    case Permission::ViewReports:
        return QCoreApplication::translate("paydesk::Permission", "View reports");
    case Permission::Reconcile:
        return QCoreApplication::translate("paydesk::Permission", "Reconcile");
    case Permission::ManageProviders:
        return QCoreApplication::translate("paydesk::Permission", "Manage merchant accounts");
    }
    return {};
}

} // namespace paydesk
