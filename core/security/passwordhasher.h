#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QString>

namespace paydesk {

/// scrypt work factors for new password hashes. Production uses the defaults; tests may lower
/// N to stay fast (verification always uses the factors stored in the hash).
struct ScryptCost
{
    quint64 n = quint64(1) << 15;
    quint32 r = 8;
    quint32 p = 1;
};

/// Salted scrypt password hashes in a self-describing text form, "scrypt$N$r$p$salt$hash"
/// (Base64 salt and hash), so the work factors can rise without invalidating stored hashes.
class PasswordHasher
{
    Q_DECLARE_TR_FUNCTIONS(PasswordHasher)
public:
    static Result<QString> hash(const QString &password, const ScryptCost &cost = {});
    /// Constant-time comparison; refuses absurd factors from a tampered row rather than
    /// allocating gigabytes.
    static bool verify(const QString &password, const QString &encoded);
};

} // namespace paydesk
