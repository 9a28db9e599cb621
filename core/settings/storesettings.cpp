#include "core/settings/storesettings.h"

#include "core/checkout/checkoutservice.h"
#include "core/crypto/crypto.h"
#include "core/orders/orderrepository.h"
#include "core/receipts/receiptprinter.h"
#include "core/security/auditlog.h"
#include "core/security/session.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/storage/transaction.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace paydesk {

namespace {

const QString kStoreName = QStringLiteral("store.name");
const QString kStoreCode = QStringLiteral("store.code");
const QString kTillIdentity = QStringLiteral("store.till_id");
const QString kIdleLock = QStringLiteral("security.idle_lock_minutes");
const QString kMaxSale = QStringLiteral("checkout.max_sale_minor");
const QString kRefundLimit = QStringLiteral("security.refund_limit_minor");
const QString kCashierRefundApproval = QStringLiteral("security.cashier_refund_approval");
const QString kRetention = QStringLiteral("privacy.retention_months");
const QString kPrinter = QStringLiteral("receipt.printer");
const QString kPasswordMaxAge = QStringLiteral("security.password_max_age_days");
const QString kCashDifferenceLimit = QStringLiteral("shift.cash_difference_limit_minor");
const QString kAutoRefundDuplicates = QStringLiteral("cases.auto_refund_duplicates");
const QString kBackupKeepDays = QStringLiteral("backup.keep_days");

constexpr int kMaxStoreNameLength = 64;

int intOr(const SettingsStore &store, const QString &key, int fallback)
{
    bool ok = false;
    const int v = store.value(key, QString()).toInt(&ok);
    return ok ? v : fallback;
}

Money moneyOr(const SettingsStore &store, const QString &key, const Money &fallback)
{
    bool ok = false;
    const qint64 v = store.value(key, QString()).toLongLong(&ok);
    return ok ? Money::fromMinor(v) : fallback;
}

/// The stored text of every value, keyed like the settings table.
QList<QPair<QString, QString>> stored(const StoreSettings::Values &v)
{
    return {
        {kStoreName, v.storeName},
        {kStoreCode, v.storeCode},
        {kIdleLock, QString::number(v.idleLockMinutes)},
        {kMaxSale, QString::number(v.maxSaleAmount.minor())},
        {kRefundLimit, QString::number(v.refundLimit.minor())},
        {kCashierRefundApproval,
         v.cashierRefundsNeedApproval ? QStringLiteral("1") : QStringLiteral("0")},
        {kRetention, QString::number(v.retentionMonths)},
        {kPrinter, v.receiptPrinter},
        {kPasswordMaxAge, QString::number(v.passwordMaxAgeDays)},
        {kCashDifferenceLimit, QString::number(v.cashDifferenceLimit.minor())},
        {kAutoRefundDuplicates, v.autoRefundDuplicates ? QStringLiteral("1") : QStringLiteral("0")},
        {kBackupKeepDays, QString::number(v.backupKeepDays)}};
}

StoreSettings::Values normalized(StoreSettings::Values v)
{
    v.storeName = v.storeName.trimmed();
    v.storeCode = v.storeCode.trimmed().toUpper();
    v.receiptPrinter = v.receiptPrinter.trimmed();
    return v;
}

QString newTillIdentity()
{
    static constexpr char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    QString id;
    while (id.size() < StoreSettings::TillIdentityLength) {
        const QByteArray bytes = crypto::randomBytes(16);
        if (bytes.isEmpty())
            return {};
        // 252 = 7 * 36: dropping the bytes above it keeps every character equally likely.
        for (const char b : bytes)
            if (quint8(b) < 252 && id.size() < StoreSettings::TillIdentityLength)
                id += QLatin1Char(alphabet[quint8(b) % 36]);
    }
    return id;
}

} // namespace

const QList<int> &StoreSettings::passwordMaxAgeChoices()
{
    static const QList<int> choices{0, 90, 180};
    return choices;
}

StoreSettings::StoreSettings(Database &db, AuditLog &audit, QObject *parent)
    : QObject(parent), m_db(db), m_audit(audit), m_store(std::make_unique<SettingsStore>(db))
{
}

StoreSettings::~StoreSettings() = default;

StoreSettings::Values StoreSettings::read(const SettingsStore &store)
{
    const Values d;
    Values v;
    v.storeName = store.value(kStoreName, d.storeName);
    v.storeCode = store.value(kStoreCode, d.storeCode);
    v.idleLockMinutes = intOr(store, kIdleLock, d.idleLockMinutes);
    v.maxSaleAmount = moneyOr(store, kMaxSale, d.maxSaleAmount);
    v.refundLimit = moneyOr(store, kRefundLimit, d.refundLimit);
    v.cashierRefundsNeedApproval = intOr(store, kCashierRefundApproval, 0) != 0;
    v.retentionMonths = intOr(store, kRetention, d.retentionMonths);
    v.receiptPrinter = store.value(kPrinter, d.receiptPrinter);
    v.passwordMaxAgeDays = intOr(store, kPasswordMaxAge, d.passwordMaxAgeDays);
    v.cashDifferenceLimit = moneyOr(store, kCashDifferenceLimit, d.cashDifferenceLimit);
    v.autoRefundDuplicates = intOr(store, kAutoRefundDuplicates, d.autoRefundDuplicates) != 0;
    v.backupKeepDays = intOr(store, kBackupKeepDays, d.backupKeepDays);
    return v;
}

