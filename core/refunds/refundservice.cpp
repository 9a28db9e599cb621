#include "core/refunds/refundservice.h"

#include "core/orders/orderowner.h"
#include "core/refunds/refundflow.h"
#include "core/refunds/refundstore.h"
#include "core/util/clock.h"

#include <QPointer>

#include <map>

namespace paydesk {

QString refundRequestNoForCase(qint64 caseId)
{
    return QStringLiteral("CASE-%1").arg(caseId);
}

/// The flows this process drives and who waits for them.
class RefundService::Private
{
public:
    Private(RefundService &q, Database &db, Ledger &ledger, Clock &clock, ProviderLookup providers)
        : q(q), store(db, ledger, clock), clock(clock), providers(std::move(providers))
    {
    }

    using Waiter = std::function<void(const RefundRecord &)>;

    /// Starts (or joins) the flow of \a record; \a waiter hears of it when it is final or
    /// when config.answerWithinMs has passed, whichever is first.
    void drive(const RefundRecord &record, Waiter waiter);
    void changed(const RefundRecord &record);

    RefundService &q;
    RefundStore store;
    Clock &clock;
    ProviderLookup providers;
    std::map<qint64, std::unique_ptr<RefundFlow>> flows;
    std::multimap<qint64, std::shared_ptr<Waiter>> waiters;
};

void RefundService::Private::drive(const RefundRecord &record, Waiter waiter)
{
    auto shared = std::make_shared<Waiter>(std::move(waiter));
    if (record.isFinal()) {
        (*shared)(record);
        return;
    }
    waiters.emplace(record.id, shared);
    std::weak_ptr<Waiter> weak = shared;
    const qint64 id = record.id;
    clock.callAfter(q.m_config.answerWithinMs, &q, [this, id, weak, record] {
        auto w = weak.lock();
        if (!w)
            return;
        for (auto it = waiters.lower_bound(id); it != waiters.upper_bound(id); ++it) {
            if (it->second == w) {
                waiters.erase(it);
                break;
            }
        }
        auto it = flows.find(id);
        (*w)(it != flows.end() ? it->second->record() : record);
    });
    if (flows.count(record.id))
        return;
    auto order = store.order(record.orderId);
    if (!order.ok() || !order.value()) {
        changed(record);
        return;
    }
    RefundFlow::Target target{order.value()->provider, order.value()->outTradeNo,
                              order.value()->amount};
    auto flow = std::make_unique<RefundFlow>(store, clock, q.m_config, providers, target, record,
                                             [this](const RefundRecord &r) { changed(r); });
    RefundFlow *raw = flow.get();
    flows.emplace(record.id, std::move(flow));
    raw->start();
}

void RefundService::Private::changed(const RefundRecord &record)
{
    emit q.refundChanged(record);
    if (!record.isFinal())
        return;
    // Final: the flow is done; everyone waiting hears of it once.
    if (auto it = flows.find(record.id); it != flows.end()) {
        it->second.release()->deleteLater();
        flows.erase(it);
    }
    QList<std::shared_ptr<Waiter>> ready;
    for (auto it = waiters.lower_bound(record.id); it != waiters.upper_bound(record.id);)
        ready.append(it->second), it = waiters.erase(it);
    for (const auto &w : ready)
        (*w)(record);
}

RefundService::RefundService(Database &db, Ledger &ledger, Clock &clock, ProviderLookup providers,
                             RefundConfig config, QObject *parent)
    : QObject(parent), m_config(config)
{
    d = std::make_unique<Private>(*this, db, ledger, clock, std::move(providers));
}

RefundService::~RefundService() = default;

void RefundService::refund(const RefundInput &input,
                           std::function<void(const Result<RefundRecord> &)> done)
{
    const bool known = !input.outRequestNo.isEmpty() && find(input.outRequestNo).has_value();
    if (!known) {
        // Nothing is decided that cannot be sent: the order's provider must be connected here.
        auto order = d->store.order(input.orderId);
        if (order.ok() && order.value() && order.value()->kind != OrderKind::Cash &&
            !(d->providers && d->providers(order.value()->provider))) {
            done(Error{QStringLiteral("refunds.provider_unavailable"),
                       tr("The payment provider of order %1 is not connected on this till, so "
                          "the refund cannot be sent now. Try again when it is.")
                           .arg(order.value()->outTradeNo)});
            return;
        }
    }
    auto decided = d->store.decide(input, OrderOwner::current());
    if (!decided.ok()) {
        done(decided.error());
        return;
    }
    const RefundRecord record = decided.value().record;
    if (decided.value().created) {
        emit refundChanged(record);
        if (m_config.afterDecided)
            m_config.afterDecided(record);
    }
    d->drive(record, [done](const RefundRecord &r) { done(r); });
}

Money RefundService::refundableRemainder(qint64 orderId) const
{
    auto left = d->store.remainder(orderId);
    return logIfFailed(left, lcRefunds(), "refundable remainder") ? left.value() : Money();
}

QList<RefundRecord> RefundService::refundsOf(qint64 orderId) const
{
    auto list = d->store.ofOrder(orderId);
    return logIfFailed(list, lcRefunds(), "refunds of an order") ? list.value()
                                                                 : QList<RefundRecord>();
}

std::optional<RefundRecord> RefundService::find(const QString &outRequestNo) const
{
    auto r = d->store.byRequestNo(outRequestNo);
    return logIfFailed(r, lcRefunds(), "refund lookup") ? r.value() : std::nullopt;
}

void RefundService::resumeOutbox(std::function<void(int finished, int stillOpen)> done)
{
    auto open = d->store.open();
    if (!logIfFailed(open, lcRefunds(), "refund outbox")) {
        done(0, 0);
        return;
    }
    const QString me = OrderOwner::current();
    QList<RefundRecord> mine;
    int leftToOthers = 0;
    for (const auto &[record, owner] : open.value()) {
        if (owner != me && OrderOwner::isAnotherLiveProcess(owner)) {
            ++leftToOthers; // its process is still driving it
            continue;
        }
        if (owner != me) {
            auto claimed = d->store.claim(record.id, owner, me);
            if (!claimed.ok() || !claimed.value()) {
                ++leftToOthers;
                continue;
            }
        }
        mine.append(record);
    }
    if (mine.isEmpty()) {
        done(0, leftToOthers);
        return;
    }
    struct Tally
    {
        int pending = 0;
        int finished = 0;
        int open = 0;
    };
    auto tally = std::make_shared<Tally>();
    tally->pending = int(mine.size());
    tally->open = leftToOthers;
    for (const RefundRecord &record : mine) {
        qCInfo(lcRefunds) << "resuming refund" << record.outRequestNo << record.status;
        d->drive(record, [tally, done](const RefundRecord &r) {
            if (r.isFinal())
                ++tally->finished;
            else
                ++tally->open;
            if (--tally->pending == 0)
                done(tally->finished, tally->open);
        });
    }
}

} // namespace paydesk
