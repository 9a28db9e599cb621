#pragma once

// One simulated till for the head-office tests and benchmark: its own SQLite data file with
// every real migration, its settings and vault, joined to head office as (store, till).

#include "core/crypto/secretvault.h"
#include "core/hq/hqpusher.h"
#include "core/hq/hqsettings.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/storage/transaction.h"

#include <QDateTime>
#include <QFile>
#include <QTemporaryDir>

#include <memory>

namespace paydesk::test {

class HqTill
{
public:
    /// Opens a fresh till database in its own folder, a copy of \a templateFile when given (an
    /// already migrated empty till: fifty migrations runs are slow); check ok().
    explicit HqTill(const QString &templateFile = {}) : m_dir(std::make_unique<QTemporaryDir>())
    {
        const QString path = m_dir->filePath(QStringLiteral("paydesk.db"));
        if (!templateFile.isEmpty())
            QFile::copy(templateFile, path);
        auto db = Database::open(path);
        if (!db.ok()) {
            m_error = db.error().message;
            return;
        }
        m_db = std::move(db).value();
        m_settings = std::make_unique<SettingsStore>(*m_db);
        m_vault = SecretVault::fromKey(QByteArray(32, '\x5a')).value();
        m_hq = std::make_unique<HqSettings>(*m_db, *m_settings, *m_vault);
    }
    bool ok() const { return m_db != nullptr; }
    QString error() const { return m_error; }
    Database &db() { return *m_db; }
    HqSettings &hq() { return *m_hq; }

    Status join(const QString &url, const QString &password, const QString &store,
                const QString &till)
    {
        m_identity = {store, till};
        return m_hq->join(url, password, m_identity);
    }
    const HqIdentity &identity() const { return m_identity; }
    std::unique_ptr<HqPusher> pusher(int batchSize = 2000)
    {
        return std::make_unique<HqPusher>(*m_db, m_identity, m_hq->endpoint().value(), batchSize);
    }

    /// Adds \a count orders of \a amountMinor each from \a utcStart (one second apart) in one
    /// statement, in \a status; returns the first new id or -1.
    qint64 addOrders(int count, qint64 amountMinor, const QDateTime &utcStart,
                     const QString &status = QStringLiteral("PAID"),
                     const QString &provider = QStringLiteral("alipay"))
    {
        const qint64 before =
            m_db->scalar(QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM orders"))
                .value()
                ->toLongLong();
        const QString prefix =
            QStringLiteral("T%1%2x%3x").arg(m_identity.store, m_identity.till).arg(++m_batch);
        auto r = m_db->exec(
            QStringLiteral(
                "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)"
                " INSERT INTO orders(out_trade_no, provider, kind, amount_minor, status, sale_id,"
                " created_at, updated_at)"
                " SELECT ? || i, ?, 'qr', ?, ?, ? || i,"
                " strftime('%Y-%m-%dT%H:%M:%fZ', ?, '+' || i || ' seconds'),"
                " strftime('%Y-%m-%dT%H:%M:%fZ', ?, '+' || i || ' seconds') FROM n"),
            {count, prefix, provider, amountMinor, status, prefix,
             utcStart.toUTC().toString(Qt::ISODate), utcStart.toUTC().toString(Qt::ISODate)});
        return r.ok() ? before + 1 : -1;
    }

    /// The till's own net takings of paid orders: what head office must add up to.
    qint64 localNet()
    {
        return m_db
            ->scalar(QStringLiteral("SELECT COALESCE(SUM(amount_minor - refunded_minor), 0) FROM"
                                    " orders WHERE status IN ('PAID', 'PARTIALLY_REFUNDED',"
                                    " 'REFUNDED')"))
            .value()
            ->toLongLong();
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<SettingsStore> m_settings;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<HqSettings> m_hq;
    HqIdentity m_identity;
    QString m_error;
    int m_batch = 0;
};

} // namespace paydesk::test
