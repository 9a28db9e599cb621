// The refund from the Orders view, offscreen with real widgets: select a paid order, F6 / Refund…,
// a partial amount, a reason, Enter; the progress until the sandbox's answer; the refund receipt
// as a PDF. A cashier's refund above the limit waits for a manager's password and valid code.
#include "core/crypto/crypto.h"
#include "core/security/operatorservice.h"
#include "core/settings/storesettings.h"
#include "core/storage/settingsstore.h"
#include "ui/checkout/ordersview.h"
#include "ui/refunds/refunddialog.h"

#include "refundtestkit.h"
#include "testappcontext.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>

using namespace paydesk;
using namespace paydesk::test;

namespace {
const QString kOwnerPassword = RefundStaff::ownerPassword;
const QString kManagerPassword = RefundStaff::managerPassword;
const QString kCashierPassword = RefundStaff::cashierPassword;
} // namespace

class TestRefundDialog : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void refundPartOfAnOrderFromTheOrdersView();
    void cashierAboveTheLimitNeedsAManager();

private:
    /// Opens the refund dialog of \a outTradeNo from an Orders view working as \a session.
    RefundDialog *openDialog(OrdersView &view, const QString &outTradeNo)
    {
        view.findChild<QCheckBox *>(QStringLiteral("allDatesCheck"))->setChecked(true);
        view.refresh();
        view.selectOrder(outTradeNo);
        if (view.selectedOrder() != outTradeNo)
            return nullptr;
        auto *button = view.findChild<QPushButton *>(QStringLiteral("refundButton"));
        if (!button || !button->isVisible() || !button->isEnabled())
            return nullptr;
        view.activateWindow();
        if (!QTest::qWaitForWindowActive(&view))
            return nullptr;
        QTest::keyClick(&view, Qt::Key_F6); // keyboard-first: F6 opens it
        RefundDialog *dialog = nullptr;
        const auto visibleDialog = [&] {
            for (RefundDialog *d : view.findChildren<RefundDialog *>())
                if (d->isVisible())
                    dialog = d;
            return dialog != nullptr;
        };
        return QTest::qWaitFor(visibleDialog, 2000) ? dialog : nullptr;
    }
    QString managerCode(int stepOffset = 0) const { return m_staff.managerCode(stepOffset); }
    RefundTools tools(Session &session)
    {
        return {&m_ctx->refunds(), &m_ctx->operators(), &m_ctx->storeSettings(),
                &session,          &m_ctx->checkout(),  &m_ctx->orderQueries()};
    }

    TestSandbox m_sandbox;
    TestAppContext m_ctx;
    RefundStaff m_staff;
};

void TestRefundDialog::initTestCase()
{
    QVERIFY(m_sandbox.startServer().isEmpty());
    const QString started = m_ctx.createStarted(m_sandbox.baseUrl());
    QVERIFY2(started.isEmpty(), qPrintable(started));
    const QString staff = m_staff.create(m_ctx->operators());
    QVERIFY2(staff.isEmpty(), qPrintable(staff));
}

