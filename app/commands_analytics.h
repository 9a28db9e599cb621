#pragma once

#include "core/util/result.h"

#include <QJsonObject>
#include <QStringList>

namespace paydesk {

class AppContext;

/// What a command body hands back to the command table, which prints it (Output in
/// commands.cpp): a JSON object and a text on success, or an error with its exit code.
struct CommandOutcome
{
    int exitCode = 0;
    QJsonObject json;
    QString text;
    std::optional<Error> error;
};

/// `paydesk analytics rebuild`: recomputes the dashboard's aggregates from `orders`.
/// `paydesk analytics check`: compares the dashboard's figures (last 30 days and the periods)
/// from the aggregates with the same figures computed over `orders`; exit 1 when they differ.
CommandOutcome analyticsCommand(AppContext &ctx, const QStringList &positional);

} // namespace paydesk
