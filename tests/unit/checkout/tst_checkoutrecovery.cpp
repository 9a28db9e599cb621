// After the fact: late successes flagged, notifications booked once, recovery finishing what a
// crash or another process left open.

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

class TestCheckoutRecovery : public CheckoutTestCase
{
    Q_OBJECT
private slots:
    void init() { QCOMPARE(setUp(), QString()); }
    void cleanup() { tearDown(); }
    void lateSuccessIsFlagged();
    void notificationBooksOnce();
    void recoveryFinishesOpenOrders();
    void recoveryClosesExpiredAndKeepsLinks();
    void cancelOrderLeftOpenByAnotherProcess();
};

void TestCheckoutRecovery::lateSuccessIsFlagged()
{
    auto out = m_fx->service->startQr(yuan(990));
    QVERIFY(m_fx->service->cancel(out.value()).ok());
    QCOMPARE(m_fx->service->orders().load(out.value()).value()->status, OrderStatus::Closed);
    QSignalSpy late(m_fx->service.get(), &CheckoutService::lateSuccessDetected);
    m_fx->provider->onQuery = [](const QString &o) { return trade(o, TradeState::Success); };
    m_fx->service->recheck(out.value());
    QCOMPARE(late.size(), 1);
    QCOMPARE(late.first().first().toString(), out.value());
    const Order o = *m_fx->service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Paid);
    QVERIFY(o.needsRefund);
    QCOMPARE(m_fx->ledger->balance(u"clearing:alipay"_s).value(), 990);
    // Seen again: booked once.
    m_fx->service->recheck(out.value());
    QCOMPARE(late.size(), 1);
    QCOMPARE(m_fx->ledger->balance(u"clearing:alipay"_s).value(), 990);
}

void TestCheckoutRecovery::notificationBooksOnce()
{
    auto out = m_fx->service->startQr(yuan(300));
    Notification n;
    n.outTradeNo = out.value();
    n.transactionId = u"TX1"_s;
    n.state = TradeState::Success;
    n.amount = yuan(300);
    QVERIFY(m_fx->service->handleNotification(u"alipay"_s, n).ok());
    QVERIFY(m_fx->service->handleNotification(u"alipay"_s, n).ok());
    QCOMPARE(m_fx->service->orders().load(out.value()).value()->status, OrderStatus::Paid);
    QCOMPARE(m_fx->ledger->balance(u"clearing:alipay"_s).value(), 300);
    // A wrong amount is not believed.
    auto out2 = m_fx->service->startQr(yuan(300));
    n.outTradeNo = out2.value();
    n.amount = yuan(1);
    QVERIFY(m_fx->service->handleNotification(u"alipay"_s, n).ok());
    QCOMPARE(m_fx->service->orders().load(out2.value()).value()->status, OrderStatus::Pending);
}

