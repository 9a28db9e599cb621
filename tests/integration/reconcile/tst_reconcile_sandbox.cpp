// A sandbox day reconciled end to end: payments and a refund through the real checkout, the
// statement downloaded through the real adapter, faults injected at the provider; then each
// exception found, resolved with a balanced adjusting entry, the day signed off with the audit
// head, and a re-run that changes nothing.

#include "core/ledger/ledger.h"
#include "core/providers/paymentprovider.h"
#include "core/reconcile/reconciliationservice.h"
#include "core/security/auditlog.h"
#include "core/security/operatorservice.h"
#include "core/security/session.h"
#include "core/storage/database.h"
#include "core/storage/settingsstore.h"
#include "core/storage/transaction.h"

#include "app/providersetup.h"

#include "refundtestkit.h"
#include "testappcontext.h"
#include "testsandbox.h"

#include <QCryptographicHash>
#include <QTest>
#include <QTimeZone>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

QDate today()
{
    return QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
}

} // namespace

class TestReconcileSandbox : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void cleanDayHasNoExceptionsAndTheSandboxTotals();
    void injectedFaultsAreFoundResolvedAndSignedOff();
    void aWrongFeeRateShowsAsFeeMismatch();

private:
    /// The provider's statement for today, as the adapter downloads it, stored as the sync
    /// would store it.
    QString importToday();
    qint64 trialBalance();

    TestSandbox m_sandbox;
    TestAppContext m_ctx;
    RefundStaff m_staff;
    QString m_provider;
};

void TestReconcileSandbox::init()
{
    QCOMPARE(m_sandbox.startServer(), QString());
    m_ctx = {};
    QCOMPARE(m_ctx.createStarted(m_sandbox.baseUrl()), QString());
    QCOMPARE(m_staff.create(m_ctx->operators()), QString());
    m_provider = u"alipay"_s;
    QVERIFY(sandboxProviders(m_ctx->providerRegistry()).contains(m_provider));
}

void TestReconcileSandbox::cleanup()
{
    m_ctx.context.reset();
    m_sandbox.server.reset();
}

QString TestReconcileSandbox::importToday()
{
    PaymentProvider *p = m_ctx->providers()->provider(m_provider);
    if (!p)
        return u"no provider"_s;
    std::optional<StatementReply> reply;
    p->downloadStatement(today(), [&](const StatementReply &r) { reply = r; });
    if (!QTest::qWaitFor([&] { return reply.has_value(); }, 15000))
        return u"no statement"_s;
    if (!reply->status.ok())
        return reply->status.message;
    Database &db = m_ctx->database();
    Transaction tx(db);
    const QString day = today().toString(Qt::ISODate);
    auto file =
        db.exec(u"INSERT INTO statement_files(provider, business_day, kind, source, sha256, raw, "
                "line_count, imported_at) VALUES (?, ?, 'trade', 'download', ?, ?, ?, ?)"_s,
                {m_provider, day,
                 QString::fromLatin1(
                     QCryptographicHash::hash(reply->rawFile, QCryptographicHash::Sha256).toHex()),
                 reply->rawFile, reply->lines.size(),
                 QDateTime::currentDateTimeUtc().toString(Qt::ISODate)});
    if (!file.ok())
        return file.error().message;
    const qint64 fileId = file.value().lastInsertId().toLongLong();
    int n = 0;
    for (const StatementLine &l : reply->lines) {
        auto row = db.exec(
            u"INSERT INTO statement_lines(file_id, provider, business_day, line_no, kind, "
            "transaction_id, out_trade_no, out_request_no, amount_minor, received_minor, "
            "fee_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s,
            {fileId, m_provider, day, ++n,
             l.kind == StatementLine::Kind::Refund ? u"refund"_s : u"payment"_s, l.transactionId,
             l.outTradeNo, l.outRequestNo, l.amount.minor(), l.received.minor(), l.fee.minor()});
        if (!row.ok())
            return row.error().message;
    }
    auto committed = tx.commit();
    return committed.ok() ? QString() : committed.error().message;
}

