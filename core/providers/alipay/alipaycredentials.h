#pragma once

#include "core/providers/credentialspec.h"

namespace paydesk::alipay {

/// What connecting an existing Alipay open-platform app asks for: the APPID, the app private key
/// (made in Paydesk, its public half pasted into the console, or imported), the Alipay public key
/// the console shows in return, and (folded away) the gateway and the merchant PID.
CredentialSpec credentialSpec();

} // namespace paydesk::alipay
