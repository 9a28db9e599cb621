// Refunds end to end against the real sandbox over loopback: the outbox row before the network
// call, idempotency across a dropped answer, partial refunds adding up, the order's status and
// the journal following, and the refusals (over-refund, a second refund in flight). Every case
// runs once per provider the registry knows with a sandbox dialect.
#include "core/ledger/ledger.h"
#include "core/orders/orderstatemachine.h"
#include "core/refunds/refundstore.h"
#include "core/storage/database.h"

#include "refundtestkit.h"
#include "testappcontext.h"

using namespace paydesk;
using namespace paydesk::test;

class TestRefundsSandbox : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void providers_data();
    void partialRefundsAddUpAndBook_data() { providers_data(); }
    void partialRefundsAddUpAndBook();
    void overRefundIsRefused_data() { providers_data(); }
    void overRefundIsRefused();
    void secondRefundInFlightIsRefused_data() { providers_data(); }
    void secondRefundInFlightIsRefused();
    void droppedAnswerRefundsOnce_data() { providers_data(); }
    void droppedAnswerRefundsOnce();
    void sameRequestNoNeverRefundsTwice_data() { providers_data(); }
    void sameRequestNoNeverRefundsTwice();
    void outboxRowIsCommittedBeforeSending_data() { providers_data(); }
    void outboxRowIsCommittedBeforeSending();
    void unpaidOrderIsRefused();
    void nothingIsDecidedWithoutTheProvider();

private:
    TestSandbox m_sandbox;
    TestAppContext m_ctx;
};

void TestRefundsSandbox::initTestCase()
{
    const QString failed = m_sandbox.startServer();
    QVERIFY2(failed.isEmpty(), qPrintable(failed));
    const QString started = m_ctx.createStarted(m_sandbox.baseUrl());
    QVERIFY2(started.isEmpty(), qPrintable(started));
    RefundConfig fast;
    fast.retryMs = 50;
    fast.retryMaxMs = 200;
    fast.processingPollMs = 50;
    fast.answerWithinMs = 15000;
    m_ctx->refunds().setConfig(fast);
    QVERIFY(!sandboxProviders(m_ctx->providerRegistry()).isEmpty());
}

void TestRefundsSandbox::init()
{
    QVERIFY(m_sandbox.setFaults(QString()));
}

void TestRefundsSandbox::providers_data()
{
    QTest::addColumn<QString>("provider");
    for (const QString &id : sandboxProviders(m_ctx->providerRegistry()))
        QTest::newRow(qPrintable(id)) << id;
}

void TestRefundsSandbox::partialRefundsAddUpAndBook()
{
    QFETCH(QString, provider);
    const auto order = paidOrder(*m_ctx, m_sandbox, provider, 1000);
    QVERIFY(order);
    RefundService &refunds = m_ctx->refunds();
    QCOMPARE(refunds.refundableRemainder(order->id).minor(), 1000);
    const qint64 refundsBefore = m_ctx->ledger().balance(QStringLiteral("revenue:refunds")).value();
    const QString clearing = QStringLiteral("clearing:") + provider;
    const qint64 clearingBefore = m_ctx->ledger().balance(clearing).value();

    auto first = refundNow(refunds, refundOf(*order, 300, QStringLiteral("goods_returned")));
    QVERIFY2(first.ok(), qPrintable(first.ok() ? QString() : first.error().message));
    QCOMPARE(first.value().status, QStringLiteral("SUCCESS"));
    auto after = m_ctx->orderQueries().byOutTradeNo(order->outTradeNo).value();
    QCOMPARE(after->status, OrderStatus::PartiallyRefunded);
    QCOMPARE(after->refundedMinor, 300);
    QCOMPARE(refunds.refundableRemainder(order->id).minor(), 700);
    QCOMPARE(sandboxRefunded(m_sandbox, order->outTradeNo), 300);

    auto second = refundNow(refunds, refundOf(*order, 700));
    QVERIFY2(second.ok(), qPrintable(second.ok() ? QString() : second.error().message));
    QCOMPARE(second.value().status, QStringLiteral("SUCCESS"));
    QVERIFY(second.value().outRequestNo != first.value().outRequestNo);
    after = m_ctx->orderQueries().byOutTradeNo(order->outTradeNo).value();
    QCOMPARE(after->status, OrderStatus::Refunded);
    QCOMPARE(after->refundedMinor, 1000);
    QCOMPARE(refunds.refundableRemainder(order->id).minor(), 0);
    QCOMPARE(sandboxRefunded(m_sandbox, order->outTradeNo), 1000);
    QCOMPARE(refunds.refundsOf(order->id).size(), 2);

    // Books: Dr revenue:refunds / Cr clearing:<provider>, one entry per refund, by out_request_no.
    QCOMPARE(m_ctx->ledger().balance(QStringLiteral("revenue:refunds")).value() - refundsBefore,
             1000);
    QCOMPARE(m_ctx->ledger().balance(clearing).value() - clearingBefore, -1000);
    for (const RefundRecord &r : refunds.refundsOf(order->id)) {
        auto entries = m_ctx->ledger().entries(r.outRequestNo);
        QVERIFY(entries.ok());
        QCOMPARE(entries.value().size(), 1);
        QCOMPARE(entries.value().first().postings.size(), 2);
    }
    // A refunded order takes no more.
    auto more = refundNow(refunds, refundOf(*order, 1));
    QVERIFY(!more.ok());
    QCOMPARE(more.error().code, QStringLiteral("refunds.not_paid"));
    // The timeline tells the story.
    auto timeline = m_ctx->orderQueries().timeline(order->outTradeNo).value();
    QVERIFY(timeline.last().to == OrderStatus::Refunded);
}

