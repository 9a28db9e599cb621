// QR orders and payment links: committed before the provider sees them, polled to paid,
// expired, closed, cancelled by the cashier; a cash sale.

#include "core/checkout/recovery.h"
#include "core/crypto/crypto.h"
#include "core/crypto/secretvault.h"
#include "core/ledger/ledger.h"
#include "core/providers/provideradvice.h"
#include "core/security/payerhasher.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/util/clock.h"

#include "checkoutfixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestCheckoutQr : public CheckoutTestCase
{
    Q_OBJECT
private slots:
    void init() { QCOMPARE(setUp(), QString()); }
    void cleanup() { tearDown(); }
    void rowCommittedBeforeQr();
    void qrPaidAfterPolling();
    void qrExpiresAndIsClosed();
    void qrPaidWhileClosing();
    void qrUnknownIsClosedNotRetried();
    void cashierCancelsQr();
    void paymentLinkHasLongExpiry();
    void cashSale();
};

void TestCheckoutQr::rowCommittedBeforeQr()
{
    QString seenStatus;
    const QString path = m_fx->db->path();
    m_fx->provider->onCreateQr = [&](const QrOrderRequest &r) {
        seenStatus = committedStatus(path, r.outTradeNo);
        QrOrderReply reply;
        reply.status = ProviderStatus::success();
        reply.qrCode = u"https://qr/x"_s;
        return reply;
    };
    QVERIFY(m_fx->service->startQr(yuan(100)).ok());
    QCOMPARE(seenStatus, u"CREATED"_s);
}

void TestCheckoutQr::qrPaidAfterPolling()
{
    QSignalSpy updates(m_fx->service.get(), &CheckoutService::orderUpdated);
    QSignalSpy finished(m_fx->service.get(), &CheckoutService::orderFinished);
    int queries = 0;
    m_fx->provider->onQuery = [&](const QString &out) {
        ++queries;
        if (queries < 3)
            return trade(out, queries == 1 ? TradeState::NotExist : TradeState::WaitBuyerPay);
        TradeReply r = trade(out, TradeState::Success);
        r.buyerId = u"2088000000000001"_s;
        return r;
    };
    auto out = m_fx->service->startQr(yuan(1234));
    QVERIFY(out.ok());
    QVERIFY(out.value().startsWith(u"SH01-2-"));
    auto s = m_fx->service->snapshot(out.value());
    QCOMPARE(s->status, OrderStatus::Pending);
    QCOMPARE(s->qrCode, u"https://qr.example.test/"_s + out.value());
    QCOMPARE(s->secondsLeft, 300);
    QCOMPARE(queries, 0);
    m_fx->clock->advance(1999);
    QCOMPARE(queries, 0);
    m_fx->clock->advance(1);
    QCOMPARE(queries, 1); // every 2 s
    m_fx->clock->advance(4000);
    QCOMPARE(queries, 3);
    QCOMPARE(finished.size(), 1);
    const auto last = finished.last().first().value<OrderSnapshot>();
    QCOMPARE(last.status, OrderStatus::Paid);
    QCOMPARE(last.transactionId, u"T"_s + out.value());
    QVERIFY(!m_fx->service->isActive(out.value()));
    const Order o = *m_fx->service->orders().load(out.value()).value();
    QCOMPARE(o.payerHash, m_fx->hasher->hash(u"alipay"_s, u"2088000000000001"_s).value());
    QVERIFY(!o.payerHash.contains(u"2088"));
    QCOMPARE(m_fx->ledger->balance(u"clearing:alipay"_s).value(), 1234);
    QCOMPARE(m_fx->ledger->balance(u"revenue:sales"_s).value(), -1234);
    // Statuses seen by the screen, in order.
    QList<OrderStatus> seen;
    for (const auto &args : updates) {
        const auto st = args.first().value<OrderSnapshot>().status;
        if (seen.isEmpty() || seen.last() != st)
            seen << st;
    }
    QCOMPARE(seen,
             (QList<OrderStatus>{OrderStatus::Created, OrderStatus::Pending, OrderStatus::Paid}));
    // Nothing keeps polling afterwards.
    m_fx->clock->advance(60000);
    QCOMPARE(queries, 3);
}

void TestCheckoutQr::qrExpiresAndIsClosed()
{
    QElapsedTimer wall;
    wall.start();
    auto out = m_fx->service->startQr(yuan(500));
    QVERIFY(out.ok());
    m_fx->clock->advance(299000);
    QCOMPARE(m_fx->provider->count(u"close:"_s), 0);
    QCOMPARE(m_fx->service->snapshot(out.value())->status, OrderStatus::Pending);
    m_fx->clock->advance(1000);
    QCOMPARE(m_fx->provider->count(u"close:"_s), 1);
    const Order o = *m_fx->service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Closed);
    QVERIFY(o.message.contains(u"expired"));
    QCOMPARE(m_fx->provider->count(u"query:"_s), 150);
    QVERIFY(wall.elapsed() < 5000);
    QCOMPARE(m_fx->ledger->balance(u"revenue:sales"_s).value(), 0);
}

