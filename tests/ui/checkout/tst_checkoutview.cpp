// The checkout screens, offscreen, against the real sandbox: type, Enter, decode the QR
// from the label's pixels, pay it in the sandbox, scan a payment code like a scanner does.

#include "core/checkout/paymentcoderouter.h"
#include "core/ledger/ledger.h"
#include "core/storage/database.h"
#include "core/util/translations.h"
#include "ui/checkout/checkoutview.h"
#include "ui/checkout/customerdisplay.h"
#include "ui/checkout/ordersmodel.h"
#include "ui/checkout/ordersview.h"

#include "checkouttill.h"
#include "qrdecode.h"
#include "sandboxfixture.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestCheckoutView : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void badAmountIsRefusedClearly();
    void enterShowsQrThatDecodesAndGetsPaid();
    void scannerBurstChargesPaymentCode();
    void scannerBurstOnAButtonReplacesTheQr();
    void escCancels();
    void typingAfterAnEndedAttemptStartsANewAmount();
    void slowTypingIsNotAScan();
    void cashSaleShowsChange();
    void ordersViewShowsTimelineAndReprints();
    void languageSwitchRetranslatesInPlace();

private:
    QLineEdit *amountEdit() { return m_till.amountEdit(); }
    QLabel *label(const char *name) { return m_till.label(name); }
    int orderCount()
    {
        return m_till.db->scalar(u"SELECT COUNT(*) FROM orders"_s).value()->toInt();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<SandboxFixture> m_sandbox;
    CheckoutTill m_till;
    std::unique_ptr<CustomerDisplay> m_display;
};

void TestCheckoutView::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    m_sandbox = std::make_unique<SandboxFixture>();
    QCOMPARE(m_sandbox->start(), QString());
    QCOMPARE(m_till.open(m_dir.filePath(u"ui.db"_s), m_sandbox->clock, m_sandbox->provider.get(),
                         u"UI01"_s),
             QString());
    m_display = std::make_unique<CustomerDisplay>(*m_till.service);
    m_display->showOnBestScreen();
    QVERIFY(!m_display->onSecondScreen()); // offscreen has one screen
    QVERIFY(m_display->isWindow());
}

void TestCheckoutView::cleanupTestCase()
{
    m_display.reset();
    m_till.close();
    m_sandbox.reset();
}

void TestCheckoutView::init()
{
    // Each test starts from an idle screen with the amount field focused.
    if (m_till.view->currentSnapshot().isOpen() && !m_till.view->currentOrder().isEmpty()) {
        m_till.view->cancelCurrent();
        QTRY_VERIFY_WITH_TIMEOUT(!m_till.view->currentSnapshot().isOpen(), 5000);
    }
    amountEdit()->clear();
    amountEdit()->setFocus();
    QTest::qWait(120); // the next key starts a fresh burst
}

void TestCheckoutView::badAmountIsRefusedClearly()
{
    const int before = orderCount();
    QTest::keyClicks(amountEdit(), u"12.345"_s);
    QTest::keyClick(amountEdit(), Qt::Key_Return);
    QVERIFY(!label("errorLabel")->text().isEmpty());
    QCOMPARE(orderCount(), before);
    amountEdit()->clear();
    QTest::keyClick(amountEdit(), Qt::Key_Return);
    QVERIFY(label("errorLabel")->text().contains(u"amount"));
    QTest::keyClicks(amountEdit(), u"abc"_s);
    QTest::keyClick(amountEdit(), Qt::Key_Return);
    QVERIFY(!label("errorLabel")->text().isEmpty());
    QCOMPARE(orderCount(), before);
}

