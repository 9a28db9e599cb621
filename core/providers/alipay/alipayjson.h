#pragma once

#include "core/money/money.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QTimeZone>

namespace paydesk::alipayjson {

/// Alipay stamps every time in Beijing time (UTC+8, no DST).
QTimeZone beijing();
/// A string field; numbers are accepted too, since non-conforming servers send codes as such.
QString str(const QJsonObject &o, const QString &key);
/// A decimal-yuan field; zero (and a warning) when absent or malformed.
Money money(const QJsonObject &o, const QString &key);
/// "yyyy-MM-dd HH:mm:ss" in Beijing time → UTC; invalid when empty or malformed.
QDateTime beijingTime(const QString &text);

} // namespace paydesk::alipayjson
