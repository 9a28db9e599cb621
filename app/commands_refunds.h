#pragma once

#include "app/appcontext.h"
#include "app/commandsupport.h"

class QCommandLineParser;

namespace paydesk {

/// `paydesk refund --order OUT_TRADE_NO [--amount X] --reason TEXT --operator NAME
/// [--request-no N] [--json]` (ARCHITECTURE §7, docs/REFUNDS.md).
void declareRefundOptions(QCommandLineParser &parser);
int refundCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);

/// The refund outbox part of `paydesk recover` and of start-up Recovery.
struct RefundResume
{
    int finished = 0;
    int stillOpen = 0;
};
RefundResume resumeRefunds(AppContext &ctx, qint64 timeoutMs);

} // namespace paydesk
