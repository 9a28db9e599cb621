#pragma once

#include "core/crypto/crypto.h"
#include "core/providers/alipay/alipayconfig.h"
#include "core/util/result.h"

#include <QUrl>

#include <functional>

class QNetworkAccessManager;
class QObject;

namespace paydesk {

/// Registers \a appKey's public half as a new Alipay app with a Paydesk sandbox
/// (POST <sandboxBase>/sandbox/apps) and builds the AlipayConfig from its answer
/// (gateway, app_id, provider_public_key). \a done runs exactly once, on \a ctx's
/// thread, unless \a ctx is destroyed first. Times out after \a timeoutMs.
void provisionAlipaySandbox(QNetworkAccessManager *network, const QUrl &sandboxBase,
                            const crypto::RsaKey &appKey, QObject *ctx,
                            std::function<void(Result<AlipayConfig>)> done, int timeoutMs = 10000);

} // namespace paydesk
