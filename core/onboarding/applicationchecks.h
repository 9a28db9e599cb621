#pragma once

#include "core/onboarding/application.h"
#include "core/onboarding/validators.h"

#include <QCoreApplication>
#include <QList>

namespace paydesk::onboarding {

struct SignupDescriptor;

/// One finding on one field of the application.
struct FieldIssue
{
    QString field; ///< ApplicationFields id
    FieldCheck check;
};

/// The wizard's rules per page, over the whole application (a holder name depends on the
/// business page). The pages show the issues beside their fields; a Blocked one keeps Next
/// disabled.
class ApplicationChecks
{
    Q_DECLARE_TR_FUNCTIONS(ApplicationChecks)
public:
    static QList<FieldIssue> business(const MerchantApplication &a,
                                      const SignupDescriptor *provider);
    static QList<FieldIssue> legal(const MerchantApplication &a, const QDate &today);
    /// The photos themselves are checked when picked (DocumentCheck); here only presence.
    static QList<FieldIssue> documents(const MerchantApplication &a);
    static QList<FieldIssue> bank(const MerchantApplication &a, bool depositRequired);
    static QList<FieldIssue> features(const MerchantApplication &a);

    static bool anyBlocked(const QList<FieldIssue> &issues);
    /// The check of \a field in \a issues; Ok when absent.
    static FieldCheck of(const QList<FieldIssue> &issues, const QString &field);
};

} // namespace paydesk::onboarding
