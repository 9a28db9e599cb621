// The money-safety rules of checkout (ARCHITECTURE §3, §4): one attempt per sale that can take
// money, a success believed only when it is ours, a failed write that does not strand a flow, payer
// ids stored salted, and a sale above the till's maximum refused before any network call.
#include "checkoutfixture.h"

#include "core/checkout/paymentexceptions.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {
QString alipayCode(int n)
{
    return u"28%1"_s.arg(n, 16, 10, QLatin1Char('0'));
}

TradeReply unknownTrade(const QString &out)
{
    return trade(out, TradeState::NotExist,
                 ProviderStatus::unknownOutcome(FailureReason::NetworkTrouble, {}, u"timeout"_s));
}

CancelReply unknownCancel()
{
    CancelReply r;
    r.status = ProviderStatus::unknownOutcome(FailureReason::NetworkTrouble, {}, u"timeout"_s);
    r.retry = true;
    return r;
}

CancelReply cancelled(CancelAction action)
{
    CancelReply r;
    r.status = ProviderStatus::success();
    r.action = action;
    return r;
}

// A second connection to the same file: another process as far as SQLite is concerned.
struct OtherConnection
{
    explicit OtherConnection(const QString &path)
    {
        db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"other"_s);
        db.setDatabaseName(path);
        db.open();
    }
    ~OtherConnection()
    {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(u"other"_s);
    }
    bool exec(const QString &sql)
    {
        QSqlQuery q(db);
        return q.exec(sql);
    }
    QSqlDatabase db;
};
} // namespace

class TestCheckoutMoneySafety : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void rescansUnderSilentProvider_data();
    void rescansUnderSilentProvider();
    void queuedAttemptCancelledIsNeverSent();
    void randomizedScansNeverChargeTwice();
    void secondSuccessForOneSaleIsFlagged();
    void failedTransitionDatabaseBusy();
    void failedTransitionOrderFinishedElsewhere();
    void paidAnswerWithOtherTotalIsNotPaid();
    void paidAnswerForOtherTradeIsNotPaid();
    void payAnswerWithOtherTotalIsNotPaid();
    void tradeHasSuccessIsResolvedByQuery_data();
    void tradeHasSuccessIsResolvedByQuery();
    void payerHashIsSaltedPerInstall();
    void saleAboveMaximumIsRefused_data();
    void saleAboveMaximumIsRefused();

private:
    std::unique_ptr<CheckoutFixture> f;
};

void TestCheckoutMoneySafety::init()
{
    f = std::make_unique<CheckoutFixture>();
    QCOMPARE(f->init(), QString());
}

void TestCheckoutMoneySafety::cleanup()
{
    f.reset();
}

void TestCheckoutMoneySafety::rescansUnderSilentProvider_data()
{
    QTest::addColumn<int>("rescans");
    QTest::newRow("2 rescans") << 2;
    QTest::newRow("3 rescans") << 3;
    QTest::newRow("5 rescans") << 5;
}

