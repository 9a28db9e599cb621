#include "core/checkout/checkoutservice.h"
#include "core/checkout/recovery.h"
#include "core/crypto/crypto.h"
#include "core/crypto/secretvault.h"
#include "core/ledger/ledger.h"
#include "core/providers/provideradvice.h"
#include "core/security/payerhasher.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/util/clock.h"

#include "scriptedprovider.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {
const QString kAlipayCode = u"287634438256643912"_s;
const QString kAlipayCode2 = u"281111111111111111"_s;

Money yuan(qint64 minor)
{
    return Money::fromMinor(minor);
}
} // namespace

class TestCheckoutService : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void rowCommittedBeforePay();
    void rowCommittedBeforeQr();
    void qrPaidAfterPolling();
    void qrExpiresAndIsClosed();
    void qrPaidWhileClosing();
    void qrUnknownIsClosedNotRetried();
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
    void cashierCancelsQr();
    void cashierCancelsCodeInFlight();
    void cancelRetriesUntilFinal();
    void lateSuccessIsFlagged();
    void notificationBooksOnce();
    void cashSale();
    void paymentLinkHasLongExpiry();
    void recoveryFinishesOpenOrders();
    void recoveryClosesExpiredAndKeepsLinks();
    void cancelOrderLeftOpenByAnotherProcess();

private:
    int orderCount();
    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<SettingsStore> m_settings;
    std::unique_ptr<PayerHasher> m_hasher;
    std::unique_ptr<ScriptedProvider> m_provider;
    std::unique_ptr<CheckoutService> m_service;
};

void TestCheckoutService::init()
{
    static int n = 0;
    auto db = Database::open(m_dir.filePath(u"c%1.db"_s.arg(++n)));
    QVERIFY(db.ok());
    m_db = std::move(db).value();
    m_clock = std::make_unique<ManualClock>();
    m_ledger = std::make_unique<Ledger>(*m_db, *m_clock);
    m_vault = SecretVault::fromKey(crypto::randomBytes(SecretVault::KeySize)).value();
    m_settings = std::make_unique<SettingsStore>(*m_db);
    m_hasher = std::make_unique<PayerHasher>(*m_settings, *m_vault);
    m_provider = std::make_unique<ScriptedProvider>();
    CheckoutConfig config;
    config.defaultProvider = u"alipay"_s;
    config.storeCode = u"SH01"_s;
    config.storeName = u"Test store"_s;
    config.till = u"2"_s;
    config.cashier = u"alice"_s;
    ScriptedProvider *p = m_provider.get();
    m_service = std::make_unique<CheckoutService>(
        *m_db, *m_ledger, *m_clock,
        [p](const QString &id) -> PaymentProvider * { return id == u"alipay" ? p : nullptr; },
        config, m_hasher.get());
}

void TestCheckoutService::cleanup()
{
    m_service.reset();
    m_provider.reset();
    m_hasher.reset();
    m_ledger.reset();
    m_db.reset();
}

int TestCheckoutService::orderCount()
{
    return m_db->scalar(u"SELECT COUNT(*) FROM orders"_s).value()->toInt();
}

// Reads the row through a separate connection: only committed data is visible there.
static QString committedStatus(const QString &dbPath, const QString &out)
{
    QString status;
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"probe"_s);
        other.setDatabaseName(dbPath);
        if (other.open()) {
            QSqlQuery q(other);
            q.prepare(u"SELECT status FROM orders WHERE out_trade_no = ?"_s);
            q.addBindValue(out);
            if (q.exec() && q.next())
                status = q.value(0).toString();
        }
        other.close();
    }
    QSqlDatabase::removeDatabase(u"probe"_s);
    return status;
}

void TestCheckoutService::rowCommittedBeforePay()
{
    QString seenStatus;
    const QString path = m_db->path();
    m_provider->onPay = [&](const CodePayRequest &r) {
        seenStatus = committedStatus(path, r.outTradeNo);
        return trade(r.outTradeNo, TradeState::Success);
    };
    auto out = m_service->chargeCode(yuan(1234), kAlipayCode);
    QVERIFY(out.ok());
    QCOMPARE(seenStatus, u"CREATED"_s);
    QCOMPARE(m_provider->lastAuthCode, kAlipayCode);
    // Only the masked code is stored.
    const Order o = *m_service->orders().load(out.value()).value();
    QCOMPARE(o.authCodeMasked, u"2876**********3912"_s);
    QCOMPARE(
        m_db->scalar(u"SELECT COUNT(*) FROM orders WHERE auth_code_masked LIKE '%4438256643%'"_s)
            .value()
            ->toInt(),
        0);
}

