// The fault soak (docs/SOAK.md): PAYDESK_SOAK_CHECKOUTS checkouts (500 by default; `make soak`
// runs 10,000) through the production object graph (AppContext: checkout, refunds, cases, the
// notification receiver) in this process, against the real sandbox on loopback with about 20%
// of the gateway requests faulted — timeout, drop_response, http_5xx, userpaying, dup_notify,
// late_success and latency — over both sandbox wallets (Alipay and WeChat Pay), QR and payment
// code, with refunds mixed in and some customers paying twice. Then: faults off, recovery,
// and the invariants of soakbooks.h, plus every buyer charged twice caught as a case.
#include "app/appcontext.h"
#include "app/commands_refunds.h"
#include "core/books/syncservice.h"
#include "core/cases/casedesk.h"
#include "core/cases/caserefunder.h"
#include "core/cases/duplicatedetector.h"
#include "core/checkout/checkoutservice.h"
#include "core/checkout/recovery.h"
#include "core/orders/orderqueries.h"
#include "core/reconcile/reconciliation.h"
#include "core/reconcile/reconciliationservice.h"
#include "core/refunds/refundservice.h"
#include "core/security/auditlog.h"
#include "core/security/operatorservice.h"

#include "soakbooks.h"
#include "testsandbox.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {
const QString kOwnerPassword = u"Lantern-Orbit-73!"_s;
// About one gateway request in five is faulted (latency applies to every answer, on top).
const QString kFaults = u"timeout:0.015,drop_response:0.06,http_5xx:0.07,userpaying:0.07,"
                        "dup_notify:0.06,late_success:0.3,latency_ms:3"_s;

struct Sale
{
    QString buyer;
    QString code; ///< empty: a QR sale
    bool byCode = false;
    int again = -1;   ///< the earlier sale whose customer pays the same again (-1: a new one)
    QString provider; ///< for a QR sale
    qint64 minor = 0;
    bool cancelQr = false;
    bool refund = false;
    QString out;
    bool qrHandled = false;
    bool refundStarted = false;
};
} // namespace

class TestSoakFaults : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void faultedCheckoutsLoseNothing();

private:
    void postAsync(const QString &path, const QJsonObject &body);

    QTemporaryDir m_dir;
    TestSandbox m_sandbox;
    std::unique_ptr<AppContext> m_ctx;
    QRandomGenerator m_random;
    quint64 m_seed = 1;
};

void TestSoakFaults::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_seed = qEnvironmentVariableIsSet("PAYDESK_SOAK_SEED")
                 ? qEnvironmentVariable("PAYDESK_SOAK_SEED").toULongLong()
                 : 20261202;
    m_random.seed(quint32(m_seed));
    QVERIFY(m_sandbox.startServer({}, m_seed).isEmpty());
    AppOptions options;
    options.dataDir = m_dir.path();
    options.sandboxUrl = m_sandbox.baseUrl();
    auto ctx = AppContext::create(options);
    QVERIFY(ctx.ok());
    m_ctx = std::move(ctx).value();
    QVERIFY(m_ctx->operators().bootstrapOwner(u"olivia"_s, kOwnerPassword).ok());
    const Status started = m_ctx->startProviders();
    QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().message));
    QVERIFY(m_ctx->checkout().provider(u"alipay"_s));
    QVERIFY(m_ctx->checkout().provider(u"wechatpay"_s));
    // Production timing scaled down so that a soak of thousands takes minutes, not days.
    CheckoutConfig config = m_ctx->checkout().config();
    config.qrPollMs = 300;
    config.codePollMs = 200;
    config.codeWaitLimitMs = 1500;
    config.retryMs = 100;
    config.retryMaxMs = 800;
    m_ctx->checkout().setConfig(config);
    RefundConfig refundConfig = m_ctx->refunds().config();
    refundConfig.retryMs = 100;
    refundConfig.retryMaxMs = 800;
    refundConfig.processingPollMs = 200;
    m_ctx->refunds().setConfig(refundConfig);
}

void TestSoakFaults::postAsync(const QString &path, const QJsonObject &body)
{
    QNetworkRequest request(m_sandbox.baseUrl().resolved(QUrl(path)));
    request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
    QNetworkReply *reply =
        m_sandbox.network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
}

