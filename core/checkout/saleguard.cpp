#include "core/checkout/saleguard.h"

#include "core/checkout/paymentexceptions.h"
#include "core/orders/orderrepository.h"

namespace paydesk {

namespace {
// A refunded attempt no longer holds the customer's money; a partly refunded one does.
bool holdsPayment(OrderStatus s)
{
    return s == OrderStatus::Paid || s == OrderStatus::PartiallyRefunded;
}
} // namespace

SaleGuard::SaleGuard(const OrderRepository &orders, const PaymentExceptions &exceptions)
    : m_orders(orders), m_exceptions(exceptions)
{
}

Result<SaleGuard::Verdict> SaleGuard::check(const QString &saleId, const QString &self) const
{
    Verdict v;
    if (saleId.isEmpty())
        return v;
    OrderFilter f;
    f.saleId = saleId;
    auto attempts = m_orders.list(f);
    if (!attempts.ok())
        return attempts.error();
    const QString queuedOut = m_queued.value(saleId).outTradeNo;
    for (const Order &o : attempts.value()) {
        if (o.outTradeNo == self)
            continue;
        if (holdsPayment(o.status)) {
            v.kind = Verdict::Kind::Refuse;
            v.paidAttempt = o.outTradeNo;
            v.refusal = {
                QStringLiteral("checkout.sale_paid"),
                tr("This sale is already paid (order %1). Do not charge again.").arg(o.outTradeNo)};
            return v;
        }
        if (isOpenStatus(o.status) && o.outTradeNo != queuedOut)
            v.openAttempts << o.outTradeNo;
    }
    auto held = m_exceptions.openForSale(saleId);
    if (!held.ok())
        return held.error();
    if (!held.value().isEmpty()) {
        v.kind = Verdict::Kind::Refuse;
        v.refusal = {QStringLiteral("checkout.sale_held"),
                     tr("A payment of this sale (order %1) must be checked by the manager "
                        "first. Do not charge again; start a new sale or take cash.")
                         .arg(held.value().constFirst().outTradeNo)};
        return v;
    }
    if (!v.openAttempts.isEmpty())
        v.kind = Verdict::Kind::Wait;
    return v;
}

std::optional<SaleGuard::Queued> SaleGuard::enqueue(const QString &saleId, Queued attempt)
{
    std::optional<Queued> replaced = queued(saleId);
    m_queued.insert(saleId, std::move(attempt));
    return replaced;
}

std::optional<SaleGuard::Queued> SaleGuard::take(const QString &saleId)
{
    auto it = m_queued.find(saleId);
    if (it == m_queued.end())
        return std::nullopt;
    Queued q = std::move(it.value());
    m_queued.erase(it);
    return q;
}

std::optional<SaleGuard::Queued> SaleGuard::queued(const QString &saleId) const
{
    auto it = m_queued.constFind(saleId);
    if (it == m_queued.constEnd())
        return std::nullopt;
    return it.value();
}

std::optional<QString> SaleGuard::saleOfQueued(const QString &outTradeNo) const
{
    for (auto it = m_queued.constBegin(); it != m_queued.constEnd(); ++it)
        if (it.value().outTradeNo == outTradeNo)
            return it.key();
    return std::nullopt;
}

Result<std::optional<QString>> SaleGuard::otherPaidAttempt(const QString &saleId,
                                                           const QString &outTradeNo) const
{
    OrderFilter f;
    f.saleId = saleId;
    auto attempts = m_orders.list(f);
    if (!attempts.ok())
        return attempts.error();
    for (const Order &o : attempts.value())
        if (o.outTradeNo != outTradeNo && holdsPayment(o.status))
            return std::optional<QString>(o.outTradeNo);
    return std::optional<QString>();
}

} // namespace paydesk
