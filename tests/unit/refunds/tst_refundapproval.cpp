// Who may refund how much (RefundApproval): the owner's limit, the owner's "every cashier refund"
// rule, and a manager's password + TOTP as the approval, with real operators, scrypt and TOTP.
#include "core/receipts/escposencoder.h"
#include "core/refunds/refundapproval.h"
#include "core/refunds/refundreasons.h"
#include "core/refunds/refundreceipt.h"

#include "securityfixture.h"

using namespace paydesk;
using namespace paydesk::testing;

class TestRefundApproval : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<SecurityFixture> f;
    Session m_owner;
    QString m_managerSecret;

    /// The manager logging in with password and the current code (a fresh step-up).
    Result<Session> managerWithCode()
    {
        f->clock.advance(30'000); // a new time step: the code is not a replay
        return f->operators->authenticate(QStringLiteral("mia"), kManagerPassword,
                                          f->code(m_managerSecret));
    }
    Session cashier()
    {
        auto s = f->operators->authenticate(QStringLiteral("carl"), kCashierPassword);
        return s.ok() ? s.value() : Session();
    }
    static Money yuan(qint64 y) { return Money::fromMinor(y * 100); }

private slots:
    void init()
    {
        f = std::make_unique<SecurityFixture>();
        QVERIFY(f->init());
        m_owner = f->owner();
        QVERIFY(m_owner.isValid());
        QVERIFY(
            f->operators
                ->createOperator(m_owner, QStringLiteral("mia"), Role::Manager, kManagerPassword)
                .ok());
        QVERIFY(
            f->operators
                ->createOperator(m_owner, QStringLiteral("carl"), Role::Cashier, kCashierPassword)
                .ok());
        auto mia = f->operators->authenticate(QStringLiteral("mia"), kManagerPassword);
        QVERIFY(mia.ok());
        auto e = f->operators->beginTotpEnrollment(mia.value());
        QVERIFY(e.ok());
        m_managerSecret = e.value().secretBase32;
        QVERIFY(f->operators->confirmTotpEnrollment(mia.value(), f->code(m_managerSecret)).ok());
    }
    void cleanup() { f.reset(); }

    void cashierWithinLimitNeedsNobody()
    {
        const RefundApproval approval({yuan(500), false});
        const Session c = cashier();
        QVERIFY(!approval.needsApproval(c, yuan(500)));
        QVERIFY(approval.authorize(c, yuan(500)).ok());
    }

    void cashierAboveLimitIsRefusedWithoutAManager()
    {
        const RefundApproval approval({yuan(500), false});
        const Session c = cashier();
        QVERIFY(approval.needsApproval(c, Money::fromMinor(50'001)));
        auto refused = approval.authorize(c, Money::fromMinor(50'001));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, QStringLiteral("refunds.approval_required"));
        QVERIFY(refused.error().message.contains(QStringLiteral("500.00")));
        // Another cashier cannot approve it.
        const Session other = cashier();
        auto byCashier = approval.authorize(c, yuan(600), &other);
        QCOMPARE(byCashier.error().code, QStringLiteral("refunds.approver_not_allowed"));
        // A manager logged in without a fresh code cannot either.
        f->clock.advance(200'000); // past the step-up window of the enrollment code
        auto stale = f->operators->authenticate(QStringLiteral("mia"), kManagerPassword);
        QVERIFY(!stale.ok()); // enrolled: the code is required to log in at all
        QCOMPARE(stale.error().code, QStringLiteral("security.totp_required"));
        // A wrong code is refused by the operator service (and counted).
        auto wrong = f->operators->authenticate(QStringLiteral("mia"), kManagerPassword,
                                                QStringLiteral("000000"));
        QVERIFY(!wrong.ok());
        // The manager's password and valid code approve it.
        auto mia = managerWithCode();
        QVERIFY2(mia.ok(), qPrintable(mia.ok() ? QString() : mia.error().message));
        QVERIFY(approval.authorize(c, yuan(600), &mia.value()).ok());
        // ...for two minutes; then the approval must be given again.
        f->clock.advance(10 * 60'000);
        auto expired = approval.authorize(c, yuan(600), &mia.value());
        QCOMPARE(expired.error().code, QStringLiteral("security.step_up_required"));
    }

    void managerApprovesTheirOwnWithAFreshCode()
    {
        const RefundApproval approval({yuan(500), false});
        auto mia = managerWithCode();
        QVERIFY(mia.ok());
        QVERIFY(approval.authorize(mia.value(), yuan(800)).ok());
        f->clock.advance(10 * 60'000);
        QCOMPARE(approval.authorize(mia.value(), yuan(800)).error().code,
                 QStringLiteral("security.step_up_required"));
        QVERIFY(approval.authorize(mia.value(), yuan(100)).ok()); // within the limit: no code
    }

    void ownerRuleMakesEveryCashierRefundNeedAManager()
    {
        const RefundApproval approval({yuan(500), true});
        const Session c = cashier();
        QVERIFY(approval.needsApproval(c, Money::fromMinor(1)));
        QCOMPARE(approval.authorize(c, Money::fromMinor(1)).error().code,
                 QStringLiteral("refunds.approval_required"));
        auto mia = managerWithCode();
        QVERIFY(mia.ok());
        QVERIFY(!approval.needsApproval(mia.value(), yuan(10))); // the rule names cashiers only
        QVERIFY(approval.authorize(c, Money::fromMinor(1), &mia.value()).ok());
    }

    void nobodyMayRefundWithoutASession()
    {
        const RefundApproval approval({yuan(500), false});
        QVERIFY(!approval.authorize(Session(), Money::fromMinor(100)).ok());
    }

    void reasonsAreTranslatedKeysOrFreeText()
    {
        QVERIFY(refundReasonKeys().contains(QStringLiteral("goods_returned")));
        QCOMPARE(refundReasonDisplay(QStringLiteral("goods_returned")),
                 QStringLiteral("Goods returned"));
        QCOMPARE(refundReasonDisplay(QStringLiteral("goods_returned: torn box")),
                 QStringLiteral("Goods returned: torn box"));
        QCOMPARE(refundReasonDisplay(QStringLiteral("my own words")),
                 QStringLiteral("my own words"));
    }

    void refundReceiptSaysWhatWentBack()
    {
        Order o;
        o.outTradeNo = QStringLiteral("PD-ABCD-260101100000-000001");
        o.provider = QStringLiteral("walletx");
        o.amount = Money::fromMinor(1000);
        o.refundedMinor = 300;
        o.transactionId = QStringLiteral("T123");
        o.status = OrderStatus::PartiallyRefunded;
        RefundRecord r;
        r.outRequestNo = o.outTradeNo + QStringLiteral("-R1");
        r.amount = Money::fromMinor(300);
        r.reason = QStringLiteral("goods_returned: torn box");
        r.operatorName = QStringLiteral("carl");
        r.updatedAt = QDateTime(QDate(2026, 1, 1), QTime(2, 0), Qt::UTC);
        const ReceiptData data =
            refundReceipt(o, r, QStringLiteral("Tea House"), QStringLiteral("X"));
        QVERIFY(data.refund);
        QCOMPARE(data.cashier, QStringLiteral("carl"));
        QStringList text;
        for (const auto &[label, value] : data.lines(QLocale::c()))
            text << label + QLatin1Char('=') + value;
        const QString all = text.join(QLatin1Char('|'));
        QVERIFY2(all.contains(QStringLiteral("Refund no.=") + r.outRequestNo), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Reason=Goods returned: torn box")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Refunded in total=")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("Amount=")), qPrintable(all));
        const QByteArray escpos = EscPosEncoder().encode(data, QLocale::c());
        QVERIFY(escpos.contains("REFUND"));
        QVERIFY(escpos.contains("3.00"));
        // A sale receipt is no refund receipt.
        QVERIFY(!EscPosEncoder()
                     .encode(ReceiptData::fromOrder(o, QStringLiteral("Tea House")), QLocale::c())
                     .contains("REFUND"));
    }
};

QTEST_GUILESS_MAIN(TestRefundApproval)
#include "tst_refundapproval.moc"
