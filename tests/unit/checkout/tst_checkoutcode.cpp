// Payment-code charges: committed before the pay call, USERPAYING, unknown outcomes resolved by
// query, failures explained, one sale never charged twice.

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

class TestCheckoutCode : public CheckoutTestCase
{
    Q_OBJECT
private slots:
    void init() { QCOMPARE(setUp(), QString()); }
    void cleanup() { tearDown(); }
    void rowCommittedBeforePay();
    void codePaidAtOnce();
    void codeUserPayingThenCancelAfter30s();
    void codeUserPayingThenPaid();
    void codeUnknownResolvedByQuery();
    void codeDefiniteFailureGivesAdvice_data();
    void codeDefiniteFailureGivesAdvice();
    void unroutableCodeMakesNoOrder_data();
    void unroutableCodeMakesNoOrder();
    void newCodeForSameSaleClosesPreviousFirst();
    void paidSaleRefusesAnotherCode();
    void cashierCancelsCodeInFlight();
    void cancelRetriesUntilFinal();
};

void TestCheckoutCode::rowCommittedBeforePay()
{
    QString seenStatus;
    const QString path = m_fx->db->path();
    m_fx->provider->onPay = [&](const CodePayRequest &r) {
        seenStatus = committedStatus(path, r.outTradeNo);
        return trade(r.outTradeNo, TradeState::Success);
    };
    auto out = m_fx->service->chargeCode(yuan(1234), kAlipayCode);
    QVERIFY(out.ok());
    QCOMPARE(seenStatus, u"CREATED"_s);
    QCOMPARE(m_fx->provider->lastAuthCode, kAlipayCode);
    // Only the masked code is stored.
    const Order o = *m_fx->service->orders().load(out.value()).value();
    QCOMPARE(o.authCodeMasked, u"2876**********3912"_s);
    QCOMPARE(
        m_fx->db
            ->scalar(u"SELECT COUNT(*) FROM orders WHERE auth_code_masked LIKE '%4438256643%'"_s)
            .value()
            ->toInt(),
        0);
}

void TestCheckoutCode::codePaidAtOnce()
{
    QSignalSpy finished(m_fx->service.get(), &CheckoutService::orderFinished);
    auto out = m_fx->service->chargeCode(yuan(888), kAlipayCode);
    QVERIFY(out.ok());
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<OrderSnapshot>().status, OrderStatus::Paid);
    QCOMPARE(m_fx->ledger->balance(u"clearing:alipay"_s).value(), 888);
    QCOMPARE(m_fx->provider->calls, QStringList{u"pay:"_s + out.value()});
}

void TestCheckoutCode::codeUserPayingThenCancelAfter30s()
{
    QElapsedTimer wall;
    wall.start();
    m_fx->provider->onPay = [](const CodePayRequest &r) {
        TradeReply t = trade(r.outTradeNo, TradeState::UserPaying);
        t.status.code = u"10003"_s;
        return t;
    };
    m_fx->provider->onQuery = [](const QString &o) { return trade(o, TradeState::UserPaying); };
    int cancels = 0;
    m_fx->provider->onCancel = [&](const QString &) {
        ++cancels;
        CancelReply r;
        r.status = ProviderStatus::success();
        r.retry = cancels < 3; // the provider asks twice to call again
        r.action = CancelAction::Closed;
        return r;
    };
    auto out = m_fx->service->chargeCode(yuan(1000), kAlipayCode);
    QVERIFY(out.ok());
    auto s = m_fx->service->snapshot(out.value());
    QCOMPARE(s->status, OrderStatus::Pending);
    QVERIFY(s->message.contains(u"password"));
    m_fx->clock->advance(5000);
    QCOMPARE(m_fx->provider->count(u"query:"_s), 1); // every 5 s
    m_fx->clock->advance(24999);
    QCOMPARE(m_fx->provider->count(u"query:"_s), 5);
    QCOMPARE(cancels, 0);
    m_fx->clock->advance(1);
    QCOMPARE(m_fx->provider->count(u"query:"_s), 6);
    QCOMPARE(cancels, 1); // 30 s unpaid → cancel
    m_fx->clock->advance(60000);
    QCOMPARE(cancels, 3);
    const Order o = *m_fx->service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Closed);
    QCOMPARE(m_fx->provider->count(u"pay:"_s), 1);
    QCOMPARE(m_fx->ledger->balance(u"revenue:sales"_s).value(), 0);
    QVERIFY(wall.elapsed() < 5000);
}