// Issue 8.1: USERPAYING, then the provider stops answering while the customer refreshes the
// code and the cashier scans again and again; then the provider comes back.
void TestCheckoutMoneySafety::rescansUnderSilentProvider()
{
    QFETCH(int, rescans);
    ScriptedProvider &p = *f->provider;
    bool silent = false;
    QSet<QString> paidAtProvider;
    p.onPay = [&](const CodePayRequest &r) {
        if (silent)
            return unknownTrade(r.outTradeNo);
        if (p.count(u"pay:"_s) == 1)
            return trade(r.outTradeNo, TradeState::UserPaying);
        paidAtProvider.insert(r.outTradeNo);
        TradeReply t = trade(r.outTradeNo, TradeState::Success);
        t.total = r.amount;
        return t;
    };
    p.onQuery = [&](const QString &out) {
        if (silent)
            return unknownTrade(out);
        return trade(out,
                     paidAtProvider.contains(out) ? TradeState::Success : TradeState::UserPaying);
    };
    p.onCancel = [&](const QString &) {
        return silent ? unknownCancel() : cancelled(CancelAction::Closed);
    };
    QSignalSpy duplicates(f->service.get(), &CheckoutService::duplicateChargeDetected);

    const QString sale = f->service->newSaleId();
    auto first = f->service->chargeCode(yuan(1000), alipayCode(1), sale);
    QVERIFY(first.ok());
    QCOMPARE(f->service->snapshot(first.value())->status, OrderStatus::Pending);
    silent = true;
    QStringList later;
    for (int i = 0; i < rescans; ++i) {
        f->clock->advance(3000);
        auto next = f->service->chargeCode(yuan(1000), alipayCode(2 + i), sale);
        QVERIFY2(next.ok(), next.ok() ? "" : qPrintable(next.error().message));
        later << next.value();
    }
    f->clock->advance(60000); // the cancel of attempt 1 keeps getting no answer
    QCOMPARE(p.count(u"pay:"_s), 1);
    QVERIFY(p.count(u"cancel:"_s + first.value()) > 2);
    QVERIFY(isOpenStatus(f->service->orders().load(first.value()).value()->status));

    silent = false; // the provider comes back
    f->clock->advance(60000);
    const QString newest = later.last();
    QCOMPARE(f->service->orders().load(first.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(f->service->orders().load(newest).value()->status, OrderStatus::Paid);
    QCOMPARE(p.count(u"pay:"_s), 2);
    QCOMPARE(p.count(u"pay:"_s + newest), 1);
    QCOMPARE(p.lastAuthCode, alipayCode(1 + rescans));
    for (const QString &replaced : later.mid(0, later.size() - 1)) {
        QCOMPARE(p.count(u"pay:"_s + replaced), 0); // never sent, its code never used
        const Order o = *f->service->orders().load(replaced).value();
        QCOMPARE(o.status, OrderStatus::Closed);
    }
    QCOMPARE(f->count(sale, OrderStatus::Paid), 1);
    QCOMPARE(paidAtProvider.size(), 1);
    QCOMPARE(f->ledger->balance(u"revenue:sales"_s).value(), -1000);
    QCOMPARE(duplicates.size(), 0);
    QVERIFY(f->service->activeOrders().isEmpty());
}

void TestCheckoutMoneySafety::queuedAttemptCancelledIsNeverSent()
{
    ScriptedProvider &p = *f->provider;
    p.onPay = [](const CodePayRequest &r) { return trade(r.outTradeNo, TradeState::UserPaying); };
    p.onQuery = [](const QString &o) { return trade(o, TradeState::UserPaying); };
    p.onCancel = [](const QString &) { return unknownCancel(); };
    const QString sale = f->service->newSaleId();
    auto first = f->service->chargeCode(yuan(500), alipayCode(1), sale);
    auto second = f->service->chargeCode(yuan(500), alipayCode(2), sale);
    QVERIFY(second.ok());
    QCOMPARE(f->service->snapshot(second.value())->status, OrderStatus::Created);
    QVERIFY(f->service->cancel(second.value()).ok());
    QCOMPARE(f->service->orders().load(second.value()).value()->status, OrderStatus::Closed);
    p.onCancel = [](const QString &) { return cancelled(CancelAction::Closed); };
    f->clock->advance(60000);
    QCOMPARE(f->service->orders().load(first.value()).value()->status, OrderStatus::Closed);
    QCOMPARE(p.count(u"pay:"_s + second.value()), 0);
    QCOMPARE(p.count(u"cancel:"_s + second.value()), 0);
}

// A provider that tells the truth but loses answers, a customer who confirms at random and
// notifications that arrive at random; the cashier rescans at random. Whatever happens, one
// sale never holds two payments at the provider and never books two PAID attempts.
void TestCheckoutMoneySafety::randomizedScansNeverChargeTwice()
{
    constexpr int kRuns = 300;
    constexpr int kSteps = 40;
    int runsWithRescans = 0, runsPaid = 0, lostAnswers = 0;
    const QString ramDisk = u"/dev/shm"_s;
    const QString folder =
        QDir(ramDisk).exists() ? ramDisk + u"/paydesk-random-XXXXXX"_s : QString();
    for (quint32 seed = 1; seed <= kRuns; ++seed) {
        f = std::make_unique<CheckoutFixture>(folder);
        QCOMPARE(f->init(), QString());
        QRandomGenerator rng(seed);
        ScriptedProvider &p = *f->provider;
        enum class At { Paying, Paid, Closed, Refunded };
        QHash<QString, At> trades;
        QHash<QString, Money> amounts;
        bool lossy = true;
        const auto lost = [&] {
            const bool l = lossy && rng.bounded(100) < 25;
            lostAnswers += l ? 1 : 0;
            return l;
        };
        const auto heldAtProvider = [&] {
            int n = 0;
            for (At a : std::as_const(trades))
                n += a == At::Paid ? 1 : 0;
            return n;
        };
        p.onPay = [&](const CodePayRequest &r) {
            amounts.insert(r.outTradeNo, r.amount);
            const int roll = int(rng.bounded(100));
            if (roll < 15)
                return trade(r.outTradeNo, TradeState::NotExist,
                             ProviderStatus::failure(FailureReason::InsufficientBalance, u"40004"_s,
                                                     u"ACQ.BUYER_BALANCE_NOT_ENOUGH"_s, {}));
            trades.insert(r.outTradeNo, roll < 45 ? At::Paid : At::Paying);
            if (lost())
                return unknownTrade(r.outTradeNo);
            TradeReply t = trade(r.outTradeNo, trades.value(r.outTradeNo) == At::Paid
                                                   ? TradeState::Success
                                                   : TradeState::UserPaying);
            t.total = r.amount;
            return t;
        };
        p.onQuery = [&](const QString &out) {
            if (lost())
                return unknownTrade(out);
            if (!trades.contains(out))
                return trade(out, TradeState::NotExist);
            const At a = trades.value(out);
            TradeReply t = trade(out, a == At::Paid     ? TradeState::Success
                                      : a == At::Paying ? TradeState::UserPaying
                                                        : TradeState::Closed);
            t.total = amounts.value(out);
            return t;
        };
        p.onCancel = [&](const QString &out) {
            const At before = trades.value(out, At::Closed);
            trades.insert(out,
                          before == At::Paid || before == At::Refunded ? At::Refunded : At::Closed);
            if (lost())
                return unknownCancel();
            return cancelled(before == At::Paid ? CancelAction::Refunded : CancelAction::Closed);
        };

        const QString sale = f->service->newSaleId();
        int scans = 0;
        for (int step = 0; step < kSteps; ++step) {
            const int roll = int(rng.bounded(100));
            if (roll < 25) {
                if (f->service->chargeCode(yuan(1000), alipayCode(++scans), sale).ok() && scans > 1)
                    ++runsWithRescans;
            } else if (roll < 40) {
                // The customer confirms a payment that is waiting for the password.
                for (auto it = trades.begin(); it != trades.end(); ++it)
                    if (it.value() == At::Paying && rng.bounded(2)) {
                        it.value() = At::Paid;
                        break;
                    }
            } else if (roll < 55) {
                for (auto it = trades.cbegin(); it != trades.cend(); ++it)
                    if (it.value() == At::Paid) {
                        Notification n;
                        n.outTradeNo = it.key();
                        n.transactionId = u"T"_s + it.key();
                        n.state = TradeState::Success;
                        n.amount = amounts.value(it.key());
                        QVERIFY(f->service->handleNotification(u"alipay"_s, n).ok());
                        break;
                    }
            } else {
                f->clock->advance(qint64(rng.bounded(500, 12000)));
            }
            QVERIFY2(heldAtProvider() <= 1, qPrintable(u"seed %1 step %2"_s.arg(seed).arg(step)));
            int booked = 0;
            for (const Order &o : f->attempts(sale))
                booked += o.status == OrderStatus::Paid && !o.needsRefund ? 1 : 0;
            QVERIFY2(booked <= 1, qPrintable(u"seed %1 step %2"_s.arg(seed).arg(step)));
        }
        lossy = false;
        for (int i = 0; i < 20; ++i)
            f->clock->advance(30000);
        int paidHere = 0;
        for (const Order &o : f->attempts(sale)) {
            QVERIFY2(!isOpenStatus(o.status),
                     qPrintable(u"seed %1: %2 still open"_s.arg(seed).arg(o.outTradeNo)));
            QVERIFY2(p.count(u"pay:"_s + o.outTradeNo) <= 1, qPrintable(u"seed %1"_s.arg(seed)));
            paidHere += o.status == OrderStatus::Paid ? 1 : 0;
        }
        QVERIFY2(paidHere <= 1, qPrintable(u"seed %1: %2 PAID attempts"_s.arg(seed).arg(paidHere)));
        QCOMPARE(paidHere, heldAtProvider());
        runsPaid += paidHere;
    }
    qInfo("randomized: %d runs (seeds 1..%d), %d steps each; %d rescans, %d paid sales, "
          "%d lost answers; never two payments for one sale",
          kRuns, kRuns, kSteps, runsWithRescans, runsPaid, lostAnswers);
}

// Two attempts of one sale open at once (e.g. one started by another process): the second
// success is a duplicate charge, flagged at once.
void TestCheckoutMoneySafety::secondSuccessForOneSaleIsFlagged()
{
    const QString sale = f->service->newSaleId();
    auto paid = f->service->chargeCode(yuan(1000), alipayCode(1), sale);
    QVERIFY(paid.ok());
    QCOMPARE(f->service->orders().load(paid.value()).value()->status, OrderStatus::Paid);
    auto other = f->service->orders().nextOutTradeNo(u"SH01"_s, u"9"_s);
    NewOrder n;
    n.outTradeNo = other.value();
    n.provider = u"alipay"_s;
    n.kind = OrderKind::Qr;
    n.amount = yuan(1000);
    n.saleId = sale;
    QVERIFY(f->service->orders().create(n).ok());

    QSignalSpy duplicates(f->service.get(), &CheckoutService::duplicateChargeDetected);
    Notification note;
    note.outTradeNo = other.value();
    note.transactionId = u"T2"_s;
    note.state = TradeState::Success;
    note.amount = yuan(1000);
    QVERIFY(f->service->handleNotification(u"alipay"_s, note).ok());
    QCOMPARE(duplicates.size(), 1);
    QCOMPARE(duplicates.first().at(0).toString(), sale);
    QCOMPARE(duplicates.first().at(1).toString(), other.value());
    const Order o = *f->service->orders().load(other.value()).value();
    QCOMPARE(o.status, OrderStatus::Paid);
    QVERIFY(o.needsRefund);
    QVERIFY(o.message.contains(paid.value()));
    auto open = f->service->exceptions().openForSale(sale);
    QCOMPARE(open.value().size(), 1);
    QCOMPARE(open.value().first().kind, PaymentException::Kind::DuplicateCharge);
    QCOMPARE(open.value().first().outTradeNo, other.value());
    // What the screen shows for it.
    const auto s = f->service->snapshot(other.value());
    QVERIFY(s->needsRefund);
    QVERIFY(!s->cashierAdvice.contains(u"Hand over"));
}

// Issue 8.3, first cause: the booking cannot be written because another connection holds
// the write lock. The flow must not wait forever: it tries again and finishes.
void TestCheckoutMoneySafety::failedTransitionDatabaseBusy()
{
    ScriptedProvider &p = *f->provider;
    bool paid = false;
    p.onPay = [](const CodePayRequest &r) { return trade(r.outTradeNo, TradeState::UserPaying); };
    p.onQuery = [&](const QString &o) {
        return trade(o, paid ? TradeState::Success : TradeState::UserPaying);
    };
    QSignalSpy finished(f->service.get(), &CheckoutService::orderFinished);
    auto out = f->service->chargeCode(yuan(1000), alipayCode(1));
    QVERIFY(out.ok());
    QVERIFY(f->db->exec(u"PRAGMA busy_timeout=20"_s).ok());
    {
        OtherConnection other(f->db->path());
        QVERIFY(other.exec(u"PRAGMA busy_timeout=20"_s));
        QVERIFY(other.exec(u"BEGIN IMMEDIATE"_s));
        paid = true;
        f->clock->advance(5000); // the query finds it paid; the booking cannot be written
        QCOMPARE(f->service->orders().load(out.value()).value()->status, OrderStatus::Pending);
        QCOMPARE(finished.size(), 0);
        QVERIFY(other.exec(u"ROLLBACK"_s));
    }
    f->clock->advance(5000);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<OrderSnapshot>().status, OrderStatus::Paid);
    QCOMPARE(f->service->orders().load(out.value()).value()->status, OrderStatus::Paid);
    QVERIFY(!f->service->isActive(out.value()));
    QCOMPARE(f->ledger->balance(u"clearing:alipay"_s).value(), 1000);
}

// Issue 8.3, second cause: another process finished the order; our transition is illegal
// now. The flow ends with what is stored, and the queued attempt of the sale goes out.
void TestCheckoutMoneySafety::failedTransitionOrderFinishedElsewhere()
{
    ScriptedProvider &p = *f->provider;
    p.onPay = [](const CodePayRequest &r) { return unknownTrade(r.outTradeNo); };
    p.onQuery = [](const QString &o) { return trade(o, TradeState::WaitBuyerPay); };
    QSignalSpy finished(f->service.get(), &CheckoutService::orderFinished);
    auto out = f->service->chargeCode(yuan(1000), alipayCode(1));
    QVERIFY(out.ok());
    QCOMPARE(f->service->snapshot(out.value())->status, OrderStatus::Unknown);
    {
        auto second = Database::open(f->db->path());
        QVERIFY(second.ok());
        ManualClock otherClock;
        Ledger otherLedger(*second.value(), otherClock);
        OrderRepository elsewhere(*second.value(), otherLedger, otherClock);
        OrderChange c;
        c.message = u"Closed by another till process"_s;
        QVERIFY(elsewhere.transition(out.value(), OrderStatus::Closed, c).ok());
    }
    f->clock->advance(5000); // the query says "waiting": UNKNOWN → PENDING is illegal now
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().value<OrderSnapshot>().status, OrderStatus::Closed);
    QVERIFY(!f->service->isActive(out.value()));
    f->clock->advance(60000);
    QCOMPARE(f->service->orders().load(out.value()).value()->status, OrderStatus::Closed);
}

