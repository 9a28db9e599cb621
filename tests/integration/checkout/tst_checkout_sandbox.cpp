// CheckoutService with the real AlipayProvider against a real SandboxServer on loopback.

#include "core/checkout/checkoutservice.h"
#include "core/checkout/recovery.h"
#include "core/crypto/secretvault.h"
#include "core/ledger/ledger.h"
#include "core/security/payerhasher.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"

#include "sandboxfixture.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestCheckoutSandbox : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void qrPaidByBuyer();
    void paymentCodePaid();
    void paymentCodeBalanceTooLow();
    void clientTimeoutThenQueryFindsPaid();
    void unprocessedTimeoutEndsClosedWithoutCharge();
    void droppedResponseChargesExactlyOnce();
    void userPayingIsCancelledAfterWait();
    void lateSuccessAfterCloseIsFlagged();
    void crashBetweenCommitAndAnswerIsRecovered();
    void payForAPaidOrderNumberIsNotCalledPaid();

private:
    QString startAll(const QString &faults = {}, int providerTimeoutMs = 3000);
    OrderStatus statusOf(const QString &out)
    {
        return m_service->orders().load(out).value()->status;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxFixture> m_sandbox;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<SecretVault> m_vault;
    std::unique_ptr<SettingsStore> m_settings;
    std::unique_ptr<PayerHasher> m_hasher;
    std::unique_ptr<CheckoutService> m_service;
};

QString TestCheckoutSandbox::startAll(const QString &faults, int providerTimeoutMs)
{
    m_sandbox = std::make_unique<SandboxFixture>();
    if (QString e = m_sandbox->start(faults, providerTimeoutMs); !e.isEmpty())
        return e;
    static int n = 0;
    auto db = Database::open(m_dir.filePath(u"s%1.db"_s.arg(++n)));
    if (!db.ok())
        return db.error().message;
    m_db = std::move(db).value();
    m_ledger = std::make_unique<Ledger>(*m_db, m_sandbox->clock);
    auto vault = SecretVault::fromKey(crypto::randomBytes(SecretVault::KeySize));
    if (!vault.ok())
        return vault.error().message;
    m_vault = std::move(vault).value();
    m_settings = std::make_unique<SettingsStore>(*m_db);
    m_hasher = std::make_unique<PayerHasher>(*m_settings, *m_vault);
    CheckoutConfig config;
    config.defaultProvider = QStringLiteral("alipay");
    config.storeCode = u"IT01"_s;
    config.storeName = u"Integration store"_s;
    config.cashier = u"bob"_s;
    config.qrPollMs = 100;
    config.codePollMs = 150;
    config.codeWaitLimitMs = 1500; // the 30 s rule, shortened
    config.retryMs = 100;
    config.retryMaxMs = 400;
    AlipayProvider *p = m_sandbox->provider.get();
    m_service = std::make_unique<CheckoutService>(
        *m_db, *m_ledger, m_sandbox->clock,
        [p](const QString &id) -> PaymentProvider * { return id == u"alipay" ? p : nullptr; },
        config, m_hasher.get());
    return {};
}

void TestCheckoutSandbox::init()
{
    QVERIFY(m_dir.isValid());
}

void TestCheckoutSandbox::cleanup()
{
    m_service.reset();
    m_hasher.reset();
    m_settings.reset();
    m_ledger.reset();
    m_db.reset();
    m_sandbox.reset();
}

void TestCheckoutSandbox::qrPaidByBuyer()
{
    QCOMPARE(startAll(), QString());
    auto out = m_service->startQr(Money::fromMinor(1234));
    QVERIFY2(out.ok(), out.ok() ? "" : qPrintable(out.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Pending, 5000);
    const QString qr = m_service->snapshot(out.value())->qrCode;
    QVERIFY(qr.startsWith(u"http://127.0.0.1:"));
    const QJsonObject buyer = m_sandbox->newBuyer();
    int http = 0;
    const QJsonObject paid = m_sandbox->control(
        u"/sandbox/pay"_s, QJsonObject{{u"qr"_s, qr}, {u"buyer_id"_s, buyer.value(u"buyer_id")}},
        &http);
    QCOMPARE(http, 200);
    QCOMPARE(paid.value(u"status").toString(), u"SUCCESS"_s);
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Paid, 5000);
    const Order o = *m_service->orders().load(out.value()).value();
    QCOMPARE(o.transactionId, paid.value(u"transaction_id").toString());
    QVERIFY(!o.payerHash.isEmpty());
    QCOMPARE(m_sandbox->chargesFor(out.value()), 1);
    QCOMPARE(m_ledger->balance(u"clearing:alipay"_s).value(), 1234);
}