qint64 TestReconcileSandbox::trialBalance()
{
    qint64 sum = 0;
    const auto balances = m_ctx->ledger().trialBalance();
    for (const AccountBalance &b : balances.value())
        sum += b.balanceMinor;
    return sum;
}

void TestReconcileSandbox::cleanDayHasNoExceptionsAndTheSandboxTotals()
{
    const auto a = paidOrder(*m_ctx, m_sandbox, m_provider, 1250);
    const auto b = paidOrder(*m_ctx, m_sandbox, m_provider, 3999);
    QVERIFY(a && b);
    QVERIFY(refundNow(m_ctx->refunds(), refundOf(*a, 250)).ok());
    QCOMPARE(importToday(), QString());

    auto r = m_ctx->reconciliation().reconcile(m_provider, today());
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QVERIFY2(r.value().exceptions.isEmpty(),
             qPrintable(reconClassName(r.value().exceptions.value(0).kind)));
    QCOMPARE(r.value().totals.matched, 3);
    // The sandbox's own books for the same day.
    qint64 gross = 0;
    qint64 refunded = 0;
    for (const QJsonObject &t : m_sandbox.trades()) {
        if (t.value(u"status").toString() != u"SUCCESS")
            continue;
        gross += t.value(u"amount_minor").toInteger();
        refunded += t.value(u"refunded_minor").toInteger();
    }
    QCOMPARE(r.value().totals.grossMinor, gross);
    QCOMPARE(r.value().totals.refundsMinor, refunded);
    QCOMPARE(r.value().totals.grossMinor, 1250 + 3999);
    QCOMPARE(r.value().totals.refundsMinor, 250);
    QCOMPARE(r.value().totals.netMinor, r.value().totals.grossMinor -
                                            r.value().totals.refundsMinor -
                                            r.value().totals.feesMinor);
    QVERIFY(r.value().totals.feesMinor > 0);
}

