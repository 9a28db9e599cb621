#pragma once

#include "core/providers/alipay/alipayconfig.h"
#include "core/providers/providerregistry.h"
#include "core/util/result.h"

#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QObject;

namespace paydesk {

/// The adapter's configuration for a stored account: parses the keys, keeps the rest.
Result<AlipayConfig> alipayConfigFrom(const ProviderAccount &account);

/// Registers \a appKey's public half as a new Alipay app with a Paydesk sandbox and builds
/// the AlipayConfig from its answer (provisionSandboxAccount with this adapter's id).
void provisionAlipaySandbox(QNetworkAccessManager *network, const QUrl &sandboxBase,
                            const crypto::RsaKey &appKey, QObject *ctx,
                            std::function<void(Result<AlipayConfig>)> done, int timeoutMs = 10000);

} // namespace paydesk
