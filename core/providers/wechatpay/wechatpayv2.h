#pragma once

#include "core/providers/wechatpay/wechatpayconfig.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QMap>
#include <QString>

namespace paydesk {

/// WeChat Pay v2 (payment-code pay): flat `<xml>` messages signed with the APIv2 key.
class WechatPayV2
{
    Q_DECLARE_TR_FUNCTIONS(WechatPayV2)
public:
    using Params = QMap<QString, QString>; ///< sorted by key, as the signature wants
    using SignType = WechatPayConfig::V2Sign;

    /// Upper-case hex of MD5 or HMAC-SHA256 (keyed with \a key) over the non-empty params
    /// except `sign`, sorted, joined `k=v&...`, then `&key=<key>`.
    static QString sign(const Params &params, const QByteArray &key, SignType type);
    /// `sign` of \a params checked with \a type (the algorithm the request used, never a guess
    /// from the signature's length); constant time.
    static bool verify(const Params &params, const QByteArray &key, SignType type);
    /// `sign_type` value for a request; empty for MD5 (its default).
    static QString signTypeName(SignType type);

    /// `<xml><k>v</k>...</xml>`; values with `<`, `>` or `&` go in CDATA.
    static QByteArray toXml(const Params &params);
    /// A flat `<xml>` message: one level of elements holding text or CDATA. A DTD, nesting,
    /// repeated names or anything after the root are errors (wechatpay.bad_xml).
    static Result<Params> parseXml(const QByteArray &xml);
};

} // namespace paydesk
