#pragma once

#include "core/checkout/checkoutconfig.h"
#include "core/refunds/refundservice.h"

#include <QCoreApplication>
#include <QObject>

#include <functional>

namespace paydesk {

class Clock;
class RefundStore;
struct RefundReply;

/// One refund this process drives from its outbox row to SUCCESS or FAILED: send (the same
/// out_request_no every time, so the provider refunds once however often it is asked), retry
/// with back-off while the answer is unknown, follow PROCESSING with refundQuery. Only a
/// provider's definite refusal makes it FAILED; no answer never does.
class RefundFlow : public QObject
{
    Q_DECLARE_TR_FUNCTIONS(RefundService)
public:
    struct Target
    {
        QString provider;
        QString outTradeNo;
        Money orderTotal;
    };
    using Changed = std::function<void(const RefundRecord &)>;

    RefundFlow(RefundStore &store, Clock &clock, const RefundConfig &config,
               ProviderLookup providers, Target target, RefundRecord record, Changed changed);

    const RefundRecord &record() const { return m_record; }
    /// DECIDED / SENT: (re-)send; PROCESSING: query first.
    void start();

private:
    void send();
    void onSent(const RefundReply &reply);
    void query();
    void onQueried(const RefundReply &reply);
    void retryLater(bool resend, const QString &why);
    void succeed(const RefundReply &reply);
    void fail(const QString &message);
    void update(const Result<RefundRecord> &stored);
    void schedule(qint64 ms, std::function<void()> fn);
    PaymentProvider *provider() const;

    RefundStore &m_store;
    Clock &m_clock;
    const RefundConfig &m_config;
    ProviderLookup m_providers;
    Target m_target;
    RefundRecord m_record;
    Changed m_changed;
    int m_retries = 0;
    quint64 m_token = 0;
};

} // namespace paydesk
