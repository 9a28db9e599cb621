// `make run` on a fresh data folder: the real TillController opens the first-run wizard; the
// sandbox way is clicked through (owner, two-factor, the embedded sandbox's merchant account)
// and the till then takes a payment from its checkout view, paid in the sandbox. A second start
// asks for a login, not the wizard.
#include "testappcontext.h"
#include "testsandbox.h"

#include "app/providersetup.h"
#include "app/tillcontroller.h"
#include "core/checkout/checkoutservice.h"
#include "core/crypto/otp.h"
#include "core/orders/orderqueries.h"
#include "core/storage/database.h"
#include "core/util/translations.h"
#include "ui/checkout/checkoutview.h"
#include "ui/mainwindow.h"
#include "ui/onboarding/onboardingwizard.h"
#include "ui/onboarding/ownerstep.h"
#include "ui/onboarding/sandboxstep.h"
#include "ui/security/logindialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {
const QString kPassword = u"Till-Owner-2026!x"_s;

template <typename T> T *child(QWidget *w, const QString &name)
{
    T *c = w ? w->findChild<T *>(name) : nullptr;
    if (!c)
        qWarning() << "missing child" << name;
    return c;
}

void type(QLineEdit *edit, const QString &text)
{
    edit->clear();
    QTest::keyClicks(edit, text);
}
} // namespace

