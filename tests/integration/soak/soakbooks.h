#pragma once

// The invariants of the soak tests (docs/SOAK.md): the till's books on one data folder compared
// with the sandbox's own trades. Each broken invariant is one line naming the order, refund or
// journal entry, so a failing run says exactly what was lost or taken twice.

#include "core/backup/sqlitefile.h"
#include "core/ledger/ledger.h"
#include "core/orders/order.h"
#include "core/storage/database.h"
#include "core/util/clock.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QSqlQuery>
#include <QStringList>

namespace paydesk::test {

struct SoakCheck
{
    QStringList violations;
    int invariantsChecked = 0; ///< individual comparisons made (per order, refund, entry, …)
    int paidOrders = 0;
    int refunds = 0;
    qint64 paidMinor = 0;
    qint64 refundedMinor = 0;

    void check(bool held, const QString &whatBroke)
    {
        ++invariantsChecked;
        if (!held)
            violations << whatBroke;
    }
};

/// Compares the books in \a dbPath (opened after every Paydesk process has ended) with
/// \a sandboxTrades (GET /sandbox/trades). A buyer charged twice for one sale is the caller's
/// check (it knows the sales); see buyersChargedTwice().
inline SoakCheck checkBooks(const QString &dbPath, const QList<QJsonObject> &sandboxTrades)
{
    SoakCheck c;
    const QString integrity = SqliteFile::integrityProblems(dbPath);
    c.check(integrity.isEmpty(), QStringLiteral("PRAGMA integrity_check: %1").arg(integrity));
    auto opened = Database::open(dbPath);
    if (!opened.ok()) {
        c.check(false, QStringLiteral("database does not open: %1").arg(opened.error().message));
        return c;
    }
    Database &db = *opened.value();

    struct Local
    {
        QString status;
        qint64 amount = 0;
        qint64 refunded = 0;
    };
    QHash<QString, Local> orders;
    {
        auto q = db.exec(QStringLiteral("SELECT out_trade_no, status, amount_minor, "
                                        "refunded_minor FROM orders"));
        c.check(q.ok(), QStringLiteral("orders unreadable"));
        if (q.ok())
            while (q.value().next())
                orders.insert(q.value().value(0).toString(),
                              {q.value().value(1).toString(), q.value().value(2).toLongLong(),
                               q.value().value(3).toLongLong()});
    }
    static const QSet<QString> paidStates{
        QStringLiteral("PAID"), QStringLiteral("PARTIALLY_REFUNDED"), QStringLiteral("REFUNDED")};
    static const QSet<QString> openStates{QStringLiteral("CREATED"), QStringLiteral("PENDING"),
                                          QStringLiteral("UNKNOWN")};
    // Every order final.
    for (auto it = orders.cbegin(); it != orders.cend(); ++it)
        c.check(!openStates.contains(it.value().status),
                QStringLiteral("order %1 is not final: %2").arg(it.key(), it.value().status));

    // Refunds: final, and the successful ones add up to what the order and the provider say.
    QHash<QString, qint64> refundedByOrder;
    {
        auto q = db.exec(QStringLiteral("SELECT r.out_request_no, r.status, r.amount_minor, "
                                        "o.out_trade_no FROM refunds r "
                                        "JOIN orders o ON o.id = r.order_id"));
        c.check(q.ok(), QStringLiteral("refunds unreadable"));
        if (q.ok())
            while (q.value().next()) {
                const QString no = q.value().value(0).toString();
                const QString status = q.value().value(1).toString();
                c.check(status == u"SUCCESS" || status == u"FAILED",
                        QStringLiteral("refund %1 (order %2) is not final: %3")
                            .arg(no, q.value().value(3).toString(), status));
                if (status == u"SUCCESS") {
                    refundedByOrder[q.value().value(3).toString()] +=
                        q.value().value(2).toLongLong();
                    ++c.refunds;
                }
            }
    }

    QHash<QString, int> paidTradesPerNo;
    for (const QJsonObject &t : sandboxTrades) {
        const QString no = t.value(QStringLiteral("out_trade_no")).toString();
        const bool paid = t.value(QStringLiteral("status")).toString() == u"SUCCESS";
        const qint64 amount = t.value(QStringLiteral("amount_minor")).toInteger();
        const qint64 refunded = t.value(QStringLiteral("refunded_minor")).toInteger();
        c.check(refunded <= amount,
                QStringLiteral("order %1 refunded %2 of %3 at the provider: a refund executed "
                               "more than once")
                    .arg(no)
                    .arg(refunded)
                    .arg(amount));
        if (!paid) {
            // Money never taken must not be booked as taken.
            const auto local = orders.constFind(no);
            c.check(local == orders.cend() || !paidStates.contains(local->status),
                    QStringLiteral("order %1 is booked %2 but the provider holds it %3")
                        .arg(no, local == orders.cend() ? QString() : local->status,
                             t.value(QStringLiteral("status")).toString()));
            continue;
        }
        ++paidTradesPerNo[no];
        const auto local = orders.constFind(no);
        c.check(local != orders.cend(),
                QStringLiteral("payment lost: order %1 (%2 minor) was paid at the provider and "
                               "is not in the books")
                    .arg(no)
                    .arg(amount));
        if (local == orders.cend())
            continue;
        c.check(paidStates.contains(local->status),
                QStringLiteral("payment lost: order %1 was paid at the provider and is booked %2")
                    .arg(no, local->status));
        c.check(local->amount == amount, QStringLiteral("order %1: booked %2, provider %3")
                                             .arg(no)
                                             .arg(local->amount)
                                             .arg(amount));
        c.check(local->refunded == refunded,
                QStringLiteral("order %1: %2 refunded in the books, %3 at the provider")
                    .arg(no)
                    .arg(local->refunded)
                    .arg(refunded));
        c.check(refundedByOrder.value(no) == refunded,
                QStringLiteral("order %1: its successful refunds add up to %2, the provider "
                               "refunded %3")
                    .arg(no)
                    .arg(refundedByOrder.value(no))
                    .arg(refunded));
        ++c.paidOrders;
        c.paidMinor += amount;
        c.refundedMinor += refunded;
    }
    for (auto it = paidTradesPerNo.cbegin(); it != paidTradesPerNo.cend(); ++it)
        c.check(it.value() == 1, QStringLiteral("order %1 was paid %2 times at the provider")
                                     .arg(it.key())
                                     .arg(it.value()));
    // Every order the books call paid was paid at the provider.
    for (auto it = orders.cbegin(); it != orders.cend(); ++it)
        if (paidStates.contains(it.value().status))
            c.check(paidTradesPerNo.contains(it.key()),
                    QStringLiteral("order %1 is booked %2 but the provider has no payment for it")
                        .arg(it.key(), it.value().status));

    // Trial balance zero, and every journal entry balanced.
    SystemClock clock;
    Ledger ledger(db, clock);
    auto trial = ledger.trialBalance();
    c.check(trial.ok(), QStringLiteral("trial balance unreadable"));
    if (trial.ok()) {
        qint64 sum = 0;
        for (const AccountBalance &b : trial.value())
            sum += b.balanceMinor;
        c.check(sum == 0, QStringLiteral("trial balance is %1, not zero").arg(sum));
    }
    auto unbalanced = db.exec(QStringLiteral("SELECT entry_id, SUM(amount_minor) FROM postings "
                                             "GROUP BY entry_id HAVING SUM(amount_minor) != 0"));
    c.check(unbalanced.ok(), QStringLiteral("postings unreadable"));
    if (unbalanced.ok())
        while (unbalanced.value().next())
            c.check(false, QStringLiteral("journal entry %1 does not balance: %2")
                               .arg(unbalanced.value().value(0).toLongLong())
                               .arg(unbalanced.value().value(1).toLongLong()));
    return c;
}

/// Buyers (sandbox buyer_id) holding more than one paid, not fully refunded trade, when each of
/// them made a single purchase: a buyer charged twice without a refund.
inline void checkOneChargePerBuyer(SoakCheck &c, const QList<QJsonObject> &sandboxTrades,
                                   const QSet<QString> &singleSaleBuyers)
{
    QHash<QString, QStringList> kept;
    for (const QJsonObject &t : sandboxTrades) {
        const QString buyer = t.value(QStringLiteral("buyer_id")).toString();
        if (!singleSaleBuyers.contains(buyer) ||
            t.value(QStringLiteral("status")).toString() != u"SUCCESS")
            continue;
        if (t.value(QStringLiteral("refunded_minor")).toInteger() <
            t.value(QStringLiteral("amount_minor")).toInteger())
            kept[buyer] << t.value(QStringLiteral("out_trade_no")).toString();
    }
    for (const QString &buyer : singleSaleBuyers)
        c.check(kept.value(buyer).size() <= 1,
                QStringLiteral("buyer %1 charged twice without a refund: orders %2")
                    .arg(buyer, kept.value(buyer).join(QStringLiteral(", "))));
}

} // namespace paydesk::test
