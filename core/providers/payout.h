#pragma once

#include <QDate>
#include <QDateTime>
#include <QRegularExpression>
#include <QString>

namespace paydesk {

/// A payout of a provider to the merchant's bank account (a withdrawal / 提现 row of the
/// provider's fund-flow statement), provider-neutral.
struct Payout
{
    QString provider;
    QString reference; ///< the provider's payout / fund-flow id
    QDate coversDay;   ///< the business day whose takings it settles
    QDateTime paidAt;  ///< UTC
    qint64 amountMinor = 0;
};

/// The business day a payout row settles: the date (yyyy-MM-dd) its remark names, when it names
/// one (a late payout says which day it is for), else the day before \a bookedDay (T+1).
inline QDate payoutCoversDay(const QString &remark, const QDate &bookedDay)
{
    static const QRegularExpression date(QStringLiteral("(\\d{4}-\\d{2}-\\d{2})"));
    const QRegularExpressionMatch m = date.match(remark);
    if (m.hasMatch()) {
        const QDate named = QDate::fromString(m.captured(1), Qt::ISODate);
        if (named.isValid() && named < bookedDay)
            return named;
    }
    return bookedDay.addDays(-1);
}

} // namespace paydesk
