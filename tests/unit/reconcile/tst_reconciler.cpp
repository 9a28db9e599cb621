// The reconciliation engine, one case per class per rule of DESIGN §5 and the edge cases it
// names: a later copy of a key, a payment joining an order of another day, the fee rounded half
// up, totals over all lines against the bill's footer.
#include "core/reconcile/keyindex.h"
#include "core/reconcile/reconciler.h"

#include <QStringList>
#include <QTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

const std::int32_t kDay = civilDay(2026, 12, 1);

std::int32_t dayOf(const QString &spec)
{
    if (spec == u"D")
        return kDay;
    if (spec == u"D-1")
        return kDay - 1;
    if (spec == u"D+1")
        return kDay + 1;
    return kDay - 30;
}

std::string_view keep(StringArena &arena, const QString &s)
{
    const QByteArray b = s.toUtf8();
    return arena.store(b.constData(), std::size_t(b.size()));
}

// orders "NO:STATUS:AMOUNT:DAY;…", refunds "REQ:ORDER:AMOUNT:STATUS:DAY;…",
// elsewhere "P:NO;R:REQ;…"
BooksColumns books(const QString &orders, const QString &refunds, const QString &elsewhere)
{
    BooksColumns b;
    for (const QString &o : orders.split(u';', Qt::SkipEmptyParts)) {
        const QStringList f = o.split(u':');
        b.addOrder(keep(b.arena, f[0]), *orderStateFromText(f[1].toStdString()), f[2].toLongLong(),
                   dayOf(f[3]));
    }
    for (const QString &r : refunds.split(u';', Qt::SkipEmptyParts)) {
        const QStringList f = r.split(u':');
        b.addRefund(keep(b.arena, f[0]), keep(b.arena, f[1]), f[2].toLongLong(),
                    *refundStateFromText(f[3].toStdString()), dayOf(f[4]));
    }
    for (const QString &e : elsewhere.split(u';', Qt::SkipEmptyParts)) {
        const QStringList f = e.split(u':');
        (f[0] == u"P" ? b.paymentsElsewhere : b.refundsElsewhere).push_back(keep(b.arena, f[1]));
    }
    return b;
}

// lines "P:ORDER::AMOUNT:FEE;R:ORDER:REQ:-AMOUNT:-FEE;…"
StatementColumns statement(const QString &lines)
{
    StatementColumns s;
    for (const QString &l : lines.split(u';', Qt::SkipEmptyParts)) {
        const QStringList f = l.split(u':');
        s.append(f[0] == u"P" ? LineKind::Payment : LineKind::Refund, keep(s.arena, f[1]),
                 keep(s.arena, f[2]), f[3].toLongLong(), f[4].toLongLong());
    }
    return s;
}

// "class@out_trade_no/out_request_no" per exception, sorted.
QString found(const ReconOutcome &outcome, const StatementColumns &s, const BooksColumns &b)
{
    QStringList out;
    for (const ReconException &x : Reconciler::exceptions(outcome, s, b, u"sandbox"_s, {})) {
        QString item = reconClassName(x.kind) + u'@' + x.outTradeNo;
        if (!x.outRequestNo.isEmpty())
            item += u'/' + x.outRequestNo;
        out << item;
    }
    out.sort();
    return out.join(u' ');
}

} // namespace

