// The Cases & refunds view offscreen, clicked through its real widgets, over the real sandbox:
// find a payment by what the customer's phone shows, resolve a case, log a complaint and close
// it; and the customer display's help after a failed payment.

#include "core/cases/caserefunder.h"
#include "core/cases/caserepository.h"
#include "core/cases/issuelog.h"
#include "core/providers/providerregistry.h"
#include "ui/cases/casespanel.h"
#include "ui/cases/casesview.h"
#include "ui/cases/findpaymentpanel.h"
#include "ui/cases/issuespanel.h"
#include "ui/checkout/customerdisplay.h"

#include "casesfixture.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestCasesView : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void findPaymentByTheCustomersTransactionId();
    void resolveACaseFromTheCasesView();
    void refundACaseFromTheCasesView();
    void logAComplaintAndCloseIt();
    void customerDisplayHelpsAfterAFailedPayment();

private:
    QString paidQr(qint64 minor, const QString &buyerId);
    template <typename T> T *child(const char *name)
    {
        T *w = view->findChild<T *>(QString::fromLatin1(name));
        if (!w)
            qWarning("no widget %s", name);
        return w;
    }

    std::unique_ptr<CasesFixture> f;
    ProviderRegistry registry;
    Session session;
    std::unique_ptr<CasesView> view;
};

void TestCasesView::init()
{
    f = std::make_unique<CasesFixture>();
    QCOMPARE(f->start(), QString());
    if (registry.ids().isEmpty())
        registerBuiltinProviders(registry);
    session = f->owner();
    QVERIFY(session.isValid());
    view = std::make_unique<CasesView>(*f->desk, *f->queries, registry);
    view->setSession(&session);
    view->resize(1100, 800);
    view->show();
}

void TestCasesView::cleanup()
{
    view.reset();
    f.reset();
}

QString TestCasesView::paidQr(qint64 minor, const QString &buyerId)
{
    auto out = f->checkout->startQr(Money::fromMinor(minor));
    if (!out.ok() ||
        !QTest::qWaitFor([&] { return f->statusOf(out.value()) == OrderStatus::Pending; }, 5000) ||
        !f->payQr(out.value(), buyerId) ||
        !QTest::qWaitFor([&] { return f->statusOf(out.value()) == OrderStatus::Paid; }, 5000))
        return {};
    return out.value();
}

void TestCasesView::findPaymentByTheCustomersTransactionId()
{
    const QString buyer = f->sandbox->newBuyer().value(u"buyer_id").toString();
    const QString out = paidQr(1999, buyer);
    QVERIFY(!out.isEmpty());
    QVERIFY(!paidQr(2500, buyer).isEmpty()); // another payment that must not match
    const QString tx = f->sandbox->tradeOf(out).value(u"transaction_id").toString();
    QVERIFY(tx.size() > 8);
    // The customer reads the transaction id off their phone, in groups of four.
    QString spaced;
    for (int i = 0; i < tx.size(); i += 4)
        spaced += tx.mid(i, 4) + u' ';
    auto *reference = child<QLineEdit>("lookupReferenceEdit");
    QVERIFY(reference);
    reference->setFocus();
    QTest::keyClicks(reference, spaced);
    QTest::mouseClick(child<QPushButton>("lookupSearchButton"), Qt::LeftButton);
    auto *results = child<QTableWidget>("lookupResults");
    QCOMPARE(results->rowCount(), 1);
    QCOMPARE(results->item(0, 1)->text(), out);
    QCOMPARE(results->item(0, 5)->text(), tx);
    QVERIFY(child<QLabel>("lookupDetail")->text().contains(u"95188"_s)); // the hotline
    // Did money move? The provider says yes.
    auto *confirm = child<QPushButton>("lookupConfirmButton");
    QVERIFY(confirm->isEnabled());
    QTest::mouseClick(confirm, Qt::LeftButton);
    auto *moved = child<QLabel>("lookupMovedLabel");
    QTRY_COMPARE_WITH_TIMEOUT(moved->property("moved").toString(), u"yes"_s, 5000);
    QVERIFY(moved->text().contains(u"19.99"_s));
    // A number nobody knows: a clear message, no rows.
    reference->clear();
    QTest::keyClicks(reference, u"2026000000000000"_s);
    QTest::keyClick(reference, Qt::Key_Return);
    QCOMPARE(results->rowCount(), 0);
    QVERIFY(!child<QLabel>("lookupMessage")->text().isEmpty());
}

