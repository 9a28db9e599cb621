#pragma once

#include "core/security/session.h"
#include "core/util/result.h"

#include <QString>

namespace paydesk {

class OperatorService;

/// The authority of a headless command (ARCHITECTURE §7): `--operator NAME` with the password
/// from PAYDESK_PASSWORD and, where the operator enrolled two-factor, the code from PAYDESK_TOTP.
/// A supplied TOTP counts as a fresh step-up, so a single command can do a step-up action.
/// Error codes are OperatorService::authenticate's, plus security.no_password.
Result<Session> authenticateHeadless(OperatorService &operators, const QString &operatorName,
                                     const QString &password, const QString &totp);

/// Same, reading PAYDESK_PASSWORD and PAYDESK_TOTP from the environment.
Result<Session> authenticateHeadlessFromEnvironment(OperatorService &operators,
                                                    const QString &operatorName);

} // namespace paydesk
