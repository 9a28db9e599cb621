#pragma once

#include <QCommandLineParser>

namespace paydesk {

class AppContext;
class Output;

/// `paydesk shift open|payout|close|report` (ARCHITECTURE §11).
void declareShiftOptions(QCommandLineParser &parser);
int shiftCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);

} // namespace paydesk
