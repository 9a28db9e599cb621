// The customer issue log, its CSV export and the payment look-up's search, over a real SQLite
// file with every migration (no provider: the provider's answer is tested in integration).

#include "core/cases/customerhelp.h"
#include "core/cases/issuelog.h"
#include "core/cases/paymentlookup.h"
#include "core/ledger/ledger.h"
#include "core/orders/orderrepository.h"

#include "securityfixture.h"

#include <QJsonDocument>
#include <QTest>

using namespace paydesk;
using namespace paydesk::testing;
using namespace Qt::StringLiterals;

class TestIssueLog : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void openWithOrderAndOnItsOwn();
    void badInputIsRefusedAndLosesNothing();
    void checklistAndResolution();
    void csvExportContent();
    void csvDefusesFormulas();
    void lookupByTransactionIdOrderNumberOrAmount();
    void lookupRefusesBadInput();
    void customerHelpInBothLanguages();

private:
    Order makeOrder(qint64 minor, const QString &transactionId, const QDateTime &at);

    std::unique_ptr<SecurityFixture> f;
    std::unique_ptr<Ledger> ledger;
    std::unique_ptr<OrderRepository> orders;
    std::unique_ptr<IssueLog> log;
};

void TestIssueLog::init()
{
    f = std::make_unique<SecurityFixture>();
    QVERIFY(f->init());
    ledger = std::make_unique<Ledger>(*f->db, f->clock);
    orders = std::make_unique<OrderRepository>(*f->db, *ledger, f->clock);
    log = std::make_unique<IssueLog>(*f->db, *f->audit, f->clock);
}

void TestIssueLog::cleanup()
{
    log.reset();
    orders.reset();
    ledger.reset();
    f.reset();
}

Order TestIssueLog::makeOrder(qint64 minor, const QString &transactionId, const QDateTime &at)
{
    f->clock.setNow(at);
    NewOrder n;
    n.outTradeNo = orders->nextOutTradeNo(u"IL"_s, u"T1"_s).value();
    n.provider = u"alipay"_s;
    n.amount = Money::fromMinor(minor);
    n.till = u"T1"_s;
    const Order created = orders->create(n).value();
    OrderChange c;
    c.transactionId = transactionId;
    (void)orders->transition(created.outTradeNo, OrderStatus::Pending);
    return orders->transition(created.outTradeNo, OrderStatus::Paid, c).value();
}

void TestIssueLog::openWithOrderAndOnItsOwn()
{
    const Order o = makeOrder(1234, u"2026030222001111"_s, f->clock.nowUtc());
    NewIssue n;
    n.outTradeNo = o.outTradeNo;
    n.reported = CustomerIssue::Report::ChargedTwice;
    n.contact = u"138 0013 8000"_s;
    auto a = log->open(n, u"bob"_s);
    QVERIFY2(a.ok(), a.ok() ? "" : qPrintable(a.error().message));
    QCOMPARE(a.value().outTradeNo, o.outTradeNo);
    QVERIFY(a.value().open);
    QVERIFY(a.value().lookedUp); // logged from an order: it was looked up
    QCOMPARE(a.value().contact, u"138 0013 8000"_s);
    NewIssue alone;
    alone.reported = CustomerIssue::Report::Other;
    alone.description = u"Asks whether we take foreign cards"_s;
    auto b = log->open(alone, u"bob"_s);
    QVERIFY(b.ok());
    QVERIFY(b.value().outTradeNo.isEmpty());
    QVERIFY(!b.value().lookedUp);
    QCOMPARE(log->list().value().size(), 2);
    QCOMPARE(f->auditCount(u"issue.opened"_s), 2);
    // The contact never goes into the audit log.
    AuditFilter filter;
    filter.action = u"issue.opened"_s;
    const auto entries = f->audit->query(filter);
    QVERIFY(entries.ok());
    for (const AuditEntry &e : entries.value())
        QVERIFY(!QJsonDocument(e.details).toJson().contains("138"));
}

