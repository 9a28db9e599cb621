#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk {

/// What an operator is. Owners run the store, managers run a shift, cashiers take payments.
enum class Role { Owner, Manager, Cashier };

/// Everything the till guards. roleAllows() is the one table of who may do what.
enum class Permission {
    TakePayment,
    Refund,          ///< refund up to the configured limit
    RefundOverLimit, ///< refund above security.refund_limit_minor (needs a fresh step-up)
    ResolveCase,
    ManageOperators,
    ChangeSettings, ///< needs a fresh step-up
    ExportData,     ///< personal-data export (needs a fresh step-up)
    SignOffDay,     ///< end-of-day sign-off (needs a fresh step-up)
    ViewAudit,
    ViewReports,
    Reconcile,
    ManageProviders, ///< connect, test or remove a merchant account (owner; needs a fresh step-up)
};

/// The pure role x permission table.
bool roleAllows(Role role, Permission permission);
/// True for the actions that need a recent second factor (Session::stepUp) on top of the role.
bool permissionNeedsStepUp(Permission permission);
/// Owners and managers must enroll TOTP before they can use step-up actions.
bool roleRequiresTotp(Role role);

QList<Role> allRoles();
QList<Permission> allPermissions();

/// Stable identifiers for storage and JSON: "owner", "manager", "cashier".
QString roleId(Role role);
std::optional<Role> roleFromId(const QString &id);
/// Translated, for people.
QString roleDisplayName(Role role);

/// Stable identifiers: "take_payment", "refund", ...
QString permissionId(Permission permission);
QString permissionDisplayName(Permission permission);

} // namespace paydesk
