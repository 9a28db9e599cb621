#pragma once

#include "app/commandsupport.h"

class QCommandLineParser;

namespace paydesk {

class AppContext;

/// `paydesk duplicates [--all] [--resolve CASE --action refund|dismiss --reason R --operator
/// NAME]` (DESIGN §7): lists the duplicate-charge cases after a scan, or resolves one with the
/// operator's authority (PAYDESK_PASSWORD, PAYDESK_TOTP).
void declareDuplicatesOptions(QCommandLineParser &parser);
int duplicatesCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);

} // namespace paydesk
