#pragma once

#include <QCommandLineParser>

namespace paydesk {

class AppContext;
class Output;

/// `paydesk reconcile --date D [--provider P]`, `--resolve ID --reason TEXT --operator NAME`,
/// `--sign-off --date D --operator NAME` (DESIGN §7).
void declareReconcileOptions(QCommandLineParser &parser);
int reconcileCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);
QString reconcileCommandSummary();

} // namespace paydesk
