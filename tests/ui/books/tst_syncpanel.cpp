// The statement sync panel offscreen over the real sandbox: pick a day, click "Sync now", see
// every provider's statement imported; import a file saved from the merchant portal; a broken
// file's refusal is shown.

#include "core/books/statementimporter.h"
#include "core/books/syncservice.h"
#include "core/providers/providerregistry.h"
#include "ui/books/syncpanel.h"

#include "refundtestkit.h"
#include "testappcontext.h"

#include <QApplication>
#include <QDateEdit>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
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

        // Again: already imported.
        QTest::mouseClick(syncNow, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return syncNow->isEnabled(); }, 30000));
        QVERIFY2(outcome->text().contains(u"already imported"_s), qPrintable(outcome->text()));
        if (qEnvironmentVariableIsSet("PAYDESK_SHOT"))
            panel.grab().save(qEnvironmentVariable("PAYDESK_SHOT"));
    }

    void importAFile()
    {
        SyncPanel panel(m_ctx->statementSync(), m_ctx->statements(), m_ctx->providerRegistry());
        panel.show();
        const QString data = qEnvironmentVariable("PAYDESK_TEST_DATA") + u"/alipay/"_s;
        panel.importFile(data + u"bill_ok.zip"_s);
        QCOMPARE(panel.outcomeText(), u"Alipay, 2026-01-01: 3 line(s) imported from the file."_s);
        panel.importFile(data + u"bill_ok.zip"_s);
        QVERIFY(panel.outcomeText().contains(u"already imported"_s));
        panel.importFile(data + u"bill_not_a_zip.zip"_s);
        QVERIFY2(panel.outcomeText().contains(u"not a statement"_s),
                 qPrintable(panel.outcomeText()));
    }
};

QTEST_MAIN(TestSyncPanel)
#include "tst_syncpanel.moc"
