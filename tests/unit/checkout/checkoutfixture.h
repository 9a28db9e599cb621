#pragma once

// A CheckoutService over a real SQLite file, a ManualClock, a ScriptedProvider and a salted
// PayerHasher with its own vault key: the set-up shared by the checkout unit tests.

#include "core/checkout/checkoutservice.h"
#include "core/crypto/crypto.h"
#include "core/crypto/secretvault.h"
#include "core/ledger/ledger.h"
#include "core/security/payerhasher.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/util/clock.h"

#include "scriptedprovider.h"

#include <QDir>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <memory>

namespace paydesk::test {

struct CheckoutFixture
{
    /// \a folderTemplate: where the database lives (QTemporaryDir template); a RAM disk keeps
    /// the durable commits of hundreds of randomized runs fast.
    explicit CheckoutFixture(const QString &folderTemplate = {})
        : dir(folderTemplate.isEmpty() ? QDir::tempPath() + QStringLiteral("/checkout-XXXXXX")
                                       : folderTemplate)
    {
    }

    QTemporaryDir dir;
    std::unique_ptr<Database> db;
    std::unique_ptr<ManualClock> clock;
    std::unique_ptr<Ledger> ledger;
    std::unique_ptr<SecretVault> vault;
    std::unique_ptr<SettingsStore> settings;
    std::unique_ptr<PayerHasher> hasher;
    std::unique_ptr<ScriptedProvider> provider;
    std::unique_ptr<CheckoutService> service;
    CheckoutConfig config;

    static CheckoutConfig defaultConfig()
    {
        CheckoutConfig c;
        c.defaultProvider = QStringLiteral("alipay");
        c.storeCode = QStringLiteral("SH01");
        c.storeName = QStringLiteral("Test store");
        c.till = QStringLiteral("2");
        c.cashier = QStringLiteral("alice");
        return c;
    }

    /// Empty on success, else what went wrong.
    QString init(const CheckoutConfig &c = defaultConfig())
    {
        if (!dir.isValid())
            return QStringLiteral("no temporary folder");
        auto d = Database::open(dir.filePath(QStringLiteral("checkout.db")));
        if (!d.ok())
            return d.error().message;
        db = std::move(d).value();
        clock = std::make_unique<ManualClock>();
        ledger = std::make_unique<Ledger>(*db, *clock);
        auto v = SecretVault::fromKey(crypto::randomBytes(SecretVault::KeySize));
        if (!v.ok())
            return v.error().message;
        vault = std::move(v).value();
        settings = std::make_unique<SettingsStore>(*db);
        hasher = std::make_unique<PayerHasher>(*settings, *vault);
        provider = std::make_unique<ScriptedProvider>();
        config = c;
        restart();
        return {};
    }

    /// A new service over the same database, as after a restart of the till.
    void restart()
    {
        service.reset();
        ScriptedProvider *p = provider.get();
        service = std::make_unique<CheckoutService>(
            *db, *ledger, *clock,
            [p](const QString &id) -> PaymentProvider * {
                return id == QLatin1String("alipay") ? p : nullptr;
            },
            config, hasher.get());
    }

    QList<Order> attempts(const QString &saleId) const
    {
        OrderFilter f;
        f.saleId = saleId;
        auto list = service->orders().list(f);
        return list.ok() ? list.value() : QList<Order>{};
    }

    int count(const QString &saleId, OrderStatus status) const
    {
        int n = 0;
        for (const Order &o : attempts(saleId))
            n += o.status == status ? 1 : 0;
        return n;
    }
};

inline const QString kAlipayCode = QStringLiteral("287634438256643912");
inline const QString kAlipayCode2 = QStringLiteral("281111111111111111");

inline Money yuan(qint64 minor)
{
    return Money::fromMinor(minor);
}

// Reads the row through a separate connection: only committed data is visible there.
inline QString committedStatus(const QString &dbPath, const QString &out)
{
    QString status;
    {
        QSqlDatabase other =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("probe"));
        other.setDatabaseName(dbPath);
        if (other.open()) {
            QSqlQuery q(other);
            q.prepare(QStringLiteral("SELECT status FROM orders WHERE out_trade_no = ?"));
            q.addBindValue(out);
            if (q.exec() && q.next())
                status = q.value(0).toString();
        }
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("probe"));
    return status;
}

/// A test class whose every test gets a fresh CheckoutFixture (init() / cleanup()).
class CheckoutTestCase : public QObject
{
protected:
    /// Empty on success, else what went wrong.
    QString setUp()
    {
        m_fx = std::make_unique<CheckoutFixture>();
        return m_fx->init();
    }
    void tearDown() { m_fx.reset(); }
    int orderCount() const
    {
        return m_fx->db->scalar(QStringLiteral("SELECT COUNT(*) FROM orders")).value()->toInt();
    }

    std::unique_ptr<CheckoutFixture> m_fx;
};

} // namespace paydesk::test