void TestCheckoutService::rowCommittedBeforeQr()
{
    QString seenStatus;
    const QString path = m_db->path();
    m_provider->onCreateQr = [&](const QrOrderRequest &r) {
        seenStatus = committedStatus(path, r.outTradeNo);
        QrOrderReply reply;
        reply.status = ProviderStatus::success();
        reply.qrCode = u"https://qr/x"_s;
        return reply;
    };
    QVERIFY(m_service->startQr(yuan(100)).ok());
    QCOMPARE(seenStatus, u"CREATED"_s);
}

void TestCheckoutService::qrPaidAfterPolling()
{
    QSignalSpy updates(m_service.get(), &CheckoutService::orderUpdated);
    QSignalSpy finished(m_service.get(), &CheckoutService::orderFinished);
    int queries = 0;
    m_provider->onQuery = [&](const QString &out) {
        ++queries;
        if (queries < 3)
            return trade(out, queries == 1 ? TradeState::NotExist : TradeState::WaitBuyerPay);
        TradeReply r = trade(out, TradeState::Success);
        r.buyerId = u"2088000000000001"_s;
        return r;
    };
    auto out = m_service->startQr(yuan(1234));
    QVERIFY(out.ok());
    QVERIFY(out.value().startsWith(u"SH01-2-"));
    auto s = m_service->snapshot(out.value());
    QCOMPARE(s->status, OrderStatus::Pending);
    QCOMPARE(s->qrCode, u"https://qr.example.test/"_s + out.value());
    QCOMPARE(s->secondsLeft, 300);
    QCOMPARE(queries, 0);
    m_clock->advance(1999);
    QCOMPARE(queries, 0);
    m_clock->advance(1);
    QCOMPARE(queries, 1); // every 2 s
    m_clock->advance(4000);
    QCOMPARE(queries, 3);
    QCOMPARE(finished.size(), 1);
    const auto last = finished.last().first().value<OrderSnapshot>();
    QCOMPARE(last.status, OrderStatus::Paid);
    QCOMPARE(last.transactionId, u"T"_s + out.value());
    QVERIFY(!m_service->isActive(out.value()));
    const Order o = *m_service->orders().load(out.value()).value();
    QCOMPARE(o.payerHash, m_hasher->hash(u"alipay"_s, u"2088000000000001"_s).value());
    QVERIFY(!o.payerHash.contains(u"2088"));
    QCOMPARE(m_ledger->balance(u"clearing:alipay"_s).value(), 1234);
    QCOMPARE(m_ledger->balance(u"revenue:sales"_s).value(), -1234);
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
    m_clock->advance(60000);
    QCOMPARE(queries, 3);
}

void TestCheckoutService::qrExpiresAndIsClosed()
{
    QElapsedTimer wall;
    wall.start();
    auto out = m_service->startQr(yuan(500));
    QVERIFY(out.ok());
    m_clock->advance(299000);
    QCOMPARE(m_provider->count(u"close:"_s), 0);
    QCOMPARE(m_service->snapshot(out.value())->status, OrderStatus::Pending);
    m_clock->advance(1000);
    QCOMPARE(m_provider->count(u"close:"_s), 1);
    const Order o = *m_service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Closed);
    QVERIFY(o.message.contains(u"expired"));
    QCOMPARE(m_provider->count(u"query:"_s), 150);
    QVERIFY(wall.elapsed() < 5000);
    QCOMPARE(m_ledger->balance(u"revenue:sales"_s).value(), 0);
}

void TestCheckoutService::qrPaidWhileClosing()
{
    auto out = m_service->startQr(yuan(500));
    QVERIFY(out.ok());
    bool paid = false;
    m_provider->onClose = [&](const QString &) {
        paid = true;
        return ProviderStatus::failure(FailureReason::TradeAlreadyPaid, u"40004"_s,
                                       u"ACQ.TRADE_HAS_SUCCESS"_s, {});
    };
    m_provider->onQuery = [&](const QString &o) {
        return trade(o, paid ? TradeState::Success : TradeState::WaitBuyerPay);
    };
    QVERIFY(m_service->cancel(out.value()).ok());
    QCOMPARE(m_service->orders().load(out.value()).value()->status, OrderStatus::Paid);
    QVERIFY(!m_service->orders().load(out.value()).value()->needsRefund);
}

