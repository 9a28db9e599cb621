#pragma once

// Shared set-up for the security unit tests: a real SQLite file with every migration, a vault
// over an in-memory key, a ManualClock, the audit log and a fast-scrypt OperatorService.

#include "core/crypto/crypto.h"
#include "core/crypto/secretvault.h"
#include "core/security/auditlog.h"
#include "core/security/operatorservice.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/util/clock.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace paydesk::testing {

inline const QString kOwnerPassword = QStringLiteral("Lantern-Orbit-73!");
inline const QString kManagerPassword = QStringLiteral("Velvet#Harbor-2918");
inline const QString kCashierPassword = QStringLiteral("Granite+Meadow-461");

struct SecurityFixture
{
    QTemporaryDir dir;
    ManualClock clock{QDateTime(QDate(2026, 3, 2), QTime(2, 0), Qt::UTC)};
    std::unique_ptr<Database> db;
    std::unique_ptr<SecretVault> vault;
    std::unique_ptr<SettingsStore> settings;
    std::unique_ptr<AuditLog> audit;
    std::unique_ptr<OperatorService> operators;

    bool init()
    {
        if (!dir.isValid())
            return false;
        auto d = Database::open(dir.filePath(QStringLiteral("paydesk.db")));
        if (!d.ok()) {
            qWarning() << d.error().message;
            return false;
        }
        db = std::move(d.value());
        auto v = SecretVault::fromKey(crypto::randomBytes(SecretVault::KeySize));
        if (!v.ok())
            return false;
        vault = std::move(v.value());
        settings = std::make_unique<SettingsStore>(*db);
        audit = std::make_unique<AuditLog>(*db, clock, *vault);
        operators = std::make_unique<OperatorService>(*db, clock, *vault, *audit);
        operators->setScryptCost(ScryptCost{1 << 10, 8, 1});
        return true;
    }

    QString dbPath() const { return dir.filePath(QStringLiteral("paydesk.db")); }

    /// Bootstraps the owner and logs in.
    Session owner()
    {
        if (operators->needsBootstrap()) {
            auto o = operators->bootstrapOwner(QStringLiteral("olivia"), kOwnerPassword);
            if (!o.ok())
                qWarning() << o.error().message;
        }
        auto s = operators->authenticate(QStringLiteral("olivia"), kOwnerPassword);
        return s.ok() ? s.value() : Session();
    }

    /// TOTP code for \a secretBase32 at the clock's time, shifted by \a steps of 30 s.
    QString code(const QString &secretBase32, int steps = 0) const
    {
        return crypto::totp(crypto::base32Decode(secretBase32).value(),
                            clock.nowUtc().toSecsSinceEpoch() + steps * 30);
    }

    qint64 auditCount(const QString &action) const
    {
        AuditFilter f;
        f.action = action;
        auto r = audit->query(f);
        return r.ok() ? r.value().size() : -1;
    }
};

} // namespace paydesk::testing
