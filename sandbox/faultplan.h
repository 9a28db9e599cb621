#pragma once

#include "core/util/result.h"
#include "sandbox/prng.h"

#include <QCoreApplication>
#include <QMap>
#include <QString>

namespace paydesk::sandbox {

/// The faults injected into the provider wire APIs (never into /sandbox/ control calls).
/// Decisions come from a PRNG seeded by the sandbox seed, so a run replays exactly.
class FaultPlan
{
    Q_DECLARE_TR_FUNCTIONS(FaultPlan)
public:
    enum class Fault {
        Timeout,      ///< the request is not processed and never answered (held ~60 s)
        DropResponse, ///< processed and committed, then the connection closes without an answer
        Http5xx,      ///< 502/503 without processing
        UserPaying,   ///< trade.pay answers 10003; the buyer must still confirm
        DupNotify,    ///< the async notification is delivered twice
        LateSuccess,  ///< a trade closed unpaid gets paid anyway shortly after
    };

    explicit FaultPlan(quint64 seed);

    /// Replaces the plan: "timeout:0.1,drop_response:0.05,latency_ms:200"; empty = none.
    /// Unknown names, probabilities outside [0,1] and bad numbers are errors (plan unchanged).
    Status setSpec(const QString &spec);
    /// The normalised spec currently in force (sorted "name:value" pairs).
    QString spec() const;

    /// Draws for \a fault: P=0 (absent) never draws, P=1 always fires without drawing.
    bool decide(Fault fault);
    int latencyMs() const { return m_latencyMs; }
    /// Counts one answer delayed by latency_ms (called where the delay is applied).
    void countLatency();
    /// How often each fault fired since the sandbox started, by name (latency_ms: answers
    /// delayed); reported by GET /sandbox/faults as "injected".
    QMap<QString, qint64> injected() const { return m_injected; }

    static QString name(Fault fault);

private:
    Prng m_prng;
    QMap<Fault, double> m_probability;
    int m_latencyMs = 0;
    QMap<QString, qint64> m_injected;
};

} // namespace paydesk::sandbox
