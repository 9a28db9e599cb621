#include "sandbox/faultplan.h"

#include <array>

namespace paydesk::sandbox {

namespace {
constexpr std::array<FaultPlan::Fault, 6> allFaults{
    FaultPlan::Fault::Timeout,    FaultPlan::Fault::DropResponse, FaultPlan::Fault::Http5xx,
    FaultPlan::Fault::UserPaying, FaultPlan::Fault::DupNotify,    FaultPlan::Fault::LateSuccess};
// Keeps the fault stream independent of the id stream seeded with the same number.
constexpr quint64 faultStreamSalt = 0x6661756C74730000ULL;
} // namespace

FaultPlan::FaultPlan(quint64 seed) : m_prng(seed ^ faultStreamSalt) {}

QString FaultPlan::name(Fault fault)
{
    switch (fault) {
    case Fault::Timeout:
        return QStringLiteral("timeout");
    case Fault::DropResponse:
        return QStringLiteral("drop_response");
    case Fault::Http5xx:
        return QStringLiteral("http_5xx");
    case Fault::UserPaying:
        return QStringLiteral("userpaying");
    case Fault::DupNotify:
        return QStringLiteral("dup_notify");
    case Fault::LateSuccess:
        return QStringLiteral("late_success");
    }
    return {};
}

Status FaultPlan::setSpec(const QString &spec)
{
    QMap<Fault, double> probability;
    int latency = 0;
    const QStringList parts = spec.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &rawPart : parts) {
        const QString part = rawPart.trimmed();
        if (part.isEmpty())
            continue;
        const qsizetype colon = part.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return Status::failure(QStringLiteral("sandbox.fault_spec"),
                                   tr("Fault \"%1\" needs the form name:value.").arg(part));
        const QString key = part.left(colon).trimmed();
        const QString value = part.mid(colon + 1).trimmed();
        if (key == QLatin1String("latency_ms")) {
            bool ok = false;
            const int ms = value.toInt(&ok);
            if (!ok || ms < 0 || ms > 600000)
                return Status::failure(QStringLiteral("sandbox.fault_spec"),
                                       tr("latency_ms must be a whole number of milliseconds "
                                          "between 0 and 600000, not \"%1\".")
                                           .arg(value));
            latency = ms;
            continue;
        }
        bool known = false;
        for (Fault f : allFaults) {
            if (name(f) != key)
                continue;
            known = true;
            bool ok = false;
            // A probability is not money; a double is the natural type here.
            const double p = value.toDouble(&ok);
            if (!ok || p < 0.0 || p > 1.0)
                return Status::failure(QStringLiteral("sandbox.fault_spec"),
                                       tr("The probability of %1 must be between 0 and 1, not "
                                          "\"%2\".")
                                           .arg(key, value));
            if (p > 0.0)
                probability.insert(f, p);
            else
                probability.remove(f);
        }
        if (!known)
            return Status::failure(QStringLiteral("sandbox.fault_unknown"),
                                   tr("Unknown fault \"%1\". Known: latency_ms, timeout, "
                                      "drop_response, http_5xx, userpaying, dup_notify, "
                                      "late_success.")
                                       .arg(key));
    }
    m_probability = probability;
    m_latencyMs = latency;
    return {};
}

QString FaultPlan::spec() const
{
    QStringList parts;
    if (m_latencyMs > 0)
        parts << QStringLiteral("latency_ms:%1").arg(m_latencyMs);
    for (auto it = m_probability.cbegin(); it != m_probability.cend(); ++it)
        parts << QStringLiteral("%1:%2").arg(name(it.key())).arg(it.value());
    parts.sort();
    return parts.join(QLatin1Char(','));
}

bool FaultPlan::decide(Fault fault)
{
    const double p = m_probability.value(fault, 0.0);
    if (p <= 0.0)
        return false;
    const bool fires = p >= 1.0 || m_prng.nextUnit() < p;
    if (fires)
        ++m_injected[name(fault)];
    return fires;
}

void FaultPlan::countLatency()
{
    if (m_latencyMs > 0)
        ++m_injected[QStringLiteral("latency_ms")];
}

} // namespace paydesk::sandbox
