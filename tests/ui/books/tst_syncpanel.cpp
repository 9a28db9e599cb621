// The statement sync panel offscreen over the real sandbox: pick a day, click "Sync now", see
// every provider's statement imported and the day's payout due; a payout the sandbox makes late
// shows flagged with the hotline; import a file saved from the merchant portal; a broken file's
// refusal is shown.

#include "core/books/settlementtracker.h"
#include "core/books/statementimporter.h"
#include "core/books/syncservice.h"
#include "core/ledger/ledger.h"
#include "core/money/money.h"
#include "core/providers/providerregistry.h"
#include "core/util/clock.h"
#include "ui/books/syncpanel.h"

#include "app/providersetup.h"

#include "refundtestkit.h"
#include "testappcontext.h"

#include <QApplication>
#include <QDateEdit>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTest>
#include <QTimeZone>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestSyncPanel : public QObject
{
    Q_OBJECT

    TestSandbox m_sandbox;
    TestAppContext m_ctx;

private slots:
    void initTestCase()
    {
        QVERIFY(m_sandbox.startServer().isEmpty());
        const QString started = m_ctx.createStarted(m_sandbox.baseUrl());
        QVERIFY2(started.isEmpty(), qPrintable(started));
    }

    void clickSyncAndSeeTheOutcome()
    {
        const auto order = paidOrder(*m_ctx, m_sandbox, u"alipay"_s, 1880);
        QVERIFY(order);
        SyncPanel panel(m_ctx->statementSync(), m_ctx->statements(), m_ctx->providerRegistry());
        panel.resize(680, 360);
        panel.show();
        auto *day = panel.findChild<QDateEdit *>(u"syncDay"_s);
        auto *syncNow = panel.findChild<QPushButton *>(u"syncNowButton"_s);
        auto *cancel = panel.findChild<QPushButton *>(u"cancelSyncButton"_s);
        auto *outcome = panel.findChild<QLabel *>(u"syncOutcome"_s);
        auto *progress = panel.findChild<QProgressBar *>(u"syncProgress"_s);
        QVERIFY(day && syncNow && cancel && outcome && progress);
        QCOMPARE(day->date(), m_ctx->statementSync().yesterday()); // yesterday by default
        QVERIFY(!cancel->isEnabled());

        const QDate today =
            QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
        day->setDate(today);
        QTest::mouseClick(syncNow, Qt::LeftButton);
        QVERIFY(cancel->isEnabled());
        QVERIFY(!syncNow->isEnabled());
        QVERIFY(QTest::qWaitFor([&] { return syncNow->isEnabled(); }, 30000));
        const QString text = outcome->text();
        QVERIFY2(
            text.contains(u"Alipay, %1: 1 line(s) imported."_s.arg(today.toString(Qt::ISODate))),
            qPrintable(text));
        QVERIFY2(text.contains(u"WeChat Pay, %1: "_s.arg(today.toString(Qt::ISODate))),
                 qPrintable(text));
        QCOMPARE(progress->value(), progress->maximum());
        QVERIFY(!cancel->isEnabled());
        // Today's takings: the payout is due tomorrow (T+1).
        auto *table = panel.findChild<QTableWidget *>(u"settlementTable"_s);
        QVERIFY(table && table->isVisible());
        bool due = false;
        for (int r = 0; r < table->rowCount(); ++r)
            due = due || (table->item(r, 0)->text() == u"Alipay"_s &&
                          table->item(r, 1)->text() == today.toString(Qt::ISODate) &&
                          table->item(r, 4)->text() ==
                              u"Due %1"_s.arg(today.addDays(1).toString(Qt::ISODate)));
        QVERIFY(due);

        // Again: already imported.
        QTest::mouseClick(syncNow, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return syncNow->isEnabled(); }, 30000));
        QVERIFY2(outcome->text().contains(u"already imported"_s), qPrintable(outcome->text()));
        if (qEnvironmentVariableIsSet("PAYDESK_SHOT"))
            panel.grab().save(qEnvironmentVariable("PAYDESK_SHOT"));
    }

    void aLatePayoutIsFlaggedWithTheHotline()
    {
        // The sandbox pays the day out five days late; the till looks two days on.
        const QDate today =
            QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone("Asia/Shanghai")).date();
        int status = 0;
        m_sandbox.control(u"/sandbox/settlement"_s,
                          QJsonObject{{u"provider"_s, u"alipay"_s},
                                      {u"day"_s, today.toString(Qt::ISODate)},
                                      {u"late_days"_s, 5}},
                          &status);
        QCOMPARE(status, 200);
        ManualClock clock(
            QDateTime(today.addDays(2), QTime(11, 0), QTimeZone("Asia/Shanghai")).toUTC());
        SettlementTracker tracker(m_ctx->database(), m_ctx->ledger(), m_ctx->providerRegistry(),
                                  clock);
        SyncService sync(
            m_ctx->statements(), tracker,
            [this] {
                QList<PaymentProvider *> list;
                for (PaymentProvider *p : m_ctx->providers()->providers())
                    list << p;
                return list;
            },
            clock);
        SyncPanel panel(sync, m_ctx->statements(), m_ctx->providerRegistry());
        panel.show();
        panel.setDay(today);
        auto *syncNow = panel.findChild<QPushButton *>(u"syncNowButton"_s);
        QTest::mouseClick(syncNow, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return syncNow->isEnabled(); }, 30000));
        auto *table = panel.findChild<QTableWidget *>(u"settlementTable"_s);
        QVERIFY(table);
        int late = -1;
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->item(r, 0)->text() == u"Alipay"_s &&
                table->item(r, 1)->text() == today.toString(Qt::ISODate))
                late = r;
        QVERIFY2(late >= 0, qPrintable(panel.outcomeText()));
        QCOMPARE(table->item(late, 4)->text(), u"Late"_s);
        QCOMPARE(table->item(late, 3)->text(), Money::fromMinor(0).format(QLocale()));
        QVERIFY2(table->item(late, 5)->text().contains(u"95188"_s),
                 qPrintable(table->item(late, 5)->text()));
        QVERIFY(panel.outcomeText().contains(u"fund statement"_s));
        QCOMPARE(panel.settlement().size(), table->rowCount());

        // Opened again later, the panel shows the flagged payout from the books at once.
        SyncPanel reopened(sync, m_ctx->statements(), m_ctx->providerRegistry(), &tracker);
        auto *again = reopened.findChild<QTableWidget *>(u"settlementTable"_s);
        bool flagged = false;
        for (int r = 0; r < again->rowCount(); ++r)
            flagged = flagged || (again->item(r, 1)->text() == today.toString(Qt::ISODate) &&
                                  again->item(r, 4)->text() == u"Late"_s &&
                                  again->item(r, 5)->text().contains(u"95188"_s));
        QVERIFY2(flagged, qPrintable(QString::number(again->rowCount())));
    }

    void importAFile()
    {
        SyncPanel panel(m_ctx->statementSync(), m_ctx->statements(), m_ctx->providerRegistry(),
                        &m_ctx->settlement());
        panel.show();
        const QString data = qEnvironmentVariable("PAYDESK_TEST_DATA") + u"/alipay/"_s;
        panel.importFile(data + u"bill_ok.zip"_s);
        QCOMPARE(panel.outcomeText(), u"Alipay, 2026-01-01: 3 line(s) imported from the file."_s);
        panel.importFile(data + u"bill_ok.zip"_s);
        QVERIFY(panel.outcomeText().contains(u"already imported"_s));
        panel.importFile(data + u"bill_not_a_zip.zip"_s);
        QVERIFY2(panel.outcomeText().contains(u"not a statement"_s),
                 qPrintable(panel.outcomeText()));
        // A fund-flow statement saved from the portal: its payouts are booked, once.
        const qint64 bank = m_ctx->ledger().balance(u"bank"_s).value();
        panel.importFile(data + u"fundbill_ok.zip"_s);
        QCOMPARE(panel.outcomeText(),
                 u"Alipay, 2026-01-02: fund statement imported, 2 payout(s) booked now."_s);
        QCOMPARE(m_ctx->ledger().balance(u"bank"_s).value(), bank + 9407 + 5000);
        panel.importFile(data + u"fundbill_ok.zip"_s);
        QVERIFY2(panel.outcomeText().contains(u"already imported"_s),
                 qPrintable(panel.outcomeText()));
        QCOMPARE(m_ctx->ledger().balance(u"bank"_s).value(), bank + 9407 + 5000);
        panel.importFile(data + u"fundbill_missing_column.zip"_s);
        QVERIFY2(panel.outcomeText().contains(u"not a statement"_s),
                 qPrintable(panel.outcomeText()));
    }
};

QTEST_MAIN(TestSyncPanel)
#include "tst_syncpanel.moc"