void TestCasesView::resolveACaseFromTheCasesView()
{
    const QString buyer = f->sandbox->newBuyer().value(u"buyer_id").toString();
    QVERIFY(!paidQr(700, buyer).isEmpty());
    const QString later = paidQr(700, buyer);
    QVERIFY(!later.isEmpty());
    view->showTab(CasesView::Tab::Cases);
    auto *table = child<QTableWidget>("casesTable");
    QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 1, 5000);
    table->setCurrentCell(0, 0);
    auto *detail = child<QLabel>("caseDetail");
    QVERIFY(detail->text().contains(later));
    QVERIFY(detail->text().contains(u"7.00"_s));
    auto *dismiss = child<QPushButton>("caseDismissButton");
    QVERIFY(dismiss->isEnabled());
    // Without a reason nothing happens but a message.
    QTest::mouseClick(dismiss, Qt::LeftButton);
    QVERIFY(child<QLabel>("caseMessage")->text().contains(u"reason"_s, Qt::CaseInsensitive));
    QCOMPARE(f->desk->cases().list().value().first().status, CaseStatus::Open);
    QTest::keyClicks(child<QLineEdit>("caseReasonEdit"), u"Two drinks, asked the customer"_s);
    QTest::mouseClick(dismiss, Qt::LeftButton);
    const Case c = f->desk->cases().list().value().first();
    QCOMPARE(c.status, CaseStatus::Dismissed);
    QCOMPARE(c.reason, u"Two drinks, asked the customer"_s);
    QCOMPARE(f->auditCount(u"case.dismissed"_s), 1);
    QCOMPARE(table->rowCount(), 0); // resolved cases are hidden by default
    QTest::mouseClick(child<QCheckBox>("casesShowResolvedCheck"), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 1);
}