void TestCheckoutCode::codeUserPayingThenPaid()
{
    m_fx->provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::UserPaying);
    };
    int q = 0;
    m_fx->provider->onQuery = [&](const QString &o) {
        return trade(o, ++q < 2 ? TradeState::UserPaying : TradeState::Success);
    };
    auto out = m_fx->service->chargeCode(yuan(1000), kAlipayCode);
    m_fx->clock->advance(10000);
    QCOMPARE(m_fx->service->orders().load(out.value()).value()->status, OrderStatus::Paid);
    QCOMPARE(m_fx->provider->count(u"cancel:"_s), 0);
}

void TestCheckoutCode::codeUnknownResolvedByQuery()
{
    m_fx->provider->onPay = [](const CodePayRequest &r) {
        return trade(
            r.outTradeNo, TradeState::NotExist,
            ProviderStatus::unknownOutcome(FailureReason::NetworkTrouble, {}, u"timeout"_s));
    };
    int q = 0;
    m_fx->provider->onQuery = [&](const QString &o) {
        ++q;
        if (q == 1)
            return trade(
                o, TradeState::NotExist,
                ProviderStatus::unknownOutcome(FailureReason::ProviderBusy, u"20000"_s, {}));
        return trade(o, TradeState::Success);
    };
    auto out = m_fx->service->chargeCode(yuan(4200), kAlipayCode);
    QVERIFY(out.ok());
    auto s = m_fx->service->snapshot(out.value());
    QCOMPARE(s->status, OrderStatus::Unknown);
    QVERIFY(s->cashierAdvice.contains(u"Do not charge again"));
    m_fx->clock->advance(10000);
    QCOMPARE(m_fx->service->orders().load(out.value()).value()->status, OrderStatus::Paid);
    QCOMPARE(m_fx->provider->count(u"pay:"_s), 1); // resolved by query, never by charging again
    QCOMPARE(m_fx->ledger->balance(u"clearing:alipay"_s).value(), 4200);
}

void TestCheckoutCode::codeDefiniteFailureGivesAdvice_data()
{
    QTest::addColumn<int>("reason");
    QTest::newRow("balance") << int(FailureReason::InsufficientBalance);
    QTest::newRow("code") << int(FailureReason::CodeExpiredOrInvalid);
    QTest::newRow("limit") << int(FailureReason::LimitExceeded);
    QTest::newRow("permission") << int(FailureReason::PermissionDenied);
}

void TestCheckoutCode::codeDefiniteFailureGivesAdvice()
{
    QFETCH(int, reason);
    m_fx->provider->onPay = [reason](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::NotExist,
                     ProviderStatus::failure(FailureReason(reason), u"40004"_s, u"ACQ.X"_s, {}));
    };
    QSignalSpy finished(m_fx->service.get(), &CheckoutService::orderFinished);
    auto out = m_fx->service->chargeCode(yuan(100), kAlipayCode);
    QVERIFY(out.ok());
    QCOMPARE(finished.size(), 1);
    const auto s = finished.first().first().value<OrderSnapshot>();
    QCOMPARE(s.status, OrderStatus::Failed);
    QCOMPARE(int(s.reason), reason);
    const Advice a = adviceFor(FailureReason(reason));
    QCOMPARE(s.cashierAdvice, a.cashier);
    QCOMPARE(s.customerAdvice, a.customer);
    QVERIFY(!s.customerAdvice.isEmpty());
    QCOMPARE(m_fx->service->orders().load(out.value()).value()->failureReason,
             FailureReason(reason));
    QCOMPARE(m_fx->provider->count(u"query:"_s), 0);
}

void TestCheckoutCode::unroutableCodeMakesNoOrder_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("error");
    QTest::newRow("short") << u"12345"_s << u"checkout.code_invalid"_s;
    QTest::newRow("unionpay") << u"6212345678901234567"_s << u"checkout.code_unsupported"_s;
    QTest::newRow("wechat not set up") << u"134567890123456789"_s << u"checkout.no_provider"_s;
}