void TestCheckoutService::qrUnknownIsClosedNotRetried()
{
    m_provider->onCreateQr = [](const QrOrderRequest &) {
        QrOrderReply r;
        r.status = ProviderStatus::unknownOutcome(FailureReason::NetworkTrouble, {}, u"timeout"_s);
        return r;
    };
    int closes = 0;
    m_provider->onClose = [&](const QString &) {
        ++closes;
        if (closes == 1)
            return ProviderStatus::unknownOutcome(FailureReason::ProviderBusy, u"20000"_s, {});
        return ProviderStatus::failure(FailureReason::TradeNotExist, u"40004"_s,
                                       u"ACQ.TRADE_NOT_EXIST"_s, {});
    };
    auto out = m_service->startQr(yuan(500));
    QVERIFY(out.ok());
    QCOMPARE(m_service->snapshot(out.value())->status, OrderStatus::Unknown);
    QVERIFY(m_service->snapshot(out.value())->cancelling);
    m_clock->advance(2000);
    QCOMPARE(closes, 2);
    QCOMPARE(m_service->orders().load(out.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(m_provider->count(u"createQr:"_s), 1);
    const auto events = m_service->orders().events(out.value()).value();
    QCOMPARE(events.at(1).to, OrderStatus::Unknown);
    QCOMPARE(events.last().to, OrderStatus::Closed);
}

void TestCheckoutService::codePaidAtOnce()
{
    QSignalSpy finished(m_service.get(), &CheckoutService::orderFinished);
    auto out = m_service->chargeCode(yuan(888), kAlipayCode);
    QVERIFY(out.ok());
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<OrderSnapshot>().status, OrderStatus::Paid);
    QCOMPARE(m_ledger->balance(u"clearing:alipay"_s).value(), 888);
    QCOMPARE(m_provider->calls, QStringList{u"pay:"_s + out.value()});
}

void TestCheckoutService::codeUserPayingThenCancelAfter30s()
{
    QElapsedTimer wall;
    wall.start();
    m_provider->onPay = [](const CodePayRequest &r) {
        TradeReply t = trade(r.outTradeNo, TradeState::UserPaying);
        t.status.code = u"10003"_s;
        return t;
    };
    m_provider->onQuery = [](const QString &o) { return trade(o, TradeState::UserPaying); };
    int cancels = 0;
    m_provider->onCancel = [&](const QString &) {
        ++cancels;
        CancelReply r;
        r.status = ProviderStatus::success();
        r.retry = cancels < 3; // the provider asks twice to call again
        r.action = CancelAction::Closed;
        return r;
    };
    auto out = m_service->chargeCode(yuan(1000), kAlipayCode);
    QVERIFY(out.ok());
    auto s = m_service->snapshot(out.value());
    QCOMPARE(s->status, OrderStatus::Pending);
    QVERIFY(s->message.contains(u"password"));
    m_clock->advance(5000);
    QCOMPARE(m_provider->count(u"query:"_s), 1); // every 5 s
    m_clock->advance(24999);
    QCOMPARE(m_provider->count(u"query:"_s), 5);
    QCOMPARE(cancels, 0);
    m_clock->advance(1);
    QCOMPARE(m_provider->count(u"query:"_s), 6);
    QCOMPARE(cancels, 1); // 30 s unpaid → cancel
    m_clock->advance(60000);
    QCOMPARE(cancels, 3);
    const Order o = *m_service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Closed);
    QCOMPARE(m_provider->count(u"pay:"_s), 1);
    QCOMPARE(m_ledger->balance(u"revenue:sales"_s).value(), 0);
    QVERIFY(wall.elapsed() < 5000);
}

