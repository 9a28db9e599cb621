#pragma once

#include <QCommandLineParser>

namespace paydesk {

class AppContext;
class Output;

/// `paydesk export --from D --to D --format csv|beancount [--out FILE] --operator NAME`: the
/// journal for an accountant (docs/REPORTS.md). Owner or manager authority.
QString exportCommandSummary();
void declareExportOptions(QCommandLineParser &parser);
int exportCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);

} // namespace paydesk
