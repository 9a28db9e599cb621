#pragma once

#include "core/reconcile/reconciliation.h"

#include <QCommandLineParser>
#include <QJsonObject>

namespace paydesk {

class AppContext;
class Output;

/// `paydesk reconcile --date D [--provider P]`, `--resolve ID --reason TEXT --operator NAME`,
/// `--sign-off --date D --operator NAME` (docs/RECONCILIATION.md).
void declareReconcileOptions(QCommandLineParser &parser);
int reconcileCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);

/// The JSON of DESIGN §7 for a reconciled day (plus per-provider totals, ids, states, the
/// sign-off): what `paydesk reconcile --json` prints and a JSON export writes.
QJsonObject reconcileJson(const DayReport &report);

} // namespace paydesk
