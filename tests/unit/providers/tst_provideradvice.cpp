#include "core/providers/provideradvice.h"

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
};

QTEST_GUILESS_MAIN(TestProviderAdvice)
#include "tst_provideradvice.moc"