void TestCheckoutService::codeUserPayingThenPaid()
{
    m_provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::UserPaying);
    };
    int q = 0;
    m_provider->onQuery = [&](const QString &o) {
        return trade(o, ++q < 2 ? TradeState::UserPaying : TradeState::Success);
    };
    auto out = m_service->chargeCode(yuan(1000), kAlipayCode);
    m_clock->advance(10000);
    QCOMPARE(m_service->orders().load(out.value()).value()->status, OrderStatus::Paid);
    QCOMPARE(m_provider->count(u"cancel:"_s), 0);
}

void TestCheckoutService::codeUnknownResolvedByQuery()
{
    m_provider->onPay = [](const CodePayRequest &r) {
        return trade(
            r.outTradeNo, TradeState::NotExist,
            ProviderStatus::unknownOutcome(FailureReason::NetworkTrouble, {}, u"timeout"_s));
    };
    int q = 0;
    m_provider->onQuery = [&](const QString &o) {
        ++q;
        if (q == 1)
            return trade(
                o, TradeState::NotExist,
                ProviderStatus::unknownOutcome(FailureReason::ProviderBusy, u"20000"_s, {}));
        return trade(o, TradeState::Success);
    };
    auto out = m_service->chargeCode(yuan(4200), kAlipayCode);
    QVERIFY(out.ok());
    auto s = m_service->snapshot(out.value());
    QCOMPARE(s->status, OrderStatus::Unknown);
    QVERIFY(s->cashierAdvice.contains(u"Do not charge again"));
    m_clock->advance(10000);
    QCOMPARE(m_service->orders().load(out.value()).value()->status, OrderStatus::Paid);
    QCOMPARE(m_provider->count(u"pay:"_s), 1); // resolved by query, never by charging again
    QCOMPARE(m_ledger->balance(u"clearing:alipay"_s).value(), 4200);
}

void TestCheckoutService::codeDefiniteFailureGivesAdvice_data()
{
    QTest::addColumn<int>("reason");
    QTest::newRow("balance") << int(FailureReason::InsufficientBalance);
    QTest::newRow("code") << int(FailureReason::CodeExpiredOrInvalid);
    QTest::newRow("limit") << int(FailureReason::LimitExceeded);
    QTest::newRow("permission") << int(FailureReason::PermissionDenied);
}

void TestCheckoutService::codeDefiniteFailureGivesAdvice()
{
    QFETCH(int, reason);
    m_provider->onPay = [reason](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::NotExist,
                     ProviderStatus::failure(FailureReason(reason), u"40004"_s, u"ACQ.X"_s, {}));
    };
    QSignalSpy finished(m_service.get(), &CheckoutService::orderFinished);
    auto out = m_service->chargeCode(yuan(100), kAlipayCode);
    QVERIFY(out.ok());
    QCOMPARE(finished.size(), 1);
    const auto s = finished.first().first().value<OrderSnapshot>();
    QCOMPARE(s.status, OrderStatus::Failed);
    QCOMPARE(int(s.reason), reason);
    const Advice a = adviceFor(FailureReason(reason));
    QCOMPARE(s.cashierAdvice, a.cashier);
    QCOMPARE(s.customerAdvice, a.customer);
    QVERIFY(!s.customerAdvice.isEmpty());
    QCOMPARE(m_service->orders().load(out.value()).value()->failureReason, FailureReason(reason));
    QCOMPARE(m_provider->count(u"query:"_s), 0);
}

void TestCheckoutService::unroutableCodeMakesNoOrder_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("error");
    QTest::newRow("short") << u"12345"_s << u"checkout.code_invalid"_s;
    QTest::newRow("unionpay") << u"6212345678901234567"_s << u"checkout.code_unsupported"_s;
    QTest::newRow("wechat not set up") << u"134567890123456789"_s << u"checkout.no_provider"_s;
}

void TestCheckoutService::unroutableCodeMakesNoOrder()
{
    QFETCH(QString, code);
    QFETCH(QString, error);
    auto r = m_service->chargeCode(yuan(100), code);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, error);
    QVERIFY(!r.error().message.isEmpty());
    QCOMPARE(orderCount(), 0);
    QVERIFY(m_provider->calls.isEmpty());
}