void TestCheckoutView::enterShowsQrThatDecodesAndGetsPaid()
{
    QTest::keyClicks(amountEdit(), u"12.34"_s);
    QTest::keyClick(amountEdit(), Qt::Key_Return);
    QLabel *qr = label("qrLabel");
    QTRY_VERIFY_WITH_TIMEOUT(qr->isVisible() && !qr->pixmap().isNull(), 5000);
    QVERIFY(qr->pixmap().width() >= 250); // shown large
    const QString out = m_till.view->currentOrder();
    const QString stored = m_till.service->orders().load(out).value()->qrCode;
    QVERIFY(stored.startsWith(u"http://127.0.0.1:"));
    QCOMPARE(decodeQr(qr->pixmap()), stored);
    QCOMPARE(label("orderAmountLabel")->text(), u"¥12.34"_s);
    QVERIFY(label("countdownLabel")->text().contains(u"left"));
    QVERIFY(m_till.view->findChild<QPushButton *>(u"cancelButton"_s)->isEnabled());

    // The customer display mirrors amount and QR.
    auto *customerQr = m_display->findChild<QLabel *>(u"customerQrLabel"_s);
    QCOMPARE(decodeQr(customerQr->pixmap()), stored);
    QCOMPARE(m_display->findChild<QLabel *>(u"customerAmountLabel"_s)->text(), u"¥12.34"_s);

    int http = 0;
    const QJsonObject paid = m_sandbox->control(
        u"/sandbox/pay"_s, QJsonObject{{u"qr"_s, decodeQr(qr->pixmap())}}, &http);
    QCOMPARE(http, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_till.view->currentSnapshot().status, OrderStatus::Paid, 5000);
    QCOMPARE(label("statusLabel")->text(), u"Paid"_s);
    // The paid sale's receipt can be printed (F5) or saved as a PDF (F6).
    QVERIFY(m_till.view->findChild<QPushButton *>(u"printReceiptButton"_s)->isVisible());
    QVERIFY(m_till.view->findChild<QPushButton *>(u"pdfReceiptButton"_s)->isVisible());
    QVERIFY(!qr->isVisible());
    QVERIFY(amountEdit()->text().isEmpty()); // ready for the next sale
    QCOMPARE(m_till.service->orders().load(out).value()->transactionId,
             paid.value(u"transaction_id").toString());
    QVERIFY(
        m_display->findChild<QLabel *>(u"customerStatusLabel"_s)->text().contains(u"Thank you"));
}

void TestCheckoutView::scannerBurstChargesPaymentCode()
{
    const QJsonObject buyer = m_sandbox->newBuyer();
    const QString code = buyer.value(u"alipay_code").toString();
    QTest::keyClicks(amountEdit(), u"25.5"_s);
    QTest::qWait(150); // a person typed the amount; now the scanner fires
    QTest::keyClicks(amountEdit(), code);
    QTest::keyClick(amountEdit(), Qt::Key_Return);
    const QString out = m_till.view->currentOrder();
    QVERIFY(!out.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_till.view->currentSnapshot().status, OrderStatus::Paid, 5000);
    const Order o = *m_till.service->orders().load(out).value();
    QCOMPARE(o.kind, OrderKind::Code);
    QCOMPARE(o.amount.minor(), 2550); // the amount field was restored, not polluted by the code
    QCOMPARE(o.authCodeMasked, PaymentCodeRouter::mask(code));
    QCOMPARE(m_sandbox->chargesFor(out), 1);
    QCOMPARE(m_sandbox->trades(out).first().value(u"buyer_id").toString(),
             buyer.value(u"buyer_id").toString());
}

