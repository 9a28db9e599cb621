#pragma once

#include <QCommandLineParser>
#include <QString>

#include <optional>

namespace paydesk {

class AppContext;
class Output;

/// `paydesk hq init|migrate|add-store|add-till|add-reader|report` (head office's side, given
/// --url; the password from PGPASSWORD or ~/.pgpass as libpq reads them) and
/// `paydesk hq join|push|status|leave` (this till's side). docs/HEADOFFICE.md.
QString hqSummary();
void declareHqOptions(QCommandLineParser &parser);
int hqCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);
/// The head-office actions, which need no till data folder; nullopt for the till's actions.
std::optional<int> hqHeadOfficeCommand(const QCommandLineParser &args, const Output &out);

} // namespace paydesk
