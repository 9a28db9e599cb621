#pragma once

#include "core/crypto/crypto.h"
#include "core/providers/providerregistry.h"
#include "core/util/result.h"

#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QObject;

namespace paydesk {

/// Registers \a appKey's public half as a new app of \a providerId with a Paydesk sandbox
/// (POST <sandboxBase>/sandbox/apps) and builds the account from its answer: with \a parse
/// (the provider's ProviderDescriptor::sandboxAccount) when given, else from the common fields
/// (gateway, app_id, provider_public_key); the private key is \a appKey's. \a done runs exactly
/// once, on \a ctx's thread, unless \a ctx is destroyed first. Times out after \a timeoutMs.
/// A sandbox that knows the wallet but does not speak its protocol fails with code
/// sandbox.unsupported.
void provisionSandboxAccount(QNetworkAccessManager *network, const QUrl &sandboxBase,
                             const QString &providerId, const crypto::RsaKey &appKey, QObject *ctx,
                             std::function<void(Result<ProviderAccount>)> done,
                             int timeoutMs = 10000, SandboxAccountParser parse = {});

} // namespace paydesk