void TestCheckoutService::newCodeForSameSaleClosesPreviousFirst()
{
    m_provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::UserPaying);
    };
    m_provider->onQuery = [](const QString &o) { return trade(o, TradeState::UserPaying); };
    const QString sale = m_service->newSaleId();
    auto first = m_service->chargeCode(yuan(700), kAlipayCode, sale);
    QVERIFY(first.ok());
    m_provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::Success);
    };
    auto second = m_service->chargeCode(yuan(700), kAlipayCode2, sale);
    QVERIFY(second.ok());
    QVERIFY(first.value() != second.value());
    const QStringList expected{u"pay:"_s + first.value(), u"cancel:"_s + first.value(),
                               u"pay:"_s + second.value()};
    QCOMPARE(m_provider->calls, expected);
    QCOMPARE(m_service->orders().load(first.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(m_service->orders().load(second.value()).value()->status, OrderStatus::Paid);
    QCOMPARE(m_service->orders().load(second.value()).value()->saleId, sale);
    QCOMPARE(m_ledger->balance(u"revenue:sales"_s).value(), -700);
}

void TestCheckoutService::paidSaleRefusesAnotherCode()
{
    const QString sale = m_service->newSaleId();
    QVERIFY(m_service->chargeCode(yuan(700), kAlipayCode, sale).ok());
    auto again = m_service->chargeCode(yuan(700), kAlipayCode2, sale);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, u"checkout.sale_paid"_s);
    QCOMPARE(m_provider->count(u"pay:"_s), 1);
}

void TestCheckoutService::cashierCancelsQr()
{
    auto out = m_service->startQr(yuan(100));
    m_clock->advance(4000);
    QVERIFY(m_service->cancel(out.value()).ok());
    const Order o = *m_service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Closed);
    QVERIFY(o.message.contains(u"Cancelled"));
    QCOMPARE(m_provider->count(u"close:"_s), 1);
    m_clock->advance(10000);
    QCOMPARE(m_provider->count(u"query:"_s), 2);   // polling stopped
    QVERIFY(!m_service->cancel(out.value()).ok()); // already final
}

void TestCheckoutService::cashierCancelsCodeInFlight()
{
    m_provider->holdPay = true;
    auto out = m_service->chargeCode(yuan(100), kAlipayCode);
    QVERIFY(out.ok());
    QCOMPARE(m_service->snapshot(out.value())->status, OrderStatus::Created);
    QVERIFY(m_service->cancel(out.value()).ok());
    QCOMPARE(m_service->orders().load(out.value()).value()->status, OrderStatus::Closed);
    // The held answer arrives afterwards: it cannot reopen the order.
    m_provider->heldPay(trade(out.value(), TradeState::UserPaying));
    QCOMPARE(m_service->orders().load(out.value()).value()->status, OrderStatus::Closed);
}

void TestCheckoutService::cancelRetriesUntilFinal()
{
    m_provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::UserPaying);
    };
    m_provider->onQuery = [](const QString &o) { return trade(o, TradeState::UserPaying); };
    int cancels = 0;
    m_provider->onCancel = [&](const QString &) {
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
    auto out = m_service->chargeCode(yuan(100), kAlipayCode);
    QVERIFY(m_service->cancel(out.value()).ok());
    QCOMPARE(cancels, 1);
    QVERIFY(m_service->snapshot(out.value())->cancelling);
    m_clock->advance(2000);
    QCOMPARE(cancels, 2);
    m_clock->advance(4000);
    QCOMPARE(cancels, 3);
    m_clock->advance(8000);
    QCOMPARE(cancels, 4); // backs off 2, 4, 8 s
    const Order o = *m_service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Closed);
    QVERIFY(o.message.contains(u"returned"));
}

void TestCheckoutService::lateSuccessIsFlagged()
{
    auto out = m_service->startQr(yuan(990));
    QVERIFY(m_service->cancel(out.value()).ok());
    QCOMPARE(m_service->orders().load(out.value()).value()->status, OrderStatus::Closed);
    QSignalSpy late(m_service.get(), &CheckoutService::lateSuccessDetected);
    m_provider->onQuery = [](const QString &o) { return trade(o, TradeState::Success); };
    m_service->recheck(out.value());
    QCOMPARE(late.size(), 1);
    QCOMPARE(late.first().first().toString(), out.value());
    const Order o = *m_service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Paid);
    QVERIFY(o.needsRefund);
    QCOMPARE(m_ledger->balance(u"clearing:alipay"_s).value(), 990);
    // Seen again: booked once.
    m_service->recheck(out.value());
    QCOMPARE(late.size(), 1);
    QCOMPARE(m_ledger->balance(u"clearing:alipay"_s).value(), 990);
}