void TestCasesView::refundACaseFromTheCasesView()
{
    view->setRefunds({f->refunds.get(), f->operators.get(), f->storeSettings.get(), &session,
                      f->checkout.get(), f->queries.get()},
                     f->desk->refunder());
    const QString buyer = f->sandbox->newBuyer().value(u"buyer_id").toString();
    const QString first = paidQr(1800, buyer);
    const QString later = paidQr(1800, buyer);
    QVERIFY(!first.isEmpty() && !later.isEmpty());
    // Find payment offers the refund dialog for a paid order.
    view->findPayment()->searchReference(first);
    auto *refundOrder = child<QPushButton>("lookupRefundButton");
    QVERIFY(refundOrder);
    QVERIFY(refundOrder->isEnabled());
    view->showTab(CasesView::Tab::Cases);
    auto *table = child<QTableWidget>("casesTable");
    QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 1, 5000);
    table->setCurrentCell(0, 0);
    auto *refund = child<QPushButton>("caseRefundButton");
    QVERIFY(refund->isVisible());
    QVERIFY(refund->isEnabled());
    QTest::keyClicks(child<QLineEdit>("caseReasonEdit"), u"Customer paid twice, one coffee"_s);
    QTest::mouseClick(refund, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(f->desk->cases().list(false).value().first().status,
                              CaseStatus::Refunded, 10000);
    QCOMPARE(f->sandbox->tradeOf(later).value(u"refunded_minor").toInteger(), 1800);
    QCOMPARE(f->sandbox->tradeOf(first).value(u"refunded_minor").toInteger(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>("caseMessage")->text().contains(u"18.00"_s), 5000);
}

void TestCasesView::logAComplaintAndCloseIt()
{
    const QString buyer = f->sandbox->newBuyer().value(u"buyer_id").toString();
    const QString out = paidQr(4200, buyer);
    QVERIFY(!out.isEmpty());
    view->findPayment()->searchReference(out);
    QTest::mouseClick(child<QPushButton>("lookupLogIssueButton"), Qt::LeftButton);
    QCOMPARE(child<QLineEdit>("issueOrderEdit")->text(), out); // carried over
    auto *report = child<QComboBox>("issueReportCombo");
    report->setCurrentIndex(report->findData(int(CustomerIssue::Report::ChargedTwice)));
    QTest::keyClicks(child<QLineEdit>("issueContactEdit"), u"13800138000"_s);
    QTest::mouseClick(child<QPushButton>("issueCreateButton"), Qt::LeftButton);
    auto *table = child<QTableWidget>("issuesTable");
    QCOMPARE(table->rowCount(), 1);
    QVERIFY(child<QLabel>("issueHotlineLabel")->text().contains(u"95188"_s));
    QVERIFY(child<QCheckBox>("issueStep0")->isChecked()); // looked up
    QTest::mouseClick(child<QPushButton>("issueAskProviderButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QCheckBox>("issueStep1")->isChecked(), 5000);
    const qint64 id = f->desk->issues().list().value().first().id;
    QCOMPARE(f->desk->issues().byId(id).value()->moneyMoved, MoneyCheck::Moved::Yes);
    child<QCheckBox>("issueStep2")->click();
    QVERIFY2(child<QCheckBox>("issueStep2")->isChecked(),
             qPrintable(child<QLabel>("issueMessage")->text()));
    QTest::keyClicks(child<QLineEdit>("issueOutcomeEdit"), u"Charged once only; explained"_s);
    QTest::mouseClick(child<QPushButton>("issueResolveButton"), Qt::LeftButton);
    const auto closed = f->desk->issues().byId(id).value();
    QVERIFY(!closed->open);
    QVERIFY(closed->refundedOrExplained);
    QCOMPARE(closed->resolvedBy, u"olivia"_s);
    QCOMPARE(table->rowCount(), 0);
    QTest::mouseClick(child<QCheckBox>("issuesShowResolvedCheck"), Qt::LeftButton);
    QCOMPARE(table->rowCount(), 1);
    const QString path = f->dir.filePath(u"complaints.csv"_s);
    QVERIFY(view->issues()->exportCsvTo(path));
    QFile csv(path);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(csv.readAll());
    QVERIFY(text.contains(out));
    QVERIFY(text.contains(u"charged_twice"_s));
    QVERIFY(!text.contains(u"13800138000"_s));
}

void TestCasesView::customerDisplayHelpsAfterAFailedPayment()
{
    CustomerDisplay display(*f->checkout);
    display.show();
    auto *help = display.findChild<QLabel *>(u"customerHelpLabel"_s);
    QVERIFY(help);
    QVERIFY(!help->isVisible());
    const QString poor = f->sandbox->newAlipayCode(100); // ¥1.00 in the wallet
    auto out = f->checkout->chargeCode(Money::fromMinor(5000), poor);
    QVERIFY(out.ok());
    QTRY_COMPARE_WITH_TIMEOUT(f->statusOf(out.value()), OrderStatus::Failed, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(help->isVisible(), 2000);
    QVERIFY(help->text().contains(u"payee"_s)); // the safety tip
    QVERIFY(help->text().contains(u"another way"_s));
    display.showRefund(Money::fromMinor(1250), u"Wallet"_s, false);
    QVERIFY(help->text().contains(u"12.50"_s));
    QVERIFY(help->text().contains(u"password"_s));
    display.showIdle();
    QVERIFY(!help->isVisible());
}

QTEST_MAIN(TestCasesView)
#include "tst_casesview.moc"