void TestCheckoutMoneySafety::paidAnswerWithOtherTotalIsNotPaid()
{
    ScriptedProvider &p = *f->provider;
    p.onQuery = [](const QString &o) {
        TradeReply t = trade(o, TradeState::Success);
        t.total = yuan(1);
        return t;
    };
    QSignalSpy finished(f->service.get(), &CheckoutService::orderFinished);
    auto out = f->service->startQr(yuan(1000));
    f->clock->advance(2000);
    const Order o = *f->service->orders().load(out.value()).value();
    QVERIFY(o.status != OrderStatus::Paid);
    QCOMPARE(o.status, OrderStatus::Failed);
    QVERIFY(o.message.contains(u"0.01"));
    QVERIFY(o.message.contains(u"10.00"));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(f->ledger->balance(u"revenue:sales"_s).value(), 0);
    auto open = f->service->exceptions().open();
    QCOMPARE(open.value().size(), 1);
    QCOMPARE(open.value().first().kind, PaymentException::Kind::AmountMismatch);
    QCOMPARE(open.value().first().providerTotalMinor, std::optional<qint64>(1));
    QCOMPARE(open.value().first().providerTransactionId, u"T"_s + out.value());
    // The sale is held for the manager: no second charge for it.
    auto again = f->service->chargeCode(yuan(1000), alipayCode(2), o.saleId);
    QCOMPARE(again.error().code, u"checkout.sale_held"_s);
    QCOMPARE(p.count(u"pay:"_s), 0);
    // A repeated answer is not a new case.
    f->service->recheck(out.value());
    QCOMPARE(f->service->exceptions().open().value().size(), 1);
}

