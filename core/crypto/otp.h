#pragma once

#include "core/util/result.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace paydesk::crypto {

/// RFC 4648 Base32 (upper-case, no padding on output; padding, lower case, spaces and dashes
/// accepted on input, as authenticator apps display secrets).
QString base32Encode(const QByteArray &data);
Result<QByteArray> base32Decode(const QString &text);

/// RFC 6238 TOTP with HMAC-SHA1: the code for the time step containing \a unixSeconds.
QString totp(const QByteArray &secret, qint64 unixSeconds, int digits = 6, int stepSeconds = 30);
/// True when \a code matches the step of \a unixSeconds or one step either side.
bool totpVerify(const QByteArray &secret, const QString &code, qint64 unixSeconds, int digits = 6,
                int stepSeconds = 30);
/// Like totpVerify(), but returns the matched time-step counter (unixSeconds / stepSeconds of
/// the matching step). Store the last accepted counter per operator and refuse a code whose
/// counter is not greater, so a shoulder-surfed code cannot be replayed within its window.
std::optional<qint64> totpMatchCounter(const QByteArray &secret, const QString &code,
                                       qint64 unixSeconds, int digits = 6, int stepSeconds = 30);

} // namespace paydesk::crypto