class TstReconciler : public QObject
{
    Q_OBJECT
private slots:
    void classify_data()
    {
        QTest::addColumn<QString>("orders");
        QTest::addColumn<QString>("refunds");
        QTest::addColumn<QString>("elsewhere");
        QTest::addColumn<QString>("lines");
        QTest::addColumn<int>("feeRateBp");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("matched");

        // matched
        QTest::newRow("matched payment") << "T1:PAID:1000:D"
                                         << ""
                                         << ""
                                         << "P:T1::1000:6" << 60 << "" << 1;
        QTest::newRow("matched refunded order") << "T1:REFUNDED:1000:D;T2:PARTIALLY_REFUNDED:500:D"
                                                << ""
                                                << ""
                                                << "P:T1::1000:6;P:T2::500:3" << 60 << "" << 2;
        QTest::newRow("payment joins an order of an earlier day (created 23:59)")
            << "T1:PAID:1000:D-1"
            << ""
            << ""
            << "P:T1::1000:6" << 60 << "" << 1;
        QTest::newRow("payment joins an old order") << "T1:PAID:1000:old"
                                                    << ""
                                                    << ""
                                                    << "P:T1::1000:6" << 60 << "" << 1;
        // missing_locally
        QTest::newRow("missing_locally")
            << "T1:PAID:1000:D"
            << ""
            << ""
            << "P:T1::1000:6;P:X9::700:4" << 60 << "missing_locally@X9" << 1;
        // late_payment
        QTest::newRow("late_payment closed") << "T1:CLOSED:1000:D"
                                             << ""
                                             << ""
                                             << "P:T1::1000:6" << 60 << "late_payment@T1" << 0;
        QTest::newRow("late_payment failed") << "T1:FAILED:1000:D"
                                             << ""
                                             << ""
                                             << "P:T1::1000:6" << 60 << "late_payment@T1" << 0;
        // status_mismatch
        QTest::newRow("status_mismatch created")
            << "T1:CREATED:1000:D"
            << ""
            << ""
            << "P:T1::1000:6" << 60 << "status_mismatch@T1" << 0;
        QTest::newRow("status_mismatch pending")
            << "T1:PENDING:1000:D"
            << ""
            << ""
            << "P:T1::1000:6" << 60 << "status_mismatch@T1" << 0;
        QTest::newRow("status_mismatch unknown")
            << "T1:UNKNOWN:1000:D"
            << ""
            << ""
            << "P:T1::1000:6" << 60 << "status_mismatch@T1" << 0;
        // amount_mismatch (checked before the fee)
        QTest::newRow("amount_mismatch") << "T1:PAID:1000:D"
                                         << ""
                                         << ""
                                         << "P:T1::1001:6" << 60 << "amount_mismatch@T1" << 0;
        // fee_mismatch, half up
        QTest::newRow("fee_mismatch") << "T1:PAID:1000:D"
                                      << ""
                                      << ""
                                      << "P:T1::1000:7" << 60 << "fee_mismatch@T1" << 0;
        QTest::newRow("fee half up matches") << "T1:PAID:250:D"
                                             << ""
                                             << ""
                                             << "P:T1::250:2" << 60 << "" << 1;
        QTest::newRow("fee rounded down is a mismatch")
            << "T1:PAID:250:D"
            << ""
            << ""
            << "P:T1::250:1" << 60 << "fee_mismatch@T1" << 0;
        QTest::newRow("fee unchecked without a rate") << "T1:PAID:1000:D"
                                                      << ""
                                                      << ""
                                                      << "P:T1::1000:99" << -1 << "" << 1;
        // duplicate_line: only the first copy is classified
        QTest::newRow("duplicate_line payment")
            << "T1:PAID:1000:D"
            << ""
            << ""
            << "P:T1::1000:6;P:T1::1000:6" << 60 << "duplicate_line@T1" << 1;
        QTest::newRow("duplicate_line after a mismatch")
            << "T1:PAID:1000:D"
            << ""
            << ""
            << "P:T1::900:5;P:T1::1000:6" << 60 << "amount_mismatch@T1 duplicate_line@T1" << 0;
        QTest::newRow("duplicate_line of an unknown key")
            << ""
            << ""
            << ""
            << "P:X1::100:1;P:X1::100:1" << 60 << "duplicate_line@X1 missing_locally@X1" << 0;
        QTest::newRow("duplicate_line refund")
            << "T1:PARTIALLY_REFUNDED:1000:D"
            << "R1:T1:500:SUCCESS:D"
            << ""
            << "P:T1::1000:6;R:T1:R1:-500:-3;R:T1:R1:-500:-3" << 60 << "duplicate_line@T1/R1" << 2;
        // missing_at_provider: the day's orders paid locally with no line
        QTest::newRow("missing_at_provider")
            << "T1:PAID:1000:D;T2:PAID:300:D"
            << ""
            << ""
            << "P:T1::1000:6" << 60 << "missing_at_provider@T2" << 1;
        QTest::newRow("missing_at_provider refunded order")
            << "T2:REFUNDED:300:D"
            << ""
            << ""
            << "" << 60 << "missing_at_provider@T2" << 0;
        QTest::newRow("another day's order without a line is not missing") << "T2:PAID:300:D-1"
                                                                           << ""
                                                                           << ""
                                                                           << "" << 60 << "" << 0;
        QTest::newRow("an unpaid order without a line is not missing")
            << "T2:CLOSED:300:D;T3:PENDING:300:D"
            << ""
            << ""
            << "" << 60 << "" << 0;
        QTest::newRow("an order on the next day's statement is not missing") << "T2:PAID:300:D"
                                                                             << ""
                                                                             << "P:T2"
                                                                             << "" << 60 << "" << 0;
        // refund_mismatch
        QTest::newRow("refund matched") << "T1:PARTIALLY_REFUNDED:1000:D"
                                        << "R1:T1:500:SUCCESS:D"
                                        << ""
                                        << "P:T1::1000:6;R:T1:R1:-500:-3" << 60 << "" << 2;
        QTest::newRow("refund unknown locally")
            << "T1:PAID:1000:D"
            << ""
            << ""
            << "P:T1::1000:6;R:T1:R7:-500:-3" << 60 << "refund_mismatch@T1/R7" << 1;
        QTest::newRow("refund of another amount")
            << "T1:PARTIALLY_REFUNDED:1000:D"
            << "R1:T1:400:SUCCESS:D"
            << ""
            << "P:T1::1000:6;R:T1:R1:-500:-3" << 60 << "refund_mismatch@T1/R1" << 1;
        QTest::newRow("refund failed locally")
            << "T1:PAID:1000:D"
            << "R1:T1:500:FAILED:D"
            << ""
            << "P:T1::1000:6;R:T1:R1:-500:-3" << 60 << "refund_mismatch@T1/R1" << 1;
        QTest::newRow("refund still processing locally")
            << "T1:PAID:1000:D"
            << "R1:T1:500:PROCESSING:D"
            << ""
            << "P:T1::1000:6;R:T1:R1:-500:-3" << 60 << "refund_mismatch@T1/R1" << 1;
        QTest::newRow("refund of another order")
            << "T1:PAID:1000:D;T2:PARTIALLY_REFUNDED:1000:D"
            << "R1:T2:500:SUCCESS:D"
            << ""
            << "P:T1::1000:6;P:T2::1000:6;R:T1:R1:-500:-3" << 60 << "refund_mismatch@T1/R1" << 2;
        QTest::newRow("refund succeeded locally without a line")
            << "T1:PARTIALLY_REFUNDED:1000:D"
            << "R1:T1:500:SUCCESS:D"
            << ""
            << "P:T1::1000:6" << 60 << "refund_mismatch@T1/R1" << 1;
        QTest::newRow("refund on the next day's statement is not missing")
            << "T1:PARTIALLY_REFUNDED:1000:D"
            << "R1:T1:500:SUCCESS:D"
            << "R:R1"
            << "P:T1::1000:6" << 60 << "" << 1;
        QTest::newRow("refund fee within the provider's 1 fen of rounding")
            << "T1:PARTIALLY_REFUNDED:1000:D"
            << "R1:T1:500:SUCCESS:D"
            << ""
            << "P:T1::1000:6;R:T1:R1:-500:-2" << 60 << "" << 2;
        QTest::newRow("refund fee_mismatch")
            << "T1:PARTIALLY_REFUNDED:1000:D"
            << "R1:T1:500:SUCCESS:D"
            << ""
            << "P:T1::1000:6;R:T1:R1:-500:-6" << 60 << "fee_mismatch@T1/R1" << 1;
    }