class TestFirstRun : public QObject
{
    Q_OBJECT
private slots:
    void sandboxWayFromAFreshDataDirToAPayment()
    {
        test::TestAppContext ctx;
        QCOMPARE(ctx.create(), QString()); // the embedded sandbox, as `make run`
        Translations translations;
        translations.use(u"en"_s);
        TillController till(*ctx, translations);

        QString driveError = u"the wizard never opened"_s;
        OnboardingWizard *w = nullptr;
        const auto drive = [&] {
            if (!QTest::qWaitFor(
                    [&] {
                        w = qobject_cast<OnboardingWizard *>(QApplication::activeModalWidget());
                        return w && w->isVisible();
                    },
                    10000))
                return;
            driveError = u"welcome"_s;
            if (w->currentId() != onboarding::WelcomePage || w->way() != onboarding::Way::Sandbox)
                return;
            w->next();
            driveError = u"owner"_s;
            type(child<QLineEdit>(w, u"ownerNameEdit"_s), u"olivia"_s);
            type(child<QLineEdit>(w, u"passwordEdit"_s), kPassword);
            type(child<QLineEdit>(w, u"confirmEdit"_s), kPassword);
            QTest::mouseClick(child<QPushButton>(w, u"createOwnerButton"_s), Qt::LeftButton);
            const QString uri = qobject_cast<OwnerStep *>(w->currentPage())->otpauthUri();
            const QString secret = uri.section(u"secret="_s, 1).section(u'&', 0, 0);
            type(child<QLineEdit>(w, u"codeEdit"_s),
                 crypto::totp(crypto::base32Decode(secret).value(),
                              QDateTime::currentSecsSinceEpoch()));
            QTest::mouseClick(child<QPushButton>(w, u"confirmButton"_s), Qt::LeftButton);
            if (!w->currentPage()->isComplete())
                return;
            w->next();
            driveError = u"sandbox"_s;
            if (w->currentId() != onboarding::SandboxPage ||
                !QTest::qWaitFor([&] { return w->currentPage()->isComplete(); }, 30000))
                return;
            QTest::mouseClick(w->button(QWizard::CommitButton), Qt::LeftButton);
            driveError = u"finished"_s;
            if (w->currentId() != onboarding::FinishedPage)
                return;
            driveError.clear();
            QTest::mouseClick(w->button(QWizard::FinishButton), Qt::LeftButton);
        };
        QTimer::singleShot(0, [&] {
            drive();
            if (!driveError.isEmpty() && w) {
                driveError += u" on page "_s + QString::number(w->currentId());
                w->reject(); // end the test instead of waiting on a dialog forever
            }
        });
        // After the wizard the till asks for the drawer's opening float (shifts): not what this
        // test is about, so that dialog is dismissed when it comes.
        QTimer dismiss;
        QObject::connect(&dismiss, &QTimer::timeout, [&] {
            auto *d = qobject_cast<QDialog *>(QApplication::activeModalWidget());
            if (d && !qobject_cast<OnboardingWizard *>(d)) {
                dismiss.stop();
                d->reject();
            }
        });
        dismiss.start(100);
        const bool started = till.start();
        QVERIFY2(driveError.isEmpty(), qPrintable(u"stuck at: "_s + driveError));
        QVERIFY(started);
        QVERIFY(ctx->providers() && ctx->providers()->isSandbox());
        QCOMPARE(
            ctx->database().scalar(u"SELECT COUNT(*) FROM onboarding_drafts"_s).value()->toInt(),
            0); // finished: the draft is gone

        // The till is open: type an amount, Enter, the QR; the customer pays it in the sandbox.
        auto *window = qobject_cast<MainWindow *>(QApplication::activeWindow());
        if (!window)
            for (QWidget *top : QApplication::topLevelWidgets())
                if (auto *m = qobject_cast<MainWindow *>(top))
                    window = m;
        QVERIFY(window);
        auto *checkout = window->findChild<CheckoutView *>();
        QVERIFY(checkout);
        QVERIFY(QTest::qWaitFor([&] { return checkout->isEnabled(); }, 30000)); // after Recovery
        QSignalSpy paid(checkout, &CheckoutView::salePaid);
        auto *amount = child<QLineEdit>(checkout, u"amountEdit"_s);
        type(amount, u"12.50"_s);
        QTest::keyClick(amount, Qt::Key_Return);
        QString outTradeNo, qr;
        QVERIFY(QTest::qWaitFor(
            [&] {
                auto orders = ctx->orderQueries().list({});
                if (!orders.ok() || orders.value().isEmpty())
                    return false;
                outTradeNo = orders.value().first().outTradeNo;
                qr = orders.value().first().qrCode;
                return !qr.isEmpty();
            },
            20000));
        test::TestSandbox control;
        control.attach(ctx->providers()->sandboxBase());
        control.control(u"/sandbox/pay"_s, QJsonObject{{u"qr"_s, qr}});
        QVERIFY(QTest::qWaitFor([&] { return paid.count() == 1; }, 30000));
        QCOMPARE(paid.first().first().toString(), outTradeNo);
        QCOMPARE(ctx->orderQueries().byOutTradeNo(outTradeNo).value()->status, OrderStatus::Paid);

        // Afterwards the hotlines and support links of the comparison stay in the Help menu.
        QAction *support = window->helpMenu()->findChild<QAction *>(u"providerSupportAction"_s);
        QVERIFY(support);
        QCOMPARE(support->text(), u"Payment provider support…"_s);
        QStringList hotlines;
        QTimer::singleShot(0, [&] {
            QDialog *d = nullptr;
            (void)QTest::qWaitFor(
                [&] {
                    d = qobject_cast<QDialog *>(QApplication::activeModalWidget());
                    return d && d->objectName() == u"providerSupportDialog";
                },
                5000);
            if (!d)
                return;
            for (const QString &id : {u"alipay"_s, u"wechatpay"_s}) {
                auto *box = d->findChild<QWidget *>(u"support_"_s + id);
                QString all;
                for (QLabel *l : box ? box->findChildren<QLabel *>() : QList<QLabel *>())
                    all += l->text() + u'\n';
                hotlines << all;
            }
            d->reject();
        });
        support->trigger();
        QCOMPARE(hotlines.size(), 2);
        QVERIFY2(hotlines.at(0).contains(u"95188"_s) && hotlines.at(0).contains(u"href"_s),
                 qPrintable(hotlines.at(0)));
        QVERIFY2(hotlines.at(1).contains(u"95017"_s) && hotlines.at(1).contains(u"href"_s),
                 qPrintable(hotlines.at(1)));
    }
};

QTEST_MAIN(TestFirstRun)
#include "tst_firstrun.moc"
