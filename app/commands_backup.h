#pragma once

#include "app/appcontext.h"

#include <QString>

class QCommandLineParser;

namespace paydesk {

class Output;
struct Error;

/// `backup [--operator NAME] [--list]` and `restore FILE [--operator NAME]` (owner authority,
/// ARCHITECTURE §7): the table entries of commandTable().
QString backupSummary();
void declareBackupOptions(QCommandLineParser &parser);
int backupCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);

QString restoreSummary();
void declareRestoreOptions(QCommandLineParser &parser);
int restoreCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);
/// `restore` when the live database cannot be opened: the owner is checked against the file.
int restoreWithoutContext(const AppOptions &options, const Error &why,
                          const QCommandLineParser &args, const Output &out);

} // namespace paydesk
