#include "core/checkout/recovery.h"

#include "core/checkout/checkoutservice.h"
#include "core/orders/orderowner.h"
#include "core/util/clock.h"
#include "core/util/log.h"

namespace paydesk {

Recovery::Recovery(Database &db, CheckoutService &checkout, Clock &clock, QObject *parent)
    : QObject(parent), m_db(db), m_checkout(checkout), m_clock(clock)
{
}

void Recovery::run(std::function<void(const RecoveryReport &)> done, qint64 timeoutMs)
{
    if (m_running) {
        RecoveryReport busy;
        busy.errors << tr("Recovery is already running.");
        done(busy);
        return;
    }
    m_running = true;
    m_done = std::move(done);
    m_report = {};
    m_waiting.clear();
    const quint64 runId = ++m_runId;

    auto open = m_checkout.orders().openOrders();
    if (!open.ok()) {
        m_report.errors << open.error().message;
        finish();
        return;
    }
    qCInfo(lcCheckout) << "recovery:" << open.value().size() << "open orders";
    m_connection =
        connect(&m_checkout, &CheckoutService::orderFinished, this, [this](const OrderSnapshot &s) {
            if (!m_waiting.remove(s.outTradeNo))
                return;
            m_report.resolved.append({s.outTradeNo, s.status});
            if (m_waiting.isEmpty())
                finish();
        });
    QList<Order> mine;
    const QString self = OrderOwner::current();
    for (const Order &o : open.value()) {
        if (OrderOwner::isAnotherLiveProcess(o.owner)) {
            // Another running Paydesk (the GUI, or a `paydesk charge` in flight) drives it.
            qCInfo(lcCheckout) << "recovery: leaving" << o.outTradeNo << "to" << o.owner;
            continue;
        }
        if (o.owner != self) {
            auto claimed = m_checkout.orders().claim(o.outTradeNo, o.owner, self);
            if (!claimed.ok()) {
                m_report.errors << claimed.error().message;
                m_report.unresolved << o.outTradeNo;
                ++m_report.stillOpen;
                continue;
            }
            if (!claimed.value()) {
                qCInfo(lcCheckout)
                    << "recovery:" << o.outTradeNo << "taken over by another process";
                continue;
            }
        }
        mine.append(o);
        m_waiting.insert(o.outTradeNo);
    }
    for (const Order &o : std::as_const(mine)) {
        if (!m_running)
            break;
        if (!m_waiting.contains(o.outTradeNo))
            continue; // finished synchronously
        if (!m_checkout.resume(o.outTradeNo)) {
            // An unexpired payment link keeps waiting for its customer.
            m_waiting.remove(o.outTradeNo);
            m_report.awaitingCustomer << o.outTradeNo;
            ++m_report.stillOpen;
        }
    }
    if (m_running && m_waiting.isEmpty()) {
        finish();
        return;
    }
    if (m_running)
        m_clock.callAfter(timeoutMs, this, [this, runId] {
            if (m_running && m_runId == runId)
                finish();
        });
}

void Recovery::finish()
{
    if (!m_running)
        return;
    m_running = false;
    disconnect(m_connection);
    m_report.stillOpen += int(m_waiting.size());
    QStringList left(m_waiting.cbegin(), m_waiting.cend());
    left.sort();
    m_report.unresolved << left;
    m_waiting.clear();
    qCInfo(lcCheckout) << "recovery done:" << m_report.resolved.size() << "resolved,"
                       << m_report.stillOpen << "still open";
    auto done = std::move(m_done);
    m_done = nullptr;
    if (done)
        done(m_report);
}

} // namespace paydesk
