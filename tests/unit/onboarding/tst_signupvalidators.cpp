// The signup wizard's check digits and rules, with the PROTOCOLS.md vectors and invalid twins.
#include "core/onboarding/validators.h"

#include <QTest>

using namespace paydesk::onboarding;
using Level = FieldCheck::Level;

Q_DECLARE_METATYPE(FieldCheck::Level)

class TestSignupValidators : public QObject
{
    Q_OBJECT
private slots:
    void uscc_data();
    void uscc();
    void usccCheckChar();
    void residentId_data();
    void residentId();
    void idValidity_data();
    void idValidity();
    void luhn_data();
    void luhn();
    void bankAccount_data();
    void bankAccount();
    void holderName_data();
    void holderName();
};

void TestSignupValidators::uscc_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<Level>("level");
    QTest::newRow("vector") << "91512081MA62K0260E" << Level::Ok;
    QTest::newRow("vector lower case") << "91512081ma62k0260e" << Level::Ok;
    QTest::newRow("twin: last char changed") << "91512081MA62K0260F" << Level::Warning;
    QTest::newRow("twin: digit swapped") << "91512018MA62K0260E" << Level::Warning;
    QTest::newRow("letter I not in alphabet") << "91512081IA62K0260E" << Level::Blocked;
    QTest::newRow("17 chars") << "91512081MA62K0260" << Level::Blocked;
    QTest::newRow("empty") << "" << Level::Blocked;
}

void TestSignupValidators::uscc()
{
    QFETCH(QString, code);
    QFETCH(Level, level);
    const FieldCheck c = Validators::unifiedSocialCreditCode(code);
    QCOMPARE(c.level, level);
    QCOMPARE(c.message.isEmpty(), level == Level::Ok);
}

void TestSignupValidators::usccCheckChar()
{
    QCOMPARE(Validators::usccCheckChar(u"91512081MA62K0260"), QChar(u'E'));
    QCOMPARE(Validators::usccCheckChar(u"9151208OMA62K0260"), QChar()); // O is not allowed
}

void TestSignupValidators::residentId_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<Level>("level");
    QTest::newRow("vector X") << "11010519491231002X" << Level::Ok;
    QTest::newRow("vector x lower") << "11010519491231002x" << Level::Ok;
    QTest::newRow("vector 1880") << "440524188001010014" << Level::Ok;
    QTest::newRow("twin: check 9 for X") << "110105194912310029" << Level::Blocked;
    QTest::newRow("twin: check 5 for 4") << "440524188001010015" << Level::Blocked;
    QTest::newRow("Feb 30") << "110105194902300021" << Level::Blocked;
    QTest::newRow("born tomorrow") << "110105209901010011" << Level::Blocked;
    QTest::newRow("letters inside") << "11010519491231A02X" << Level::Blocked;
    QTest::newRow("15 digits (old format)") << "110105491231002" << Level::Blocked;
}

void TestSignupValidators::residentId()
{
    QFETCH(QString, number);
    QFETCH(Level, level);
    QCOMPARE(Validators::residentIdNumber(number, QDate(2026, 12, 2)).level, level);
}

void TestSignupValidators::idValidity_data()
{
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::addColumn<bool>("longTerm");
    QTest::addColumn<Level>("level");
    const QDate today(2026, 12, 2);
    QTest::newRow("valid ten years")
        << QDate(2020, 1, 1) << QDate(2030, 1, 1) << false << Level::Ok;
    QTest::newRow("long-term") << QDate(2010, 1, 1) << QDate() << true << Level::Ok;
    QTest::newRow("expired yesterday")
        << QDate(2006, 12, 1) << today.addDays(-1) << false << Level::Blocked;
    QTest::newRow("expires in 30 days")
        << QDate(2006, 12, 1) << today.addDays(30) << false << Level::Warning;
    QTest::newRow("issued in the future")
        << today.addDays(3) << QDate(2040, 1, 1) << false << Level::Blocked;
    QTest::newRow("no end, not long-term")
        << QDate(2020, 1, 1) << QDate() << false << Level::Blocked;
}

void TestSignupValidators::idValidity()
{
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(bool, longTerm);
    QFETCH(Level, level);
    QCOMPARE(Validators::idValidity(from, to, longTerm, QDate(2026, 12, 2)).level, level);
}

void TestSignupValidators::luhn_data()
{
    QTest::addColumn<QString>("digits");
    QTest::addColumn<bool>("valid");
    QTest::newRow("vector") << "6226095711989751" << true;
    QTest::newRow("twin: last digit") << "6226095711989752" << false;
    QTest::newRow("twin: transposed") << "6226095711989715" << false;
    QTest::newRow("classic 79927398713") << "79927398713" << true;
    QTest::newRow("not digits") << "62260957119897a1" << false;
}

void TestSignupValidators::luhn()
{
    QFETCH(QString, digits);
    QFETCH(bool, valid);
    QCOMPARE(Validators::luhnValid(digits), valid);
}

void TestSignupValidators::bankAccount_data()
{
    QTest::addColumn<QString>("number");
    QTest::addColumn<Level>("level");
    QTest::newRow("luhn ok, spaces") << "6226 0957 1198 9751" << Level::Ok;
    QTest::newRow("luhn fails: warn, do not block") << "6226095711989752" << Level::Warning;
    QTest::newRow("too short") << "1234567" << Level::Blocked;
    QTest::newRow("letters") << "6226O95711989751" << Level::Blocked;
}

void TestSignupValidators::bankAccount()
{
    QFETCH(QString, number);
    QFETCH(Level, level);
    QCOMPARE(Validators::bankAccountNumber(number).level, level);
}

void TestSignupValidators::holderName_data()
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("holder");
    QTest::addColumn<Level>("level");
    QTest::newRow("corporate = business")
        << int(AccountType::Corporate) << "成都测试商贸有限公司（分店）" << Level::Ok;
    QTest::newRow("corporate, half-width brackets")
        << int(AccountType::Corporate) << "成都测试商贸有限公司(分店)" << Level::Ok;
    QTest::newRow("corporate = legal rep: refused")
        << int(AccountType::Corporate) << "张三" << Level::Blocked;
    QTest::newRow("personal = legal rep") << int(AccountType::Personal) << " 张三 " << Level::Ok;
    QTest::newRow("personal = someone else")
        << int(AccountType::Personal) << "李四" << Level::Blocked;
    QTest::newRow("empty") << int(AccountType::Personal) << "" << Level::Blocked;
}

void TestSignupValidators::holderName()
{
    QFETCH(int, type);
    QFETCH(QString, holder);
    QFETCH(Level, level);
    QCOMPARE(Validators::holderName(AccountType(type), holder,
                                    QStringLiteral("成都测试商贸有限公司（分店）"),
                                    QStringLiteral("张三"))
                 .level,
             level);
}

QTEST_GUILESS_MAIN(TestSignupValidators)
#include "tst_signupvalidators.moc"