void TestCheckoutSandbox::paymentCodePaid()
{
    QCOMPARE(startAll(), QString());
    const QJsonObject buyer = m_sandbox->newBuyer();
    const QString code = buyer.value(u"alipay_code").toString();
    QVERIFY(code.size() >= 16);
    auto out = m_service->chargeCode(Money::fromMinor(2500), code);
    QVERIFY2(out.ok(), out.ok() ? "" : qPrintable(out.error().message));
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Paid, 5000);
    const auto trades = m_sandbox->trades(out.value());
    QCOMPARE(trades.size(), 1);
    QCOMPARE(trades.first().value(u"amount_minor").toInteger(), 2500);
    QCOMPARE(trades.first().value(u"buyer_id").toString(), buyer.value(u"buyer_id").toString());
    QCOMPARE(m_service->orders().load(out.value()).value()->transactionId,
             trades.first().value(u"transaction_id").toString());
}

void TestCheckoutSandbox::paymentCodeBalanceTooLow()
{
    QCOMPARE(startAll(), QString());
    const QJsonObject buyer = m_sandbox->newBuyer(100);
    QSignalSpy finished(m_service.get(), &CheckoutService::orderFinished);
    auto out =
        m_service->chargeCode(Money::fromMinor(5000), buyer.value(u"alipay_code").toString());
    QVERIFY(out.ok());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    const auto s = finished.first().first().value<OrderSnapshot>();
    QCOMPARE(s.status, OrderStatus::Failed);
    QCOMPARE(s.reason, FailureReason::InsufficientBalance);
    QVERIFY(!s.customerAdvice.isEmpty());
    QCOMPARE(m_sandbox->chargesFor(out.value()), 0);
}

void TestCheckoutSandbox::clientTimeoutThenQueryFindsPaid()
{
    // The sandbox commits the charge but answers after 1.5 s; the adapter gives up at 500 ms.
    QCOMPARE(startAll(u"latency_ms:1500"_s, 500), QString());
    const QJsonObject buyer = m_sandbox->newBuyer();
    QList<OrderStatus> seen;
    connect(m_service.get(), &CheckoutService::orderUpdated, this, [&](const OrderSnapshot &s) {
        if (seen.isEmpty() || seen.last() != s.status)
            seen << s.status;
        if (s.status == OrderStatus::Unknown)
            (void)m_sandbox->server->setFaults(QString()); // the network recovers
    });
    auto out = m_service->chargeCode(Money::fromMinor(999), buyer.value(u"alipay_code").toString());
    QVERIFY(out.ok());
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Paid, 8000);
    QCOMPARE(seen,
             (QList<OrderStatus>{OrderStatus::Created, OrderStatus::Unknown, OrderStatus::Paid}));
    QCOMPARE(m_sandbox->chargesFor(out.value()), 1);
    QCOMPARE(m_ledger->balance(u"revenue:sales"_s).value(), -999);
}

void TestCheckoutSandbox::unprocessedTimeoutEndsClosedWithoutCharge()
{
    QCOMPARE(startAll(u"timeout:1"_s, 400), QString());
    const QJsonObject buyer = m_sandbox->newBuyer();
    connect(m_service.get(), &CheckoutService::orderUpdated, this, [&](const OrderSnapshot &s) {
        if (s.status == OrderStatus::Unknown)
            (void)m_sandbox->server->setFaults(QString());
    });
    auto out = m_service->chargeCode(Money::fromMinor(700), buyer.value(u"alipay_code").toString());
    QVERIFY(out.ok());
    // Never processed: queries find nothing; after the wait the trade is cancelled, so a
    // late-arriving request could not charge either.
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Closed, 10000);
    QCOMPARE(m_sandbox->chargesFor(out.value()), 0);
    const auto trades = m_sandbox->trades(out.value());
    QCOMPARE(trades.size(), 1); // the cancel's tombstone
    QCOMPARE(trades.first().value(u"status").toString(), u"CLOSED"_s);
}