void TestCheckoutRecovery::recoveryFinishesOpenOrders()
{
    // Three orders left open by a "crash": a code pay never answered, a pending QR that
    // was paid meanwhile, and an UNKNOWN code pay the provider never saw.
    m_fx->provider->holdPay = true;
    auto a = m_fx->service->chargeCode(yuan(100), kAlipayCode);
    auto b = m_fx->service->startQr(yuan(200));
    m_fx->provider->holdPay = false;
    m_fx->provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::NotExist,
                     ProviderStatus::unknownOutcome(FailureReason::NetworkTrouble, {}, {}));
    };
    auto c = m_fx->service->chargeCode(yuan(300), kAlipayCode2);
    QCOMPARE(m_fx->service->orders().openOrders().value().size(), 3);

    // A new process: fresh service over the same database.
    m_fx->service.reset();
    m_fx->provider->calls.clear();
    ScriptedProvider *p = m_fx->provider.get();
    CheckoutConfig config;
    config.defaultProvider = u"alipay"_s;
    m_fx->service = std::make_unique<CheckoutService>(
        *m_fx->db, *m_fx->ledger, *m_fx->clock,
        [p](const QString &) -> PaymentProvider * { return p; }, config);
    m_fx->provider->onQuery = [&](const QString &o) {
        if (o == b.value())
            return trade(o, TradeState::Success);
        if (o == a.value())
            return trade(o, TradeState::UserPaying);
        return trade(o, TradeState::NotExist);
    };
    Recovery recovery(*m_fx->db, *m_fx->service, *m_fx->clock);
    std::optional<RecoveryReport> report;
    recovery.run([&](const RecoveryReport &r) { report = r; });
    // The QR is finished at once; the payment codes are still inside their 30 s wait, so
    // they are queried until it ends and then cancelled.
    QCOMPARE(m_fx->service->orders().load(b.value()).value()->status, OrderStatus::Paid);
    QVERIFY(!report);
    QCOMPARE(m_fx->provider->count(u"cancel:"_s), 0);
    m_fx->clock->advance(30000);
    QVERIFY(report);
    QCOMPARE(report->stillOpen, 0);
    QCOMPARE(report->resolved.size(), 3);
    QCOMPARE(m_fx->service->orders().load(a.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(m_fx->service->orders().load(b.value()).value()->status, OrderStatus::Paid);
    QCOMPARE(m_fx->service->orders().load(c.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(m_fx->provider->count(u"pay:"_s), 0); // never charged again
    QCOMPARE(m_fx->provider->count(u"cancel:"_s + a.value()), 1);
    QCOMPARE(m_fx->provider->count(u"close:"_s + b.value()), 0);
    QCOMPARE(m_fx->ledger->balance(u"revenue:sales"_s).value(), -200);
    QCOMPARE(m_fx->service->orders().openOrders().value().size(), 0);
}

void TestCheckoutRecovery::recoveryClosesExpiredAndKeepsLinks()
{
    m_fx->provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::UserPaying);
    };
    m_fx->provider->onQuery = [](const QString &o) { return trade(o, TradeState::UserPaying); };
    auto code = m_fx->service->chargeCode(yuan(100), kAlipayCode);
    m_fx->provider->onQuery = [](const QString &o) { return trade(o, TradeState::NotExist); };
    auto link = m_fx->service->startPaymentLink(yuan(200));
    auto qr = m_fx->service->startQr(yuan(300));
    m_fx->service.reset();       // "crash"
    m_fx->clock->advance(60000); // restarted a minute later: the code's wait is long over
    ScriptedProvider *p = m_fx->provider.get();
    m_fx->service = std::make_unique<CheckoutService>(
        *m_fx->db, *m_fx->ledger, *m_fx->clock,
        [p](const QString &) -> PaymentProvider * { return p; }, CheckoutConfig{});
    m_fx->provider->calls.clear();
    m_fx->provider->onQuery = [&](const QString &o) {
        return trade(o, o == code.value() ? TradeState::UserPaying : TradeState::WaitBuyerPay);
    };
    Recovery recovery(*m_fx->db, *m_fx->service, *m_fx->clock);
    std::optional<RecoveryReport> report;
    recovery.run([&](const RecoveryReport &r) { report = r; });
    QVERIFY(report);
    QCOMPARE(report->resolved.size(), 2);
    QCOMPARE(report->stillOpen, 1); // the payment link stays payable
    QCOMPARE(m_fx->service->orders().load(code.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(m_fx->service->orders().load(qr.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(m_fx->service->orders().load(link.value()).value()->status, OrderStatus::Pending);
    QCOMPARE(m_fx->provider->count(u"cancel:"_s + code.value()), 1);
    QCOMPARE(m_fx->provider->count(u"close:"_s + qr.value()), 1);
    QVERIFY(m_fx->service->isActive(link.value()));
    m_fx->provider->onQuery = [](const QString &o) { return trade(o, TradeState::Success); };
    m_fx->clock->advance(10000);
    QCOMPARE(m_fx->service->orders().load(link.value()).value()->status, OrderStatus::Paid);
}

void TestCheckoutRecovery::cancelOrderLeftOpenByAnotherProcess()
{
    m_fx->provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::UserPaying);
    };
    m_fx->provider->onQuery = [](const QString &o) { return trade(o, TradeState::UserPaying); };
    auto out = m_fx->service->chargeCode(yuan(100), kAlipayCode);
    m_fx->service.reset();
    ScriptedProvider *p = m_fx->provider.get();
    m_fx->service = std::make_unique<CheckoutService>(
        *m_fx->db, *m_fx->ledger, *m_fx->clock,
        [p](const QString &) -> PaymentProvider * { return p; }, CheckoutConfig{});
    m_fx->provider->calls.clear();
    // Still inside the 30 s wait, but the cashier says stop: cancel now, not at 30 s.
    QVERIFY(m_fx->service->cancel(out.value()).ok());
    QCOMPARE(m_fx->provider->count(u"cancel:"_s), 1);
    const Order o = *m_fx->service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Closed);
    QVERIFY(o.message.contains(u"Cancelled"));
    QCOMPARE(m_fx->service->cancel(u"nope"_s).error().code, u"checkout.no_such_order"_s);
}

QTEST_GUILESS_MAIN(TestCheckoutRecovery)
#include "tst_checkoutrecovery.moc"
