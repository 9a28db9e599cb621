#include "core/providers/providerregistry.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace paydesk {

bool PaymentCodeRule::matches(QStringView digits) const
{
    const int length = int(digits.size());
    if (length < minLength || length > maxLength || length < 2)
        return false;
    const int prefix = digits.left(2).toInt();
    return prefix >= prefixFrom && prefix <= prefixTo;
}

QString ProviderDescriptor::displayName() const
{
    return QCoreApplication::translate(nameContext, nameSource);
}

Status ProviderRegistry::add(ProviderDescriptor descriptor)
{
    if (descriptor.id.isEmpty())
        return Error{u"providers.no_id"_s, tr("A provider needs an id.")};
    if (find(descriptor.id))
        return Error{u"providers.duplicate"_s,
                     tr("The provider %1 is registered twice.").arg(descriptor.id)};
    m_providers.push_back(std::move(descriptor));
    return {};
}

QString ProviderRegistry::hotline(const QString &id) const
{
    const ProviderDescriptor *d = find(id);
    return d ? d->hotline : QString();
}

const ProviderDescriptor *ProviderRegistry::find(const QString &id) const
{
    for (const ProviderDescriptor &d : m_providers)
        if (d.id == id)
            return &d;
    return nullptr;
}

QStringList ProviderRegistry::ids() const
{
    QStringList out;
    for (const ProviderDescriptor &d : m_providers)
        out << d.id;
    return out;
}

QString ProviderRegistry::displayName(const QString &id) const
{
    const ProviderDescriptor *d = find(id);
    return d ? d->displayName() : id;
}

QString ProviderRegistry::chargeableNames() const
{
    QStringList names;
    for (const ProviderDescriptor &d : m_providers)
        if (d.chargeable && !d.capabilities.paymentCodes.isEmpty())
            names << d.displayName();
    if (names.size() <= 1)
        return names.value(0);
    const QString last = names.takeLast();
    return tr("%1 or %2", "a list of wallets: 'A, B or C'")
        .arg(names.join(tr(", ", "separator of a list of wallets")), last);
}

const ProviderDescriptor *ProviderRegistry::forPaymentCode(QStringView digits) const
{
    for (const ProviderDescriptor &d : m_providers)
        for (const PaymentCodeRule &rule : d.capabilities.paymentCodes)
            if (rule.matches(digits))
                return &d;
    return nullptr;
}

Result<std::unique_ptr<PaymentProvider>>
ProviderRegistry::create(const ProviderAccount &account, const ProviderEnvironment &env) const
{
    const ProviderDescriptor *d = find(account.provider);
    if (!d)
        return Error{u"providers.unknown"_s,
                     tr("No provider %1 is known to this build.").arg(account.provider)};
    if (!d->factory)
        return Error{u"providers.no_adapter"_s,
                     tr("%1 cannot be used on this till yet.").arg(d->displayName())};
    return d->factory(account, env);
}

} // namespace paydesk
