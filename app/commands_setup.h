#pragma once

#include "app/appcontext.h"

#include <QString>

class QCommandLineParser;

namespace paydesk {

class Output;

/// `paydesk setup --owner NAME [--totp]`: the unattended first start (password from
/// PAYDESK_PASSWORD, refused when weak; --totp enrols two-factor and prints its otpauth URI and
/// recovery codes once).
QString setupCommandSummary();
void declareSetupOptions(QCommandLineParser &parser);
int setupCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);

/// `paydesk provider add|test|list|remove`: the merchant accounts, with the owner's authority
/// (--operator, PAYDESK_PASSWORD, PAYDESK_TOTP). The credential options of `add` come from the
/// registry: every field a provider declares is `--<key>` (underscores as dashes), `@FILE`
/// reads the value from a file.
QString providerCommandSummary();
void declareProviderOptions(QCommandLineParser &parser);
int providerCommand(AppContext &ctx, const QCommandLineParser &args, const Output &out);

} // namespace paydesk
