// The checkout screen, offscreen, taking WeChat Pay against the sandbox's WeChat dialect: a QR
// that decodes from the label's pixels to the weixin:// code and is paid in the sandbox, a
// scanned WeChat payment code routed by its prefix and printed as "WeChat Pay" on the receipt.

#include "core/ledger/ledger.h"
#include "core/providers/providerregistry.h"
#include "core/receipts/escposencoder.h"
#include "core/storage/database.h"
#include "ui/checkout/checkoutview.h"
#include "ui/checkout/receiptactions.h"

#include "checkouttill.h"
#include "qrdecode.h"
#include "wechatpayfixture.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestCheckoutViewWechat : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void qrDecodesToTheWeixinCodeAndGetsPaid();
    void scannedWechatCodeIsPaidAndPrintedAsWechatPay();

private:
    QLineEdit *amountEdit() { return m_till.amountEdit(); }
    QLabel *label(const char *name) { return m_till.label(name); }

    QTemporaryDir m_dir;
    ProviderRegistry m_registry;
    std::unique_ptr<WechatPayFixture> m_sandbox;
    CheckoutTill m_till;
};

void TestCheckoutViewWechat::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    registerBuiltinProviders(m_registry);
    m_sandbox = std::make_unique<WechatPayFixture>();
    QCOMPARE(m_sandbox->start(), QString());
    QCOMPARE(m_till.open(m_dir.filePath(u"ui.db"_s), *m_sandbox->clock, m_sandbox->provider.get(),
                         u"UI02"_s, &m_registry),
             QString());
}

void TestCheckoutViewWechat::cleanupTestCase()
{
    m_till.close();
    m_sandbox.reset();
}

void TestCheckoutViewWechat::init()
{
    amountEdit()->clear();
    amountEdit()->setFocus();
    QTest::qWait(120); // the next key starts a fresh burst
}

void TestCheckoutViewWechat::qrDecodesToTheWeixinCodeAndGetsPaid()
{
    QTest::keyClicks(amountEdit(), u"12.34"_s);
    QTest::keyClick(amountEdit(), Qt::Key_Return);
    QLabel *qr = label("qrLabel");
    QTRY_VERIFY_WITH_TIMEOUT(qr->isVisible() && !qr->pixmap().isNull(), 5000);
    const QString out = m_till.view->currentOrder();
    const QString stored = m_till.service->orders().load(out).value()->qrCode;
    QVERIFY(stored.startsWith(u"weixin://wxpay/bizpayurl?pr="));
    QCOMPARE(decodeQr(qr->pixmap()), stored);
    int http = 0;
    m_sandbox->control(u"/sandbox/pay"_s, QJsonObject{{u"qr"_s, decodeQr(qr->pixmap())}}, &http);
    QCOMPARE(http, 200);
    QTRY_COMPARE_WITH_TIMEOUT(m_till.view->currentSnapshot().status, OrderStatus::Paid, 5000);
    QCOMPARE(label("statusLabel")->text(), u"Paid"_s);
    QCOMPARE(m_till.ledger->balance(u"clearing:wechatpay"_s).value(), 1234);
}

void TestCheckoutViewWechat::scannedWechatCodeIsPaidAndPrintedAsWechatPay()
{
    const QString code = m_sandbox->newWechatCode();
    QTest::keyClicks(amountEdit(), u"8.8"_s);
    QTest::qWait(150); // a person typed the amount; now the scanner fires
    QTest::keyClicks(amountEdit(), code);
    QTest::keyClick(amountEdit(), Qt::Key_Return);
    const QString out = m_till.view->currentOrder();
    QVERIFY(!out.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(m_till.view->currentSnapshot().status, OrderStatus::Paid, 5000);
    const Order o = *m_till.service->orders().load(out).value();
    QCOMPARE(o.kind, OrderKind::Code);
    QCOMPARE(o.provider, u"wechatpay"_s); // routed by the code's prefix, nobody chose
    QCOMPARE(o.amount.minor(), 880);
    QCOMPARE(m_sandbox->chargesFor(out), 1);

    const ReceiptData receipt =
        receiptactions::receiptOf(o, *m_till.service, receiptactions::Copy::Original);
    QCOMPARE(receipt.providerDisplayName(), u"WeChat Pay"_s);
    // On the receipt printer's paper too (ESC/POS).
    QVERIFY(EscPosEncoder().encode(receipt).contains(EscPosEncoder::text(u"WeChat Pay"_s)));
    const QString pdf = m_dir.filePath(u"wechat.pdf"_s);
    QVERIFY(
        receiptactions::writePdf(o, *m_till.service, receiptactions::Copy::Original, pdf, QLocale())
            .ok());
    QFile f(pdf);
    QVERIFY(f.open(QIODevice::ReadOnly) && f.read(5) == "%PDF-");
}

QTEST_MAIN(TestCheckoutViewWechat)
#include "tst_checkoutview_wechat.moc"