void TestCheckoutService::notificationBooksOnce()
{
    auto out = m_service->startQr(yuan(300));
    Notification n;
    n.outTradeNo = out.value();
    n.transactionId = u"TX1"_s;
    n.state = TradeState::Success;
    n.amount = yuan(300);
    QVERIFY(m_service->handleNotification(u"alipay"_s, n).ok());
    QVERIFY(m_service->handleNotification(u"alipay"_s, n).ok());
    QCOMPARE(m_service->orders().load(out.value()).value()->status, OrderStatus::Paid);
    QCOMPARE(m_ledger->balance(u"clearing:alipay"_s).value(), 300);
    // A wrong amount is not believed.
    auto out2 = m_service->startQr(yuan(300));
    n.outTradeNo = out2.value();
    n.amount = yuan(1);
    QVERIFY(m_service->handleNotification(u"alipay"_s, n).ok());
    QCOMPARE(m_service->orders().load(out2.value()).value()->status, OrderStatus::Pending);
}

void TestCheckoutService::cashSale()
{
    auto r = m_service->recordCash(yuan(1234), yuan(2000));
    QVERIFY(r.ok());
    QCOMPARE(r.value().status, OrderStatus::Paid);
    QCOMPARE(r.value().changeMinor, std::optional<qint64>(766));
    QCOMPARE(r.value().kind, OrderKind::Cash);
    QCOMPARE(m_ledger->balance(u"cash"_s).value(), 1234);
    QCOMPARE(m_ledger->balance(u"revenue:sales"_s).value(), -1234);
    auto shortCash = m_service->recordCash(yuan(1234), yuan(1000));
    QVERIFY(!shortCash.ok());
    QCOMPARE(shortCash.error().code, u"checkout.cash_short"_s);
    QVERIFY(m_provider->calls.isEmpty());
}

void TestCheckoutService::paymentLinkHasLongExpiry()
{
    auto out = m_service->startPaymentLink(yuan(5000));
    QVERIFY(out.ok());
    auto s = m_service->snapshot(out.value());
    QCOMPARE(s->kind, OrderKind::Link);
    QCOMPARE(s->status, OrderStatus::Pending);
    QVERIFY(!s->qrCode.isEmpty());
    QCOMPARE(s->secondsLeft, 86400);
    m_clock->advance(3600 * 1000);
    QCOMPARE(m_service->snapshot(out.value())->status, OrderStatus::Pending);
    m_clock->advance(23 * 3600 * 1000);
    QCOMPARE(m_service->orders().load(out.value()).value()->status, OrderStatus::Closed);
}

