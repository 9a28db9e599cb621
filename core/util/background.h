#pragma once

namespace paydesk {

/// Lowers the calling thread's CPU priority (nice +10 on Linux; threads it starts inherit it)
/// so that on a two-core store PC a long job — reconciling a busy day, pushing to head office —
/// yields the core to the till's own thread and a sale's latency does not move. Returns false
/// where the platform offers no per-thread priority.
bool runAtBackgroundPriority();

} // namespace paydesk
