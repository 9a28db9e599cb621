#pragma once

#include "core/orders/order.h"

#include <QList>
#include <QObject>
#include <QSet>

#include <functional>

namespace paydesk {

class CheckoutService;
class Clock;
class Database;

struct RecoveryReport
{
    struct Resolved
    {
        QString outTradeNo;
        OrderStatus status = OrderStatus::Unknown;
    };
    QList<Resolved> resolved; ///< orders that reached a final state during the run
    int stillOpen = 0; ///< open orders left (no final answer yet, or an unexpired payment link)
    /// Orders this run drove that did not reach a final state in time: no new payment may be
    /// taken before they are final (ARCHITECTURE §3 rule 6).
    QStringList unresolved;
    QStringList awaitingCustomer; ///< unexpired payment links, still waiting for the buyer
    QStringList errors;
};

/// ARCHITECTURE §3 rule 6: at start-up (before the till takes a payment) and for `paydesk recover`,
/// queries every CREATED/PENDING/UNKNOWN order and drives it to a final state through
/// CheckoutService (query; paid → PAID; otherwise close/cancel until final). An order another
/// live Paydesk process drives is left to it; one whose process is gone is taken over with a
/// compare-and-set on its owner (OrderRepository::claim), so two processes recovering at once
/// never both drive it.
class Recovery : public QObject
{
    Q_OBJECT
public:
    Recovery(Database &db, CheckoutService &checkout, Clock &clock, QObject *parent = nullptr);

    /// Starts the run; \a done is called once, when every order is final or when
    /// \a timeoutMs has passed (what is left counts as stillOpen).
    void run(std::function<void(const RecoveryReport &)> done, qint64 timeoutMs = 60000);
    bool isRunning() const { return m_running; }

private:
    void finish();

    Database &m_db;
    CheckoutService &m_checkout;
    Clock &m_clock;
    std::function<void(const RecoveryReport &)> m_done;
    QSet<QString> m_waiting;
    RecoveryReport m_report;
    QMetaObject::Connection m_connection;
    bool m_running = false;
    quint64 m_runId = 0;
};

} // namespace paydesk
