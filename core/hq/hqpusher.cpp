#include "core/hq/hqpusher.h"

#include "core/hq/hqconnection.h"
#include "core/hq/hqtables.h"
#include "core/storage/database.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>

namespace paydesk {

HqPusher::HqPusher(Database &till, HqIdentity identity, HqEndpoint endpoint, int batchSize)
    : m_till(till), m_identity(std::move(identity)), m_endpoint(std::move(endpoint)),
      m_batchSize(batchSize > 0 ? batchSize : 2000)
{
}

HqPusher::~HqPusher() = default;

Status HqPusher::ensureConnected()
{
    if (m_hq && m_hq->isOpen())
        return {};
    m_hq.reset();
    auto conn = HqConnection::open(m_endpoint);
    if (!conn.ok())
        return conn.error();
    m_hq = std::move(conn).value();
    return {};
}

Result<qint64> HqPusher::pending() const
{
    auto n = m_till.scalar(QStringLiteral("SELECT COUNT(*) FROM hq_outbox"));
    if (!n.ok())
        return n.error();
    return n.value() ? n.value()->toLongLong() : 0;
}

Result<int> HqPusher::pushBatch()
{
    auto rows = m_till.exec(
        QStringLiteral("SELECT seq, kind, local_id FROM hq_outbox ORDER BY seq LIMIT ?"),
        {m_batchSize});
    if (!rows.ok())
        return rows.error();
    // Per kind: local id -> the newest outbox entry naming it (the version head office keeps).
    QMap<QString, QJsonObject> byKind;
    qint64 lastSeq = 0;
    int count = 0;
    while (rows.value().next()) {
        lastSeq = rows.value().value(0).toLongLong();
        byKind[rows.value().value(1).toString()].insert(rows.value().value(2).toString(), lastSeq);
        ++count;
    }
    if (count == 0)
        return 0;

    // Read every row as it is now, before touching the network.
    QList<std::pair<const HqTable *, QString>> payloads;
    for (const HqTable &table : HqTable::all()) {
        const auto it = byKind.constFind(table.kind);
        if (it == byKind.cend())
            continue;
        auto json =
            m_till.scalar(table.sqliteSelect(),
                          {QString::fromUtf8(QJsonDocument(*it).toJson(QJsonDocument::Compact))});
        if (!json.ok())
            return json.error();
        const QString array = json.value() ? json.value()->toString() : QString();
        if (!array.isEmpty() && array != u"[]")
            payloads.append({&table, array});
    }
    for (auto it = byKind.cbegin(); it != byKind.cend(); ++it)
        if (!HqTable::byKind(it.key()))
            qCWarning(lcHq) << "outbox entries of an unknown kind are dropped:" << it.key();

    PAYDESK_TRY(ensureConnected());
    auto failed = [this](const Error &e) -> Error {
        // Whatever broke, start the next attempt on a fresh session: the batch is resent whole.
        if (m_hq)
            m_hq->rollback();
        m_hq.reset();
        return e;
    };
    if (auto r = m_hq->begin(); !r.ok())
        return failed(r.error());
    for (const auto &[table, array] : payloads)
        if (auto r = m_hq->exec(table->pgUpsert(), {m_identity.store, m_identity.till, array});
            !r.ok())
            return failed(r.error());
    if (auto r = m_hq->exec(
            QStringLiteral("INSERT INTO hq.till_progress(store_id, till_id, last_seq, rows)"
                           " VALUES (?, ?, ?, ?) ON CONFLICT (store_id, till_id) DO UPDATE SET"
                           " last_seq = GREATEST(hq.till_progress.last_seq, EXCLUDED.last_seq),"
                           " rows = hq.till_progress.rows + EXCLUDED.rows, pushed_at = now()"),
            {m_identity.store, m_identity.till, lastSeq, count});
        !r.ok())
        return failed(r.error());
    if (m_beforeCommit)
        m_beforeCommit();
    if (auto r = m_hq->commit(); !r.ok())
        return failed(r.error());

    // Head office has the batch. Should this delete fail, the batch goes again: harmless.
    PAYDESK_TRY(m_till.exec(QStringLiteral("DELETE FROM hq_outbox WHERE seq <= ?"), {lastSeq}));
    return count;
}

Result<HqPushStats> HqPusher::pushAll(int maxBatches)
{
    HqPushStats stats;
    while (maxBatches <= 0 || stats.batches < maxBatches) {
        auto n = pushBatch();
        if (!n.ok())
            return n.error();
        if (n.value() == 0)
            break;
        ++stats.batches;
        stats.rows += n.value();
    }
    auto left = pending();
    if (!left.ok())
        return left.error();
    stats.remaining = left.value();
    return stats;
}

} // namespace paydesk
