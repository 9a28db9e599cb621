// The duplicate-charge detector against the real sandbox on loopback: every pattern of DESIGN
// §4 is produced through the sandbox's own faults and control API, then found as a case.

#include "core/cases/caserefunder.h"
#include "core/cases/caserepository.h"
#include "core/cases/caseservice.h"
#include "core/cases/duplicatedetector.h"
#include "core/cases/issuelog.h"
#include "core/checkout/paymentexceptions.h"

#include "casesfixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestDuplicatesSandbox : public QObject
{
    Q_OBJECT
private slots:
    void cleanup() { f.reset(); }
    void lateSuccessBecomesACase();
    void twoPaidForOneSaleIsTheClearCase();
    void samePayerSameAmountWithinTheWindow();
    void differentPayersAreNoCase();
    void dropResponseAftermathIsALostAnswer();
    void amountMismatchExceptionBecomesACase();
    void scanningAgainOpensNothingNew();
    void dismissalNeedsAuthorityAndAReasonAndIsAudited();
    void complaintLinksToTheCaseOfItsOrder();
    void resolvingByRefundPaysOnceAlsoWhenRetried();
    void aLostRefundAnswerStillRefundsOnce();
    void theOwnersSettingRefundsTheClearCase();

private:
    QString start(const QString &faults = {})
    {
        f = std::make_unique<CasesFixture>();
        return f->start(faults);
    }
    QList<Case> cases() { return f->desk->cases().list().value(); }
    /// A QR paid by \a buyerId; returns its out_trade_no once PAID.
    QString paidQr(qint64 minor, const QString &buyerId, const QString &sale = {})
    {
        auto out = f->checkout->startQr(Money::fromMinor(minor), {}, sale);
        if (!out.ok() ||
            !QTest::qWaitFor([&] { return f->statusOf(out.value()) == OrderStatus::Pending; },
                             5000) ||
            !f->payQr(out.value(), buyerId) ||
            !QTest::qWaitFor([&] { return f->statusOf(out.value()) == OrderStatus::Paid; }, 5000))
            return {};
        return out.value();
    }
    /// A QR closed by the cashier that the sandbox's late_success fault then pays.
    QString lateQr(qint64 minor, const QString &sale = {})
    {
        auto out = f->checkout->startQr(Money::fromMinor(minor), {}, sale);
        if (!out.ok() ||
            !QTest::qWaitFor([&] { return f->statusOf(out.value()) == OrderStatus::Pending; },
                             5000) ||
            !f->checkout->cancel(out.value()).ok() ||
            !QTest::qWaitFor([&] { return f->statusOf(out.value()) == OrderStatus::Closed; }, 5000))
            return {};
        return out.value();
    }

    /// A late-payment case for a QR of \a minor; its id (0 on failure).
    qint64 lateCase(qint64 minor)
    {
        const QString out = lateQr(minor);
        if (out.isEmpty() ||
            !QTest::qWaitFor([&] { return f->sandbox->chargesFor(out) == 1; }, 5000))
            return 0;
        f->checkout->recheck(out);
        if (!QTest::qWaitFor([&] { return cases().size() == 1; }, 5000))
            return 0;
        return cases().first().id;
    }
    qint64 refundedAtProvider(const QString &out)
    {
        return f->sandbox->tradeOf(out).value(u"refunded_minor").toInteger();
    }
    /// Resolves case \a id by refund and waits for the answer.
    Result<Case> resolveByRefund(qint64 id, const Session &by)
    {
        std::optional<Result<Case>> r;
        f->desk->refunder()->resolve(id, u"Charged after the order was closed"_s, by,
                                     [&](const Result<Case> &x) { r = x; });
        if (!QTest::qWaitFor([&] { return r.has_value(); }, 15000))
            return Error{u"test.timeout"_s, u"no answer"_s};
        return *r;
    }

    std::unique_ptr<CasesFixture> f;
};