void TestCheckoutQr::qrPaidWhileClosing()
{
    auto out = m_fx->service->startQr(yuan(500));
    QVERIFY(out.ok());
    bool paid = false;
    m_fx->provider->onClose = [&](const QString &) {
        paid = true;
        return ProviderStatus::failure(FailureReason::TradeAlreadyPaid, u"40004"_s,
                                       u"ACQ.TRADE_HAS_SUCCESS"_s, {});
    };
    m_fx->provider->onQuery = [&](const QString &o) {
        return trade(o, paid ? TradeState::Success : TradeState::WaitBuyerPay);
    };
    QVERIFY(m_fx->service->cancel(out.value()).ok());
    QCOMPARE(m_fx->service->orders().load(out.value()).value()->status, OrderStatus::Paid);
    QVERIFY(!m_fx->service->orders().load(out.value()).value()->needsRefund);
}

void TestCheckoutQr::qrUnknownIsClosedNotRetried()
{
    m_fx->provider->onCreateQr = [](const QrOrderRequest &) {
        QrOrderReply r;
        r.status = ProviderStatus::unknownOutcome(FailureReason::NetworkTrouble, {}, u"timeout"_s);
        return r;
    };
    int closes = 0;
    m_fx->provider->onClose = [&](const QString &) {
        ++closes;
        if (closes == 1)
            return ProviderStatus::unknownOutcome(FailureReason::ProviderBusy, u"20000"_s, {});
        return ProviderStatus::failure(FailureReason::TradeNotExist, u"40004"_s,
                                       u"ACQ.TRADE_NOT_EXIST"_s, {});
    };
    auto out = m_fx->service->startQr(yuan(500));
    QVERIFY(out.ok());
    QCOMPARE(m_fx->service->snapshot(out.value())->status, OrderStatus::Unknown);
    QVERIFY(m_fx->service->snapshot(out.value())->cancelling);
    m_fx->clock->advance(2000);
    QCOMPARE(closes, 2);
    QCOMPARE(m_fx->service->orders().load(out.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(m_fx->provider->count(u"createQr:"_s), 1);
    const auto events = m_fx->service->orders().events(out.value()).value();
    QCOMPARE(events.at(1).to, OrderStatus::Unknown);
    QCOMPARE(events.last().to, OrderStatus::Closed);
}

void TestCheckoutQr::cashierCancelsQr()
{
    auto out = m_fx->service->startQr(yuan(100));
    m_fx->clock->advance(4000);
    QVERIFY(m_fx->service->cancel(out.value()).ok());
    const Order o = *m_fx->service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Closed);
    QVERIFY(o.message.contains(u"Cancelled"));
    QCOMPARE(m_fx->provider->count(u"close:"_s), 1);
    m_fx->clock->advance(10000);
    QCOMPARE(m_fx->provider->count(u"query:"_s), 2);   // polling stopped
    QVERIFY(!m_fx->service->cancel(out.value()).ok()); // already final
}

void TestCheckoutQr::paymentLinkHasLongExpiry()
{
    auto out = m_fx->service->startPaymentLink(yuan(5000));
    QVERIFY(out.ok());
    auto s = m_fx->service->snapshot(out.value());
    QCOMPARE(s->kind, OrderKind::Link);
    QCOMPARE(s->status, OrderStatus::Pending);
    QVERIFY(!s->qrCode.isEmpty());
    QCOMPARE(s->secondsLeft, 86400);
    m_fx->clock->advance(3600 * 1000);
    QCOMPARE(m_fx->service->snapshot(out.value())->status, OrderStatus::Pending);
    m_fx->clock->advance(23 * 3600 * 1000);
    QCOMPARE(m_fx->service->orders().load(out.value()).value()->status, OrderStatus::Closed);
}

void TestCheckoutQr::cashSale()
{
    auto r = m_fx->service->recordCash(yuan(1234), yuan(2000));
    QVERIFY(r.ok());
    QCOMPARE(r.value().status, OrderStatus::Paid);
    QCOMPARE(r.value().changeMinor, std::optional<qint64>(766));
    QCOMPARE(r.value().kind, OrderKind::Cash);
    QCOMPARE(m_fx->ledger->balance(u"cash"_s).value(), 1234);
    QCOMPARE(m_fx->ledger->balance(u"revenue:sales"_s).value(), -1234);
    auto shortCash = m_fx->service->recordCash(yuan(1234), yuan(1000));
    QVERIFY(!shortCash.ok());
    QCOMPARE(shortCash.error().code, u"checkout.cash_short"_s);
    QVERIFY(m_fx->provider->calls.isEmpty());
}

QTEST_GUILESS_MAIN(TestCheckoutQr)
#include "tst_checkoutqr.moc"
