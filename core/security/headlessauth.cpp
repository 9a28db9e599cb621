#include "core/security/headlessauth.h"

#include "core/security/operatorservice.h"

#include <QCoreApplication>

namespace paydesk {

Result<Session> authenticateHeadless(OperatorService &operators, const QString &operatorName,
                                     const QString &password, const QString &totp)
{
    if (operatorName.trimmed().isEmpty())
        return Result<Session>::failure(
            QStringLiteral("security.no_operator"),
            QCoreApplication::translate("paydesk::Headless",
                                        "This command needs --operator NAME."));
    if (password.isEmpty())
        return Result<Session>::failure(
            QStringLiteral("security.no_password"),
            QCoreApplication::translate("paydesk::Headless",
                                        "Set PAYDESK_PASSWORD to the operator's password."));
    auto session = operators.authenticate(operatorName, password, totp);
    if (!session.ok() && session.error().code == u"security.totp_required")
        return Result<Session>::failure(
            session.error().code,
            QCoreApplication::translate("paydesk::Headless",
                                        "This operator uses two-factor authentication: set "
                                        "PAYDESK_TOTP to the current code."));
    return session;
}

Result<Session> authenticateHeadlessFromEnvironment(OperatorService &operators,
                                                    const QString &operatorName)
{
    return authenticateHeadless(operators, operatorName, qEnvironmentVariable("PAYDESK_PASSWORD"),
                                qEnvironmentVariable("PAYDESK_TOTP"));
}

} // namespace paydesk
