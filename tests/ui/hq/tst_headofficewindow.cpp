// The Head office window over a real PostgreSQL fed by two tills' pushes: the total, the
// store and till filters, the reconciliation and dashboard tabs, offscreen through its widgets.

#include "hqtill.h"
#include "pgserver.h"

#include "core/hq/hqconnection.h"
#include "core/hq/hqreport.h"
#include "core/hq/hqschema.h"
#include "ui/hq/headofficewindow.h"
#include "ui/hq/hqconnectdialog.h"

#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QTableWidget>
#include <QtTest>

using namespace paydesk;
using namespace paydesk::test;

namespace {
const QString kPassword = QStringLiteral("till-secret-0123456789");
const QDate kDay(2026, 12, 2);
} // namespace

class TestHeadOfficeWindow : public QObject
{
    Q_OBJECT

    PgServer m_pg;
    std::unique_ptr<HqConnection> m_admin;
    HqTill m_a;
    HqTill m_b;

private slots:
    void initTestCase()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        const QString error = m_pg.start();
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_admin = HqConnection::open(HqEndpoint::parse(m_pg.adminUrl()).value()).value();
        HqSchema schema(*m_admin);
        QVERIFY(schema.migrate().ok());
        QVERIFY(schema.addTill(QStringLiteral("north"), QStringLiteral("1"), kPassword).ok());
        QVERIFY(schema.addTill(QStringLiteral("south"), QStringLiteral("1"), kPassword).ok());
        QVERIFY(m_a.join(m_pg.tcpUrl(QStringLiteral("pd_till_north_1")), kPassword,
                         QStringLiteral("north"), QStringLiteral("1"))
                    .ok());
        QVERIFY(m_b.join(m_pg.tcpUrl(QStringLiteral("pd_till_south_1")), kPassword,
                         QStringLiteral("south"), QStringLiteral("1"))
                    .ok());
        const QDateTime nine(kDay, QTime(1, 0), Qt::UTC); // 09:00 in Shanghai
        QVERIFY(m_a.addOrders(3, 1000, nine) > 0);
        QVERIFY(m_b.addOrders(2, 250, nine.addSecs(3600), QStringLiteral("PAID"),
                              QStringLiteral("wechatpay")) > 0);
        QVERIFY(m_a.pusher()->pushAll().ok());
        QVERIFY(m_b.pusher()->pushAll().ok());
    }

    void showsTheChainAndFilters()
    {
        HqReport report(*m_admin);
        HeadOfficeWindow window(report, QStringLiteral("test"), kDay);
        window.show();
        auto *total = window.findChild<QLabel *>(QStringLiteral("hqTotal"));
        auto *daily = window.findChild<QTableWidget *>(QStringLiteral("hqDailyTable"));
        auto *store = window.findChild<QComboBox *>(QStringLiteral("hqStoreFilter"));
        auto *till = window.findChild<QComboBox *>(QStringLiteral("hqTillFilter"));
        auto *day = window.findChild<QDateEdit *>(QStringLiteral("hqDay"));
        QVERIFY(total && daily && store && till && day);
        QVERIFY2(total->text().contains(QStringLiteral("¥35.00")), qPrintable(total->text()));
        QVERIFY(total->text().contains(QStringLiteral("5 paid")));
        QCOMPARE(daily->rowCount(), 2);
        QCOMPARE(store->count(), 3); // all, north, south
        QVERIFY(!till->isEnabled());

        store->setCurrentIndex(store->findData(QStringLiteral("south")));
        QVERIFY(till->isEnabled());
        QCOMPARE(till->count(), 2);
        QCOMPARE(daily->rowCount(), 1);
        QCOMPARE(daily->item(0, 2)->text(), QStringLiteral("wechatpay"));
        QVERIFY(total->text().contains(QStringLiteral("¥5.00")));

        auto *tills = window.findChild<QTableWidget *>(QStringLiteral("hqTillsTable"));
        QCOMPARE(tills->rowCount(), 1);
        QCOMPARE(tills->item(0, 0)->text(), QStringLiteral("south"));
        auto *hours = window.findChild<QTableWidget *>(QStringLiteral("hqHoursTable"));
        QCOMPARE(hours->rowCount(), 1);
        QCOMPARE(hours->item(0, 0)->text(), QStringLiteral("10:00"));

        store->setCurrentIndex(0);
        auto *recon = window.findChild<QTableWidget *>(QStringLiteral("hqReconTable"));
        QCOMPARE(recon->rowCount(), 2); // north alipay, south wechatpay

        day->setDate(kDay.addDays(-1));
        QCOMPARE(daily->rowCount(), 0);
        QVERIFY(total->text().contains(QStringLiteral("0 paid")));
    }

    void connectDialogHasItsFields()
    {
        HqConnectDialog dialog(QStringLiteral("postgresql://r@h/db"));
        auto *url = dialog.findChild<QLineEdit *>(QStringLiteral("hqUrl"));
        auto *password = dialog.findChild<QLineEdit *>(QStringLiteral("hqPassword"));
        QVERIFY(url && password);
        QCOMPARE(dialog.url(), QStringLiteral("postgresql://r@h/db"));
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        password->setText(QStringLiteral("pw"));
        QCOMPARE(dialog.password(), QStringLiteral("pw"));
        dialog.showError(QStringLiteral("nope"));
        QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("hqConnectError"))->text(),
                 QStringLiteral("nope"));
    }
};

QTEST_MAIN(TestHeadOfficeWindow)
#include "tst_headofficewindow.moc"
