// The sandbox's settlement (sandbox/settlement.h) and its two fund-bill writers, read back by
// Paydesk's own parsers: a day's net paid out T+1 at 06:00 Beijing, late or short when told,
// every movement of the day listed with totals that add up.

#include "core/providers/alipay/alipayfundbillparser.h"
#include "core/providers/wechatpay/wechatpayfundbillparser.h"
#include "sandbox/alipay/billwriter.h"
#include "sandbox/settlement.h"
#include "sandbox/tradestore.h"
#include "sandbox/wechatpay/wechatpaybill.h"

#include <QTimeZone>
#include <QtTest>

using namespace paydesk;
using namespace paydesk::sandbox;
using namespace Qt::StringLiterals;

namespace {

const QDate kDay(2026, 3, 2);

QDateTime beijing(const QDate &day, int h, int m = 0)
{
    return QDateTime(day, QTime(h, m), QTimeZone("Asia/Shanghai")).toUTC();
}

} // namespace

class TestSandboxSettlement : public QObject
{
    Q_OBJECT

    TradeStore m_store{7, 60};
    App *m_alipay = nullptr;
    App *m_wechat = nullptr;
    qint64 m_net = 0;

    QList<Payout> alipayPayouts(const QDate &day)
    {
        auto zip = BillWriter::alipayFundZip(*m_alipay, day, m_store, beijing(day, 12));
        if (!zip.ok())
            return {};
        auto parsed = AlipayFundBillParser::parse(zip.value(), u"alipay"_s);
        if (!parsed.ok())
            qWarning() << parsed.error().message;
        return parsed.ok() ? parsed.value() : QList<Payout>{Payout{}};
    }

    QList<Payout> wechatPayouts(const QDate &day)
    {
        const QByteArray bill =
            WechatPayBill::fundFlowBill(day, Settlement::movements(*m_wechat, m_store, day),
                                        Settlement::openingBalance(*m_wechat, m_store, day));
        auto parsed = WechatPayFundBillParser::parse(bill, u"wechatpay"_s);
        if (!parsed.ok())
            qWarning() << parsed.error().message;
        return parsed.ok() ? parsed.value() : QList<Payout>{Payout{}};
    }

private slots:
    void initTestCase()
    {
        m_alipay = &m_store.addApp(u"alipay"_s, "pem");
        m_alipay->merchantPid = u"2088000000000009"_s;
        m_wechat = &m_store.addApp(u"wechatpay"_s, "pem");
        Buyer &buyer = m_store.addBuyer(10'000'000);
        for (App *app : {m_alipay, m_wechat}) {
            Trade &a = m_store.addTrade(app->provider, app->appId, u"A1"_s, u"code"_s, 10000,
                                        beijing(kDay, 9));
            QVERIFY(m_store.pay(a, buyer, beijing(kDay, 9, 1)).ok());
            Trade &b = m_store.addTrade(app->provider, app->appId, u"A2"_s, u"code"_s, 2550,
                                        beijing(kDay, 10));
            QVERIFY(m_store.pay(b, buyer, beijing(kDay, 10, 1)).ok());
            QVERIFY(m_store.refund(a, u"R1"_s, 3000, u"x"_s, beijing(kDay, 15)).ok());
            // Not settled with this day: paid the day after.
            Trade &c = m_store.addTrade(app->provider, app->appId, u"A3"_s, u"code"_s, 700,
                                        beijing(kDay.addDays(1), 8));
            QVERIFY(m_store.pay(c, buyer, beijing(kDay.addDays(1), 8, 1)).ok());
        }
        const qint64 fees = m_store.feeFor(10000) + m_store.feeFor(2550);
        const Refund *r = m_store.trade(m_alipay->appId, u"A1"_s)->refund(u"R1"_s);
        QVERIFY(r);
        m_net = 10000 + 2550 - fees - (3000 - r->feeMinor);
        QCOMPARE(Settlement::dayNet(*m_alipay, m_store.trades(), kDay), m_net);
    }

    void paidOutTPlusOne()
    {
        for (const QList<Payout> &payouts :
             {alipayPayouts(kDay.addDays(1)), wechatPayouts(kDay.addDays(1))}) {
            QCOMPARE(payouts.size(), 1);
            QCOMPARE(payouts.first().amountMinor, m_net);
            QCOMPARE(payouts.first().coversDay, kDay);
            QCOMPARE(payouts.first().paidAt, beijing(kDay.addDays(1), 6));
            QVERIFY(!payouts.first().reference.isEmpty());
        }
        // The trade day's own bill lists its movements (their totals check out) but no payout.
        QVERIFY(alipayPayouts(kDay).isEmpty());
        QVERIFY(wechatPayouts(kDay).isEmpty());
        // Deterministic: the same bill again names the same payout.
        QCOMPARE(alipayPayouts(kDay.addDays(1)).first().reference,
                 alipayPayouts(kDay.addDays(1)).first().reference);
        QCOMPARE(Settlement::movements(*m_alipay, m_store, kDay).size(),
                 6); // 2 paid, 2 fees, refund, fee back
    }

    void lateAndShort()
    {
        m_store.setSettlement({u"alipay"_s, kDay, 2, 0, false});
        m_store.setSettlement({u"wechatpay"_s, kDay, 0, 125, false});
        QVERIFY(alipayPayouts(kDay.addDays(1)).isEmpty());
        const QList<Payout> next = alipayPayouts(kDay.addDays(2)); // the next day's, on time
        QCOMPARE(next.size(), 1);
        QCOMPARE(next.first().coversDay, kDay.addDays(1));
        const QList<Payout> late = alipayPayouts(kDay.addDays(3));
        QCOMPARE(late.size(), 1);
        QCOMPARE(late.first().coversDay, kDay); // named in its remark
        QCOMPARE(late.first().amountMinor, m_net);
        const QList<Payout> shortOne = wechatPayouts(kDay.addDays(1));
        QCOMPARE(shortOne.size(), 1);
        QCOMPARE(shortOne.first().amountMinor, m_net - 125);
        QCOMPARE(m_store.settlement(u"alipay"_s, kDay.addDays(5)).lateDays, 0); // none given
    }
};

QTEST_GUILESS_MAIN(TestSandboxSettlement)
#include "tst_sandboxsettlement.moc"
