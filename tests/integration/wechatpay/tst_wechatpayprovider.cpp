// The WeChat Pay adapter against the real sandbox dialect on loopback (sandbox/wechatpay/):
// every method, USERPAYING and reverse, and the checkout driving WeChat orders through the
// registry's capabilities (reverse not before 15 s; a dropped answer charges exactly once).
#include "core/checkout/checkoutservice.h"
#include "core/crypto/secretvault.h"
#include "core/ledger/ledger.h"
#include "core/providers/providerregistry.h"
#include "core/security/payerhasher.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "wechatpayfixture.h"
#include "wechatpaytestkeys.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QtTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

template <typename T, typename Start> std::optional<T> await(Start start, int ms = 10000)
{
    std::optional<T> result;
    QEventLoop loop;
    start([&](const T &value) {
        result = value;
        loop.quit();
    });
    if (!result) {
        QTimer::singleShot(ms, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return result;
}

QDate beijingToday(const Clock &clock)
{
    return clock.nowUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
}

} // namespace

class TestWechatPayProvider : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void qrPaidRefundedAndBilled();
    void closeUnpaidQr();
    void paymentCodePaid();
    void reverseAnswersUserPayingThenSuccess();
    void forgedAnswersAreNeverPaid();
    void checkoutQrPaidByBuyer();
    void checkoutDroppedAnswerChargesExactlyOnce();
    void checkoutCancelWaitsForTheReverseWindow();

private:
    QString startCheckout(const QString &faults, ManualClock *manual = nullptr);
    OrderStatus statusOf(const QString &out)
    {
        return m_service->orders().load(out).value()->status;
    }
    /// Moves the manual clock in \a stepMs steps, letting the network turn, until \a done.
    bool advanceUntil(ManualClock &clock, const std::function<bool()> &done, int stepMs = 1000,
                      int steps = 120)
    {
        for (int i = 0; i < steps && !done(); ++i) {
            clock.advance(stepMs);
            TestSandbox::spin(20);
        }
        return done();
    }

    std::unique_ptr<WechatPayFixture> m_sandbox;
    QTemporaryDir m_dir;
    ProviderRegistry m_registry;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<SettingsStore> m_settings;
    std::unique_ptr<PayerHasher> m_hasher;
    std::unique_ptr<CheckoutService> m_service;
};

void TestWechatPayProvider::init()
{
    if (m_registry.ids().isEmpty())
        registerBuiltinProviders(m_registry);
    m_sandbox = std::make_unique<WechatPayFixture>();
}

void TestWechatPayProvider::cleanup()
{
    m_service.reset();
    m_hasher.reset();
    m_settings.reset();
    m_ledger.reset();
    m_db.reset();
    m_sandbox.reset();
}

QString TestWechatPayProvider::startCheckout(const QString &faults, ManualClock *manual)
{
    if (QString e = m_sandbox->start(faults, manual); !e.isEmpty())
        return e;
    static int n = 0;
    auto db = Database::open(m_dir.filePath(u"w%1.db"_s.arg(++n)));
    if (!db.ok())
        return db.error().message;
    m_db = std::move(db).value();
    m_ledger = std::make_unique<Ledger>(*m_db, *m_sandbox->clock);
    auto vault = SecretVault::fromKey(crypto::randomBytes(SecretVault::KeySize));
    if (!vault.ok())
        return vault.error().message;
    m_vault = std::move(vault).value();
    m_settings = std::make_unique<SettingsStore>(*m_db);
    m_hasher = std::make_unique<PayerHasher>(*m_settings, *m_vault);
    CheckoutConfig config;
    config.defaultProvider = WechatPayProvider::providerId();
    config.storeCode = u"IT02"_s;
    config.storeName = u"Integration store"_s;
    config.cashier = u"bob"_s;
    config.qrPollMs = 100;
    config.codePollMs = manual ? 5000 : 150;
    config.codeWaitLimitMs = manual ? 30000 : 1500;
    config.retryMs = manual ? 1000 : 100;
    config.retryMaxMs = manual ? 4000 : 400;
    WechatPayProvider *p = m_sandbox->provider.get();
    m_service = std::make_unique<CheckoutService>(
        *m_db, *m_ledger, *m_sandbox->clock,
        [p](const QString &id) -> PaymentProvider * { return id == p->id() ? p : nullptr; }, config,
        m_hasher.get());
    m_service->setProviderRegistry(&m_registry);
    return {};
}