void TestReconcileSandbox::injectedFaultsAreFoundResolvedAndSignedOff()
{
    const auto kept = paidOrder(*m_ctx, m_sandbox, m_provider, 1000);
    const auto off = paidOrder(*m_ctx, m_sandbox, m_provider, 2000);
    QVERIFY(kept && off);
    // The provider's figure for one order differs; a payment the till never sent.
    m_sandbox.control(u"/sandbox/inject"_s, QJsonObject{{u"kind"_s, u"amount_mismatch"_s},
                                                        {u"out_trade_no"_s, off->outTradeNo},
                                                        {u"amount_minor"_s, 2100}});
    m_sandbox.control(u"/sandbox/inject"_s, QJsonObject{{u"kind"_s, u"orphan_payment"_s},
                                                        {u"out_trade_no"_s, u"ORPHAN1"_s},
                                                        {u"amount_minor"_s, 777}});
    QCOMPARE(importToday(), QString());

    ReconciliationService &rec = m_ctx->reconciliation();
    auto r = rec.reconcile(m_provider, today());
    QVERIFY(r.ok());
    QMap<QString, ReconException> byClass;
    for (const ReconException &e : r.value().exceptions)
        byClass.insert(reconClassName(e.kind), e);
    QCOMPARE(byClass.keys(), (QStringList{u"amount_mismatch"_s, u"missing_locally"_s}));
    QCOMPARE(byClass[u"amount_mismatch"_s].localMinor, std::optional<qint64>(2000));
    QCOMPARE(byClass[u"amount_mismatch"_s].providerMinor, std::optional<qint64>(2100));
    QCOMPARE(byClass[u"missing_locally"_s].outTradeNo, u"ORPHAN1"_s);
    QVERIFY(byClass[u"amount_mismatch"_s].id > 0);

    // Re-running finds the same two rows, not four.
    QCOMPARE(rec.reconcile(m_provider, today()).value().exceptions.size(), 2);

    // A cashier may not settle differences; sign-off is refused while they are open.
    auto carl = m_ctx->operators().authenticate(u"carl"_s, RefundStaff::cashierPassword);
    QVERIFY(carl.ok());
    QVERIFY(!rec.resolve(byClass[u"amount_mismatch"_s].id, carl.value(), u"checked"_s).ok());
    // Logging in with the authenticator code counts as a fresh second factor for the sign-off.
    auto mia = m_ctx->operators().authenticate(u"mia"_s, RefundStaff::managerPassword,
                                               m_staff.managerCode());
    QVERIFY(mia.ok());
    QCOMPARE(rec.signOff(today(), mia.value()).error().code, u"reconcile.open_exceptions"_s);
    QCOMPARE(rec.resolve(byClass[u"amount_mismatch"_s].id, mia.value(), u""_s).error().code,
             u"reconcile.reason_required"_s);

    const qint64 clearingBefore = m_ctx->ledger().balance(u"clearing:alipay"_s).value();
    auto fixed =
        rec.resolve(byClass[u"amount_mismatch"_s].id, mia.value(), u"receipt shows 21.00"_s);
    QVERIFY2(fixed.ok(), qPrintable(fixed.ok() ? QString() : fixed.error().message));
    QVERIFY(fixed.value().adjustingEntryId > 0);
    auto orphan =
        rec.resolve(byClass[u"missing_locally"_s].id, mia.value(), u"sale on the old till"_s);
    QVERIFY(orphan.ok());
    QCOMPARE(m_ctx->ledger().balance(u"clearing:alipay"_s).value(), clearingBefore + 100 + 777);
    QCOMPARE(m_ctx->ledger().balance(u"adjustments"_s).value(), -(100 + 777));
    QCOMPARE(trialBalance(), 0);
    QCOMPARE(rec.resolve(orphan.value().id, mia.value(), u"again"_s).error().code,
             u"reconcile.already_resolved"_s);

    auto signedOff = rec.signOff(today(), mia.value());
    QVERIFY2(signedOff.ok(), qPrintable(signedOff.ok() ? QString() : signedOff.error().message));
    const DayReport &day = signedOff.value();
    QVERIFY(day.closed());
    QCOMPARE(day.signedOffBy, u"mia"_s);
    const auto head = m_ctx->audit().query({u"reconcile.signed_off"_s}).value();
    QCOMPARE(head.size(), 1);
    QCOMPARE(day.auditHeadId, head.first().id);
    QCOMPARE(day.auditHeadHash, head.first().hash);
    QCOMPARE(day.exceptions.size(), 2);
    QCOMPARE(day.providers.size(), 1);
    QCOMPARE(day.providers.first().grossMinor, 1000 + 2100 + 777);
    QVERIFY(m_ctx->audit().verify().ok);
    // A closed day stays as signed off.
    QCOMPARE(rec.signOff(today(), mia.value()).error().code, u"reconcile.day_closed"_s);
    QCOMPARE(rec.reconcile(m_provider, today()).value().exceptions.size(), 2);
}

void TestReconcileSandbox::aWrongFeeRateShowsAsFeeMismatch()
{
    QVERIFY(paidOrder(*m_ctx, m_sandbox, m_provider, 10000));
    QCOMPARE(importToday(), QString());
    ReconciliationService &rec = m_ctx->reconciliation();
    QVERIFY(rec.reconcile(m_provider, today()).value().exceptions.isEmpty());
    // The account was agreed at 0.38 %: the 0.6 % the provider charged is a difference.
    QVERIFY(
        m_ctx->settings().setValue(ReconciliationService::feeRateKey(m_provider), u"38"_s).ok());
    const auto again = rec.reconcile(m_provider, today()).value().exceptions;
    QCOMPARE(again.size(), 1);
    QCOMPARE(again.first().kind, ReconClass::FeeMismatch);
    QCOMPARE(again.first().localMinor, std::optional<qint64>(38));
    QCOMPARE(again.first().providerMinor, std::optional<qint64>(60));
}

QTEST_MAIN(TestReconcileSandbox)
#include "tst_reconcile_sandbox.moc"