void TestCheckoutSandbox::droppedResponseChargesExactlyOnce()
{
    QCOMPARE(startAll(u"drop_response:1"_s), QString());
    const QJsonObject buyer = m_sandbox->newBuyer();
    connect(m_service.get(), &CheckoutService::orderUpdated, this, [&](const OrderSnapshot &s) {
        if (s.status == OrderStatus::Unknown)
            (void)m_sandbox->server->setFaults(QString());
    });
    auto out =
        m_service->chargeCode(Money::fromMinor(1500), buyer.value(u"alipay_code").toString());
    QVERIFY(out.ok());
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Paid, 8000);
    QCOMPARE(m_sandbox->trades(out.value()).size(), 1);
    QCOMPARE(m_sandbox->chargesFor(out.value()), 1);
    QCOMPARE(m_sandbox->trades().size(), 1); // no second attempt anywhere
    QCOMPARE(m_ledger->balance(u"clearing:alipay"_s).value(), 1500);
}

void TestCheckoutSandbox::userPayingIsCancelledAfterWait()
{
    QCOMPARE(startAll(u"userpaying:1"_s), QString());
    const QJsonObject buyer = m_sandbox->newBuyer();
    QList<OrderStatus> seen;
    connect(m_service.get(), &CheckoutService::orderUpdated, this, [&](const OrderSnapshot &s) {
        if (seen.isEmpty() || seen.last() != s.status)
            seen << s.status;
    });
    auto out = m_service->chargeCode(Money::fromMinor(800), buyer.value(u"alipay_code").toString());
    QVERIFY(out.ok());
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Pending, 5000);
    QVERIFY(m_service->snapshot(out.value())->message.contains(u"password"));
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Closed, 10000);
    QCOMPARE(seen,
             (QList<OrderStatus>{OrderStatus::Created, OrderStatus::Pending, OrderStatus::Closed}));
    const auto trades = m_sandbox->trades(out.value());
    QCOMPARE(trades.size(), 1);
    QCOMPARE(trades.first().value(u"status").toString(), u"CLOSED"_s);
    // Too late for the buyer now.
    int http = 0;
    m_sandbox->control(u"/sandbox/pay"_s, QJsonObject{{u"out_trade_no"_s, out.value()}}, &http);
    QCOMPARE(http, 409);
    QCOMPARE(m_sandbox->chargesFor(out.value()), 0);
}

void TestCheckoutSandbox::lateSuccessAfterCloseIsFlagged()
{
    QCOMPARE(startAll(u"late_success:1"_s), QString());
    QSignalSpy late(m_service.get(), &CheckoutService::lateSuccessDetected);
    auto out = m_service->startQr(Money::fromMinor(660));
    QVERIFY(out.ok());
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Pending, 5000);
    QVERIFY(m_service->cancel(out.value()).ok()); // the cashier presses Esc
    QTRY_COMPARE_WITH_TIMEOUT(statusOf(out.value()), OrderStatus::Closed, 5000);
    // The sandbox lets the payment through a second later.
    QTRY_COMPARE_WITH_TIMEOUT(m_sandbox->chargesFor(out.value()), 1, 5000);
    m_service->recheck(out.value());
    QTRY_COMPARE_WITH_TIMEOUT(late.size(), 1, 5000);
    QCOMPARE(late.first().first().toString(), out.value());
    const Order o = *m_service->orders().load(out.value()).value();
    QCOMPARE(o.status, OrderStatus::Paid);
    QVERIFY(o.needsRefund);
    QVERIFY(!o.transactionId.isEmpty());
}