void TestWechatPayProvider::qrPaidRefundedAndBilled()
{
    QCOMPARE(m_sandbox->start(), QString());
    WechatPayProvider &p = *m_sandbox->provider;
    QrOrderRequest request{u"PD-WX-QR-000001"_s, Money::fromMinor(1234), u"Tea"_s, {}, 5};
    auto qr = await<QrOrderReply>([&](auto done) { p.createQrOrder(request, done); });
    QVERIFY(qr);
    QVERIFY2(qr->status.ok(), qPrintable(qr->status.code + u' ' + qr->status.message));
    QVERIFY(qr->qrCode.startsWith(u"weixin://wxpay/bizpayurl?pr="));

    auto waiting = await<TradeReply>([&](auto done) { p.query(request.outTradeNo, done); });
    QVERIFY(waiting && waiting->status.ok());
    QCOMPARE(int(waiting->state), int(TradeState::WaitBuyerPay)); // NOTPAY

    int http = 0;
    const QJsonObject buyer = m_sandbox->newBuyer();
    m_sandbox->control(
        u"/sandbox/pay"_s,
        QJsonObject{{u"qr"_s, qr->qrCode}, {u"buyer_id"_s, buyer.value(u"buyer_id")}}, &http);
    QCOMPARE(http, 200);
    auto paid = await<TradeReply>([&](auto done) { p.query(request.outTradeNo, done); });
    QVERIFY(paid && paid->status.ok());
    QCOMPARE(int(paid->state), int(TradeState::Success));
    QCOMPARE(paid->total, Money::fromMinor(1234));
    QVERIFY(!paid->transactionId.isEmpty());
    QVERIFY(!paid->buyerId.isEmpty());
    QVERIFY(paid->paidAt.isValid());

    RefundRequest refund{request.outTradeNo, u"RF-WX-000001"_s, Money::fromMinor(300),
                         Money::fromMinor(1234), u"broken cup"_s};
    auto refunded = await<RefundReply>([&](auto done) { p.refund(refund, done); });
    QVERIFY(refunded);
    QVERIFY2(refunded->status.ok(), qPrintable(refunded->status.message));
    QVERIFY(refunded->state != RefundReply::State::Failed);
    QCOMPARE(refunded->refundAmount, Money::fromMinor(300));
    // The same out_refund_no again refunds nothing more.
    auto again = await<RefundReply>([&](auto done) { p.refund(refund, done); });
    QVERIFY(again && again->status.ok());
    QCOMPARE(again->refundId, refunded->refundId);
    QCOMPARE(m_sandbox->tradeOf(request.outTradeNo).value(u"refunded_minor").toInteger(), 300);
    auto queried = await<RefundReply>(
        [&](auto done) { p.refundQuery(request.outTradeNo, refund.outRequestNo, done); });
    QVERIFY(queried && queried->status.ok());
    QCOMPARE(int(queried->state), int(RefundReply::State::Success));
    auto unknownRefund = await<RefundReply>(
        [&](auto done) { p.refundQuery(request.outTradeNo, u"RF-NEVER"_s, done); });
    QVERIFY(unknownRefund && unknownRefund->status.ok());
    QCOMPARE(int(unknownRefund->state), int(RefundReply::State::Failed));

    // Today's bill: the payment and the refund, SHA1 checked, parsed.
    auto bill = await<StatementReply>(
        [&](auto done) { p.downloadStatement(beijingToday(*m_sandbox->clock), done); });
    QVERIFY(bill);
    QVERIFY2(bill->status.ok(), qPrintable(bill->status.code + u' ' + bill->status.message));
    QCOMPARE(bill->lines.size(), 2);
    QVERIFY(bill->rawFile.startsWith("\xEF\xBB\xBF"));
    const StatementLine &pay = bill->lines.at(0);
    const StatementLine &back = bill->lines.at(1);
    QCOMPARE(int(pay.kind), int(StatementLine::Kind::Payment));
    QCOMPARE(pay.outTradeNo, request.outTradeNo);
    QCOMPARE(pay.transactionId, paid->transactionId);
    QCOMPARE(pay.amount, Money::fromMinor(1234));
    QVERIFY(!pay.fee.isNegative() && !pay.fee.isZero());
    QCOMPARE(int(back.kind), int(StatementLine::Kind::Refund));
    QCOMPARE(back.outRequestNo, refund.outRequestNo);
    QCOMPARE(back.amount, Money::fromMinor(-300));
}