void TestSoakFaults::faultedCheckoutsLoseNothing()
{
    const int checkouts = qEnvironmentVariableIsSet("PAYDESK_SOAK_CHECKOUTS")
                              ? qEnvironmentVariable("PAYDESK_SOAK_CHECKOUTS").toInt()
                              : 500;
    const int window = 40; // sales in flight at once (several tills' worth of traffic)
    const QStringList providers{u"alipay"_s, u"wechatpay"_s};
    const QHash<QString, QString> codeField{{u"alipay"_s, u"alipay_code"_s},
                                            {u"wechatpay"_s, u"wechat_code"_s}};

    // What each sale will be is drawn first (the run replays under a seed). Its customer and
    // payment code are made only when the sale starts: a code lives five minutes, like a real
    // one, and a long run must not hand the till codes that expired while earlier sales ran.
    QList<Sale> sales;
    for (int i = 0; i < checkouts; ++i) {
        Sale s;
        QString provider = providers.at(int(m_random.bounded(2)));
        if (i > 10 && m_random.bounded(100) < 3) {
            // The same customer pays the same amount again, with the same wallet, as a new
            // sale: a duplicate charge. (With the other wallet it is another payer account,
            // which no till can tell apart from a second customer.) The repeat follows one of the
            // last 200 sales — seconds later, as at a counter: the cases desk suspects a
            // duplicate only within its window (10 minutes); the same coffee bought again an
            // hour later is a second purchase. (Drawn from every earlier sale, a slow run put
            // a repeat 10 min 18 s after its first and failed for want of a case.)
            s.again = i - 1 - int(m_random.bounded(std::min(i, 200)));
            while (sales.at(s.again).again >= 0)
                s.again = sales.at(s.again).again;
            provider = sales.at(s.again).provider;
            s.minor = sales.at(s.again).minor;
            s.byCode = true;
        } else {
            s.minor = 100 + qint64(m_random.bounded(20000));
            s.byCode = m_random.bounded(100) < 60;
        }
        s.provider = provider;
        s.cancelQr = !s.byCode && m_random.bounded(100) < 10;
        s.refund = m_random.bounded(100) < 10;
        sales << s;
    }
    QSet<QString> payingTwice;
    auto meetCustomer = [&](Sale &s) {
        if (s.again >= 0) {
            s.buyer = sales.at(s.again).buyer;
            payingTwice.insert(s.buyer);
            s.code = m_sandbox.control(u"/sandbox/codes"_s, QJsonObject{{u"buyer_id"_s, s.buyer}})
                         .value(codeField.value(s.provider))
                         .toString();
        } else {
            const QJsonObject buyer = m_sandbox.newBuyer();
            s.buyer = buyer.value(u"buyer_id"_s).toString();
            if (s.byCode)
                s.code = buyer.value(codeField.value(s.provider)).toString();
        }
        return !s.buyer.isEmpty() && (!s.byCode || !s.code.isEmpty());
    };
    QVERIFY(m_sandbox.setFaults(kFaults));

    CheckoutService &checkout = m_ctx->checkout();
    RefundService &refunds = m_ctx->refunds();
    const OrderQueries &queries = m_ctx->orderQueries();
    int next = 0;
    int refundsInFlight = 0;
    int refundsAsked = 0;
    int startFailures = 0;
    QElapsedTimer clock;
    clock.start();
    const QDateTime soakStartUtc = m_ctx->clock().nowUtc();
    const qint64 deadline = 60000 + qint64(checkouts) * 400;
    // The started sales that still need the test (an open order, a QR to pay or cancel, a refund
    // to ask for): looking only at these keeps a round cheap however many sales went before.
    QList<int> live;
    int inFlight = 0;
    while ((next < checkouts || inFlight > 0) && clock.elapsed() < deadline) {
        while (next < checkouts && inFlight < window) {
            Sale &s = sales[next++];
            QVERIFY2(meetCustomer(s), "the sandbox made no buyer or code");
            const Money amount = Money::fromMinor(s.minor);
            const Result<QString> started = s.code.isEmpty() ? checkout.startQr(amount, s.provider)
                                                             : checkout.chargeCode(amount, s.code);
            if (!started.ok()) {
                ++startFailures;
                qWarning() << "sale" << next - 1 << "not started:" << started.error().message;
                continue;
            }
            s.out = started.value();
            live << next - 1;
            ++inFlight;
        }
        TestSandbox::spin(20);
        int active = 0;
        QList<int> stillLive;
        for (const int i : std::as_const(live)) {
            Sale &s = sales[i];
            if (s.code.isEmpty() && !s.qrHandled) {
                const auto snap = checkout.snapshot(s.out);
                if (snap && !snap->qrCode.isEmpty()) {
                    s.qrHandled = true;
                    if (s.cancelQr)
                        (void)checkout.cancel(s.out); // the customer walks away
                    else
                        postAsync(u"/sandbox/pay"_s,
                                  {{u"qr"_s, snap->qrCode}, {u"buyer_id"_s, s.buyer}});
                }
            }
            if (s.refund && !s.refundStarted && !checkout.isActive(s.out)) {
                auto o = queries.byOutTradeNo(s.out);
                if (o.ok() && o.value() && o.value()->status == OrderStatus::Paid) {
                    s.refundStarted = true;
                    ++refundsAsked;
                    ++refundsInFlight;
                    RefundInput input;
                    input.orderId = o.value()->id;
                    input.amount = Money::fromMinor(m_random.bounded(2) ? s.minor : s.minor / 2);
                    input.reason = u"soak"_s;
                    input.operatorName = u"olivia"_s;
                    input.approvedBy = u"olivia"_s;
                    refunds.refund(input, [&](const Result<RefundRecord> &) { --refundsInFlight; });
                } else if (o.ok() && o.value() && !isOpenStatus(o.value()->status)) {
                    s.refundStarted = true; // not paid: nothing to give back
                }
            }
            const bool open = checkout.isActive(s.out);
            active += open ? 1 : 0;
            if (open || (s.refund && !s.refundStarted))
                stillLive << i;
        }
        live = stillLive;
        inFlight = active + refundsInFlight;
    }
    QVERIFY2(next == checkouts && inFlight == 0,
             qPrintable(u"%1 of %2 sales started, %3 still in flight after %4 ms"_s.arg(next)
                            .arg(checkouts)
                            .arg(inFlight)
                            .arg(clock.elapsed())));
    const qint64 soakMs = clock.elapsed();

    // The network heals; whatever is still open is finished the way `paydesk recover` does.
    QJsonObject faultsSeen = m_sandbox.control(u"/sandbox/faults"_s);
    QVERIFY(m_sandbox.setFaults({}));
    TestSandbox::spin(1500); // late successes and notifications still on their way
    std::optional<RecoveryReport> report;
    Recovery recovery(m_ctx->database(), checkout, m_ctx->clock());
    recovery.run([&](const RecoveryReport &r) { report = r; }, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(report.has_value(), 70000);
    const RefundResume resumed = resumeRefunds(*m_ctx, 60000);
    QVERIFY2(report->stillOpen == 0 && resumed.stillOpen == 0,
             qPrintable(
                 u"after recovery %1 orders and %2 refunds are still open"_s.arg(report->stillOpen)
                     .arg(resumed.stillOpen)));
    QVERIFY(m_ctx->caseDesk().detector().scanAll(u"soak"_s).ok());

    const QList<QJsonObject> trades = m_sandbox.trades();
    // Found here: a WeChat Pay payment-code order the till reversed (after USERPAYING) that the
    // sandbox's late_success pays anyway. The v2 micropay API has no callback, so nothing tells
    // the till; the order stays CLOSED with the money taken. Only the provider's statement shows
    // it (issue 13's reconciliation). Those are listed as explained, not failed, unless
    // PAYDESK_SOAK_STRICT=1; anything else paid and not booked fails the run.
    QSet<QString> explained;
    const bool strict = qEnvironmentVariableIntValue("PAYDESK_SOAK_STRICT") == 1;
    for (const QJsonObject &t : trades) {
        const QString no = t.value(u"out_trade_no"_s).toString();
        if (strict || t.value(u"status"_s).toString() != u"SUCCESS")
            continue;
        auto o = queries.byOutTradeNo(no);
        if (o.ok() && o.value() && o.value()->provider == u"wechatpay" &&
            o.value()->kind == OrderKind::Code && o.value()->status == OrderStatus::Closed)
            explained.insert(no);
    }
    SoakCheck c = checkBooks(AppContext::databasePathIn(m_dir.path()), trades, explained);
    QSet<QString> onceBuyers;
    for (const Sale &s : sales)
        if (!payingTwice.contains(s.buyer))
            onceBuyers.insert(s.buyer);
    // The day reconciles with only the exceptions the faults explain: the statements of every
    // business day the soak touched are synced from the sandbox and reconciled; an exception
    // is explained only by a fault the sandbox fired on that very trade (late_success → a
    // late_payment). The payments the books could not learn of must all be among them.
    QHash<QString, QJsonObject> tradeByNo;
    for (const QJsonObject &t : trades)
        tradeByNo.insert(t.value(u"out_trade_no"_s).toString(), t);
    QMap<QString, int> exceptionsByClass;
    QSet<QString> latePayments;
    QSet<QString> reversedOrders; ///< paid, answer lost, reversed: refunded in full
    int reconciledDays = 0;
    int unexplained = 0;
    {
        SyncService &sync = m_ctx->statementSync();
        std::optional<SyncOutcome> synced;
        QObject guard;
        connect(&sync, &SyncService::finished, &guard,
                [&synced](const SyncOutcome &o) { synced = o; });
        ReconciliationService reconciliation(m_ctx->database(), m_ctx->ledger(), m_ctx->audit(),
                                             m_ctx->settings(), m_ctx->clock());
        // As `paydesk reconcile` does: late payments and duplicate lines go to the cases desk.
        reconciliation.setCaseScanner([this](const QStringList &outTradeNos) {
            (void)m_ctx->caseDesk().detector().scanOrders(outTradeNos, u"reconciliation"_s);
        });
        const QDate lastDay = ReconciliationService::businessDayOf(m_ctx->clock().nowUtc());
        for (QDate day = ReconciliationService::businessDayOf(soakStartUtc); day <= lastDay;
             day = day.addDays(1)) {
            synced.reset();
            QVERIFY(sync.start(day));
            QTRY_VERIFY_WITH_TIMEOUT(synced.has_value(), 120000);
            for (const SyncDayResult &r : synced->results)
                QVERIFY2(r.import, qPrintable(u"sync %1 %2: %3"_s.arg(
                                       r.provider, day.toString(Qt::ISODate),
                                       r.error ? r.error->message : QString())));
            for (const QString &provider : providers) {
                auto run = reconciliation.reconcile(provider, day);
                QVERIFY2(run.ok(), qPrintable(run.ok() ? QString() : run.error().message));
                ++reconciledDays;
                for (const ReconException &e : run.value().exceptions) {
                    const QString kind = reconClassName(e.kind);
                    ++exceptionsByClass[kind];
                    const QJsonObject t = tradeByNo.value(e.outTradeNo);
                    const bool byLateSuccess =
                        e.kind == ReconClass::LatePayment && t.value(u"late_success"_s).toBool();
                    // The pay went through, its answer was lost (drop_response, or 5xx on
                    // every query) and the till reversed the order when the code wait ran out:
                    // the provider refunded it in full (WeChat reverse / Alipay cancel of a paid
                    // trade). The statement holds the payment and its refund; the reconciler
                    // reports them as a late payment and a refund mismatch although they net to
                    // zero (docs/SOAK.md, finding).
                    const qint64 amount = t.value(u"amount_minor"_s).toInteger();
                    const bool reversedAfterPayment =
                        (e.kind == ReconClass::LatePayment ||
                         e.kind == ReconClass::RefundMismatch) &&
                        t.value(u"status"_s).toString() == u"CLOSED" && amount > 0 &&
                        t.value(u"refunded_minor"_s).toInteger() == amount;
                    if (e.kind == ReconClass::LatePayment && !reversedAfterPayment)
                        latePayments.insert(e.outTradeNo);
                    if (reversedAfterPayment)
                        reversedOrders.insert(e.outTradeNo);
                    const bool byFault = byLateSuccess || reversedAfterPayment;
                    unexplained += byFault ? 0 : 1;
                    c.check(byFault,
                            u"reconciliation of %1 %2: %3 for order %4 (books %5, statement %6) "
                            "is not explained by a fault the sandbox injected"_s
                                .arg(provider, day.toString(Qt::ISODate), kind, e.outTradeNo)
                                .arg(e.localMinor ? QString::number(*e.localMinor) : u"-"_s)
                                .arg(e.providerMinor ? QString::number(*e.providerMinor) : u"-"_s));
                }
            }
        }
    }
    for (const QString &no : std::as_const(explained))
        c.check(latePayments.contains(no),
                u"order %1 was paid after the till closed it and the reconciliation does not "
                "show it as a late payment"_s.arg(no));
    QStringList reconByClass;
    for (auto it = exceptionsByClass.cbegin(); it != exceptionsByClass.cend(); ++it)
        reconByClass << u"%1=%2"_s.arg(it.key()).arg(it.value());

    // A QR closed by the cashier can still be paid (late_success): that is a case too, so those
    // buyers are checked below with the ones who paid twice.
    QHash<QString, QStringList> keptByBuyer;
    for (const QJsonObject &t : trades)
        if (t.value(u"status"_s).toString() == u"SUCCESS" &&
            t.value(u"refunded_minor"_s).toInteger() < t.value(u"amount_minor"_s).toInteger())
            keptByBuyer[t.value(u"buyer_id"_s).toString()] << t.value(u"out_trade_no"_s).toString();
    QSet<QString> caseRefundOrders;
    {
        auto q = m_ctx->database().exec(u"SELECT refund_out_trade_no FROM cases"_s);
        QVERIFY(q.ok());
        while (q.value().next())
            caseRefundOrders.insert(q.value().value(0).toString());
    }
    // Every buyer charged more than once (and not refunded): all charges but one are cases, or
    // (a WeChat Pay code paid after its reverse, which the till cannot learn of) late payments
    // the reconciliation holds for the manager.
    int duplicateCharges = 0;
    QSet<QString> customers;
    for (const Sale &s : sales)
        customers.insert(s.buyer);
    auto notCaught = [&](const QStringList &orders) {
        QStringList out;
        for (const QString &no : orders) {
            if (caseRefundOrders.contains(no) || latePayments.contains(no))
                continue;
            auto o = queries.byOutTradeNo(no);
            out << (o.ok() && o.value()
                        ? u"%1 (%2%3, refunded %4)"_s
                              .arg(no, orderStatusName(o.value()->status),
                                   o.value()->needsRefund ? u" needs_refund"_s : QString())
                              .arg(o.value()->refundedMinor)
                        : no);
        }
        return out;
    };
    // A payment the till booked while the sale was still open (the QR was paid as the cashier
    // cancelled it: the close found it paid, and the screen said Paid), and the only payment of
    // its sale: the sale's own payment, not a second charge (tst_checkoutqr qrPaidWhileClosing).
    auto soleOpenPayment = [&](const QString &no, QString *why) {
        auto q = m_ctx->database().exec(
            u"SELECT e.from_status, e.to_status, e.note FROM order_events e"
            " JOIN orders o ON o.id = e.order_id WHERE o.out_trade_no = ? ORDER BY e.id"_s,
            {no});
        QStringList steps;
        QString paidFrom;
        while (q.ok() && q.value().next()) {
            steps << u"%1→%2 (%3)"_s.arg(q.value().value(0).toString(),
                                         q.value().value(1).toString(),
                                         q.value().value(2).toString());
            if (q.value().value(1).toString() == u"PAID"_s)
                paidFrom = q.value().value(0).toString();
        }
        auto sale = m_ctx->database().exec(
            u"SELECT out_trade_no, status FROM orders WHERE sale_id ="
            " (SELECT sale_id FROM orders WHERE out_trade_no = ?) ORDER BY id"_s,
            {no});
        QStringList attempts;
        int paidAttempts = 0;
        while (sale.ok() && sale.value().next()) {
            const QString st = sale.value().value(1).toString();
            attempts << u"%1 %2"_s.arg(sale.value().value(0).toString(), st);
            paidAttempts += (st == u"PAID"_s || st.contains(u"REFUNDED"_s)) ? 1 : 0;
        }
        *why = u"timeline %1; sale attempts %2"_s.arg(steps.join(u", "_s), attempts.join(u", "_s));
        auto o = queries.byOutTradeNo(no);
        return o.ok() && o.value() && !o.value()->needsRefund && paidAttempts == 1 &&
               !paidFrom.isEmpty() && paidFrom != u"CLOSED"_s && paidFrom != u"FAILED"_s;
    };
    int paidWhileOpen = 0;
    for (auto it = keptByBuyer.cbegin(); it != keptByBuyer.cend(); ++it) {
        if (!customers.contains(it.key())) {
            // The sandbox's own payer: late_success pays a QR nobody scanned with it. Each one
            // is caught (a case or a reconciled late payment), or it is the one payment of its
            // sale, booked while the sale was open.
            duplicateCharges += int(it.value().size());
            QStringList missed;
            for (const QString &no : notCaught(it.value())) {
                QString why;
                const QString orderNo = no.section(u' ', 0, 0);
                if (soleOpenPayment(orderNo, &why)) {
                    ++paidWhileOpen;
                    --duplicateCharges; // the sale's only payment, not a second one
                } else
                    missed << no + u" ["_s + why + u"]"_s;
            }
            c.check(missed.isEmpty(),
                    u"late payments by the sandbox's default payer %1 that are neither a case nor "
                    "a reconciled late payment: %2"_s.arg(it.key(), missed.join(u", "_s)));
            continue;
        }
        if (it.value().size() < 2)
            continue;
        duplicateCharges += int(it.value().size()) - 1;
        const QStringList missed = notCaught(it.value());
        c.check(missed.size() <= 1,
                u"buyer %1 was charged %2 times (orders %3); not a case nor a reconciled late "
                "payment: %4"_s.arg(it.key())
                    .arg(it.value().size())
                    .arg(it.value().join(u", "_s), missed.join(u", "_s)));
    }
    const AuditVerification audit = m_ctx->audit().verify();
    c.check(audit.ok, u"audit verify: first bad entry %1"_s.arg(audit.firstBadId.value_or(-1)));

    const QJsonObject injected = faultsSeen.value(u"injected"_s).toObject();
    QStringList byKind;
    qint64 faultTotal = 0;
    for (const QString &kind : injected.keys()) {
        byKind << u"%1=%2"_s.arg(kind).arg(injected.value(kind).toInteger());
        if (kind != u"latency_ms")
            faultTotal += injected.value(kind).toInteger();
    }
    const qint64 gatewayRequests = injected.value(u"latency_ms"_s).toInteger();
    std::printf("SOAK faults: checkouts=%d seed=%llu in %lld ms; gateway_requests=%lld "
                "faults_injected=%lld (%s); paid_orders=%d refunds_asked=%d refunds_executed=%d "
                "duplicate_charges=%d cases=%lld paid_while_closing=%d start_refused=%d "
                "invariants_checked=%d "
                "broken=%lld explained=%lld (wechatpay code orders paid after their reverse); "
                "reconciled provider_days=%d exceptions: %s (%lld of them orders reversed after "
                "they were paid) unexplained=%d\n",
                checkouts, static_cast<unsigned long long>(m_seed), static_cast<long long>(soakMs),
                static_cast<long long>(gatewayRequests), static_cast<long long>(faultTotal),
                qPrintable(byKind.join(u' ')), c.paidOrders, refundsAsked, c.refunds,
                duplicateCharges, static_cast<long long>(caseRefundOrders.size()), paidWhileOpen,
                startFailures, c.invariantsChecked, static_cast<long long>(c.violations.size()),
                static_cast<long long>(c.explained.size()), reconciledDays,
                qPrintable(reconByClass.isEmpty() ? u"none"_s : reconByClass.join(u' ')),
                static_cast<long long>(reversedOrders.size()), unexplained);
    for (const QString &e : c.explained)
        std::printf("  explained: %s\n", qPrintable(e));
    std::fflush(stdout);
    QVERIFY2(c.violations.isEmpty(), qPrintable(c.violations.join(u'\n')));
    // Every kind of fault was injected at least once.
    for (const char *kind : {"timeout", "drop_response", "http_5xx", "userpaying", "dup_notify",
                             "late_success", "latency_ms"})
        QVERIFY2(injected.value(QLatin1String(kind)).toInteger() > 0, kind);
    Q_UNUSED(onceBuyers);
}

QTEST_MAIN(TestSoakFaults)
#include "tst_soak_faults.moc"