void TestCheckoutView::scannerBurstOnAButtonReplacesTheQr()
{
    // A QR is on screen; the customer prefers to show a payment code. The scanner's keys
    // arrive while a button has focus: recognised anyway, the QR is closed first.
    QTest::keyClicks(amountEdit(), u"8"_s);
    QTest::keyClick(amountEdit(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(label("qrLabel")->isVisible(), 5000);
    const QString qrOrder = m_till.view->currentOrder();
    const QString sale = m_till.view->currentSale();
    auto *button = m_till.view->findChild<QPushButton *>(u"paymentLinkButton"_s);
    button->setFocus();
    QTest::qWait(120);
    const QJsonObject buyer = m_sandbox->newBuyer();
    QTest::keyClicks(button, buyer.value(u"alipay_code").toString());
    QTest::keyClick(button, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_till.view->currentSnapshot().status, OrderStatus::Paid, 5000);
    const QString codeOrder = m_till.view->currentOrder();
    QVERIFY(codeOrder != qrOrder);
    QCOMPARE(m_till.service->orders().load(qrOrder).value()->status, OrderStatus::Closed);
    QCOMPARE(m_till.service->orders().load(codeOrder).value()->saleId, sale);
    QCOMPARE(m_till.service->orders().load(codeOrder).value()->amount.minor(), 800);
    QCOMPARE(m_sandbox->chargesFor(qrOrder), 0);
    QCOMPARE(m_sandbox->chargesFor(codeOrder), 1);
}

void TestCheckoutView::escCancels()
{
    QTest::keyClicks(amountEdit(), u"3"_s);
    QTest::keyClick(amountEdit(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(label("qrLabel")->isVisible(), 5000);
    const QString out = m_till.view->currentOrder();
    QTest::keyClick(amountEdit(), Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(m_till.view->currentSnapshot().status, OrderStatus::Closed, 5000);
    QVERIFY(!label("qrLabel")->isVisible());
    QVERIFY(label("statusLabel")->text().contains(u"Cancelled"));
    QVERIFY(!label("adviceLabel")->text().isEmpty());
    QCOMPARE(m_till.service->orders().load(out).value()->status, OrderStatus::Closed);
}

void TestCheckoutView::typingAfterAnEndedAttemptStartsANewAmount()
{
    // 12, Enter, Esc, 5 was 125; 66.60, Esc, 15.00 was "66.6015.00".
    QTest::keyClicks(amountEdit(), u"12"_s);
    QTest::keyClick(amountEdit(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(label("qrLabel")->isVisible(), 5000);
    QTest::keyClick(amountEdit(), Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(m_till.view->currentSnapshot().status, OrderStatus::Closed, 5000);
    QCOMPARE(amountEdit()->text(), u"12"_s); // still there: Enter takes the same amount again
    QTest::qWait(120);
    QTest::keyClick(amountEdit(), Qt::Key_5);
    QCOMPARE(amountEdit()->text(), u"5"_s);

    // A failed attempt, and the cashier clicks into the field before typing.
    amountEdit()->clear();
    QTest::keyClicks(amountEdit(), u"66.60"_s);
    QTest::qWait(150);
    const QString poor = m_sandbox->newBuyer(100).value(u"alipay_code"_s).toString();
    QTest::keyClicks(amountEdit(), poor);
    QTest::keyClick(amountEdit(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(m_till.view->currentSnapshot().status, OrderStatus::Failed, 5000);
    QCOMPARE(amountEdit()->text(), u"66.60"_s);
    QTest::mouseClick(amountEdit(), Qt::LeftButton, {}, amountEdit()->rect().center());
    QTest::qWait(120);
    for (const char c : {'1', '5', '.', '0', '0'}) {
        QTest::keyClick(amountEdit(), c);
        QTest::qWait(70);
    }
    QCOMPARE(amountEdit()->text(), u"15.00"_s);
    // Once the cashier has started the new amount, further keys add to it.
    QTest::keyClick(amountEdit(), Qt::Key_Backspace);
    QCOMPARE(amountEdit()->text(), u"15.0"_s);
}

void TestCheckoutView::slowTypingIsNotAScan()
{
    // Sixteen digits typed by a person (slower than a scanner) are an amount, not a code.
    m_till.view->setScannerTiming(50, 16);
    const int before = orderCount();
    for (const QChar c : u"1234567890123456"_s) {
        QTest::keyClick(amountEdit(), c.toLatin1());
        QTest::qWait(70);
    }
    QTest::keyClick(amountEdit(), Qt::Key_Return);
    // Charged by QR (Enter), which the provider refuses or accepts; either way not a code.
    QCOMPARE(amountEdit()->text(), u"1234567890123456"_s);
    if (orderCount() > before)
        QCOMPARE(m_till.service->orders().load(m_till.view->currentOrder()).value()->kind,
                 OrderKind::Qr);
}

void TestCheckoutView::cashSaleShowsChange()
{
    QTest::keyClicks(amountEdit(), u"12.34"_s);
    QTest::keyClick(amountEdit(), Qt::Key_F4);
    auto *tendered = m_till.view->findChild<QLineEdit *>(u"tenderedEdit"_s);
    QTRY_VERIFY(tendered->isVisible());
    QTest::keyClicks(tendered, u"20"_s);
    QCOMPARE(m_till.view->findChild<QLabel *>(u"changeLabel"_s)->text(), u"Change: ¥7.66"_s);
    QTest::keyClick(tendered, Qt::Key_Return);
    QCOMPARE(m_till.view->currentSnapshot().status, OrderStatus::Paid);
    QCOMPARE(m_till.view->currentSnapshot().changeMinor, std::optional<qint64>(766));
    QVERIFY(label("adviceLabel")->text().contains(u"¥7.66"));
    QCOMPARE(m_till.ledger->balance(u"cash"_s).value(), 1234);
}

void TestCheckoutView::ordersViewShowsTimelineAndReprints()
{
    const OrderQueries queries(*m_till.db);
    OrdersView orders(*m_till.service, queries);
    orders.show();
    auto *all = orders.findChild<QWidget *>(u"allDatesCheck"_s);
    QVERIFY(all);
    QVERIFY(orders.model()->rowCount() >= 4);
    auto *search = orders.findChild<QLineEdit *>(u"searchEdit"_s);
    QTest::keyClicks(search, u"12.34"_s);
    QCOMPARE(orders.model()->rowCount(), 2); // the QR sale and the cash sale
    search->clear();
    const QString paidQr = [&] {
        for (int r = 0; r < orders.model()->rowCount(); ++r)
            if (orders.model()->orderAt(r)->kind == OrderKind::Qr &&
                orders.model()->orderAt(r)->status == OrderStatus::Paid)
                return orders.model()->orderAt(r)->outTradeNo;
        return QString();
    }();
    QVERIFY(!paidQr.isEmpty());
    orders.selectOrder(paidQr);
    QCOMPARE(orders.selectedOrder(), paidQr);
    auto *timeline = orders.findChild<QListWidget *>(u"timelineList"_s);
    QVERIFY(timeline->count() >= 3);
    QVERIFY(timeline->item(0)->text().contains(u"CREATED"));
    QVERIFY(timeline->item(timeline->count() - 1)->text().contains(u"PENDING → PAID"));
    QVERIFY(orders.findChild<QPushButton *>(u"reprintPdfButton"_s)->isEnabled());
    const QString pdf = m_dir.filePath(u"reprint.pdf"_s);
    QVERIFY(orders.saveReceiptPdf(pdf).ok());
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QVERIFY(f.read(5) == "%PDF-");
}

void TestCheckoutView::languageSwitchRetranslatesInPlace()
{
    auto *charge = m_till.view->findChild<QPushButton *>(u"chargeQrButton"_s);
    QVERIFY(charge);
    const QString english = charge->text();
    QCOMPARE(english, u"Charge by QR (Enter)"_s);
    Translations translations;
    QVERIFY(translations.use(u"zh_CN"_s));
    QTRY_VERIFY(charge->text() != english);
    QVERIFY(charge->text().contains(u"Enter"_s)); // the key hint stays
    QVERIFY(translations.use(u"en"_s));
    QTRY_COMPARE(charge->text(), english);
}

QTEST_MAIN(TestCheckoutView)
#include "tst_checkoutview.moc"