void TestIssueLog::badInputIsRefusedAndLosesNothing()
{
    NewIssue n;
    n.reported = CustomerIssue::Report::Other;
    auto r = log->open(n, u"bob"_s);
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, u"issues.no_description"_s);
    n.outTradeNo = u"NO-SUCH-ORDER"_s;
    n.reported = CustomerIssue::Report::PaymentFailed;
    r = log->open(n, u"bob"_s);
    QCOMPARE(r.error().code, u"issues.no_such_order"_s);
    n.outTradeNo.clear();
    n.contact = QString(IssueLog::MaxContactLength + 1, u'1');
    r = log->open(n, u"bob"_s);
    QCOMPARE(r.error().code, u"issues.contact_too_long"_s);
    QCOMPARE(log->list().value().size(), 0);
    QCOMPARE(f->auditCount(u"issue.opened"_s), 0);
}

void TestIssueLog::checklistAndResolution()
{
    NewIssue n;
    n.reported = CustomerIssue::Report::RefundNotReceived;
    const qint64 id = log->open(n, u"bob"_s).value().id;
    QVERIFY(log->setStep(id, CustomerIssue::Step::LookedUp, true, u"bob"_s).ok());
    QVERIFY(log->setMoneyMoved(id, MoneyCheck::Moved::Yes, u"bob"_s).ok());
    QVERIFY(log->setStep(id, CustomerIssue::Step::ProviderContacted, true, u"bob"_s).ok());
    QVERIFY(log->linkRefund(id, u"RF-CASE-7"_s).ok());
    auto issue = log->byId(id).value();
    QVERIFY(issue->lookedUp && issue->moneyConfirmed && issue->providerContacted);
    QVERIFY(!issue->refundedOrExplained);
    QCOMPARE(issue->moneyMoved, MoneyCheck::Moved::Yes);
    QCOMPARE(issue->refundRequestNos, QStringList{u"RF-CASE-7"_s});
    auto noOutcome = log->resolve(id, u" "_s, u"bob"_s);
    QCOMPARE(noOutcome.error().code, u"issues.no_outcome"_s);
    QVERIFY(log->resolve(id, u"Refund had arrived; showed the customer"_s, u"bob"_s).ok());
    issue = log->byId(id).value();
    QVERIFY(!issue->open);
    QCOMPARE(issue->resolvedBy, u"bob"_s);
    QCOMPARE(log->list(true).value().size(), 0);
    // Closed is closed.
    QCOMPARE(log->setStep(id, CustomerIssue::Step::LookedUp, false, u"bob"_s).error().code,
             u"issues.not_open"_s);
    QCOMPARE(f->auditCount(u"issue.resolved"_s), 1);
    QCOMPARE(f->auditCount(u"issue.updated"_s), 3);
}

void TestIssueLog::csvExportContent()
{
    const Order o = makeOrder(880, u"2026030222002222"_s, f->clock.nowUtc());
    NewIssue n;
    n.outTradeNo = o.outTradeNo;
    n.reported = CustomerIssue::Report::PaymentFailed;
    n.description = u"Says \"failed\", money gone, 付款失败"_s;
    n.contact = u"13800138000"_s;
    const qint64 id = log->open(n, u"bob"_s).value().id;
    QVERIFY(log->setMoneyMoved(id, MoneyCheck::Moved::No, u"bob"_s).ok());
    QVERIFY(log->resolve(id, u"Explained, no money taken"_s, u"bob"_s).ok());
    auto csv = log->exportCsv(log->list().value(), u"bob"_s);
    QVERIFY(csv.ok());
    QVERIFY(csv.value().startsWith("\xEF\xBB\xBF"));
    const QStringList lines =
        QString::fromUtf8(csv.value().mid(3)).split(u"\r\n"_s, Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.first(),
             u"id,opened_at,status,reported,out_trade_no,description,looked_up,money_confirmed,"
             "money_moved,refunded_or_explained,provider_contacted,cases,refunds,outcome,"
             "opened_by,resolved_at,resolved_by"_s);
    const QString row = lines.at(1);
    QVERIFY(row.startsWith(QString::number(id) + u','));
    QVERIFY(row.contains(u",resolved,payment_failed,"_s + o.outTradeNo + u','));
    QVERIFY(row.contains(u"\"Says \"\"failed\"\", money gone, 付款失败\""_s));
    QVERIFY(row.contains(u",yes,yes,no,no,no,"_s));
    QVERIFY(row.contains(u",Explained, no money taken,"_s) ||
            row.contains(u",\"Explained, no money taken\","_s));
    QVERIFY(!row.contains(u"13800138000"_s)); // no contact in exports
    QCOMPARE(f->auditCount(u"issue.exported"_s), 1);
}