StoreSettings::Values StoreSettings::values() const
{
    return read(*m_store);
}

QString StoreSettings::storeName() const
{
    const QString name = values().storeName;
    return name.isEmpty() ? tr("My store") : name;
}

QString StoreSettings::tillIdentity() const
{
    return m_store->value(kTillIdentity, QString());
}

Result<QString> StoreSettings::ensureTillIdentity()
{
    if (const QString existing = tillIdentity(); !existing.isEmpty())
        return existing;
    const QString id = newTillIdentity();
    if (id.isEmpty())
        return Error{QStringLiteral("settings.till_identity"),
                     tr("Cannot create this till's identity: no random numbers.")};
    // Another process starting on the same data dir may have stored one first: keep that one.
    if (auto r = m_db.exec(QStringLiteral("INSERT INTO settings(key, value) VALUES(?, ?)"
                                          " ON CONFLICT(key) DO NOTHING"),
                           {kTillIdentity, id});
        !r.ok())
        return r.error();
    return tillIdentity();
}

CheckoutConfig StoreSettings::applyTo(CheckoutConfig config) const
{
    const Values v = values();
    config.storeName = storeName();
    config.storeCode = v.storeCode;
    config.till = tillIdentity();
    config.maxSaleAmount = v.maxSaleAmount;
    return config;
}

Status StoreSettings::validate(const Values &v)
{
    QStringList problems;
    if (v.storeName.size() > kMaxStoreNameLength)
        problems << tr("The store name can have at most %1 characters.").arg(kMaxStoreNameLength);
    static const QRegularExpression code(
        QStringLiteral("^[A-Z0-9]{1,%1}$").arg(OrderRepository::MaxStoreCodeLength));
    if (!code.match(v.storeCode).hasMatch())
        problems << tr("The store code must be 1 to %1 capital letters or digits.")
                        .arg(OrderRepository::MaxStoreCodeLength);
    if (v.idleLockMinutes < 0 || v.idleLockMinutes > MaxIdleLockMinutes)
        problems << tr("The idle lock must be between 0 (never) and %1 minutes.")
                        .arg(MaxIdleLockMinutes);
    const Money ceiling = Money::fromMinor(MaxSaleAmountCeilingMinor);
    if (v.maxSaleAmount.minor() <= 0 || v.maxSaleAmount.minor() > ceiling.minor() ||
        !(v.maxSaleAmount.currency() == ceiling.currency()))
        problems << tr("The maximum sale amount must be more than zero and at most %1.")
                        .arg(ceiling.format(QLocale()));
    if (v.refundLimit.isNegative() || !(v.refundLimit.currency() == ceiling.currency()))
        problems << tr("The refund limit cannot be negative.");
    if (v.retentionMonths < 0 || v.retentionMonths > MaxRetentionMonths)
        problems
            << tr("Personal data can be kept for 0 (always) to %1 months.").arg(MaxRetentionMonths);
    if (!v.receiptPrinter.isEmpty())
        if (auto target = PrinterTarget::parse(v.receiptPrinter); !target.ok())
            problems << tr("Receipt printer: %1").arg(target.error().message);
    if (!passwordMaxAgeChoices().contains(v.passwordMaxAgeDays))
        problems << tr("The maximum password age must be off, 90 or 180 days.");
    if (v.cashDifferenceLimit.isNegative() ||
        !(v.cashDifferenceLimit.currency() == ceiling.currency()))
        problems << tr("The cash difference limit cannot be negative.");
    if (v.backupKeepDays < 1 || v.backupKeepDays > MaxBackupKeepDays)
        problems << tr("Daily backups can be kept for 1 to %1 days.").arg(MaxBackupKeepDays);
    if (problems.isEmpty())
        return {};
    return Error{QStringLiteral("settings.invalid"), problems.join(QLatin1Char('\n'))};
}

Result<QStringList> StoreSettings::apply(const Values &requested, const Session &session)
{
    PAYDESK_TRY(session.authorize(Permission::ChangeSettings));
    const Values next = normalized(requested);
    PAYDESK_TRY(validate(next));
    const auto before = stored(values());
    const auto after = stored(next);
    Transaction tx(m_db);
    PAYDESK_TRY(tx.began());
    QStringList keys;
    QJsonArray changes;
    for (qsizetype i = 0; i < after.size(); ++i) {
        const auto &[key, value] = after.at(i);
        if (before.at(i).second == value)
            continue; // a default left as it is stays unset
        PAYDESK_TRY(m_store->setValue(key, value));
        keys << key;
        changes.append(QJsonObject{{QStringLiteral("key"), key},
                                   {QStringLiteral("from"), before.at(i).second},
                                   {QStringLiteral("to"), value}});
    }
    if (keys.isEmpty())
        return keys;
    PAYDESK_TRY(m_audit.append(QStringLiteral("settings.changed"), session.operatorName(),
                               {{QStringLiteral("changes"), changes}}));
    PAYDESK_TRY(tx.commit());
    emit changed(keys);
    return keys;
}

} // namespace paydesk