void TestCheckoutCode::unroutableCodeMakesNoOrder()
{
    QFETCH(QString, code);
    QFETCH(QString, error);
    auto r = m_fx->service->chargeCode(yuan(100), code);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, error);
    QVERIFY(!r.error().message.isEmpty());
    QCOMPARE(orderCount(), 0);
    QVERIFY(m_fx->provider->calls.isEmpty());
}

void TestCheckoutCode::newCodeForSameSaleClosesPreviousFirst()
{
    m_fx->provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::UserPaying);
    };
    m_fx->provider->onQuery = [](const QString &o) { return trade(o, TradeState::UserPaying); };
    const QString sale = m_fx->service->newSaleId();
    auto first = m_fx->service->chargeCode(yuan(700), kAlipayCode, sale);
    QVERIFY(first.ok());
    m_fx->provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::Success);
    };
    auto second = m_fx->service->chargeCode(yuan(700), kAlipayCode2, sale);
    QVERIFY(second.ok());
    QVERIFY(first.value() != second.value());
    const QStringList expected{u"pay:"_s + first.value(), u"cancel:"_s + first.value(),
                               u"pay:"_s + second.value()};
    QCOMPARE(m_fx->provider->calls, expected);
    QCOMPARE(m_fx->service->orders().load(first.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(m_fx->service->orders().load(second.value()).value()->status, OrderStatus::Paid);
    QCOMPARE(m_fx->service->orders().load(second.value()).value()->saleId, sale);
    QCOMPARE(m_fx->ledger->balance(u"revenue:sales"_s).value(), -700);
}

void TestCheckoutCode::paidSaleRefusesAnotherCode()
{
    const QString sale = m_fx->service->newSaleId();
    QVERIFY(m_fx->service->chargeCode(yuan(700), kAlipayCode, sale).ok());
    auto again = m_fx->service->chargeCode(yuan(700), kAlipayCode2, sale);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, u"checkout.sale_paid"_s);
    QCOMPARE(m_fx->provider->count(u"pay:"_s), 1);
}

void TestCheckoutCode::cashierCancelsCodeInFlight()
{
    m_fx->provider->holdPay = true;
    auto out = m_fx->service->chargeCode(yuan(100), kAlipayCode);
    QVERIFY(out.ok());
    QCOMPARE(m_fx->service->snapshot(out.value())->status, OrderStatus::Created);
    QVERIFY(m_fx->service->cancel(out.value()).ok());
    QCOMPARE(m_fx->service->orders().load(out.value()).value()->status, OrderStatus::Closed);
    // The held answer arrives afterwards: it cannot reopen the order.
    m_fx->provider->heldPay(trade(out.value(), TradeState::UserPaying));
    QCOMPARE(m_fx->service->orders().load(out.value()).value()->status, OrderStatus::Closed);
}

void TestCheckoutCode::cancelRetriesUntilFinal()
{
    m_fx->provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::UserPaying);
    };
    m_fx->provider->onQuery = [](const QString &o) { return trade(o, TradeState::UserPaying); };
    int cancels = 0;
    m_fx->provider->onCancel = [&](const QString &) {
        ++cancels;
        CancelReply r;
        if (cancels < 4) {
            r.status = ProviderStatus::unknownOutcome(FailureReason::NetworkTrouble, {}, {});
            r.retry = true;
        } else {
            r.status = ProviderStatus::success();
            r.action = CancelAction::Refunded;
        }
        return r;
    };
    auto out = m_fx->service->chargeCode(yuan(100), kAlipayCode);
    QVERIFY(m_fx->service->cancel(out.value()).ok());
    QCOMPARE(cancels, 1);
    QVERIFY(m_fx->service->snapshot(out.value())->cancelling);
    m_fx->clock->advance(2000);
    QCOMPARE(cancels, 2);
    m_fx->clock->advance(4000);
    QCOMPARE(cancels, 3);
    m_fx->clock->advance(8000);
    QCOMPARE(cancels, 4); // backs off 2, 4, 8 s
    const Order o = *m_fx->service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Closed);
    QVERIFY(o.message.contains(u"returned"));
}

QTEST_GUILESS_MAIN(TestCheckoutCode)
#include "tst_checkoutcode.moc"
