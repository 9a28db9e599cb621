#include "core/providers/credentialspec.h"

#include <QCoreApplication>

namespace paydesk {

QString CredentialField::label() const
{
    return QCoreApplication::translate(context, labelSource);
}

QString CredentialField::help() const
{
    return helpSource ? QCoreApplication::translate(context, helpSource) : QString();
}

QString CredentialField::hint() const
{
    return hintSource ? QCoreApplication::translate(context, hintSource) : QString();
}

const CredentialField *CredentialSpec::field(const QString &key) const
{
    for (const CredentialField &f : fields)
        if (f.key == key)
            return &f;
    return nullptr;
}

const CredentialField *CredentialSpec::fieldWithRole(CredentialRole role) const
{
    for (const CredentialField &f : fields)
        if (f.role == role)
            return &f;
    return nullptr;
}

} // namespace paydesk
