#include "core/refunds/refundflow.h"

#include "core/providers/paymentprovider.h"
#include "core/providers/provideradvice.h"
#include "core/refunds/refundstore.h"
#include "core/util/clock.h"

#include <QPointer>

#include <algorithm>

namespace paydesk {

RefundFlow::RefundFlow(RefundStore &store, Clock &clock, const RefundConfig &config,
                       ProviderLookup providers, Target target, RefundRecord record,
                       Changed changed)
    : m_store(store), m_clock(clock), m_config(config), m_providers(std::move(providers)),
      m_target(std::move(target)), m_record(std::move(record)), m_changed(std::move(changed))
{
}

PaymentProvider *RefundFlow::provider() const
{
    return m_providers ? m_providers(m_target.provider) : nullptr;
}

void RefundFlow::schedule(qint64 ms, std::function<void()> fn)
{
    const quint64 token = ++m_token;
    m_clock.callAfter(ms, this, [this, token, fn = std::move(fn)] {
        if (token == m_token)
            fn();
    });
}

void RefundFlow::start()
{
    if (m_record.status == RefundStatus::Processing)
        query();
    else
        send();
}

void RefundFlow::update(const Result<RefundRecord> &stored)
{
    if (!stored.ok()) {
        // The row is the truth: when it cannot be written, ask again later rather than guess.
        qCWarning(lcRefunds) << "refund" << m_record.outRequestNo
                             << "not written:" << stored.error().message;
        m_record.message = stored.error().message;
        return;
    }
    m_record = stored.value();
    if (m_changed)
        m_changed(m_record); // may destroy this flow when final: touch nothing after
}

void RefundFlow::send()
{
    PaymentProvider *p = provider();
    if (!p) {
        retryLater(true, tr("The provider is not available on this till yet."));
        return;
    }
    auto marked = m_store.markOpen(m_record.id, RefundStatus::Sent,
                                   tr("Sent to the provider, waiting for the answer."));
    if (!marked.ok()) {
        retryLater(true, marked.error().message);
        return;
    }
    if (marked.value().isFinal()) {
        update(marked);
        return;
    }
    m_record = marked.value();
    if (m_changed)
        m_changed(m_record);
    RefundRequest request;
    request.outTradeNo = m_target.outTradeNo;
    request.outRequestNo = m_record.outRequestNo;
    request.amount = m_record.amount;
    request.orderTotal = m_target.orderTotal;
    request.reason = m_record.reason;
    qCInfo(lcRefunds) << "sending refund" << m_record.outRequestNo << m_record.amount.minor();
    QPointer<RefundFlow> self(this);
    p->refund(request, [self](const RefundReply &reply) {
        if (self)
            self->onSent(reply);
    });
}

void RefundFlow::onSent(const RefundReply &reply)
{
    if (reply.status.ok() && reply.state == RefundReply::State::Success) {
        succeed(reply);
    } else if (reply.status.failed()) {
        fail(tr("The provider refused the refund: %1 (%2)")
                 .arg(adviceFor(reply.status.reason).cashier,
                      reply.status.subCode.isEmpty() ? reply.status.code : reply.status.subCode));
    } else if (reply.status.ok()) {
        // Accepted but the money has not moved yet (or a replay): confirm by query.
        update(m_store.markOpen(m_record.id, RefundStatus::Processing,
                                tr("The provider is processing the refund."), reply.refundId));
        if (!m_record.isFinal())
            schedule(m_config.processingPollMs, [this] { query(); });
    } else {
        retryLater(
            true,
            tr("No answer from the provider (%1).").arg(adviceFor(reply.status.reason).cashier));
    }
}

void RefundFlow::query()
{
    PaymentProvider *p = provider();
    if (!p) {
        retryLater(false, tr("The provider is not available on this till yet."));
        return;
    }
    QPointer<RefundFlow> self(this);
    p->refundQuery(m_target.outTradeNo, m_record.outRequestNo, [self](const RefundReply &reply) {
        if (self)
            self->onQueried(reply);
    });
}

void RefundFlow::onQueried(const RefundReply &reply)
{
    if (reply.status.ok() && reply.state == RefundReply::State::Success) {
        succeed(reply);
    } else if (reply.status.ok() && reply.state == RefundReply::State::Processing) {
        m_retries = 0;
        schedule(m_config.processingPollMs, [this] { query(); });
    } else if (reply.status.unknown()) {
        retryLater(
            false,
            tr("No answer from the provider (%1).").arg(adviceFor(reply.status.reason).cashier));
    } else {
        // The provider does not know this refund (yet): asking again with the same
        // out_request_no is safe and gets a definite answer.
        retryLater(true, tr("The provider has no record of the refund yet; asking again."));
    }
}

void RefundFlow::retryLater(bool resend, const QString &why)
{
    const qint64 delay =
        std::min<qint64>(qint64(m_config.retryMs) << std::min(m_retries, 10), m_config.retryMaxMs);
    ++m_retries;
    qCInfo(lcRefunds) << "refund" << m_record.outRequestNo << "retry in" << delay << "ms:" << why;
    m_record.message =
        tr("%1 Trying again in %n second(s).", nullptr, int((delay + 999) / 1000)).arg(why);
    schedule(delay, [this, resend] {
        if (resend)
            send();
        else
            query();
    });
}

void RefundFlow::succeed(const RefundReply &reply)
{
    qCInfo(lcRefunds) << "refund" << m_record.outRequestNo << "succeeded";
    auto stored = m_store.markSucceeded(m_record.id, reply.refundId, tr("Refunded."));
    if (!stored.ok()) {
        retryLater(false, stored.error().message);
        return;
    }
    update(stored);
}

void RefundFlow::fail(const QString &message)
{
    qCWarning(lcRefunds) << "refund" << m_record.outRequestNo << "failed:" << message;
    auto stored = m_store.markFailed(m_record.id, message);
    if (!stored.ok()) {
        retryLater(false, stored.error().message);
        return;
    }
    update(stored);
}

} // namespace paydesk