void TestWechatPayProvider::closeUnpaidQr()
{
    QCOMPARE(m_sandbox->start(), QString());
    WechatPayProvider &p = *m_sandbox->provider;
    QrOrderRequest request{u"PD-WX-QR-000002"_s, Money::fromMinor(500), u"Tea"_s, {}, 5};
    auto qr = await<QrOrderReply>([&](auto done) { p.createQrOrder(request, done); });
    QVERIFY(qr && qr->status.ok());
    auto closed = await<ProviderStatus>([&](auto done) { p.close(request.outTradeNo, done); });
    QVERIFY(closed);
    QVERIFY2(closed->ok(), qPrintable(closed->code)); // a signed 204
    auto after = await<TradeReply>([&](auto done) { p.query(request.outTradeNo, done); });
    QVERIFY(after && after->status.ok());
    QCOMPARE(int(after->state), int(TradeState::Closed));
    int http = 0;
    m_sandbox->control(u"/sandbox/pay"_s, QJsonObject{{u"qr"_s, qr->qrCode}}, &http);
    QVERIFY(http >= 400);
    QCOMPARE(m_sandbox->chargesFor(request.outTradeNo), 0);
    // A trade that was never created: an answer, not an error.
    auto none = await<TradeReply>([&](auto done) { p.query(u"PD-WX-NONE-000001"_s, done); });
    QVERIFY(none && none->status.ok());
    QCOMPARE(int(none->state), int(TradeState::NotExist));
}

void TestWechatPayProvider::paymentCodePaid()
{
    QCOMPARE(m_sandbox->start(), QString());
    WechatPayProvider &p = *m_sandbox->provider;
    CodePayRequest request{u"PD-WX-CODE-000001"_s, Money::fromMinor(880), u"Tea"_s,
                           m_sandbox->newWechatCode(), u"IT02"_s};
    QVERIFY(request.authCode.size() == 18);
    auto paid = await<TradeReply>([&](auto done) { p.payWithCode(request, done); });
    QVERIFY(paid);
    QVERIFY2(paid->status.ok(), qPrintable(paid->status.code + u' ' + paid->status.message));
    QCOMPARE(int(paid->state), int(TradeState::Success));
    QCOMPARE(paid->total, Money::fromMinor(880));
    QCOMPARE(m_sandbox->chargesFor(request.outTradeNo), 1);

    auto v2 = await<TradeReply>([&](auto done) { p.query(request.outTradeNo, done); });
    QVERIFY(v2 && v2->status.ok());
    QCOMPARE(int(v2->state), int(TradeState::Success));
    // After a restart the adapter does not know it was a code: v3 answers for it as well.
    WechatPayProvider fresh(m_sandbox->config, &m_sandbox->network, m_sandbox->clock);
    auto v3 = await<TradeReply>([&](auto done) { fresh.query(request.outTradeNo, done); });
    QVERIFY(v3 && v3->status.ok());
    QCOMPARE(int(v3->state), int(TradeState::Success));
    QCOMPARE(v3->transactionId, paid->transactionId);

    // The code is single-use.
    request.outTradeNo = u"PD-WX-CODE-000002"_s;
    auto reused = await<TradeReply>([&](auto done) { p.payWithCode(request, done); });
    QVERIFY(reused && reused->status.failed());
    QCOMPARE(int(reused->status.reason), int(FailureReason::CodeExpiredOrInvalid));
}

