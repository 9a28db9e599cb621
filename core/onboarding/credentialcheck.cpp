#include "core/onboarding/credentialcheck.h"

#include "core/crypto/crypto.h"
#include "core/providers/paymentprovider.h"

#include <QRegularExpression>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

QString labelOf(const CredentialSpec &spec, CredentialRole role)
{
    const CredentialField *f = spec.fieldWithRole(role);
    return f ? f->label() : QString();
}

QString keyOf(const CredentialSpec &spec, CredentialRole role)
{
    const CredentialField *f = spec.fieldWithRole(role);
    return f ? f->key : QString();
}

} // namespace

std::optional<CredentialProblem> CredentialCheck::normalise(const CredentialSpec &spec,
                                                            CredentialValues &values)
{
    if (spec.prepare) {
        for (auto it = values.begin(); it != values.end(); ++it)
            it.value() = it.value().trimmed();
        if (auto problem = spec.prepare(values))
            return problem;
    }
    for (const CredentialField &f : spec.fields) {
        QString value = values.value(f.key).trimmed();
        if (value.isEmpty())
            value = f.defaultValue;
        if (value.isEmpty()) {
            if (f.required)
                return CredentialProblem{f.key, tr("%1 is missing.").arg(f.label())};
            values.remove(f.key);
            continue;
        }
        switch (f.kind) {
        case CredentialKind::Text:
        case CredentialKind::Secret:
            if (!f.pattern.isEmpty() &&
                !QRegularExpression(QRegularExpression::anchoredPattern(f.pattern))
                     .match(value)
                     .hasMatch())
                return CredentialProblem{
                    f.key,
                    f.hint().isEmpty()
                        ? tr("%1 does not look right.").arg(f.label())
                        : tr("%1 does not look right: expected %2.").arg(f.label(), f.hint())};
            break;
        case CredentialKind::Url: {
            const QUrl url(value, QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty() ||
                (url.scheme() != u"https" && url.scheme() != u"http"))
                return CredentialProblem{
                    f.key, tr("%1 must be a web address starting with https://.").arg(f.label())};
            break;
        }
        case CredentialKind::PrivateKey:
        case CredentialKind::PublicKey: {
            auto key = crypto::RsaKey::fromPem(value.toLatin1());
            if (!key.ok())
                return CredentialProblem{f.key, tr("%1: %2").arg(f.label(), key.error().message)};
            const bool wantPrivate = f.kind == CredentialKind::PrivateKey;
            if (wantPrivate && !key.value().hasPrivate())
                return CredentialProblem{
                    f.key, tr("%1 is a public key. Paste or import the private key here (it "
                              "begins with \"-----BEGIN PRIVATE KEY-----\" or is the longer "
                              "Base64 text).")
                               .arg(f.label())};
            if (key.value().bits() < 2048)
                return CredentialProblem{
                    f.key, tr("%1 is an RSA key of %2 bits; at least 2048 are needed.")
                               .arg(f.label())
                               .arg(key.value().bits())};
            value = QString::fromLatin1(wantPrivate ? key.value().privateKeyPem()
                                                    : key.value().publicKeyPem());
            break;
        }
        }
        values.insert(f.key, value);
    }
    // The provider's key pasted where our own public key was meant, or the reverse: both keys
    // then belong to us and nothing the provider signs can verify.
    const QString signing = keyOf(spec, CredentialRole::SigningKey);
    const QString verifying = keyOf(spec, CredentialRole::VerifyingKey);
    if (!signing.isEmpty() && !verifying.isEmpty() && values.contains(signing) &&
        values.contains(verifying)) {
        const auto ours = crypto::RsaKey::fromPem(values.value(signing).toLatin1());
        if (ours.ok() && ours.value().publicKeyPem() == values.value(verifying).toLatin1())
            return CredentialProblem{
                verifying, tr("%1 is the public half of the %2, i.e. your own key. Copy the "
                              "provider's public key from the console instead.")
                               .arg(labelOf(spec, CredentialRole::VerifyingKey),
                                    labelOf(spec, CredentialRole::SigningKey))};
    }
    return std::nullopt;
}

bool CredentialCheck::proves(const ProviderStatus &status)
{
    // Failed is only ever reported for an answer whose signature verified (paymentprovider.h).
    return status.ok() || (status.failed() && status.reason == FailureReason::TradeNotExist);
}

CredentialProblem CredentialCheck::diagnose(const CredentialSpec &spec, const QString &providerName,
                                            const ProviderStatus &status)
{
    if (spec.diagnose) {
        if (auto own = spec.diagnose(status))
            return *own;
    }
    const QString said = status.message.isEmpty() ? status.code : status.message;
    const QString code = status.subCode.isEmpty() ? status.code : status.subCode;
    if (status.failed() && status.reason == FailureReason::InvalidSignature)
        return {keyOf(spec, CredentialRole::SigningKey),
                tr("%1 refused Paydesk's signature: the %2 does not belong to the public key "
                   "registered for this %3. Paste the public key shown here into the %1 console, "
                   "or import the private key that belongs to the one registered there.")
                    .arg(providerName, labelOf(spec, CredentialRole::SigningKey),
                         labelOf(spec, CredentialRole::Identity))};
    if (status.unknown() && status.reason == FailureReason::InvalidSignature)
        return {keyOf(spec, CredentialRole::VerifyingKey),
                tr("%1 answered, but its answer does not verify with the %2 you entered. Copy the "
                   "%2 from the console again (it is %1's key, not your app's).")
                    .arg(providerName, labelOf(spec, CredentialRole::VerifyingKey))};
    if (status.unknown() && (status.reason == FailureReason::NetworkTrouble ||
                             status.reason == FailureReason::ProviderBusy))
        return {keyOf(spec, CredentialRole::Endpoint),
                tr("Paydesk could not reach %1 (%2). Check the internet connection and the "
                   "gateway address, then try again.")
                    .arg(providerName, said)};
    if (status.failed() && (status.reason == FailureReason::BadRequest ||
                            status.reason == FailureReason::PermissionDenied))
        return {keyOf(spec, CredentialRole::Identity),
                tr("%1 refused the request: %2 (%3). Check the %4.")
                    .arg(providerName, said, code, labelOf(spec, CredentialRole::Identity))};
    return {QString(),
            tr("%1 did not confirm the account: %2 (%3).").arg(providerName, said, code)};
}

QString CredentialCheck::probeNumber()
{
    return u"PDPROBE-"_s + QString::fromLatin1(crypto::randomBytes(8).toHex().toUpper());
}

} // namespace paydesk