void TestCheckoutMoneySafety::paidAnswerForOtherTradeIsNotPaid()
{
    ScriptedProvider &p = *f->provider;
    p.onPay = [](const CodePayRequest &r) { return trade(r.outTradeNo, TradeState::UserPaying); };
    p.onQuery = [](const QString &o) {
        TradeReply t = trade(o, TradeState::Success);
        t.outTradeNo = u"SH01-7-260101100000-000001"_s;
        t.total = yuan(1000);
        return t;
    };
    auto out = f->service->chargeCode(yuan(1000), alipayCode(1));
    f->clock->advance(5000);
    const Order o = *f->service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Failed);
    QCOMPARE(f->ledger->balance(u"revenue:sales"_s).value(), 0);
    auto open = f->service->exceptions().open();
    QCOMPARE(open.value().size(), 1);
    QCOMPARE(open.value().first().kind, PaymentException::Kind::TradeMismatch);
    QCOMPARE(open.value().first().providerOutTradeNo, u"SH01-7-260101100000-000001"_s);
}

void TestCheckoutMoneySafety::payAnswerWithOtherTotalIsNotPaid()
{
    f->provider->onPay = [](const CodePayRequest &r) {
        TradeReply t = trade(r.outTradeNo, TradeState::Success);
        t.total = yuan(100000);
        return t;
    };
    auto out = f->service->chargeCode(yuan(1000), alipayCode(1));
    const Order o = *f->service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Failed);
    QCOMPARE(f->ledger->balance(u"clearing:alipay"_s).value(), 0);
    QCOMPARE(f->service->exceptions().open().value().size(), 1);
}

