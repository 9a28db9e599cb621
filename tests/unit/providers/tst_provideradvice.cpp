// What the cashier is told after a refusal. A refusal for an amount limit says it is a limit
// (¥150,000,000 used to say "ask the manager to check the provider settings").
#include "core/providers/alipay/alipayprovider.h"
#include "core/providers/provideradvice.h"

#include "sandboxfixture.h"

#include <QSet>
#include <QtTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {
const QList<FailureReason> kAll = {
    FailureReason::None,
    FailureReason::InsufficientBalance,
    FailureReason::WrongPassword,
    FailureReason::CodeExpiredOrInvalid,
    FailureReason::UnsupportedWallet,
    FailureReason::LimitExceeded,
    FailureReason::AmountTooLarge,
    FailureReason::NetworkTrouble,
    FailureReason::ProviderBusy,
    FailureReason::TradeNotExist,
    FailureReason::TradeAlreadyPaid,
    FailureReason::TradeClosed,
    FailureReason::InvalidSignature,
    FailureReason::BadRequest,
    FailureReason::PermissionDenied,
    FailureReason::Other,
};
} // namespace

Q_DECLARE_METATYPE(paydesk::FailureReason)

class TestProviderAdvice : public QObject
{
    Q_OBJECT
private slots:
    void everyReasonHasText()
    {
        // kAll must list every enumerator: Other is the last one.
        QCOMPARE(int(kAll.size()), int(FailureReason::Other) + 1);
        QSet<QString> names;
        QSet<QString> cashierTexts;
        for (FailureReason r : kAll) {
            const Advice a = adviceFor(r);
            QVERIFY2(!a.cashier.trimmed().isEmpty(), qPrintable(failureReasonName(r)));
            QVERIFY2(!a.customer.trimmed().isEmpty(), qPrintable(failureReasonName(r)));
            names.insert(failureReasonName(r));
            cashierTexts.insert(a.cashier);
        }
        QCOMPARE(int(names.size()), int(kAll.size()));
        // Network trouble and provider busy may share the customer line, not the cashier one.
        QCOMPARE(int(cashierTexts.size()), int(kAll.size()));
    }

    void unknownOutcomesSayDoNotChargeAgain()
    {
        for (FailureReason r : {FailureReason::NetworkTrouble, FailureReason::ProviderBusy}) {
            const Advice a = adviceFor(r);
            QVERIFY(!a.retrySafe);
            QVERIFY(a.cashier.contains(u"do NOT charge again"_s));
        }
        QVERIFY(!adviceFor(FailureReason::TradeAlreadyPaid).retrySafe);
        QVERIFY(!adviceFor(FailureReason::InvalidSignature).retrySafe);
    }

    void customerActions()
    {
        const Advice balance = adviceFor(FailureReason::InsufficientBalance);
        QVERIFY(balance.retrySafe);
        QVERIFY(balance.customer.contains(u"top up"_s));
        QVERIFY(balance.customer.contains(u"another card"_s));
        const Advice code = adviceFor(FailureReason::CodeExpiredOrInvalid);
        QVERIFY(code.retrySafe);
        QVERIFY(code.customer.contains(u"refresh the code"_s));
        QVERIFY(code.customer.contains(u"show it again"_s));
        QVERIFY(adviceFor(FailureReason::WrongPassword).customer.contains(u"password"_s));
    }

    void limitSubCodes_data();
    void limitSubCodes();
    void anAmountAboveTheProvidersMaximumIsALimit();
};

void TestProviderAdvice::limitSubCodes_data()
{
    QTest::addColumn<QString>("subCode");
    QTest::addColumn<FailureReason>("reason");
    QTest::newRow("order amount over the cap")
        << u"ACQ.TOTAL_FEE_EXCEED"_s << FailureReason::AmountTooLarge;
    QTest::newRow("over the merchant's single-payment limit")
        << u"ACQ.BEYOND_PER_RECEIPT_RESTRICTION"_s << FailureReason::AmountTooLarge;
    QTest::newRow("merchant's quota")
        << u"ACQ.BEYOND_PAY_RESTRICTION"_s << FailureReason::LimitExceeded;
    QTest::newRow("buyer's day limit")
        << u"ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR"_s << FailureReason::LimitExceeded;
}

void TestProviderAdvice::limitSubCodes()
{
    QFETCH(QString, subCode);
    QFETCH(FailureReason, reason);
    const ProviderStatus s = AlipayProvider::mapResult(u"40004"_s, subCode, u"limit"_s);
    QCOMPARE(s.kind, ProviderStatus::Kind::Failed);
    QCOMPARE(s.reason, reason);
    const Advice a = adviceFor(s.reason);
    QVERIFY2(a.cashier.contains(u"limit"), qPrintable(a.cashier));
    QVERIFY(!a.cashier.contains(u"provider settings"));
    QVERIFY(a.retrySafe);
}

void TestProviderAdvice::anAmountAboveTheProvidersMaximumIsALimit()
{
    test::SandboxFixture sandbox;
    QCOMPARE(sandbox.start(), QString());
    std::optional<QrOrderReply> reply;
    sandbox.provider->createQrOrder({u"PD-T1-260301120000-000001"_s,
                                     Money::fromMinor(15'000'000'000), u"Big sale"_s, u"PD"_s, 5},
                                    [&](const QrOrderReply &r) { reply = r; });
    QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), 10000);
    QCOMPARE(reply->status.kind, ProviderStatus::Kind::Failed);
    QCOMPARE(reply->status.reason, FailureReason::AmountTooLarge);
    const Advice a = adviceFor(reply->status.reason);
    QVERIFY2(a.cashier.contains(u"over the payment limit"), qPrintable(a.cashier));
    QVERIFY(!a.cashier.contains(u"provider settings"));
}

QTEST_GUILESS_MAIN(TestProviderAdvice)
#include "tst_provideradvice.moc"