void TestWechatPayProvider::reverseAnswersUserPayingThenSuccess()
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    QCOMPARE(m_sandbox->start(u"userpaying:1"_s, &clock), QString());
    WechatPayProvider &p = *m_sandbox->provider;
    CodePayRequest request{
        u"PD-WX-CODE-000003"_s, Money::fromMinor(600), u"Tea"_s, m_sandbox->newWechatCode(), {}};
    auto typing = await<TradeReply>([&](auto done) { p.payWithCode(request, done); });
    QVERIFY(typing && typing->status.ok());
    QCOMPARE(int(typing->state), int(TradeState::UserPaying));

    // Too soon: WeChat will not revoke while the buyer may be confirming.
    clock.advance(2000);
    auto soon = await<CancelReply>([&](auto done) { p.cancel(request.outTradeNo, done); });
    QVERIFY(soon);
    QVERIFY(soon->retry);
    QVERIFY(!soon->status.ok());
    // After 15 s it goes through; the trade is REVOKED (closed), nothing charged.
    clock.advance(15000);
    auto done = await<CancelReply>([&](auto d) { p.cancel(request.outTradeNo, d); });
    QVERIFY(done);
    QVERIFY2(done->status.ok() && !done->retry, qPrintable(done->status.code));
    auto after = await<TradeReply>([&](auto d) { p.query(request.outTradeNo, d); });
    QVERIFY(after && after->status.ok());
    QCOMPARE(int(after->state), int(TradeState::Closed));
    QCOMPARE(m_sandbox->chargesFor(request.outTradeNo), 0);

    // Past 15 s the first reverse may still meet USERPAYING (the buyer is confirming): again.
    request.outTradeNo = u"PD-WX-CODE-000004"_s;
    request.authCode = m_sandbox->newWechatCode();
    QVERIFY(await<TradeReply>([&](auto d) { p.payWithCode(request, d); }));
    clock.advance(16000);
    auto first = await<CancelReply>([&](auto d) { p.cancel(request.outTradeNo, d); });
    QVERIFY(first && first->retry);
    auto second = await<CancelReply>([&](auto d) { p.cancel(request.outTradeNo, d); });
    QVERIFY(second && second->status.ok() && !second->retry);
    QCOMPARE(m_sandbox->tradeOf(request.outTradeNo).value(u"status").toString(), u"CLOSED"_s);
}

void TestWechatPayProvider::forgedAnswersAreNeverPaid()
{
    QCOMPARE(m_sandbox->start(), QString());
    WechatPayProvider &p = *m_sandbox->provider;
    QrOrderRequest request{u"PD-WX-QR-000005"_s, Money::fromMinor(990), u"Tea"_s, {}, 5};
    auto qr = await<QrOrderReply>([&](auto done) { p.createQrOrder(request, done); });
    QVERIFY(qr && qr->status.ok());
    m_sandbox->control(u"/sandbox/pay"_s, QJsonObject{{u"qr"_s, qr->qrCode}});
    QCOMPARE(m_sandbox->chargesFor(request.outTradeNo), 1);

    // An adapter that holds another platform key, or expects another serial, believes none of
    // the sandbox's (genuinely paid) answers: to it they are forged, so Unknown, never paid.
    WechatPayConfig otherKey = m_sandbox->config;
    otherKey.platformKey = wechatpayKey(u"platform_public_key.pem"_s);
    WechatPayConfig otherSerial = m_sandbox->config;
    otherSerial.platformSerial = otherSerial.platformSerial.toLower();
    for (const WechatPayConfig &c : {otherKey, otherSerial}) {
        WechatPayProvider doubting(c, &m_sandbox->network, m_sandbox->clock);
        auto r = await<TradeReply>([&](auto done) { doubting.query(request.outTradeNo, done); });
        QVERIFY(r);
        QVERIFY(r->status.unknown());
        QVERIFY(r->state != TradeState::Success);
        auto closed =
            await<ProviderStatus>([&](auto done) { doubting.close(u"PD-WX-QR-000005"_s, done); });
        QVERIFY(closed && !closed->ok());
    }
}

