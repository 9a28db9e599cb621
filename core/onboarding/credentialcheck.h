#pragma once

#include "core/providers/credentialspec.h"

#include <QCoreApplication>

#include <optional>

namespace paydesk {

struct ProviderStatus;

/// Checks typed credentials before anything is sent, and reads the answer of the proof call.
/// Every message names the field in the provider's own words (CredentialField::label).
class CredentialCheck
{
    Q_DECLARE_TR_FUNCTIONS(CredentialCheck)
public:
    /// Trims \a values, fills defaults, re-encodes keys as PEM (PKCS#8 / SPKI) and checks them by
    /// \a spec: required fields present, patterns matched, keys readable RSA keys of the right
    /// kind, and the provider's public key not our own app public key (a common mix-up). The
    /// first problem, or nullopt when \a values are ready for the proof.
    static std::optional<CredentialProblem> normalise(const CredentialSpec &spec,
                                                      CredentialValues &values);

    /// True when \a status proves the credentials: a verified answer that is either a success
    /// or the provider's own "no such trade" for the probe number.
    static bool proves(const ProviderStatus &status);

    /// What a failed proof means: the provider's own reading (CredentialSpec::diagnose) when it
    /// has one, else the generic reading by FailureReason, naming the field with the role at
    /// fault. \a providerName is the registry's display name.
    static CredentialProblem diagnose(const CredentialSpec &spec, const QString &providerName,
                                      const ProviderStatus &status);

    /// A fresh order number that cannot exist at any provider: "PDPROBE-" and 16 random hex
    /// digits (Paydesk's own numbers start with the store code and never contain "PROBE").
    static QString probeNumber();
};

} // namespace paydesk