void TestCheckoutMoneySafety::tradeHasSuccessIsResolvedByQuery_data()
{
    QTest::addColumn<qint64>("queriedTotal");
    QTest::addColumn<bool>("booked");
    QTest::newRow("ours") << qint64(1000) << true;
    QTest::newRow("another trade's") << qint64(2500) << false;
}

// alipay.trade.pay answered ACQ.TRADE_HAS_SUCCESS: the adapter no longer calls it paid; the
// flow asks by query and books only what matches.
void TestCheckoutMoneySafety::tradeHasSuccessIsResolvedByQuery()
{
    QFETCH(qint64, queriedTotal);
    QFETCH(bool, booked);
    ScriptedProvider &p = *f->provider;
    p.onPay = [](const CodePayRequest &r) {
        return trade(r.outTradeNo, TradeState::NotExist,
                     ProviderStatus::failure(FailureReason::TradeAlreadyPaid, u"40004"_s,
                                             u"ACQ.TRADE_HAS_SUCCESS"_s, {}));
    };
    p.onQuery = [&](const QString &o) {
        TradeReply t = trade(o, TradeState::Success);
        t.total = yuan(queriedTotal);
        return t;
    };
    auto out = f->service->chargeCode(yuan(1000), alipayCode(1));
    QVERIFY(out.ok());
    QCOMPARE(p.count(u"query:"_s + out.value()), 1);
    const Order o = *f->service->orders().load(out.value()).value();
    QCOMPARE(o.status, booked ? OrderStatus::Paid : OrderStatus::Failed);
    QCOMPARE(f->ledger->balance(u"clearing:alipay"_s).value(), booked ? 1000 : 0);
    QCOMPARE(f->service->exceptions().open().value().size(), booked ? 0 : 1);
    QCOMPARE(p.count(u"pay:"_s), 1);
}

