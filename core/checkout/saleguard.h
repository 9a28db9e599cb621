#pragma once

#include "core/util/result.h"

#include <QCoreApplication>
#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace paydesk {

class OrderRepository;
class PaymentExceptions;

/// The sale-level rule of ARCHITECTURE §3 rule 8: a sale has at most one attempt that can take
/// money. An attempt can take money from the moment it is sent until it is final, so a new payment
/// code for a sale waits (queued, never sent) until every earlier attempt is final and none was
/// paid. Only the newest queued code counts: a newer scan replaces it.
class SaleGuard
{
    Q_DECLARE_TR_FUNCTIONS(CheckoutService)
public:
    SaleGuard(const OrderRepository &orders, const PaymentExceptions &exceptions);

    struct Verdict
    {
        enum class Kind {
            Go,     ///< nothing else of the sale can take money: send
            Wait,   ///< earlier attempts are still open: close them out first
            Refuse, ///< the sale is paid, or held for the manager: never send
        };
        Kind kind = Kind::Go;
        QStringList openAttempts; ///< Wait: the earlier attempts that are not final yet
        Error refusal;            ///< Refuse: why, for the cashier
        QString paidAttempt;      ///< Refuse because this attempt of the sale was paid
    };
    /// May an attempt of \a saleId (other than \a self, and other than the queued one) take
    /// money now?
    Result<Verdict> check(const QString &saleId, const QString &self = {}) const;

    struct Queued
    {
        QString outTradeNo;
        QString authCode;
    };
    /// Makes \a attempt the sale's queued one; returns the one it replaces.
    std::optional<Queued> enqueue(const QString &saleId, Queued attempt);
    std::optional<Queued> take(const QString &saleId);
    std::optional<Queued> queued(const QString &saleId) const;
    /// The sale whose queued attempt \a outTradeNo is, if it is one.
    std::optional<QString> saleOfQueued(const QString &outTradeNo) const;

    /// Another attempt of \a saleId that is already paid: a success for \a outTradeNo
    /// would then be a second charge for one sale.
    Result<std::optional<QString>> otherPaidAttempt(const QString &saleId,
                                                    const QString &outTradeNo) const;

private:
    const OrderRepository &m_orders;
    const PaymentExceptions &m_exceptions;
    QHash<QString, Queued> m_queued; // sale id -> its newest code, not sent yet
};

} // namespace paydesk
