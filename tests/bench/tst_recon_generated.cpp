// The benchmark's path at 10,000 lines: the generator's bill zip (GBK CSV as the sandbox serves
// it) and database (the app's migrations), read by AlipayBillReader and BooksLoader, classified
// by the Reconciler: every class and total equals the generator's. Plus the bills the reader
// must refuse.
#include "recongenerator.h"
#include "reconpipeline.h"

#include "core/providers/alipay/alipaybillreader.h"
#include "core/reconcile/booksloader.h"

#include <QFile>
#include <QStringEncoder>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstring>

using namespace paydesk;
using namespace paydesk::bench;
using namespace Qt::StringLiterals;

class TstReconGenerated : public QObject
{
    Q_OBJECT
private slots:
    void generatedDayReconciles()
    {
        QTemporaryDir dir;
        ReconScenario s;
        s.lines = 10000;
        s.perClass = 10;
        const ReconGenerator g(s);
        const QString zipPath = dir.filePath(u"bill.zip"_s);
        const QString dbPath = dir.filePath(u"paydesk.db"_s);
        auto zip = g.billZip();
        QVERIFY(zip.ok());
        QFile f(zipPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(zip.value());
        f.close();
        QVERIFY(g.fillDatabase(dbPath).ok());

        const PipelineRun run = runPipeline(zipPath, dbPath, s);
        QVERIFY2(run.error.isEmpty(), qPrintable(run.error));
        QCOMPARE(compareWithExpectation(run, g.expectation()), QString());
        QCOMPARE(run.lines, 10000);
        QCOMPARE(run.orders, 10000);
        for (int k = 1; k < 9; ++k)
            QCOMPARE(run.outcome.counts[k], 10);
        QVERIFY(run.outcome.footerAgrees);
        QVERIFY(run.outcome.totals.grossMinor > 0);
        // A tampered expectation is noticed: the comparison can fail.
        ReconExpectation wrong = g.expectation();
        wrong.feesMinor += 1;
        QVERIFY(!compareWithExpectation(run, wrong).isEmpty());
    }

    void readsQuotedCellsAndGbk()
    {
        QStringEncoder enc("GB18030");
        const QByteArray csv = enc.encode(
            u"#支付宝业务明细查询\r\n"
            u"支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,"
            u"终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,"
            u"支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,"
            u"卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\r\n"
            u"2026\t,T1\t,交易,\"咖啡, 大杯\n#热\",2026-12-01 08:00:00,2026-12-01 08:00:05,,,,,,"
            u"12.30,12.30,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-0.07,0.00,\r\n"
            u"2027\t,T1\t,退款,咖啡,2026-12-01 08:00:00,2026-12-01 09:00:00,,,,,,"
            u"-2.00,-2.00,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,R1\t,0.01,0.00,\"退, 货\"\r\n"
            u"#-----------------------------------------业务明细列表结束------\r\n"
            u"#交易合计：1笔，退款合计：1笔\r\n"
            u"#商家实收合计：10.30元，服务费合计：-0.06元\r\n"_s);
        auto r = AlipayBillReader::readCsv(csv);
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
        const StatementColumns &c = r.value();
        QCOMPARE(c.size(), std::size_t(2));
        QCOMPARE(c.kind[0], LineKind::Payment);
        QCOMPARE(c.outTradeNo[0], std::string_view("T1"));
        QCOMPARE(c.amountMinor[0], 1230);
        QCOMPARE(c.feeMinor[0], 7); // printed negative, charged
        QCOMPARE(c.finishedAtUtc[0], qint64(civilDay(2026, 12, 1)) * 86400 + 5 - 0);
        QCOMPARE(c.kind[1], LineKind::Refund);
        QCOMPARE(c.outRequestNo[1], std::string_view("R1"));
        QCOMPARE(c.amountMinor[1], -200);
        QCOMPARE(c.feeMinor[1], -1); // returned
        QVERIFY(c.footer);
        QCOMPARE(c.footer->payments, 1);
        QCOMPARE(c.footer->refunds, 1);
        QCOMPARE(c.footer->netMinor, 1030);
        QCOMPARE(c.footer->feesMinor, -6);

        // The same bill cut into chunks of every small size (a record, a quoted line break, a
        // "\r\n" or the footer split anywhere) reads the same.
        for (qint64 step = 1; step <= 40; ++step) {
            qint64 at = 0;
            auto part = AlipayBillReader::readStream(
                [&](char *out, qint64 max) {
                    const qint64 n = std::min({max, step, qint64(csv.size()) - at});
                    std::memcpy(out, csv.constData() + at, std::size_t(n));
                    at += n;
                    return n;
                },
                step);
            QVERIFY2(part.ok(), qPrintable(QString::number(step)));
            const StatementColumns &d = part.value();
            QCOMPARE(d.size(), c.size());
            for (std::size_t i = 0; i < c.size(); ++i) {
                QCOMPARE(d.kind[i], c.kind[i]);
                QCOMPARE(d.outTradeNo[i], c.outTradeNo[i]);
                QCOMPARE(d.outRequestNo[i], c.outRequestNo[i]);
                QCOMPARE(d.amountMinor[i], c.amountMinor[i]);
                QCOMPARE(d.feeMinor[i], c.feeMinor[i]);
                QCOMPARE(d.finishedAtUtc[i], c.finishedAtUtc[i]);
            }
            QVERIFY(d.footer);
            QCOMPARE(d.footer->netMinor, c.footer->netMinor);
            QCOMPARE(d.footer->feesMinor, c.footer->feesMinor);
        }
        // A source that fails midway is a damaged bill, not a short one.
        qint64 calls = 0;
        auto broken = AlipayBillReader::readStream([&](char *out, qint64 max) -> qint64 {
            if (calls++)
                return -1;
            const qint64 n = std::min(max, qint64(csv.size()) / 2);
            std::memcpy(out, csv.constData(), std::size_t(n));
            return n;
        });
        QVERIFY(!broken.ok());
        QCOMPARE(broken.error().code, u"bill.zip"_s);
    }

    void refusesBrokenBills_data()
    {
        QTest::addColumn<QString>("csv");
        QTest::addColumn<QString>("code");
        const QString header =
            u"支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,"
            u"终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,"
            u"支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,"
            u"卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\r\n"_s;
        const QString row = u"1\t,T1\t,交易,x,,,,,,,,1.00,1.00,0,0,0,0,0,,0,0,,0.01,0,\r\n"_s;
        const QString end = u"#----业务明细列表结束----\r\n"_s;
        QTest::newRow("truncated") << header + row << u"bill.truncated"_s;
        QTest::newRow("missing columns")
            << header + u"1\t,T1\t,交易,x,,,,,,,,1.00\r\n"_s + end << u"bill.columns"_s;
        QTest::newRow("short header") << u"a,b,c\r\n"_s + row + end << u"bill.columns"_s;
        QTest::newRow("bad amount")
            << header + QString(row).replace(u"1.00,1.00"_s, u"1.0x,1.00"_s) + end
            << u"bill.amount"_s;
        QTest::newRow("no header") << end << u"bill.columns"_s;
    }

    void refusesBrokenBills()
    {
        QFETCH(QString, csv);
        QFETCH(QString, code);
        QStringEncoder enc("GB18030");
        const QByteArray bytes = enc.encode(csv);
        auto r = AlipayBillReader::readCsv(bytes);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, code);
        QVERIFY(!r.error().message.isEmpty());
        qint64 at = 0; // a byte at a time: refused the same way
        auto bytewise = AlipayBillReader::readStream(
            [&](char *out, qint64) {
                const qint64 n = at < bytes.size() ? 1 : 0;
                if (n)
                    *out = bytes.at(at++);
                return n;
            },
            1);
        QVERIFY(!bytewise.ok());
        QCOMPARE(bytewise.error().code, code);
    }

    void refusesUtf8AndNonZip()
    {
        const QByteArray bom = "\xEF\xBB\xBF#x\r\n";
        auto r = AlipayBillReader::readCsv(bom);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"bill.encoding"_s);
        QVERIFY(!AlipayBillReader::readZip("not a zip").ok());
    }

    void businessDayOfUtcInstant()
    {
        QCOMPARE(BooksLoader::businessDayOf("2026-11-30T16:00:00.000Z"), civilDay(2026, 12, 1));
        QCOMPARE(BooksLoader::businessDayOf("2026-11-30T15:59:59.999Z"), civilDay(2026, 11, 30));
        QCOMPARE(BooksLoader::businessDayOf("2026-12-01T05:00:00.000Z"), civilDay(2026, 12, 1));
        QCOMPARE(BooksLoader::businessDayOf("garbage"), INT32_MIN);
    }
};

QTEST_GUILESS_MAIN(TstReconGenerated)
#include "tst_recon_generated.moc"