void TestCheckoutSandbox::crashBetweenCommitAndAnswerIsRecovered()
{
    // The answer to trade.pay takes 3 s; the helper process is killed while it waits.
    QCOMPARE(startAll(u"latency_ms:3000"_s), QString());
    const QJsonObject buyer = m_sandbox->newBuyer();
    const QString configPath = m_dir.filePath(u"provider.json"_s);
    {
        QFile f(configPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(
            QJsonDocument(
                QJsonObject{
                    {u"gateway"_s, m_sandbox->config.gateway.toString()},
                    {u"app_id"_s, m_sandbox->config.appId},
                    {u"app_private_key"_s, QString::fromLatin1(m_sandbox->appKey.privateKeyPem())},
                    {u"alipay_public_key"_s,
                     QString::fromLatin1(m_sandbox->config.alipayPublicKey.publicKeyPem())},
                })
                .toJson());
    }
    const QString dbPath = m_db->path();
    QProcess helper;
    helper.setProcessChannelMode(QProcess::SeparateChannels);
    helper.start(QStringLiteral(CHECKOUT_CRASH_HELPER),
                 {dbPath, configPath, buyer.value(u"alipay_code").toString(), u"4321"_s});
    QVERIFY(helper.waitForStarted(5000));
    QString out;
    QByteArray stdoutText;
    connect(&helper, &QProcess::readyReadStandardOutput, this,
            [&] { stdoutText += helper.readAllStandardOutput(); });
    QTRY_VERIFY_WITH_TIMEOUT(stdoutText.contains("SENT "), 10000);
    out = QString::fromLatin1(
        stdoutText.mid(stdoutText.indexOf("SENT ") + 5).split('\n').first().trimmed());
    QVERIFY(!out.isEmpty());
    // The sandbox (in this process) processes and commits the charge; the answer is delayed.
    QTRY_COMPARE_WITH_TIMEOUT(m_sandbox->chargesFor(out), 1, 5000);
    helper.kill();
    QVERIFY(helper.waitForFinished(5000));
    QVERIFY(!stdoutText.contains("STATUS PAID"));

    // Restart: this process opens the same database; the order is still open.
    m_service.reset();
    m_ledger.reset();
    m_db.reset();
    m_db = std::move(Database::open(dbPath)).value();
    m_ledger = std::make_unique<Ledger>(*m_db, m_sandbox->clock);
    (void)m_sandbox->server->setFaults(QString());
    AlipayProvider *p = m_sandbox->provider.get();
    CheckoutConfig config;
    config.defaultProvider = QStringLiteral("alipay");
    config.retryMs = 100;
    m_service = std::make_unique<CheckoutService>(
        *m_db, *m_ledger, m_sandbox->clock, [p](const QString &) -> PaymentProvider * { return p; },
        config);
    const auto open = m_service->orders().openOrders().value();
    QCOMPARE(open.size(), 1);
    QCOMPARE(open.first().outTradeNo, out);
    QCOMPARE(open.first().status, OrderStatus::Created);

    Recovery recovery(*m_db, *m_service, m_sandbox->clock);
    std::optional<RecoveryReport> report;
    recovery.run([&](const RecoveryReport &r) { report = r; }, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(report.has_value(), 10000);
    QCOMPARE(report->stillOpen, 0);
    QCOMPARE(report->resolved.size(), 1);
    QCOMPARE(report->resolved.first().outTradeNo, out);
    QCOMPARE(report->resolved.first().status, OrderStatus::Paid);
    QCOMPARE(statusOf(out), OrderStatus::Paid);
    QCOMPARE(m_sandbox->trades(out).size(), 1);
    QCOMPARE(m_sandbox->chargesFor(out), 1);
    QCOMPARE(m_ledger->balance(u"clearing:alipay"_s).value(), 4321);
    QCOMPARE(m_ledger->entries(out).value().size(), 1);
}

// alipay.trade.pay for an out_trade_no that is already paid answers ACQ.TRADE_HAS_SUCCESS.
// Paydesk sends a pay once, so that is some trade's success, not ours: the adapter must not
// report it as paid (checkout then asks by query and checks the figures).
void TestCheckoutSandbox::payForAPaidOrderNumberIsNotCalledPaid()
{
    QCOMPARE(startAll(), QString());
    CodePayRequest request;
    request.outTradeNo = u"IT01-1-260101100000-000042"_s;
    request.amount = Money::fromMinor(700);
    request.subject = u"Integration store"_s;
    request.authCode = m_sandbox->newBuyer().value(u"alipay_code").toString();
    std::optional<TradeReply> first, second;
    m_sandbox->provider->payWithCode(request, [&](const TradeReply &r) { first = r; });
    QTRY_VERIFY_WITH_TIMEOUT(first.has_value(), 5000);
    QCOMPARE(first->state, TradeState::Success);
    request.authCode = m_sandbox->newBuyer().value(u"alipay_code").toString();
    request.amount = Money::fromMinor(900);
    m_sandbox->provider->payWithCode(request, [&](const TradeReply &r) { second = r; });
    QTRY_VERIFY_WITH_TIMEOUT(second.has_value(), 5000);
    QVERIFY(second->status.failed());
    QCOMPARE(second->status.reason, FailureReason::TradeAlreadyPaid);
    QCOMPARE(second->status.subCode, u"ACQ.TRADE_HAS_SUCCESS"_s);
    QVERIFY(second->state != TradeState::Success && second->state != TradeState::Finished);
    QCOMPARE(m_sandbox->chargesFor(request.outTradeNo), 1);
}

QTEST_MAIN(TestCheckoutSandbox)
#include "tst_checkout_sandbox.moc"
