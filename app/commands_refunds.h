#pragma once

#include "app/appcontext.h"
#include "core/util/result.h"

#include <QJsonObject>
#include <QString>

#include <functional>

class QCommandLineParser;

namespace paydesk {

/// How a command prints (commands.cpp's Output): one JSON object or readable lines.
struct CommandPrinter
{
    std::function<int(const QJsonObject &json, const QString &text, int exitCode)> result;
    std::function<int(int exitCode, const Error &error)> error;
};

/// `paydesk refund --order OUT_TRADE_NO [--amount X] --reason TEXT --operator NAME
/// [--request-no N] [--json]` (ARCHITECTURE §7, docs/REFUNDS.md).
void declareRefundOptions(QCommandLineParser &parser);
int refundCommand(AppContext &ctx, const QCommandLineParser &args, const CommandPrinter &out);

/// The refund outbox part of `paydesk recover` and of start-up Recovery.
struct RefundResume
{
    int finished = 0;
    int stillOpen = 0;
};
RefundResume resumeRefunds(AppContext &ctx, qint64 timeoutMs);

} // namespace paydesk
