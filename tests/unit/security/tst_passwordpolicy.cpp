#include "core/security/passwordpolicy.h"

#include <QTest>

using namespace paydesk;

class TestPasswordPolicy : public QObject
{
    Q_OBJECT
private slots:
    void listIsShipped()
    {
        QVERIFY2(PasswordPolicy::commonListSize() > 2000,
                 "common-passwords.txt missing from the resources");
        for (const char *p : {"woaini1314", "123456789a", "qwertyuiop", "password123", "88888888",
                              "PASSWORD123", "1qaz2wsx3edc", "qwertyuiop1314", "woaini1314!"})
            QVERIFY2(PasswordPolicy::isCommon(QString::fromLatin1(p)), p);
        QVERIFY(!PasswordPolicy::isCommon(QStringLiteral("Lantern-Orbit-73!")));
    }

    void assess_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("operatorName");
        QTest::addColumn<bool>("acceptable");
        QTest::addColumn<QString>("problem"); // substring of a problem, or empty

        QTest::newRow("empty") << QString() << QString() << false << QStringLiteral("at least 10");
        QTest::newRow("short") << QStringLiteral("Xk9#qT2") << QString() << false
                               << QStringLiteral("at least 10");
        QTest::newRow("nine chars")
            << QStringLiteral("Xk9#qT2v!") << QString() << false << QStringLiteral("at least 10");
        QTest::newRow("common") << QStringLiteral("password123") << QString() << false
                                << QStringLiteral("common");
        QTest::newRow("common upper")
            << QStringLiteral("QWERTYUIOP") << QString() << false << QStringLiteral("common");
        QTest::newRow("pinyin") << QStringLiteral("woaini1314520") << QString() << false
                                << QStringLiteral("common");
        QTest::newRow("digits") << QStringLiteral("1234567890") << QString() << false
                                << QStringLiteral("common");
        QTest::newRow("store name") << QStringLiteral("GoldenDragon#2026x") << QString() << false
                                    << QStringLiteral("store");
        QTest::newRow("store name spaced") << QStringLiteral("golden dragon 77!Q") << QString()
                                           << false << QStringLiteral("store");
        QTest::newRow("own name") << QStringLiteral("Zhangwei!9k2Lm") << QStringLiteral("zhangwei")
                                  << false << QStringLiteral("own name");
        QTest::newRow("repeated") << QStringLiteral("aaaaaaaaaaaa") << QString() << false
                                  << QString();
        QTest::newRow("ten digits")
            << QStringLiteral("5829301746") << QString() << false << QStringLiteral("guess");
        QTest::newRow("good mixed")
            << QStringLiteral("Lantern-Orbit-73!") << QStringLiteral("olivia") << true << QString();
        QTest::newRow("good phrase")
            << QStringLiteral("violet tram under quiet rain") << QString() << true << QString();
        QTest::newRow("good 10") << QStringLiteral("q8#Rv2!mZt") << QString() << true << QString();
    }
    void assess()
    {
        QFETCH(QString, password);
        QFETCH(QString, operatorName);
        QFETCH(bool, acceptable);
        QFETCH(QString, problem);
        const PasswordPolicy policy(QStringLiteral("Golden Dragon"));
        const PasswordAssessment a = policy.assess(password, operatorName);
        QVERIFY2(a.acceptable == acceptable, qPrintable(a.problems.join(QLatin1Char('|')) +
                                                        QStringLiteral(" score=%1").arg(a.score)));
        QVERIFY(a.score >= 0 && a.score <= 4);
        if (acceptable) {
            QVERIFY(a.problems.isEmpty());
            QVERIFY(a.score >= 2);
        } else {
            QVERIFY(!a.problems.isEmpty());
            QVERIFY(a.score <= 1);
        }
        if (!problem.isEmpty())
            QVERIFY2(a.problems.join(QLatin1Char(' ')).contains(problem, Qt::CaseInsensitive),
                     qPrintable(a.problems.join(QLatin1Char('|'))));
    }

    void scoreGrowsWithStrength()
    {
        const PasswordPolicy policy;
        const int weak = policy.assess(QStringLiteral("abcdefgh12")).score;
        const int mid = policy.assess(QStringLiteral("tramvioletq7")).score;
        const int strong = policy.assess(QStringLiteral("T7#vq!Lp9@xZ2mWr")).score;
        QVERIFY(weak <= mid);
        QVERIFY(mid <= strong);
        QCOMPARE(strong, 4);
    }
};

QTEST_GUILESS_MAIN(TestPasswordPolicy)
#include "tst_passwordpolicy.moc"
