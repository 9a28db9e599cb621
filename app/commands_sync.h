#pragma once

#include <QCommandLineParser>
#include <QString>

namespace paydesk {

class AppContext;
class Output;

/// `paydesk sync [--date D] [--provider P] [--json]` and `paydesk sync --file BILL
/// [--provider P] [--date D]` (docs/BOOKS.md, DESIGN §7).
QString syncCommandSummary();
void declareSyncOptions(QCommandLineParser &parser);
int syncCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);

} // namespace paydesk