void TestDuplicatesSandbox::lateSuccessBecomesACase()
{
    QCOMPARE(start(u"late_success:1"_s), QString());
    QSignalSpy detected(&f->desk->detector(), &DuplicateDetector::caseDetected);
    const QString out = lateQr(660);
    QVERIFY(!out.isEmpty());
    QVERIFY(QTest::qWaitFor([&] { return f->sandbox->chargesFor(out) == 1; }, 5000));
    QCOMPARE(cases().size(), 0); // nothing is known here yet
    f->checkout->recheck(out);   // what a query, Recovery or reconciliation does
    QTRY_COMPARE_WITH_TIMEOUT(detected.size(), 1, 5000);
    const QList<Case> list = cases();
    QCOMPARE(list.size(), 1);
    const Case &c = list.first();
    QCOMPARE(c.kind, CaseKind::LatePayment);
    QCOMPARE(c.status, CaseStatus::Open);
    QCOMPARE(c.refundOutTradeNo, out);
    QCOMPARE(c.amount.minor(), 660);
    QCOMPARE(c.detectedBy, u"payment"_s);
    QCOMPARE(c.evidence.size(), 1);
    QCOMPARE(c.evidence.first().transactionId,
             f->sandbox->tradeOf(out).value(u"transaction_id").toString());
    QVERIFY(c.evidence.first().paidAt.isValid());
    QCOMPARE(f->auditCount(u"case.opened"_s), 1);
}