    void classify()
    {
        QFETCH(QString, orders);
        QFETCH(QString, refunds);
        QFETCH(QString, elsewhere);
        QFETCH(QString, lines);
        QFETCH(int, feeRateBp);
        QFETCH(QString, expected);
        QFETCH(int, matched);
        const BooksColumns b = books(orders, refunds, elsewhere);
        const StatementColumns s = statement(lines);
        const ReconOutcome outcome = Reconciler::reconcile(s, b, {kDay, feeRateBp});
        QCOMPARE(found(outcome, s, b), expected);
        QCOMPARE(outcome.count(ReconClass::Matched), matched);
        QCOMPARE(outcome.totals.matched, matched);
        QCOMPARE(qsizetype(outcome.lineClass.size()), qsizetype(s.size()));
        qint64 sum = 0;
        for (qint64 c : outcome.counts)
            sum += c;
        QCOMPARE(sum, qint64(outcome.exceptions.size()) + matched);
    }

    void totalsOverAllLinesAgainstTheFooter()
    {
        const BooksColumns b =
            books(u"T1:PARTIALLY_REFUNDED:1000:D;T2:PAID:250:D"_s, u"R1:T1:500:SUCCESS:D"_s, {});
        StatementColumns s = statement(u"P:T1::1000:6;P:T2::250:2;P:T2::250:2;"
                                       u"R:T1:R1:-500:-3;P:X1::100:1"_s);
        s.footer = StatementColumns::Footer{4, 1, 1100, 8};
        ReconOutcome o = Reconciler::reconcile(s, b, {kDay, 60});
        QCOMPARE(o.totals.grossMinor, 1600);
        QCOMPARE(o.totals.refundsMinor, 500);
        QCOMPARE(o.totals.feesMinor, 8);
        QCOMPARE(o.totals.netMinor, 1092);
        QCOMPARE(o.totals.payments, 4);
        QCOMPARE(o.totals.refunds, 1);
        QVERIFY(o.footerPresent);
        QVERIFY(o.footerAgrees);
        // Alipay's own files give the fee negative: the sign may differ, the figure may not.
        s.footer->feesMinor = -8;
        QVERIFY(Reconciler::reconcile(s, b, {kDay, 60}).footerAgrees);
        s.footer->netMinor = 1101;
        QVERIFY(!Reconciler::reconcile(s, b, {kDay, 60}).footerAgrees);
        s.footer->netMinor = 1100;
        s.footer->payments = 3;
        QVERIFY(!Reconciler::reconcile(s, b, {kDay, 60}).footerAgrees);
    }

