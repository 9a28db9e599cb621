#pragma once

// A till's book for the shift tests: the security fixture's real SQLite file, vault, audit log
// and operators, plus the ledger, the order repository and the ShiftService over them, with
// helpers that sell (cash or wallet, to any end state) and make a manager with a fresh TOTP.

#include "core/ledger/ledger.h"
#include "core/orders/orderrepository.h"
#include "core/shifts/shiftservice.h"

#include "securityfixture.h"

namespace paydesk::testing {

struct ShiftFixture
{
    static inline const QString till = QStringLiteral("T1ZZ");

    SecurityFixture f;
    std::unique_ptr<Ledger> ledger;
    std::unique_ptr<OrderRepository> orders;
    std::unique_ptr<ShiftService> shifts;
    int orderSeq = 0;
    QString managerSecret;

    bool init()
    {
        if (!f.init())
            return false;
        ledger = std::make_unique<Ledger>(*f.db, f.clock);
        orders = std::make_unique<OrderRepository>(*f.db, *ledger, f.clock);
        shifts = std::make_unique<ShiftService>(*f.db, *f.audit, *ledger, f.clock);
        return true;
    }

    /// A sale of \a minor fen on this till by "carl", driven to \a end; its out_trade_no, or
    /// empty when a step failed.
    QString sell(const QString &provider, OrderKind kind, qint64 minor,
                 OrderStatus end = OrderStatus::Paid)
    {
        NewOrder n;
        n.outTradeNo = QStringLiteral("PD%1X%2").arg(till).arg(++orderSeq, 4, 10, QLatin1Char('0'));
        n.provider = provider;
        n.kind = kind;
        n.amount = Money::fromMinor(minor);
        n.cashier = QStringLiteral("carl");
        n.till = till;
        if (kind == OrderKind::Cash) {
            n.tenderedMinor = minor;
            n.changeMinor = 0;
            return orders->createPaidCash(n, QStringLiteral("cash sale")).ok() ? n.outTradeNo
                                                                               : QString();
        }
        if (!orders->create(n).ok())
            return {};
        if (end == OrderStatus::Created)
            return n.outTradeNo;
        if (!orders->transition(n.outTradeNo, OrderStatus::Pending).ok())
            return {};
        if (end == OrderStatus::Pending)
            return n.outTradeNo;
        OrderChange change;
        change.transactionId = QStringLiteral("T%1").arg(orderSeq);
        return orders->transition(n.outTradeNo, end, change).ok() ? n.outTradeNo : QString();
    }

    /// Manager "mona" with TOTP enrolled, logged in with a fresh code (a valid step-up).
    Session manager()
    {
        Session owner = f.owner();
        if (!f.operators
                 ->createOperator(owner, QStringLiteral("mona"), Role::Manager, kManagerPassword)
                 .ok())
            return {};
        auto mona = f.operators->authenticate(QStringLiteral("mona"), kManagerPassword);
        if (!mona.ok())
            return {};
        Session s = mona.value();
        auto enrollment = f.operators->beginTotpEnrollment(s);
        if (!enrollment.ok() ||
            !f.operators->confirmTotpEnrollment(s, f.code(enrollment.value().secretBase32)).ok())
            return {};
        f.clock.advance(31000);
        managerSecret = enrollment.value().secretBase32;
        auto fresh = f.operators->authenticate(QStringLiteral("mona"), kManagerPassword,
                                               f.code(managerSecret));
        return fresh.ok() ? fresh.value() : Session();
    }
};

/// The error text of a failed result, for test messages (QVERIFY2 evaluates it always).
template <typename R> QByteArray why(const R &r)
{
    return r.ok() ? QByteArray() : r.error().message.toUtf8();
}

} // namespace paydesk::testing
