// The shift dialogs clicked offscreen with real widgets over a real book: the opening float,
// the close-out with the live difference, Enter to close, the manager's confirmation of a
// difference over the limit, the count by banknote, and the announcements page without a
// speech engine.

#include "core/announce/announcer.h"
#include "ui/announce/announcementsettingspage.h"
#include "ui/announce/speechannouncer.h"
#include "ui/shifts/cashentrydialog.h"
#include "ui/shifts/closeshiftdialog.h"
#include "ui/shifts/managerapprovaldialog.h"

#include "shiftfixture.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTest>
#include <QTimer>

using namespace paydesk;
using namespace paydesk::testing;
using namespace Qt::StringLiterals;

class TestShiftDialogs : public QObject
{
    Q_OBJECT

    ShiftFixture fx;

    CloseShiftDialog::Context context(qint64 shiftId)
    {
        return {fx.shifts.get(),
                fx.f.operators.get(),
                shiftId,
                u"carl"_s,
                Money::fromMinor(2000),
                u"Tea House"_s,
                {{u"wechatpay"_s, u"WeChat Pay"_s}}};
    }

private slots:
    void init()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        fx = {};
        QVERIFY(fx.init());
    }
    void cleanup()
    {
        fx.shifts.reset();
        fx.orders.reset();
        fx.ledger.reset();
        fx.f.operators.reset();
        fx.f.audit.reset();
        fx.f.settings.reset();
        fx.f.db.reset();
    }

    void openingFloatIsTypedAndEntered()
    {
        CashEntryDialog dialog(CashEntryDialog::Mode::OpeningFloat);
        dialog.show();
        auto *amount = dialog.findChild<QLineEdit *>(u"cashAmountEdit"_s);
        QVERIFY(amount);
        QTest::keyClicks(amount, u"12,x"_s);
        QTest::keyClick(amount, Qt::Key_Return);
        QVERIFY(dialog.isVisible()); // refused, with the reason shown
        QVERIFY(!dialog.findChild<QLabel *>(u"cashEntryError"_s)->text().isEmpty());
        amount->clear();
        QTest::keyClicks(amount, u"200.50"_s);
        QTest::keyClick(amount, Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.amount().minor(), 20050);
    }

    void closeWithCountAndEnter()
    {
        auto opened = fx.shifts->open(ShiftFixture::till, u"carl"_s, Money::fromMinor(20000));
        QVERIFY(opened.ok());
        QVERIFY(!fx.sell(u"cash"_s, OrderKind::Cash, 3550).isEmpty());
        QVERIFY(!fx.sell(u"wechatpay"_s, OrderKind::Code, 2880).isEmpty());
        CloseShiftDialog dialog(context(opened.value().id));
        dialog.show();
        auto *counted = dialog.findChild<QLineEdit *>(u"countedCashEdit"_s);
        auto *difference = dialog.findChild<QLabel *>(u"shiftDifference"_s);
        QVERIFY(counted && difference);
        QVERIFY(difference->text().contains(u"235.50"_s)); // expected before typing
        QTest::keyClicks(counted, u"233.50"_s);
        QCOMPARE(difference->text(), u"Short by ¥2.00"_s);
        QTest::keyClick(counted, Qt::Key_Return);
        QVERIFY(dialog.isVisible()); // a reason is needed for a difference
        QVERIFY(dialog.findChild<QLabel *>(u"closeShiftError"_s)->text().contains(u"why"_s));
        dialog.findChild<QComboBox *>(u"differenceReason"_s)->setCurrentIndex(1);
        QTest::keyClick(counted, Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.closed().shift.difference->minor(), -200);
        QVERIFY(!fx.shifts->current(ShiftFixture::till).value());
    }

    void countByBanknoteFillsTheTotal()
    {
        auto opened = fx.shifts->open(ShiftFixture::till, u"carl"_s, Money::fromMinor(12050));
        QVERIFY(opened.ok());
        CloseShiftDialog dialog(context(opened.value().id));
        dialog.show();
        dialog.findChild<QCheckBox *>(u"countByDenomination"_s)->setChecked(true);
        dialog.findChild<QSpinBox *>(u"denomination10000"_s)->setValue(1);
        dialog.findChild<QSpinBox *>(u"denomination1000"_s)->setValue(2);
        dialog.findChild<QSpinBox *>(u"denomination50"_s)->setValue(1);
        auto *counted = dialog.findChild<QLineEdit *>(u"countedCashEdit"_s);
        QCOMPARE(counted->text(), u"120.50"_s);
        QVERIFY(counted->isReadOnly());
        QVERIFY(dialog.findChild<QLabel *>(u"shiftDifference"_s)->text().contains(u"matches"_s));
        dialog.findChild<QPushButton *>(u"closeShiftButton"_s)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.closed().shift.denominations.value(1000), 2);
    }

    void differenceOverLimitAsksAManager()
    {
        const Session mona = fx.manager();
        QVERIFY(mona.isValid());
        auto opened = fx.shifts->open(ShiftFixture::till, u"carl"_s, Money::fromMinor(10000));
        QVERIFY(opened.ok());
        CloseShiftDialog dialog(context(opened.value().id));
        dialog.show();
        auto *counted = dialog.findChild<QLineEdit *>(u"countedCashEdit"_s);
        QTest::keyClicks(counted, u"50"_s);
        QVERIFY(dialog.findChild<QLabel *>(u"shiftDifference"_s)->text().contains(u"manager"_s));
        dialog.findChild<QComboBox *>(u"differenceReason"_s)->setCurrentIndex(3);

        // First a wrong code: refused inside the approval dialog; then cancelled.
        QTimer::singleShot(0, this, [this] {
            auto *approval =
                qobject_cast<ManagerApprovalDialog *>(QApplication::activeModalWidget());
            QVERIFY(approval);
            approval->findChild<QLineEdit *>(u"approverName"_s)->setText(u"mona"_s);
            approval->findChild<QLineEdit *>(u"approverPassword"_s)->setText(kManagerPassword);
            approval->findChild<QLineEdit *>(u"approverCode"_s)->setText(u"000000"_s);
            approval->findChild<QPushButton *>(u"approverOk"_s)->click();
            QVERIFY(approval->isVisible());
            QVERIFY(!approval->findChild<QLabel *>(u"approverError"_s)->text().isEmpty());
            approval->reject();
        });
        dialog.findChild<QPushButton *>(u"closeShiftButton"_s)->click();
        QVERIFY(dialog.isVisible());
        QVERIFY(fx.shifts->current(ShiftFixture::till).value());

        fx.f.clock.advance(31000); // the next TOTP step
        QTimer::singleShot(0, this, [this] {
            auto *approval =
                qobject_cast<ManagerApprovalDialog *>(QApplication::activeModalWidget());
            QVERIFY(approval);
            approval->findChild<QLineEdit *>(u"approverName"_s)->setText(u"mona"_s);
            approval->findChild<QLineEdit *>(u"approverPassword"_s)->setText(kManagerPassword);
            approval->findChild<QLineEdit *>(u"approverCode"_s)
                ->setText(fx.f.code(fx.managerSecret));
            approval->findChild<QPushButton *>(u"approverOk"_s)->click();
        });
        dialog.findChild<QPushButton *>(u"closeShiftButton"_s)->click();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.closed().shift.approvedBy, u"mona"_s);
    }

    void announcementsPageWithoutSpeechEngine()
    {
        AnnouncementSettings settings(*fx.f.settings, *fx.f.audit);
        SpeechAnnouncer speech(u"no-such-engine"_s);
        QVERIFY(!speech.available());
        AnnouncementSettingsPage page(settings, speech, [] { return u"carl"_s; });
        page.show();
        auto *note = page.findChild<QLabel *>(u"speechEngineNote"_s);
        QVERIFY(note->isVisible());
        QVERIFY(note->text().contains(u"espeak-ng"_s));
        QVERIFY(!page.findChild<QPushButton *>(u"announceTestButton"_s)->isEnabled());
        speech.say(u"silently dropped"_s); // nothing blocks, nothing crashes
        // The preferences still save (and are audited).
        page.findChild<QCheckBox *>(u"announceRefunds"_s)->setChecked(false);
        QVERIFY(!settings.values().refunds);
        QVERIFY(settings.enabled(AnnouncementEvent::Payment));
        QCOMPARE(fx.f.auditCount(u"settings.changed"_s), 1);
    }
};

QTEST_MAIN(TestShiftDialogs)
#include "tst_shiftdialogs.moc"
