#pragma once

#include "core/providers/credentialspec.h"

namespace paydesk::wechatpay {

/// What connecting an existing WeChat Pay merchant account asks for: the merchant id and the
/// AppID bound to it, the merchant API certificate's serial and private key (`apiclient_key.pem`),
/// the APIv3 key, the WeChat Pay public key with its id (or the platform certificate, whose
/// serial is then read from it), the APIv2 key for payment codes, the notification address QR
/// orders must name, and (folded away) the API address.
CredentialSpec credentialSpec();

} // namespace paydesk::wechatpay
