#pragma once

// One connection's view of an order book: a real SQLite file with every migration, the
// ledger and the OrderRepository over it. Several OrderBooks on one file are what several
// Paydesk processes see.

#include "core/ledger/ledger.h"
#include "core/orders/orderrepository.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <memory>

namespace paydesk::test {

class OrderBook
{
public:
    OrderBook(const QString &path, const Clock &clock)
    {
        auto opened = Database::open(path);
        if (!opened.ok()) {
            error = opened.error().message;
            return;
        }
        db = std::move(opened).value();
        ledger = std::make_unique<Ledger>(*db, clock);
        repo = std::make_unique<OrderRepository>(*db, *ledger, clock);
    }

    bool ok() const { return repo != nullptr; }

    /// A CREATED order of \a minor fen for the sandbox wallet, cashier "alice".
    static NewOrder order(const QString &outTradeNo, qint64 minor = 100)
    {
        NewOrder n;
        n.outTradeNo = outTradeNo;
        n.provider = QStringLiteral("alipay");
        n.amount = Money::fromMinor(minor);
        n.cashier = QStringLiteral("alice");
        return n;
    }

    QString error;
    std::unique_ptr<Database> db;
    std::unique_ptr<Ledger> ledger;
    std::unique_ptr<OrderRepository> repo;
};

} // namespace paydesk::test
