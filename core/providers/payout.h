#pragma once

#include <QDate>
#include <QDateTime>
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

} // namespace paydesk
