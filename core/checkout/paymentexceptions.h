#pragma once

#include "core/orders/order.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk {

class Clock;
class Database;

/// A provider answer or a sale the till does not book on its own (ARCHITECTURE §4): it waits for
/// a manager, with the provider's figures exactly as reported.
struct PaymentException
{
    enum class Kind {
        AmountMismatch, ///< the provider's total differs from the order
        TradeMismatch,  ///< the provider answered about another out_trade_no
        DuplicateCharge ///< a second success for one sale: refund one
    };
    qint64 id = 0;
    QString outTradeNo;
    QString saleId;
    Kind kind = Kind::AmountMismatch;
    QString providerOutTradeNo;
    std::optional<qint64> providerTotalMinor;
    QString providerTransactionId;
    QString details;
    QDateTime createdAt; ///< UTC
    QDateTime resolvedAt;

    bool isOpen() const { return !resolvedAt.isValid(); }
};

QString paymentExceptionKindName(PaymentException::Kind kind);

/// Compares a provider's "paid" answer with the order it claims to pay. Returns the kind of
/// mismatch, or nothing when it is ours. A reply that omits its total or out_trade_no is not
/// contradicted by it (query and pay answers always carry both; a notification's amount is
/// checked where it is decoded).
std::optional<PaymentException::Kind> mismatchOf(const Order &order, const QString &replyOutTradeNo,
                                                 const Money &replyTotal);

/// The manager's queue of payment exceptions (table payment_exceptions).
class PaymentExceptions
{
    Q_DECLARE_TR_FUNCTIONS(PaymentExceptions)
public:
    PaymentExceptions(Database &db, const Clock &clock);

    /// Records \a e (its id and createdAt are filled in); part of the caller's transaction
    /// when one is open.
    Result<PaymentException> record(PaymentException e);
    Result<QList<PaymentException>> open() const;
    Result<QList<PaymentException>> openForSale(const QString &saleId) const;
    Status resolve(qint64 id);

private:
    Result<QList<PaymentException>> select(const QString &where, const QVariantList &binds) const;

    Database &m_db;
    const Clock &m_clock;
};

} // namespace paydesk
