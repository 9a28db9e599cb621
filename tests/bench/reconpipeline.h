#pragma once

#include "recongenerator.h"

#include "core/reconcile/reconciler.h"

#include <QString>

#include <cstdio>

namespace paydesk::bench {

/// The clerk's path, as `paydesk reconcile` runs it for a downloaded bill: the zip is inflated
/// and parsed on a worker thread while this thread reads the books from SQLite; then match,
/// classify, total, and build the exceptions. Phase times in milliseconds.
struct PipelineRun
{
    ReconOutcome outcome;
    QList<ReconException> exceptions;
    qint64 lines = 0;
    qint64 orders = 0;
    double parseMs = 0, booksMs = 0, classifyMs = 0, totalMs = 0;
    double cpuMs = 0; ///< CPU time of the process over the run (all threads)
    QString error;
};

PipelineRun runPipeline(const QString &zipPath, const QString &dbPath, const ReconScenario &s);

/// Empty when \a run found exactly what the generator put in; else what differs.
QString compareWithExpectation(const PipelineRun &run, const ReconExpectation &expect);

} // namespace paydesk::bench