void TestWechatPayProvider::checkoutQrPaidByBuyer()
{
    QCOMPARE(startCheckout({}), QString());
    auto out = m_service->startQr(Money::fromMinor(1234), WechatPayProvider::providerId());
    QVERIFY2(out.ok(), out.ok() ? "" : qPrintable(out.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Pending, 5000);
    const auto snap = m_service->snapshot(out.value());
    QVERIFY(snap->qrCode.startsWith(u"weixin://"));
    QCOMPARE(m_service->walletName(snap->provider), u"WeChat Pay"_s);
    int http = 0;
    m_sandbox->control(u"/sandbox/pay"_s, QJsonObject{{u"qr"_s, snap->qrCode}}, &http);
    QCOMPARE(http, 200);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Paid, 5000);
    QCOMPARE(m_sandbox->chargesFor(out.value()), 1);
    QCOMPARE(m_ledger->balance(u"clearing:wechatpay"_s).value(), 1234);
}

void TestWechatPayProvider::checkoutDroppedAnswerChargesExactlyOnce()
{
    QCOMPARE(startCheckout(u"drop_response:1"_s), QString());
    connect(m_service.get(), &CheckoutService::orderUpdated, this, [&](const OrderSnapshot &s) {
        if (s.status == OrderStatus::Unknown)
            (void)m_sandbox->server->setFaults(QString());
    });
    const QString code = m_sandbox->newWechatCode();
    auto out = m_service->chargeCode(Money::fromMinor(1500), code);
    QVERIFY2(out.ok(), out.ok() ? "" : qPrintable(out.error().message));
    QCOMPARE(m_service->orders().load(out.value()).value()->provider, u"wechatpay"_s);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Paid, 8000);
    QCOMPARE(m_sandbox->trades(out.value()).size(), 1);
    QCOMPARE(m_sandbox->chargesFor(out.value()), 1);
    QCOMPARE(m_sandbox->trades().size(), 1); // no second attempt anywhere
    QCOMPARE(m_ledger->balance(u"clearing:wechatpay"_s).value(), 1500);
}

void TestWechatPayProvider::checkoutCancelWaitsForTheReverseWindow()
{
    ManualClock clock(QDateTime::currentDateTimeUtc());
    QCOMPARE(startCheckout(u"userpaying:1"_s, &clock), QString());
    auto out = m_service->chargeCode(Money::fromMinor(800), m_sandbox->newWechatCode());
    QVERIFY(out.ok());
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Pending, 5000);
    QVERIFY(m_service->snapshot(out.value())->message.contains(u"password"));

    // The cashier gives up 2 s in; WeChat would refuse a reverse before 15 s, so none is sent.
    clock.advance(2000);
    QVERIFY(m_service->cancel(out.value()).ok());
    for (int i = 0; i < 10; ++i) { // to 12 s
        clock.advance(1000);
        TestSandbox::spin(20);
    }
    QCOMPARE(m_sandbox->tradeOf(out.value()).value(u"status").toString(), u"WAIT_BUYER_PAY"_s);
    QVERIFY(m_service->orders().load(out.value()).value()->status != OrderStatus::Closed);
    // Then the reverse goes out; its first answer is USERPAYING (recall), the next revokes.
    QVERIFY(advanceUntil(clock, [&] { return statusOf(out.value()) == OrderStatus::Closed; }));
    QCOMPARE(m_sandbox->tradeOf(out.value()).value(u"status").toString(), u"CLOSED"_s);
    QCOMPARE(m_sandbox->chargesFor(out.value()), 0);
    QCOMPARE(m_ledger->balance(u"clearing:wechatpay"_s).value(), 0);
}

QTEST_GUILESS_MAIN(TestWechatPayProvider)
#include "tst_wechatpayprovider.moc"
