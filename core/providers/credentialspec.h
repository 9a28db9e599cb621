#pragma once

#include <QList>
#include <QMap>
#include <QString>

#include <functional>
#include <optional>

namespace paydesk {

struct ProviderAccount;
struct ProviderStatus;

/// What a credential field holds: decides its editor, its check and whether it is a secret.
enum class CredentialKind {
    Text,       ///< an id or a serial number
    Secret,     ///< a shared key (e.g. an API key): hidden while typed, stored encrypted
    PrivateKey, ///< our RSA private key (PEM or bare Base64); stored encrypted
    PublicKey,  ///< the provider's RSA public key (PEM or bare Base64)
    Url,        ///< an endpoint
};

/// What a field is for, so that a failed proof names the field at fault without anyone outside
/// the provider's folder knowing the provider.
enum class CredentialRole {
    Identity,     ///< who we are at the provider (app id, merchant id)
    SigningKey,   ///< signs our requests
    VerifyingKey, ///< verifies the provider's answers
    Endpoint,     ///< where the calls go
    Other,
};

/// One field of the form that connects an existing merchant account. Texts are untranslated
/// sources in \a context (QCoreApplication::translate), so each adapter declares its own.
struct CredentialField
{
    QString key; ///< stable id: JSON, drafts, the `--key` option of `paydesk provider add`
    const char *context = "ProviderCredentials";
    const char *labelSource = "";
    const char *helpSource = nullptr; ///< where to find the value in the provider's console
    const char *hintSource = nullptr; ///< what a valid value looks like, for the error
    CredentialKind kind = CredentialKind::Text;
    CredentialRole role = CredentialRole::Other;
    bool required = true;
    bool advanced = false;    ///< folded away in the form (a gateway rarely changes)
    bool generatable = false; ///< PrivateKey: Paydesk may make the pair and show the public half
    QString defaultValue;
    QString pattern; ///< optional anchored regular expression a Text/Secret value must match

    QString label() const;
    QString help() const;
    QString hint() const;
    bool isSensitive() const
    {
        return kind == CredentialKind::Secret || kind == CredentialKind::PrivateKey;
    }
};

using CredentialValues = QMap<QString, QString>;

/// What is wrong with the credentials, in plain words, and which field it is about (empty when
/// it is no single field, e.g. the provider cannot be reached).
struct CredentialProblem
{
    QString field;
    QString message;
};

/// The credentials a provider needs to connect an existing account, declared by its adapter in
/// its registration. An empty spec means the provider cannot be connected by hand (yet).
struct CredentialSpec
{
    QList<CredentialField> fields;
    /// Writes checked, normalised \a values into \a account (provider and environment are set).
    std::function<void(const CredentialValues &values, ProviderAccount &account)> fill;
    /// Optional: the provider's own reading of the typed values, before the generic checks
    /// (e.g. a certificate pasted where a public key is asked for gives the key and its serial).
    /// A problem stops the check.
    std::function<std::optional<CredentialProblem>(CredentialValues &values)> prepare;
    /// Optional: the provider's own reading of a failed proof (its error codes). When it gives
    /// nothing, the generic reading by FailureReason and CredentialRole applies.
    std::function<std::optional<CredentialProblem>(const ProviderStatus &status)> diagnose;

    bool isEmpty() const { return fields.isEmpty() || !fill; }
    const CredentialField *field(const QString &key) const;
    const CredentialField *fieldWithRole(CredentialRole role) const;
};

} // namespace paydesk