void TestCheckoutService::recoveryFinishesOpenOrders()
{
    // Three orders left open by a "crash": a code pay never answered, a pending QR that
    // was paid meanwhile, and an UNKNOWN code pay the provider never saw.
    m_provider->holdPay = true;
    auto a = m_service->chargeCode(yuan(100), kAlipayCode);
    auto b = m_service->startQr(yuan(200));
    m_provider->holdPay = false;
    m_provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::NotExist,
                     ProviderStatus::unknownOutcome(FailureReason::NetworkTrouble, {}, {}));
    };
    auto c = m_service->chargeCode(yuan(300), kAlipayCode2);
    QCOMPARE(m_service->orders().openOrders().value().size(), 3);

    // A new process: fresh service over the same database.
    m_service.reset();
    m_provider->calls.clear();
    ScriptedProvider *p = m_provider.get();
    CheckoutConfig config;
    config.defaultProvider = u"alipay"_s;
    m_service = std::make_unique<CheckoutService>(
        *m_db, *m_ledger, *m_clock, [p](const QString &) -> PaymentProvider * { return p; },
        config);
    m_provider->onQuery = [&](const QString &o) {
        if (o == b.value())
            return trade(o, TradeState::Success);
        if (o == a.value())
            return trade(o, TradeState::UserPaying);
        return trade(o, TradeState::NotExist);
    };
    Recovery recovery(*m_db, *m_service, *m_clock);
    std::optional<RecoveryReport> report;
    recovery.run([&](const RecoveryReport &r) { report = r; });
    // The QR is finished at once; the payment codes are still inside their 30 s wait, so
    // they are queried until it ends and then cancelled.
    QCOMPARE(m_service->orders().load(b.value()).value()->status, OrderStatus::Paid);
    QVERIFY(!report);
    QCOMPARE(m_provider->count(u"cancel:"_s), 0);
    m_clock->advance(30000);
    QVERIFY(report);
    QCOMPARE(report->stillOpen, 0);
    QCOMPARE(report->resolved.size(), 3);
    QCOMPARE(m_service->orders().load(a.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(m_service->orders().load(b.value()).value()->status, OrderStatus::Paid);
    QCOMPARE(m_service->orders().load(c.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(m_provider->count(u"pay:"_s), 0); // never charged again
    QCOMPARE(m_provider->count(u"cancel:"_s + a.value()), 1);
    QCOMPARE(m_provider->count(u"close:"_s + b.value()), 0);
    QCOMPARE(m_ledger->balance(u"revenue:sales"_s).value(), -200);
    QCOMPARE(m_service->orders().openOrders().value().size(), 0);
}

void TestCheckoutService::recoveryClosesExpiredAndKeepsLinks()
{
    m_provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::UserPaying);
    };
    m_provider->onQuery = [](const QString &o) { return trade(o, TradeState::UserPaying); };
    auto code = m_service->chargeCode(yuan(100), kAlipayCode);
    m_provider->onQuery = [](const QString &o) { return trade(o, TradeState::NotExist); };
    auto link = m_service->startPaymentLink(yuan(200));
    auto qr = m_service->startQr(yuan(300));
    m_service.reset();       // "crash"
    m_clock->advance(60000); // restarted a minute later: the code's wait is long over
    ScriptedProvider *p = m_provider.get();
    m_service = std::make_unique<CheckoutService>(
        *m_db, *m_ledger, *m_clock, [p](const QString &) -> PaymentProvider * { return p; },
        CheckoutConfig{});
    m_provider->calls.clear();
    m_provider->onQuery = [&](const QString &o) {
        return trade(o, o == code.value() ? TradeState::UserPaying : TradeState::WaitBuyerPay);
    };
    Recovery recovery(*m_db, *m_service, *m_clock);
    std::optional<RecoveryReport> report;
    recovery.run([&](const RecoveryReport &r) { report = r; });
    QVERIFY(report);
    QCOMPARE(report->resolved.size(), 2);
    QCOMPARE(report->stillOpen, 1); // the payment link stays payable
    QCOMPARE(m_service->orders().load(code.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(m_service->orders().load(qr.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(m_service->orders().load(link.value()).value()->status, OrderStatus::Pending);
    QCOMPARE(m_provider->count(u"cancel:"_s + code.value()), 1);
    QCOMPARE(m_provider->count(u"close:"_s + qr.value()), 1);
    QVERIFY(m_service->isActive(link.value()));
    m_provider->onQuery = [](const QString &o) { return trade(o, TradeState::Success); };
    m_clock->advance(10000);
    QCOMPARE(m_service->orders().load(link.value()).value()->status, OrderStatus::Paid);
}

void TestCheckoutService::cancelOrderLeftOpenByAnotherProcess()
{
    m_provider->onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::UserPaying);
    };
    m_provider->onQuery = [](const QString &o) { return trade(o, TradeState::UserPaying); };
    auto out = m_service->chargeCode(yuan(100), kAlipayCode);
    m_service.reset();
    ScriptedProvider *p = m_provider.get();
    m_service = std::make_unique<CheckoutService>(
        *m_db, *m_ledger, *m_clock, [p](const QString &) -> PaymentProvider * { return p; },
        CheckoutConfig{});
    m_provider->calls.clear();
    // Still inside the 30 s wait, but the cashier says stop: cancel now, not at 30 s.
    QVERIFY(m_service->cancel(out.value()).ok());
    QCOMPARE(m_provider->count(u"cancel:"_s), 1);
    const Order o = *m_service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Closed);
    QVERIFY(o.message.contains(u"Cancelled"));
    QCOMPARE(m_service->cancel(u"nope"_s).error().code, u"checkout.no_such_order"_s);
}

QTEST_GUILESS_MAIN(TestCheckoutService)
#include "tst_checkoutservice.moc"