void TestRefundsSandbox::overRefundIsRefused()
{
    QFETCH(QString, provider);
    const auto order = paidOrder(*m_ctx, m_sandbox, provider, 500);
    QVERIFY(order);
    auto over = refundNow(m_ctx->refunds(), refundOf(*order, 501));
    QVERIFY(!over.ok());
    QCOMPARE(over.error().code, QStringLiteral("refunds.over_refund"));
    QVERIFY2(over.error().message.contains(QStringLiteral("5.00")),
             qPrintable(over.error().message));
    QVERIFY(m_ctx->refunds().refundsOf(order->id).isEmpty());
    QCOMPARE(sandboxRefunded(m_sandbox, order->outTradeNo), 0);
    auto zero = refundNow(m_ctx->refunds(), refundOf(*order, 0));
    QCOMPARE(zero.error().code, QStringLiteral("refunds.bad_amount"));
    auto noReason = refundNow(m_ctx->refunds(), refundOf(*order, 100, QStringLiteral(" ")));
    QCOMPARE(noReason.error().code, QStringLiteral("refunds.no_reason"));
    // After a partial refund the limit is what is left.
    QVERIFY(refundNow(m_ctx->refunds(), refundOf(*order, 200)).ok());
    auto overLeft = refundNow(m_ctx->refunds(), refundOf(*order, 301));
    QCOMPARE(overLeft.error().code, QStringLiteral("refunds.over_refund"));
    QCOMPARE(sandboxRefunded(m_sandbox, order->outTradeNo), 200);
}

void TestRefundsSandbox::secondRefundInFlightIsRefused()
{
    QFETCH(QString, provider);
    const auto order = paidOrder(*m_ctx, m_sandbox, provider, 1000);
    QVERIFY(order);
    QVERIFY(m_sandbox.setFaults(QStringLiteral("latency_ms:400")));
    std::optional<Result<RefundRecord>> first;
    m_ctx->refunds().refund(refundOf(*order, 100),
                            [&](const Result<RefundRecord> &r) { first = r; });
    QVERIFY(!first); // in flight
    auto second = refundNow(m_ctx->refunds(), refundOf(*order, 100));
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code, QStringLiteral("refunds.in_flight"));
    // The database itself refuses a second open refund of the order, whoever writes it.
    auto raw = m_ctx->database().exec(
        QStringLiteral("INSERT INTO refunds(order_id, out_request_no, amount_minor, status, reason,"
                       " operator, created_at, updated_at) VALUES(?, 'RAW-1', 100, 'DECIDED', 'x',"
                       " 'x', 'now', 'now')"),
        {order->id});
    QVERIFY(!raw.ok());
    QVERIFY(QTest::qWaitFor([&] { return first.has_value(); }, 15000));
    QVERIFY(first->ok());
    QCOMPARE(first->value().status, QStringLiteral("SUCCESS"));
    QCOMPARE(sandboxRefunded(m_sandbox, order->outTradeNo), 100);
    // Once final, the next refund may go.
    QVERIFY(refundNow(m_ctx->refunds(), refundOf(*order, 100)).ok());
    QCOMPARE(sandboxRefunded(m_sandbox, order->outTradeNo), 200);
}

void TestRefundsSandbox::droppedAnswerRefundsOnce()
{
    QFETCH(QString, provider);
    const auto order = paidOrder(*m_ctx, m_sandbox, provider, 1000);
    QVERIFY(order);
    // The provider refunds, and the answer is lost; so is the answer of every retry until the
    // fault is lifted.
    QVERIFY(m_sandbox.setFaults(QStringLiteral("drop_response:1")));
    std::optional<Result<RefundRecord>> done;
    m_ctx->refunds().refund(refundOf(*order, 400),
                            [&](const Result<RefundRecord> &r) { done = r; });
    QVERIFY(QTest::qWaitFor([&] { return sandboxRefunded(m_sandbox, order->outTradeNo) == 400; },
                            10000));
    TestSandbox::spin(300); // a few retries, all answered into the void
    QVERIFY(!done);
    const auto open = m_ctx->refunds().refundsOf(order->id);
    QCOMPARE(open.size(), 1);
    QVERIFY(!open.first().isFinal()); // no answer is never "failed"
    QCOMPARE(m_ctx->orderQueries().byOutTradeNo(order->outTradeNo).value()->status,
             OrderStatus::Paid);
    QVERIFY(m_sandbox.setFaults(QString()));
    QVERIFY(QTest::qWaitFor([&] { return done.has_value(); }, 15000));
    QVERIFY(done->ok());
    QCOMPARE(done->value().status, QStringLiteral("SUCCESS"));
    // The buyer got the money back once, and the order and books say so once.
    QCOMPARE(sandboxRefunded(m_sandbox, order->outTradeNo), 400);
    const auto stored = m_ctx->orderQueries().byOutTradeNo(order->outTradeNo).value();
    QCOMPARE(stored->refundedMinor, 400);
    QCOMPARE(stored->status, OrderStatus::PartiallyRefunded);
    QCOMPARE(m_ctx->ledger().entries(done->value().outRequestNo).value().size(), 1);
}

