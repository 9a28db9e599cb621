#include "core/providers/alipay/alipayprovider.h"

#include "core/util/clock.h"

#include <QNetworkAccessManager>
#include <QtTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(paydesk::ProviderStatus::Kind)
Q_DECLARE_METATYPE(paydesk::FailureReason)

class TestAlipayResultMapping : public QObject
{
    Q_OBJECT
private slots:
    void mapping_data()
    {
        using K = ProviderStatus::Kind;
        using F = FailureReason;
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("subCode");
        QTest::addColumn<K>("kind");
        QTest::addColumn<F>("reason");
        const auto row = [](const char *name, const char *code, const char *sub, K kind, F reason) {
            QTest::newRow(name) << QString::fromLatin1(code) << QString::fromLatin1(sub) << kind
                                << reason;
        };
        row("ok", "10000", "", K::Ok, F::None);
        row("user paying", "10003", "", K::Ok, F::None);
        row("unknown 20000", "20000", "isp.unknow-error", K::Unknown, F::ProviderBusy);
        row("system error", "40004", "ACQ.SYSTEM_ERROR", K::Unknown, F::ProviderBusy);
        row("balance", "40004", "ACQ.BUYER_BALANCE_NOT_ENOUGH", K::Failed, F::InsufficientBalance);
        row("bankcard balance", "40004", "ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH", K::Failed,
            F::InsufficientBalance);
        row("auth code", "40004", "ACQ.PAYMENT_AUTH_CODE_INVALID", K::Failed,
            F::CodeExpiredOrInvalid);
        row("already paid", "40004", "ACQ.TRADE_HAS_SUCCESS", K::Failed, F::TradeAlreadyPaid);
        row("not exist", "40004", "ACQ.TRADE_NOT_EXIST", K::Failed, F::TradeNotExist);
        row("closed", "40004", "ACQ.TRADE_HAS_CLOSE", K::Failed, F::TradeClosed);
        row("day limit", "40004", "ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR", K::Failed,
            F::LimitExceeded);
        row("month limit", "40004", "ACQ.BUYER_PAYMENT_AMOUNT_MONTH_LIMIT_ERROR", K::Failed,
            F::LimitExceeded);
        row("total fee", "40004", "ACQ.TOTAL_FEE_EXCEED", K::Failed, F::AmountTooLarge);
        row("buyer is seller", "40004", "ACQ.BUYER_SELLER_EQUAL", K::Failed, F::UnsupportedWallet);
        row("password", "40004", "ACQ.PAYMENT_PASSWORD_ERROR", K::Failed, F::WrongPassword);
        row("context", "40004", "ACQ.CONTEXT_INCONSISTENT", K::Failed, F::BadRequest);
        row("other business", "40004", "ACQ.SOMETHING_NEW", K::Failed, F::Other);
        row("bad signature", "40002", "isv.invalid-signature", K::Failed, F::InvalidSignature);
        row("bad params", "40002", "isv.invalid-app-id", K::Failed, F::BadRequest);
        row("missing param", "40001", "isv.missing-method", K::Failed, F::BadRequest);
        row("auth", "20001", "aop.invalid-auth-token", K::Failed, F::PermissionDenied);
        row("permission", "40006", "isv.insufficient-isv-permissions", K::Failed,
            F::PermissionDenied);
        row("unknown code", "99999", "", K::Unknown, F::Other);
        row("no code", "", "", K::Unknown, F::Other);
    }
    void mapping()
    {
        QFETCH(QString, code);
        QFETCH(QString, subCode);
        QFETCH(ProviderStatus::Kind, kind);
        QFETCH(FailureReason, reason);
        const ProviderStatus s = AlipayProvider::mapResult(code, subCode, u"msg"_s);
        QCOMPARE(s.kind, kind);
        QCOMPARE(s.reason, reason);
        QCOMPARE(s.code, code);
        QCOMPARE(s.subCode, subCode);
    }

    void unconfiguredProviderFailsWithoutSending()
    {
        QNetworkAccessManager nam;
        ManualClock clock;
        AlipayProvider provider(AlipayConfig{}, &nam, &clock);
        std::optional<TradeReply> reply;
        provider.query(u"T1"_s, [&reply](const TradeReply &r) { reply = r; });
        QVERIFY(!reply); // callbacks never run inside the call
        QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), 2000);
        QVERIFY(reply->status.failed()); // nothing was sent: a definite failure
        QCOMPARE(reply->status.reason, FailureReason::BadRequest);
        QCOMPARE(reply->status.code, u"NOT_CONFIGURED"_s);
    }

    void tradeStates()
    {
        QCOMPARE(AlipayProvider::tradeStateFromString(u"WAIT_BUYER_PAY"_s),
                 TradeState::WaitBuyerPay);
        QCOMPARE(AlipayProvider::tradeStateFromString(u"TRADE_SUCCESS"_s), TradeState::Success);
        QCOMPARE(AlipayProvider::tradeStateFromString(u"TRADE_FINISHED"_s), TradeState::Finished);
        QCOMPARE(AlipayProvider::tradeStateFromString(u"TRADE_CLOSED"_s), TradeState::Closed);
        QCOMPARE(AlipayProvider::tradeStateFromString(u"BOGUS"_s), TradeState::PayError);
    }
};

QTEST_GUILESS_MAIN(TestAlipayResultMapping)
#include "tst_alipayresultmapping.moc"