void TestRefundDialog::refundPartOfAnOrderFromTheOrdersView()
{
    const QString provider = sandboxProviders(m_ctx->providerRegistry()).value(0);
    const auto order = paidOrder(*m_ctx, m_sandbox, provider, 1000);
    QVERIFY(order);
    auto session = m_ctx->operators().authenticate(QStringLiteral("olivia"), kOwnerPassword);
    QVERIFY(session.ok());
    OrdersView view(m_ctx->checkout(), m_ctx->orderQueries());
    view.setRefunds(tools(session.value()));
    view.resize(1000, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    RefundDialog *dialog = openDialog(view, order->outTradeNo);
    QVERIFY(dialog);
    auto *amount = dialog->findChild<QLineEdit *>(QStringLiteral("refundAmountEdit"));
    auto *remainder = dialog->findChild<QLabel *>(QStringLiteral("refundRemainderLabel"));
    auto *status = dialog->findChild<QLabel *>(QStringLiteral("refundStatusLabel"));
    QVERIFY(amount && remainder && status);
    QVERIFY2(remainder->text().contains(QStringLiteral("10.00")), qPrintable(remainder->text()));
    QCOMPARE(amount->text(), QStringLiteral("10.00")); // the full refund is prefilled
    QVERIFY(!dialog->findChild<QGroupBox *>(QStringLiteral("refundApprovalBox"))->isVisible());
    // Bad input: a clear message, nothing refunded.
    amount->setFocus();
    amount->selectAll();
    QTest::keyClicks(amount, QStringLiteral("3.456"));
    QTest::keyClick(amount, Qt::Key_Return);
    QVERIFY(!status->text().isEmpty());
    QVERIFY(!dialog->record());
    // A partial refund: amount, Tab to the reason, pick one, Enter.
    amount->selectAll();
    QTest::keyClicks(amount, QStringLiteral("3.00"));
    auto *reason = dialog->findChild<QComboBox *>(QStringLiteral("refundReasonCombo"));
    reason->setCurrentIndex(reason->findData(QStringLiteral("goods_returned")));
    QTest::keyClick(amount, Qt::Key_Return);
    QVERIFY(QTest::qWaitFor(
        [&] { return dialog->record() && dialog->record()->status == u"SUCCESS"; }, 15000));
    QVERIFY2(status->text().contains(QStringLiteral("3.00")), qPrintable(status->text()));
    QVERIFY2(remainder->text().contains(QStringLiteral("7.00")), qPrintable(remainder->text()));
    QCOMPARE(sandboxRefunded(m_sandbox, order->outTradeNo), 300);
    const auto stored = m_ctx->orderQueries().byOutTradeNo(order->outTradeNo).value();
    QCOMPARE(stored->status, OrderStatus::PartiallyRefunded);
    QCOMPARE(stored->refundedMinor, 300);
    QCOMPARE(dialog->record()->reason, QStringLiteral("goods_returned"));
    // The refund receipt.
    auto *pdfButton = dialog->findChild<QPushButton *>(QStringLiteral("refundReceiptPdfButton"));
    QVERIFY(pdfButton->isEnabled());
    QTemporaryDir out;
    const QString pdf = out.filePath(QStringLiteral("refund.pdf"));
    QVERIFY(dialog->saveReceiptPdf(pdf).ok());
    QVERIFY(QFileInfo(pdf).size() > 1000);
    // The Orders view shows the new state once the dialog is closed.
    dialog->reject();
    QVERIFY(QTest::qWaitFor(
        [&] {
            return view.findChild<QLabel *>(QStringLiteral("detailLabel"))
                ->text()
                .contains(QStringLiteral("3.00"));
        },
        3000));
    // A second dialog offers what is left.
    RefundDialog *again = openDialog(view, order->outTradeNo);
    QVERIFY(again);
    QCOMPARE(again->findChild<QLineEdit *>(QStringLiteral("refundAmountEdit"))->text(),
             QStringLiteral("7.00"));
    again->reject();
}

void TestRefundDialog::cashierAboveTheLimitNeedsAManager()
{
    QVERIFY(SettingsStore(m_ctx->database())
                .setValue(QStringLiteral("security.refund_limit_minor"), QStringLiteral("100"))
                .ok());
    const QString provider = sandboxProviders(m_ctx->providerRegistry()).value(0);
    const auto order = paidOrder(*m_ctx, m_sandbox, provider, 500);
    QVERIFY(order);
    auto session = m_ctx->operators().authenticate(QStringLiteral("carl"), kCashierPassword);
    QVERIFY(session.ok());
    OrdersView view(m_ctx->checkout(), m_ctx->orderQueries());
    view.setRefunds(tools(session.value()));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    RefundDialog *dialog = openDialog(view, order->outTradeNo);
    QVERIFY(dialog);
    auto *amount = dialog->findChild<QLineEdit *>(QStringLiteral("refundAmountEdit"));
    auto *box = dialog->findChild<QGroupBox *>(QStringLiteral("refundApprovalBox"));
    auto *status = dialog->findChild<QLabel *>(QStringLiteral("refundStatusLabel"));
    auto *submit = dialog->findChild<QPushButton *>(QStringLiteral("refundSubmitButton"));
    amount->selectAll();
    QTest::keyClicks(amount, QStringLiteral("2.00"));
    QVERIFY(box->isVisible());
    // No manager: refused, nothing refunded.
    submit->click();
    QVERIFY(!dialog->record());
    QVERIFY(!status->text().isEmpty());
    // The manager's password with a wrong code: refused.
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("approverNameEdit"));
    auto *password = dialog->findChild<QLineEdit *>(QStringLiteral("approverPasswordEdit"));
    auto *code = dialog->findChild<QLineEdit *>(QStringLiteral("approverCodeEdit"));
    const QString good = managerCode();
    name->setText(QStringLiteral("mia"));
    password->setText(kManagerPassword);
    code->setText(good == u"000000" ? QStringLiteral("111111") : QStringLiteral("000000"));
    submit->click();
    QVERIFY(!dialog->record());
    QCOMPARE(sandboxRefunded(m_sandbox, order->outTradeNo), 0);
    // Password and the current code: approved and refunded.
    password->setText(kManagerPassword);
    code->setText(good);
    submit->click();
    QVERIFY(QTest::qWaitFor(
        [&] { return dialog->record() && dialog->record()->status == u"SUCCESS"; }, 15000));
    QCOMPARE(dialog->record()->approvedBy, QStringLiteral("mia"));
    QCOMPARE(dialog->record()->operatorName, QStringLiteral("carl"));
    QCOMPARE(sandboxRefunded(m_sandbox, order->outTradeNo), 200);
    dialog->reject();
    QVERIFY(SettingsStore(m_ctx->database())
                .setValue(QStringLiteral("security.refund_limit_minor"), QStringLiteral("50000"))
                .ok());
}

QTEST_MAIN(TestRefundDialog)
#include "tst_refunddialog.moc"
