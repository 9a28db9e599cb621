#pragma once

#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace paydesk {

class SecretVault;
class SettingsStore;

/// Turns a provider's payer identifier (a wallet's user id or logon id, an openid,
/// a phone number) into a stable pseudonym: hex HMAC-SHA256 under a random per-install salt.
/// The same payer gives the same hash on this install (so duplicate-charge detection and
/// customer export work) and an unrelated hash on any other install.
///
/// The 32-byte salt is created on first use and kept ONLY as a SecretVault blob in the settings
/// table (key privacy.payer_salt, vault context "privacy.payer_salt").
class PayerHasher
{
    Q_DECLARE_TR_FUNCTIONS(PayerHasher)
public:
    PayerHasher(SettingsStore &settings, const SecretVault &vault);

    /// \a scope separates namespaces of ids (a provider's registry id, "phone"); \a payerId is
    /// trimmed (and, for "phone", reduced to its digits).
    Result<QString> hash(const QString &scope, const QString &payerId);

private:
    Result<QByteArray> salt();

    SettingsStore &m_settings;
    const SecretVault &m_vault;
    QByteArray m_salt;
};

} // namespace paydesk
