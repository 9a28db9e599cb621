#include "ui/mainwindow.h"

#include "core/util/translations.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>
#include <QTest>

using namespace paydesk;

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void opensWithEveryView();
    void navigationShowsEachView();
    void languageSwitchRetranslates();
};

void TestMainWindow::opensWithEveryView()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto *nav = w.findChild<QListWidget *>(QStringLiteral("navigation"));
    QVERIFY(nav);
    QCOMPARE(nav->count(), MainWindow::kViewCount);
    QCOMPARE(w.currentView(), MainWindow::View::Checkout);
}

void TestMainWindow::navigationShowsEachView()
{
    MainWindow w;
    auto *custom = new QLabel(QStringLiteral("orders view"));
    custom->setObjectName(QStringLiteral("ordersProbe"));
    w.setViewWidget(MainWindow::View::Orders, custom);
    w.show();
    auto *nav = w.findChild<QListWidget *>(QStringLiteral("navigation"));
    auto *stack = w.findChild<QStackedWidget *>(QStringLiteral("views"));
    for (int i = 0; i < nav->count(); ++i) {
        QTest::mouseClick(nav->viewport(), Qt::LeftButton, {},
                          nav->visualItemRect(nav->item(i)).center());
        QCOMPARE(nav->currentRow(), i);
        QCOMPARE(stack->currentIndex(), i);
        QCOMPARE(stack->currentWidget(), w.viewWidget(MainWindow::View(i)));
        QVERIFY(stack->currentWidget()->isVisible());
    }
    w.showView(MainWindow::View::Orders);
    QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("ordersProbe"));
}

void TestMainWindow::languageSwitchRetranslates()
{
    Translations translations;
    QVERIFY(translations.use(QStringLiteral("zh_CN")));
    MainWindow w;
    w.setLanguages(Translations::available(), translations.current());
    w.setLanguageSwitcher([&](const QString &l) { return translations.use(l); });
    w.show();
    auto *nav = w.findChild<QListWidget *>(QStringLiteral("navigation"));
    const QString chinese = nav->item(0)->text();
    QCOMPARE(chinese, QStringLiteral("收银"));

    auto *combo = w.findChild<QComboBox *>(QStringLiteral("languageCombo"));
    QVERIFY(combo);
    const int en = combo->findData(QStringLiteral("en"));
    QVERIFY(en >= 0);
    combo->setFocus();
    combo->setCurrentIndex(en);
    emit combo->activated(en);
    QTRY_COMPARE(nav->item(0)->text(), QStringLiteral("Checkout"));
    QCOMPARE(nav->item(5)->text(), QStringLiteral("Settings"));
    QVERIFY(!w.windowTitle().contains(QStringLiteral("收银")));

    emit combo->activated(combo->findData(QStringLiteral("zh_CN")));
    QTRY_COMPARE(nav->item(0)->text(), chinese);
    QCOMPARE(nav->item(5)->text(), QStringLiteral("设置"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