// Issue 8.7: the stored payer hash is the salted per-install one, not SHA-256 of a fixed
// prefix that anyone can recompute for short payer ids.
void TestCheckoutMoneySafety::payerHashIsSaltedPerInstall()
{
    const QString buyer = u"2088000000000001"_s;
    f->provider->onPay = [&](const CodePayRequest &r) {
        TradeReply t = trade(r.outTradeNo, TradeState::Success);
        t.buyerId = buyer;
        return t;
    };
    auto a = f->service->chargeCode(yuan(100), alipayCode(1));
    const QString stored = f->service->orders().load(a.value()).value()->payerHash;
    QVERIFY(!stored.isEmpty());
    QVERIFY(!stored.contains(buyer));
    const QString unsalted =
        QString::fromLatin1(QCryptographicHash::hash("paydesk-payer-v1:alipay:" + buyer.toUtf8(),
                                                     QCryptographicHash::Sha256)
                                .toHex());
    QVERIFY(stored != unsalted);
    QCOMPARE(stored, f->hasher->hash(u"alipay"_s, buyer).value());

    // Stable on this install: a restarted till (a new hasher over the same vault-held salt).
    f->hasher = std::make_unique<PayerHasher>(*f->settings, *f->vault);
    f->restart();
    auto b = f->service->chargeCode(yuan(100), alipayCode(2));
    QCOMPARE(f->service->orders().load(b.value()).value()->payerHash, stored);

    // Another install hashes the same payer differently.
    CheckoutFixture other;
    QCOMPARE(other.init(), QString());
    other.provider->onPay = f->provider->onPay;
    auto c = other.service->chargeCode(yuan(100), alipayCode(3));
    QVERIFY(other.service->orders().load(c.value()).value()->payerHash != stored);
}

