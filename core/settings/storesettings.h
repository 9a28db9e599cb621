#pragma once

#include "core/money/money.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QObject>
#include <QString>
#include <QStringList>

namespace paydesk {

class AuditLog;
class Database;
class Session;
class SettingsStore;
struct CheckoutConfig;

/// The store's settings that the owner edits and the till reads: one owner per fact. Keys,
/// defaults and validation live here and nowhere else; readers ask this object (or read())
/// instead of spelling a key. Values are read through to the `settings` table, so another
/// process's change is seen and nothing is cached stale.
class StoreSettings : public QObject
{
    Q_OBJECT
public:
    /// What the owner can change. Default-constructed: the defaults of a fresh till.
    struct Values
    {
        QString storeName;                                  ///< empty: not set yet
        QString storeCode = QStringLiteral("PD");           ///< in every out_trade_no
        int idleLockMinutes = 5;                            ///< 0 = never lock
        Money maxSaleAmount = Money::fromMinor(10'000'000); ///< ¥100,000.00 per sale
        Money refundLimit = Money::fromMinor(50'000);       ///< above: manager's step-up
        bool cashierRefundsNeedApproval = false; ///< every cashier refund: manager's step-up
        int retentionMonths = 24;                ///< 0 = keep personal data
        QString receiptPrinter;                  ///< PrinterTarget spec; empty: none
        int passwordMaxAgeDays = 0;              ///< 0 = off, or 90 / 180
        /// A drawer count further off than this needs a manager's confirmation.
        Money cashDifferenceLimit = Money::fromMinor(2'000); ///< ¥20.00
        /// Refund the later charge of two PAID orders for one sale without waiting for a
        /// manager (docs/CASES.md); the other kinds of case always wait.
        bool autoRefundDuplicates = false;
        int backupKeepDays = 14; ///< daily backups kept (days)

        friend bool operator==(const Values &, const Values &) = default;
    };

    static constexpr int MaxIdleLockMinutes = 240;
    static constexpr int MaxRetentionMonths = 120;
    static constexpr int MaxBackupKeepDays = 365;
    static constexpr int TillIdentityLength = 4;
    /// The most Paydesk lets one sale be (the largest a wallet provider accepts).
    static constexpr qint64 MaxSaleAmountCeilingMinor = 10'000'000'000;
    static const QList<int> &passwordMaxAgeChoices(); ///< {0, 90, 180}

    StoreSettings(Database &db, AuditLog &audit, QObject *parent = nullptr);
    ~StoreSettings() override;

    /// The values stored in \a store, each missing or unreadable one at its default.
    static Values read(const SettingsStore &store);
    Values values() const;

    /// The store name for receipts and the buyer's wallet: "My store" (translated) until set.
    QString storeName() const;
    QString storeCode() const { return values().storeCode; }
    int idleLockMinutes() const { return values().idleLockMinutes; }
    Money maxSaleAmount() const { return values().maxSaleAmount; }
    QString receiptPrinter() const { return values().receiptPrinter; }
    Money cashDifferenceLimit() const { return values().cashDifferenceLimit; }

    /// This till's identity: random [0-9A-Z]{4}, created once per data dir by
    /// ensureTillIdentity() and never changed, so two tills on one merchant account left at the
    /// same store code still build different out_trade_no. Empty before ensureTillIdentity().
    QString tillIdentity() const;
    /// Creates the identity on first start; a concurrent first start keeps whichever was
    /// stored first. Returns the identity.
    Result<QString> ensureTillIdentity();

    /// \a config with store name, store code, till identity and the sale limit of this till.
    CheckoutConfig applyTo(CheckoutConfig config) const;

    /// Every problem of \a values in one message (translated); ok when they can be stored.
    static Status validate(const Values &values);
    /// The owner's edit: needs ChangeSettings (with its fresh step-up), valid values; the changed
    /// keys are stored and audited as "settings.changed" (key, from, to) in one transaction, then
    /// changed() is emitted. Returns the keys that changed (empty: nothing did).
    Result<QStringList> apply(const Values &values, const Session &session);

signals:
    /// After apply() stored a change; \a keys are the settings keys that changed.
    void changed(const QStringList &keys);

private:
    Database &m_db;
    AuditLog &m_audit;
    std::unique_ptr<SettingsStore> m_store;
};

} // namespace paydesk