    void exceptionCarriesAmountsAndAction()
    {
        const BooksColumns b = books(u"T1:PAID:1000:D;T2:PAID:300:D"_s, {}, {});
        const StatementColumns s = statement(u"P:T1::1001:6"_s);
        const ReconOutcome o = Reconciler::reconcile(s, b, {kDay, 60});
        const QList<ReconException> x =
            Reconciler::exceptions(o, s, b, u"alipay"_s, QDate(2026, 12, 1));
        QCOMPARE(x.size(), 2);
        QCOMPARE(x[0].kind, ReconClass::AmountMismatch);
        QCOMPARE(x[0].localMinor, 1000);
        QCOMPARE(x[0].providerMinor, 1001);
        QCOMPARE(x[0].provider, u"alipay"_s);
        QCOMPARE(x[0].businessDay, QDate(2026, 12, 1));
        QCOMPARE(x[1].kind, ReconClass::MissingAtProvider);
        QCOMPARE(x[1].localMinor, 300);
        QVERIFY(!x[1].providerMinor);
        QCOMPARE(o.lineClass[0], ReconClass::AmountMismatch);
        for (int k = 0; k <= int(ReconClass::DuplicateLine); ++k)
            QVERIFY(!Reconciler::suggestedAction(ReconClass(k)).isEmpty());
    }

    void expectedFeeHalfUp()
    {
        QCOMPARE(Reconciler::expectedFee(250, 60), 2); // 1.5 → 2
        QCOMPARE(Reconciler::expectedFee(249, 60), 1); // 1.494 → 1
        QCOMPARE(Reconciler::expectedFee(-250, 60), -2);
        QCOMPARE(Reconciler::expectedFee(0, 60), 0);
        QCOMPARE(Reconciler::expectedFee(100000000, 38), 380000);
    }

    void civilDays()
    {
        QCOMPARE(civilDay(1970, 1, 1), 0);
        QCOMPARE(civilDay(2026, 12, 1), std::int32_t(QDate(1970, 1, 1).daysTo(QDate(2026, 12, 1))));
        QCOMPARE(civilDay(2024, 3, 1) - civilDay(2024, 2, 28), 2);
    }

    void keyIndexManyKeys()
    {
        StringArena arena;
        std::vector<std::string_view> keys;
        for (int i = 0; i < 100000; ++i)
            keys.push_back(keep(arena, u"P2026120100%1"_s.arg(i, 6, 10, QLatin1Char('0'))));
        KeyIndex index;
        for (std::size_t i = 0; i < keys.size(); ++i)
            QCOMPARE(index.insert(keys[i], std::uint32_t(i)), std::uint32_t(i));
        for (std::size_t i = 0; i < keys.size(); i += 997)
            QCOMPARE(index.find(keys[i]), std::uint32_t(i));
        QCOMPARE(index.insert(keys[5], 77), 5u);
        QCOMPARE(index.find("nope"), KeyIndex::npos);
        QCOMPARE(index.size(), keys.size());
    }
};

QTEST_GUILESS_MAIN(TstReconciler)
#include "tst_reconciler.moc"
