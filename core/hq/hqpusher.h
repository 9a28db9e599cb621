#pragma once

#include "core/hq/hqendpoint.h"
#include "core/hq/hqsettings.h"
#include "core/util/result.h"

#include <QCoreApplication>

#include <functional>
#include <memory>

namespace paydesk {

class Database;
class HqConnection;

struct HqPushStats
{
    int batches = 0;
    qint64 rows = 0;      ///< outbox entries sent and removed
    qint64 remaining = 0; ///< outbox entries still queued
};

/// Sends the till's outbox (migration 0015) to head office, oldest first, one batch per
/// PostgreSQL transaction: each kind of row is one multi-row INSERT ... ON CONFLICT over a
/// jsonb array, so a batch costs a handful of round trips whatever its size. Only after head
/// office committed are the entries removed locally; a batch cut off anywhere (network, a
/// killed session, a crash) is simply sent again, and sending it again changes nothing: history
/// rows are inserted once (DO NOTHING), state rows move only to a newer version.
///
/// Runs in the caller's thread with its own connections; the till's checkout never waits on it.
class HqPusher
{
    Q_DECLARE_TR_FUNCTIONS(HqPusher)
public:
    HqPusher(Database &till, HqIdentity identity, HqEndpoint endpoint, int batchSize = 2000);
    ~HqPusher();
    HqPusher(const HqPusher &) = delete;
    HqPusher &operator=(const HqPusher &) = delete;

    /// Pushes one batch; the number of outbox entries it removed (0: nothing was queued).
    Result<int> pushBatch();
    /// Pushes until the outbox is empty (or \a maxBatches were sent, when positive).
    Result<HqPushStats> pushAll(int maxBatches = 0);
    /// Entries waiting in the outbox.
    Result<qint64> pending() const;

    /// Called inside each head-office transaction after its rows were written and before
    /// COMMIT: the seam fault-injection tests use to cut the connection at the worst moment.
    void setBeforeCommit(std::function<void()> hook) { m_beforeCommit = std::move(hook); }

private:
    Status ensureConnected();

    Database &m_till;
    HqIdentity m_identity;
    HqEndpoint m_endpoint;
    int m_batchSize;
    std::unique_ptr<HqConnection> m_hq;
    std::function<void()> m_beforeCommit;
};

} // namespace paydesk
