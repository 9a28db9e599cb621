#pragma once

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace paydesk::onboarding {

/// A business category as the wizard offers it, provider-neutral. Each provider maps the id to
/// its own code (a settlement rule, an MCC) and may restrict some.
struct BusinessCategory
{
    QString id;
    QString name; ///< translated
};

class BusinessCategories
{
    Q_DECLARE_TR_FUNCTIONS(BusinessCategories)
public:
    static QList<BusinessCategory> all();
    /// Translated name; the id when unknown.
    static QString nameOf(const QString &id);
};

} // namespace paydesk::onboarding