void TestCheckoutMoneySafety::saleAboveMaximumIsRefused_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("qr") << u"qr"_s;
    QTest::newRow("link") << u"link"_s;
    QTest::newRow("code") << u"code"_s;
    QTest::newRow("cash") << u"cash"_s;
}

void TestCheckoutMoneySafety::saleAboveMaximumIsRefused()
{
    QFETCH(QString, path);
    const auto start = [&](qint64 minor) -> Status {
        const Money m = yuan(minor);
        const auto orderNo = [](const Order &o) { return o.outTradeNo; };
        const Result<QString> r = path == u"qr"     ? f->service->startQr(m)
                                  : path == u"link" ? f->service->startPaymentLink(m)
                                  : path == u"code"
                                      ? f->service->chargeCode(m, alipayCode(1))
                                      : f->service->recordCash(m, m).transform(orderNo);
        if (!r.ok())
            return r.error();
        return {};
    };
    QCOMPARE(f->service->config().maxSaleAmount, yuan(10'000'000));
    const Status refused = start(10'000'001);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, u"checkout.amount_too_large"_s);
    QVERIFY(refused.error().message.contains(u"100000.00"));
    QVERIFY(f->provider->calls.isEmpty());
    QCOMPARE(f->db->scalar(u"SELECT COUNT(*) FROM orders"_s).value()->toInt(), 0);
    QVERIFY(start(10'000'000).ok());
    // The owner's setting (wired by the settings work) lowers it.
    CheckoutConfig lower = f->service->config();
    lower.maxSaleAmount = yuan(5000);
    f->service->setConfig(lower);
    QCOMPARE(start(5001).error().code, u"checkout.amount_too_large"_s);
}

QTEST_GUILESS_MAIN(TestCheckoutMoneySafety)
#include "tst_checkoutmoneysafety.moc"