void TestRefundsSandbox::sameRequestNoNeverRefundsTwice()
{
    QFETCH(QString, provider);
    const auto order = paidOrder(*m_ctx, m_sandbox, provider, 800);
    QVERIFY(order);
    RefundInput in = refundOf(*order, 800);
    in.outRequestNo = refundRequestNoForCase(4242) + QLatin1Char('-') + provider;
    auto first = refundNow(m_ctx->refunds(), in);
    QVERIFY(first.ok());
    QCOMPARE(first.value().status, QStringLiteral("SUCCESS"));
    auto again = refundNow(m_ctx->refunds(), in);
    QVERIFY(again.ok());
    QCOMPARE(again.value().id, first.value().id);
    QCOMPARE(m_ctx->refunds().refundsOf(order->id).size(), 1);
    QCOMPARE(sandboxRefunded(m_sandbox, order->outTradeNo), 800);
    // The same number for another amount is a mistake, said so.
    in.amount = Money::fromMinor(100);
    auto reused = refundNow(m_ctx->refunds(), in);
    QCOMPARE(reused.error().code, QStringLiteral("refunds.request_no_reused"));
    QCOMPARE(refundRequestNoForCase(7), refundRequestNoForCase(7));
    QVERIFY(RefundStore::isValidRequestNo(refundRequestNoForCase(123456789)));
}

void TestRefundsSandbox::outboxRowIsCommittedBeforeSending()
{
    QFETCH(QString, provider);
    const auto order = paidOrder(*m_ctx, m_sandbox, provider, 600);
    QVERIFY(order);
    // A second connection (another process) sees the DECIDED row at the moment the service is
    // about to send, and the provider has not heard of the refund yet.
    auto other = Database::open(m_ctx->databasePath());
    QVERIFY(other.ok());
    QString seenStatus;
    qint64 seenAtProvider = -1;
    RefundConfig config = m_ctx->refunds().config();
    config.afterDecided = [&](const RefundRecord &r) {
        auto s = other.value()->scalar(QStringLiteral("SELECT status FROM refunds WHERE id = ?"),
                                       {r.id});
        seenStatus = s.ok() && s.value() ? s.value()->toString() : QString();
        seenAtProvider = sandboxRefunded(m_sandbox, order->outTradeNo);
    };
    m_ctx->refunds().setConfig(config);
    auto done = refundNow(m_ctx->refunds(), refundOf(*order, 600));
    config.afterDecided = nullptr;
    m_ctx->refunds().setConfig(config);
    QVERIFY(done.ok());
    QCOMPARE(seenStatus, QStringLiteral("DECIDED"));
    QCOMPARE(seenAtProvider, 0);
    QCOMPARE(done.value().status, QStringLiteral("SUCCESS"));
}

void TestRefundsSandbox::unpaidOrderIsRefused()
{
    auto qr = m_ctx->checkout().startQr(Money::fromMinor(300));
    QVERIFY(qr.ok());
    const auto order = m_ctx->orderQueries().byOutTradeNo(qr.value()).value();
    QVERIFY(order);
    auto r = refundNow(m_ctx->refunds(), refundOf(*order, 100));
    QCOMPARE(r.error().code, QStringLiteral("refunds.not_paid"));
    QCOMPARE(m_ctx->refunds().refundableRemainder(order->id).minor(), 0);
    QVERIFY(m_ctx->checkout().cancel(qr.value()).ok());
}

void TestRefundsSandbox::nothingIsDecidedWithoutTheProvider()
{
    const QString provider = sandboxProviders(m_ctx->providerRegistry()).value(0);
    const auto order = paidOrder(*m_ctx, m_sandbox, provider, 400);
    QVERIFY(order);
    // A till whose provider is not connected (yet): the refund is refused, not left hanging.
    RefundService offline(m_ctx->database(), m_ctx->ledger(), m_ctx->clock(),
                          [](const QString &) -> PaymentProvider * { return nullptr; });
    auto r = refundNow(offline, refundOf(*order, 100));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("refunds.provider_unavailable"));
    QVERIFY(offline.refundsOf(order->id).isEmpty());
    QCOMPARE(offline.refundableRemainder(order->id).minor(), 400);
}

QTEST_MAIN(TestRefundsSandbox)
#include "tst_refunds_sandbox.moc"