void TestDuplicatesSandbox::twoPaidForOneSaleIsTheClearCase()
{
    QCOMPARE(start(u"late_success:1"_s), QString());
    const QString sale = f->checkout->newSaleId();
    const QString first = lateQr(1200, sale);
    QVERIFY(!first.isEmpty());
    // The cashier takes the customer's payment code for the same sale; it is paid.
    const QJsonObject buyer = f->sandbox->newBuyer();
    auto second = f->checkout->chargeCode(Money::fromMinor(1200),
                                          buyer.value(u"alipay_code").toString(), sale);
    QVERIFY(second.ok());
    QTRY_COMPARE_WITH_TIMEOUT(f->statusOf(second.value()), OrderStatus::Paid, 5000);
    QCOMPARE(cases().size(), 0);
    // Then the closed QR is paid anyway: two PAID orders for one sale.
    QVERIFY(QTest::qWaitFor([&] { return f->sandbox->chargesFor(first) == 1; }, 5000));
    f->checkout->recheck(first);
    QTRY_COMPARE_WITH_TIMEOUT(f->statusOf(first), OrderStatus::Paid, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(cases().size(), 1, 5000);
    const Case c = cases().first();
    QCOMPARE(c.kind, CaseKind::DuplicateSale);
    QCOMPARE(c.refundOutTradeNo, first); // the one flagged for a refund
    QCOMPARE(c.saleId, sale);
    QCOMPARE(c.orders(), (QStringList{second.value(), first}));
    QVERIFY(c.paymentExceptionId.has_value()); // checkout's exception became this case
    QCOMPARE(f->checkout->exceptions().openForSale(sale).value().first().id, *c.paymentExceptionId);
}

void TestDuplicatesSandbox::samePayerSameAmountWithinTheWindow()
{
    QCOMPARE(start(), QString());
    const QString buyer = f->sandbox->newBuyer().value(u"buyer_id").toString();
    const QString a = paidQr(880, buyer);
    const QString b = paidQr(880, buyer);
    QVERIFY(!a.isEmpty() && !b.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(cases().size(), 1, 5000);
    const Case c = cases().first();
    QCOMPARE(c.kind, CaseKind::SamePayer);
    QCOMPARE(c.refundOutTradeNo, b); // the later charge
    QCOMPARE(c.orders(), (QStringList{a, b}));
    QVERIFY(!c.payerHash.isEmpty());
    QCOMPARE(c.evidence.first().payerHash, c.evidence.last().payerHash);
    QVERIFY(!c.payerHash.contains(buyer)); // hashed, never the id itself
    // Outside the window it is two purchases.
    f->desk->detector().setWindowSeconds(0);
    const QString later = paidQr(880, buyer);
    QVERIFY(!later.isEmpty());
    QTest::qWait(200);
    QCOMPARE(cases().size(), 1);
}

void TestDuplicatesSandbox::differentPayersAreNoCase()
{
    QCOMPARE(start(), QString());
    QVERIFY(!paidQr(990, f->sandbox->newBuyer().value(u"buyer_id").toString()).isEmpty());
    QVERIFY(!paidQr(990, f->sandbox->newBuyer().value(u"buyer_id").toString()).isEmpty());
    QVERIFY(f->desk->detector().scanAll(u"test"_s).ok());
    QCOMPARE(cases().size(), 0);
}

void TestDuplicatesSandbox::dropResponseAftermathIsALostAnswer()
{
    QCOMPARE(start(u"drop_response:1"_s), QString());
    const QJsonObject buyer = f->sandbox->newBuyer();
    // The answer to the pay is lost: the order is UNKNOWN until a query finds it paid.
    connect(f->checkout.get(), &CheckoutService::orderUpdated, this, [&](const OrderSnapshot &s) {
        if (s.status == OrderStatus::Unknown)
            (void)f->sandbox->server->setFaults(QString());
    });
    auto lost =
        f->checkout->chargeCode(Money::fromMinor(1500), buyer.value(u"alipay_code").toString());
    QVERIFY(lost.ok());
    QTRY_COMPARE_WITH_TIMEOUT(f->statusOf(lost.value()), OrderStatus::Paid, 8000);
    QCOMPARE(cases().size(), 0);
    // Meanwhile the customer was asked to pay again, as a new sale: charged twice.
    const QString code =
        f->sandbox
            ->control(u"/sandbox/codes"_s, QJsonObject{{u"buyer_id"_s, buyer.value(u"buyer_id")}})
            .value(u"alipay_code")
            .toString();
    auto again = f->checkout->chargeCode(Money::fromMinor(1500), code);
    QVERIFY(again.ok());
    QTRY_COMPARE_WITH_TIMEOUT(f->statusOf(again.value()), OrderStatus::Paid, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(cases().size(), 1, 5000);
    const Case c = cases().first();
    QCOMPARE(c.kind, CaseKind::LostAnswer);
    QCOMPARE(c.refundOutTradeNo, again.value());
    QCOMPARE(c.evidence.size(), 2);
    QVERIFY(c.evidence.first().lostAnswer);
    QVERIFY(!c.evidence.last().lostAnswer);
    QCOMPARE(f->sandbox->chargesFor(lost.value()) + f->sandbox->chargesFor(again.value()), 2);
}

void TestDuplicatesSandbox::amountMismatchExceptionBecomesACase()
{
    QCOMPARE(start(), QString());
    auto out = f->checkout->startQr(Money::fromMinor(500));
    QVERIFY(out.ok());
    QTRY_COMPARE_WITH_TIMEOUT(f->statusOf(out.value()), OrderStatus::Pending, 5000);
    f->sandbox->control(u"/sandbox/inject"_s, QJsonObject{{u"kind"_s, u"amount_mismatch"_s},
                                                          {u"out_trade_no"_s, out.value()},
                                                          {u"amount_minor"_s, 700}});
    QVERIFY(f->payQr(out.value(), f->sandbox->newBuyer().value(u"buyer_id").toString()));
    QTRY_COMPARE_WITH_TIMEOUT(f->statusOf(out.value()), OrderStatus::Failed, 5000);
    QCOMPARE(f->checkout->exceptions().open().value().size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(cases().size(), 1, 5000); // imported when the order failed
    auto imported = f->desk->detector().importExceptions(u"recovery"_s);
    QVERIFY(imported.ok());
    QCOMPARE(imported.value().size(), 0); // found once
    const Case c = cases().first();
    QCOMPARE(c.kind, CaseKind::ProviderMismatch);
    QCOMPARE(c.amount.minor(), 700); // the provider's figure
    QVERIFY(!c.refundable());
    QVERIFY(c.paymentExceptionId.has_value());
    // Dismissing it settles the exception.
    QVERIFY(f->desk->service()
                .dismiss(c.id, u"Booked by hand after calling the provider"_s, f->owner())
                .ok());
    QCOMPARE(f->checkout->exceptions().open().value().size(), 0);
}

void TestDuplicatesSandbox::scanningAgainOpensNothingNew()
{
    QCOMPARE(start(), QString());
    const QString buyer = f->sandbox->newBuyer().value(u"buyer_id").toString();
    QVERIFY(!paidQr(300, buyer).isEmpty());
    QVERIFY(!paidQr(300, buyer).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(cases().size(), 1, 5000);
    auto again = f->desk->detector().scanAll(u"recovery"_s);
    QVERIFY(again.ok());
    QCOMPARE(again.value().size(), 0);
    QVERIFY(f->desk->detector()
                .scanOrders({cases().first().refundOutTradeNo}, u"reconciliation"_s)
                .ok());
    QCOMPARE(cases().size(), 1);
    QCOMPARE(cases().first().evidence.size(), 2);
    QCOMPARE(f->auditCount(u"case.opened"_s), 1);
}

void TestDuplicatesSandbox::dismissalNeedsAuthorityAndAReasonAndIsAudited()
{
    QCOMPARE(start(), QString());
    const QString buyer = f->sandbox->newBuyer().value(u"buyer_id").toString();
    QVERIFY(!paidQr(450, buyer).isEmpty());
    QVERIFY(!paidQr(450, buyer).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(cases().size(), 1, 5000);
    const qint64 id = cases().first().id;
    auto byCashier = f->desk->service().dismiss(id, u"two coffees"_s, f->cashier());
    QVERIFY(!byCashier.ok());
    QCOMPARE(byCashier.error().code, u"security.forbidden"_s);
    auto noReason = f->desk->service().dismiss(id, u"   "_s, f->owner());
    QVERIFY(!noReason.ok());
    QCOMPARE(noReason.error().code, u"cases.no_reason"_s);
    QCOMPARE(cases().first().status, CaseStatus::Open);
    auto done =
        f->desk->service().dismiss(id, u"Two coffees, bought one after the other"_s, f->owner());
    QVERIFY2(done.ok(), done.ok() ? "" : qPrintable(done.error().message));
    QCOMPARE(done.value().status, CaseStatus::Dismissed);
    QCOMPARE(done.value().resolvedBy, u"olivia"_s);
    QCOMPARE(f->auditCount(u"case.dismissed"_s), 1);
    auto twice = f->desk->service().dismiss(id, u"again"_s, f->owner());
    QVERIFY(!twice.ok());
    QCOMPARE(twice.error().code, u"cases.not_open"_s);
    QVERIFY(f->audit->verify().ok);
}

void TestDuplicatesSandbox::complaintLinksToTheCaseOfItsOrder()
{
    QCOMPARE(start(), QString());
    const QString buyer = f->sandbox->newBuyer().value(u"buyer_id").toString();
    const QString a = paidQr(610, buyer);
    QVERIFY(!a.isEmpty());
    // The customer complains before the second charge is even found...
    NewIssue n;
    n.outTradeNo = a;
    n.reported = CustomerIssue::Report::ChargedTwice;
    auto issue = f->desk->issues().open(n, u"bob"_s);
    QVERIFY(issue.ok());
    QVERIFY(issue.value().caseIds.isEmpty());
    const QString b = paidQr(610, buyer);
    QVERIFY(!b.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(cases().size(), 1, 5000);
    // ...and the case found later is linked to it.
    const auto linked = f->desk->issues().byId(issue.value().id).value();
    QCOMPARE(linked->caseIds, QList<qint64>{cases().first().id});
    // A complaint logged after the case is linked at once.
    n.outTradeNo = b;
    auto later = f->desk->issues().open(n, u"bob"_s);
    QVERIFY(later.ok());
    QCOMPARE(later.value().caseIds, QList<qint64>{cases().first().id});
}

void TestDuplicatesSandbox::resolvingByRefundPaysOnceAlsoWhenRetried()
{
    QCOMPARE(start(u"late_success:1"_s), QString());
    const qint64 id = lateCase(660);
    QVERIFY(id > 0);
    const QString out = cases().first().refundOutTradeNo;
    const Session owner = f->owner();
    // Two clicks (or two tills) at once, then a third try after it is done.
    std::optional<Result<Case>> first;
    std::optional<Result<Case>> second;
    f->desk->refunder()->resolve(id, u"Late payment"_s, owner,
                                 [&](const Result<Case> &r) { first = r; });
    f->desk->refunder()->resolve(id, u"Late payment"_s, owner,
                                 [&](const Result<Case> &r) { second = r; });
    QVERIFY(QTest::qWaitFor([&] { return first && second; }, 15000));
    QTRY_COMPARE_WITH_TIMEOUT(f->desk->cases().byId(id).value()->status, CaseStatus::Refunded,
                              8000);
    const Case c = *f->desk->cases().byId(id).value();
    QCOMPARE(c.refundOutRequestNo, refundRequestNoForCase(id));
    QCOMPARE(c.resolvedBy, u"olivia"_s);
    auto third = resolveByRefund(id, owner);
    QVERIFY(!third.ok());
    QCOMPARE(third.error().code, u"cases.resolved"_s);
    // The customer got the money back exactly once.
    QCOMPARE(refundedAtProvider(out), 660);
    const qint64 orderId = f->queries->byOutTradeNo(out).value()->id;
    QCOMPARE(f->refunds->refundsOf(orderId).size(), 1);
    QCOMPARE(f->statusOf(out), OrderStatus::Refunded);
    QCOMPARE(f->auditCount(u"case.refund_requested"_s), 1);
    QCOMPARE(f->auditCount(u"case.refunded"_s), 1);
    QVERIFY(f->audit->verify().ok);
    // A "refund not received" complaint about the order shows the refund at once.
    NewIssue n;
    n.outTradeNo = out;
    n.reported = CustomerIssue::Report::RefundNotReceived;
    auto issue = f->desk->issues().open(n, u"bob"_s);
    QVERIFY(issue.ok());
    QCOMPARE(issue.value().refundRequestNos, QStringList{refundRequestNoForCase(id)});
    QCOMPARE(issue.value().caseIds, QList<qint64>{id});
}

void TestDuplicatesSandbox::aLostRefundAnswerStillRefundsOnce()
{
    QCOMPARE(start(u"late_success:1"_s), QString());
    const qint64 id = lateCase(770);
    QVERIFY(id > 0);
    const QString out = cases().first().refundOutTradeNo;
    // The refund reaches the provider but its answer is lost; the refund is asked again with
    // the same request number until an answer comes.
    QVERIFY(f->sandbox->setFaults(u"drop_response:1"_s));
    std::optional<Result<Case>> r;
    f->desk->refunder()->resolve(id, u"Late payment"_s, f->owner(),
                                 [&](const Result<Case> &x) { r = x; });
    QTRY_COMPARE_WITH_TIMEOUT(refundedAtProvider(out), 770, 8000);
    QVERIFY(f->sandbox->setFaults(QString()));
    QTRY_COMPARE_WITH_TIMEOUT(f->desk->cases().byId(id).value()->status, CaseStatus::Refunded,
                              10000);
    // A retried resolution after a restart-like retry: nothing more is paid.
    auto again = resolveByRefund(id, f->owner());
    QVERIFY(!again.ok());
    QCOMPARE(refundedAtProvider(out), 770);
}

void TestDuplicatesSandbox::theOwnersSettingRefundsTheClearCase()
{
    QCOMPARE(start(u"late_success:1"_s), QString());
    auto v = f->storeSettings->values();
    QVERIFY(!v.autoRefundDuplicates); // off unless the owner says so
    QVERIFY(f->settings->setValue(u"cases.auto_refund_duplicates"_s, u"1"_s).ok());
    QVERIFY(f->storeSettings->values().autoRefundDuplicates);
    const QString sale = f->checkout->newSaleId();
    const QString first = lateQr(1200, sale);
    QVERIFY(!first.isEmpty());
    const QJsonObject buyer = f->sandbox->newBuyer();
    auto second = f->checkout->chargeCode(Money::fromMinor(1200),
                                          buyer.value(u"alipay_code").toString(), sale);
    QVERIFY(second.ok());
    QTRY_COMPARE_WITH_TIMEOUT(f->statusOf(second.value()), OrderStatus::Paid, 5000);
    QVERIFY(QTest::qWaitFor([&] { return f->sandbox->chargesFor(first) == 1; }, 5000));
    f->checkout->recheck(first);
    QTRY_COMPARE_WITH_TIMEOUT(cases().size(), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(cases().first().status, CaseStatus::Refunded, 10000);
    QCOMPARE(refundedAtProvider(first), 1200);
    QCOMPARE(refundedAtProvider(second.value()), 0); // the sale's own payment stays
    QCOMPARE(cases().first().resolvedBy, u"auto:cases.auto_refund_duplicates"_s);
    // A suspected case is never refunded on its own.
    const QString b = f->sandbox->newBuyer().value(u"buyer_id").toString();
    QVERIFY(!paidQr(333, b).isEmpty());
    const QString later = paidQr(333, b);
    QTRY_COMPARE_WITH_TIMEOUT(cases().size(), 2, 5000);
    QTest::qWait(300);
    QCOMPARE(cases().first().status, CaseStatus::Open);
    QCOMPARE(refundedAtProvider(later), 0);
}

QTEST_MAIN(TestDuplicatesSandbox)
#include "tst_duplicates_sandbox.moc"
