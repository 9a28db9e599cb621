#pragma once

#include <QCommandLineParser>
#include <QString>

namespace paydesk {

class AppContext;
class Output;

/// `paydesk hq init|migrate|add-store|add-till|add-reader|report` (head office's side, given
/// --url; the password from PGPASSWORD or ~/.pgpass as libpq reads them) and
/// `paydesk hq join|push|status|leave` (this till's side). docs/HEADOFFICE.md.
QString hqSummary();
void declareHqOptions(QCommandLineParser &parser);
int hqCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);

} // namespace paydesk
