#include "core/onboarding/businesscategory.h"

namespace paydesk::onboarding {

QList<BusinessCategory> BusinessCategories::all()
{
    return {
        {QStringLiteral("retail"), tr("Retail: groceries, convenience store, general goods")},
        {QStringLiteral("catering"), tr("Catering: restaurant, café, snacks")},
        {QStringLiteral("services"), tr("Everyday services: hair, laundry, repairs")},
        {QStringLiteral("education"), tr("Education and training")},
        {QStringLiteral("pharmacy"), tr("Pharmacy and medical supplies")},
        {QStringLiteral("lottery"), tr("Lottery and gaming")},
        {QStringLiteral("lending"), tr("Lending and financial services")},
    };
}

QString BusinessCategories::nameOf(const QString &id)
{
    for (const BusinessCategory &c : all())
        if (c.id == id)
            return c.name;
    return id;
}

} // namespace paydesk::onboarding