void TestIssueLog::csvDefusesFormulas()
{
    NewIssue n;
    n.reported = CustomerIssue::Report::Other;
    n.description = u"=HYPERLINK(\"http://evil\")"_s;
    QVERIFY(log->open(n, u"bob"_s).ok());
    const QString csv = QString::fromUtf8(IssueLog::toCsv(log->list().value()));
    QVERIFY(csv.contains(u"\"'=HYPERLINK(\"\"http://evil\"\")\""_s));
}

void TestIssueLog::lookupByTransactionIdOrderNumberOrAmount()
{
    const QDateTime t0(QDate(2026, 3, 2), QTime(3, 0), Qt::UTC);
    const Order a = makeOrder(1250, u"2026030222003333444455556666"_s, t0);
    const Order b = makeOrder(1250, u"2026030222007777"_s, t0.addSecs(600));
    const Order c = makeOrder(990, u"2026030222008888"_s, t0.addSecs(700));
    PaymentLookup lookup(orders->queries(), {});
    PaymentSearch s;
    s.reference = u" 2026 0302 2200 3333 4444 5555 6666 "_s; // as read off a phone
    auto found = lookup.find(s);
    QVERIFY(found.ok());
    QCOMPARE(found.value().size(), 1);
    QCOMPARE(found.value().first().outTradeNo, a.outTradeNo);
    s.reference = b.outTradeNo.toLower(); // the receipt's number, typed in any case
    QCOMPARE(lookup.find(s).value().first().outTradeNo, b.outTradeNo);
    s.reference.clear();
    s.amount = Money::fromMinor(1250);
    s.from = t0.addSecs(-60);
    s.to = t0.addSecs(3600);
    found = lookup.find(s);
    QCOMPARE(found.value().size(), 2);
    QCOMPARE(found.value().first().outTradeNo, b.outTradeNo); // newest first
    s.to = t0.addSecs(300);
    QCOMPARE(lookup.find(s).value().size(), 1);
    s.provider = u"cash"_s;
    QCOMPARE(lookup.find(s).value().size(), 0);
    Q_UNUSED(c);
}

void TestIssueLog::lookupRefusesBadInput()
{
    PaymentLookup lookup(orders->queries(), {});
    PaymentSearch s;
    QCOMPARE(lookup.find(s).error().code, u"lookup.nothing"_s);
    s.amount = Money::fromMinor(100);
    QCOMPARE(lookup.find(s).error().code, u"lookup.no_window"_s);
    s.from = f->clock.nowUtc();
    s.to = s.from.addSecs(-1);
    QCOMPARE(lookup.find(s).error().code, u"lookup.bad_window"_s);
    s.to = s.from.addDays(PaymentLookup::MaxWindowDays + 1);
    QCOMPARE(lookup.find(s).error().code, u"lookup.window_too_long"_s);
}

void TestIssueLog::customerHelpInBothLanguages()
{
    const auto en = CustomerHelp::textIn(u"en"_s, CustomerHelp::Situation::Refunded,
                                         Money::fromMinor(1250), u"Wallet"_s);
    QVERIFY(en.nextStep.contains(u"12.50"_s));
    QVERIFY(en.nextStep.contains(u"Wallet"_s));
    QVERIFY(en.safetyTip.contains(u"password"_s));
    const auto failed = CustomerHelp::textIn(u"en"_s, CustomerHelp::Situation::PaymentFailed,
                                             Money::fromMinor(1250), u"Wallet"_s);
    QVERIFY(failed.safetyTip.contains(u"payee"_s));
    QCOMPARE(CustomerHelp::otherLanguage(u"zh_CN"_s), u"en"_s);
    QCOMPARE(CustomerHelp::otherLanguage(u"en"_s), u"zh_CN"_s);
    // The Chinese text comes from the catalogue; until a string is translated, the English one.
    const auto zh = CustomerHelp::textIn(u"zh_CN"_s, CustomerHelp::Situation::Refunded,
                                         Money::fromMinor(1250), u"Wallet"_s);
    QVERIFY(!zh.nextStep.isEmpty());
    QVERIFY(zh.nextStep.contains(u"12.50"_s));
}

QTEST_GUILESS_MAIN(TestIssueLog)
#include "tst_issuelog.moc"
