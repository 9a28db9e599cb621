// DayReportWriter: the JSON shape of `paydesk reconcile --json` (DESIGN §7) and its extras, the
// CSV's values, and a PDF that pdftotext reads back (totals, the Chinese store name, the
// exceptions, the sign-off with the audit head, page numbers) and pdftoppm renders.
#include "core/reports/dayreportwriter.h"

#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;

namespace {

DayReport sampleDay(int extraExceptions = 0)
{
    DayReport r;
    r.businessDay = QDate(2026, 11, 23);
    r.storeName = QStringLiteral("张记面馆 Zhang's Noodles");
    ProviderDayTotals alipay;
    alipay.provider = QStringLiteral("alipay");
    alipay.grossMinor = 123450;
    alipay.refundsMinor = 2500;
    alipay.feesMinor = 726;
    alipay.netMinor = 123450 - 2500 - 726;
    alipay.clearingBalanceMinor = 120224;
    alipay.payments = 41;
    alipay.refunds = 2;
    alipay.matched = 42;
    ProviderDayTotals wechat;
    wechat.provider = QStringLiteral("wechatpay");
    wechat.grossMinor = 50000;
    wechat.feesMinor = 300;
    wechat.netMinor = 49700;
    wechat.clearingBalanceMinor = 49700;
    wechat.payments = 10;
    wechat.matched = 10;
    r.providers = {alipay, wechat};
    ReconException mismatch;
    mismatch.id = 7;
    mismatch.provider = QStringLiteral("alipay");
    mismatch.businessDay = r.businessDay;
    mismatch.kind = ReconClass::AmountMismatch;
    mismatch.outTradeNo = QStringLiteral("PD20261123A0001");
    mismatch.localMinor = 1000;
    mismatch.providerMinor = 1100;
    mismatch.suggestedAction = QStringLiteral("Check the order, then post an adjustment");
    ReconException missing;
    missing.provider = QStringLiteral("wechatpay");
    missing.kind = ReconClass::MissingLocally;
    missing.outTradeNo = QStringLiteral("PD20261123W0002");
    missing.providerMinor = 500;
    missing.suggestedAction = QStringLiteral("Book the payment, \"found\" on the statement");
    missing.resolvedBy = QStringLiteral("mia");
    missing.resolvedAt = QDateTime(QDate(2026, 11, 24), QTime(9, 0), Qt::UTC);
    missing.resolution = QStringLiteral("booked by hand");
    missing.adjustingEntryId = 99;
    r.exceptions = {mismatch, missing};
    r.providerNames = {{QStringLiteral("alipay"), QStringLiteral("Alipay")},
                       {QStringLiteral("wechatpay"), QStringLiteral("WeChat Pay")}};
    for (int i = 0; i < extraExceptions; ++i) {
        ReconException e = mismatch;
        e.outTradeNo = QStringLiteral("PD20261123X%1").arg(i, 4, 10, QLatin1Char('0'));
        r.exceptions << e;
    }
    r.grossByHourMinor = QList<qint64>(24, 0);
    r.signedOffBy = QStringLiteral("mia");
    r.signedOffAt = QDateTime(QDate(2026, 11, 24), QTime(10, 30), Qt::UTC);
    r.auditHeadId = 1234;
    r.auditHeadHash = QStringLiteral("9f2c4e0a7b1d3f56");
    return r;
}

/// A program's standard output. pdftotext maps some CJK glyphs to their compatibility code
/// points (面 comes back as the Kangxi radical U+2F8F), so text is compared after NFKC.
QString run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        return QStringLiteral("FAILED: ") + QString::fromUtf8(p.readAllStandardError());
    return QString::fromUtf8(p.readAllStandardOutput()).normalized(QString::NormalizationForm_KC);
}

} // namespace

class TestDayReportWriter : public QObject
{
    Q_OBJECT
private slots:
    void formatForPath();
    void jsonHasTheFixedShape();
    void openDayHasNullSignOff();
    void csvValues();
    void pdfReadsBack();
    void longPdfHasPageNumbersAndCanBeCancelled();
    void badSuffixIsRefused();

private:
    QTemporaryDir m_dir;
};

void TestDayReportWriter::formatForPath()
{
    QCOMPARE(DayReportWriter::formatForPath(QStringLiteral("a/day.CSV")),
             DayReportWriter::Format::Csv);
    QCOMPARE(DayReportWriter::formatForPath(QStringLiteral("day.json")),
             DayReportWriter::Format::Json);
    QCOMPARE(DayReportWriter::formatForPath(QStringLiteral("day.pdf")),
             DayReportWriter::Format::Pdf);
    QVERIFY(!DayReportWriter::formatForPath(QStringLiteral("day.txt")));
}

void TestDayReportWriter::jsonHasTheFixedShape()
{
    const QString path = m_dir.filePath(QStringLiteral("day.json"));
    QVERIFY(DayReportWriter::write(sampleDay(), path).ok());
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonObject j = QJsonDocument::fromJson(f.readAll()).object();
    QCOMPARE(j.value(QStringLiteral("date")).toString(), QStringLiteral("2026-11-23"));
    QCOMPARE(j.value(QStringLiteral("matched")).toInt(), 52);
    const QJsonObject totals = j.value(QStringLiteral("totals")).toObject();
    QCOMPARE(totals.value(QStringLiteral("gross_minor")).toInteger(), 173450);
    QCOMPARE(totals.value(QStringLiteral("refunds_minor")).toInteger(), 2500);
    QCOMPARE(totals.value(QStringLiteral("fees_minor")).toInteger(), 1026);
    QCOMPARE(totals.value(QStringLiteral("net_minor")).toInteger(), 173450 - 2500 - 1026);
    const QJsonArray ex = j.value(QStringLiteral("exceptions")).toArray();
    QCOMPARE(ex.size(), 2);
    const QJsonObject first = ex[0].toObject();
    QCOMPARE(first.value(QStringLiteral("class")).toString(), QStringLiteral("amount_mismatch"));
    QCOMPARE(first.value(QStringLiteral("out_trade_no")).toString(),
             QStringLiteral("PD20261123A0001"));
    QCOMPARE(first.value(QStringLiteral("local_minor")).toInteger(), 1000);
    QCOMPARE(first.value(QStringLiteral("provider_minor")).toInteger(), 1100);
    QVERIFY(first.value(QStringLiteral("suggested_action")).toString().startsWith(u"Check"));
    QCOMPARE(first.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
    const QJsonObject second = ex[1].toObject();
    QVERIFY(second.value(QStringLiteral("local_minor")).isNull());
    QCOMPARE(second.value(QStringLiteral("resolved_by")).toString(), QStringLiteral("mia"));
    QCOMPARE(second.value(QStringLiteral("adjusting_entry")).toInteger(), 99);
    const QJsonArray providers = j.value(QStringLiteral("providers")).toArray();
    QCOMPARE(providers.size(), 2);
    QCOMPARE(providers[1].toObject().value(QStringLiteral("provider")).toString(),
             QStringLiteral("wechatpay"));
    QCOMPARE(providers[0].toObject().value(QStringLiteral("clearing_balance_minor")).toInteger(),
             120224);
    const QJsonObject sign = j.value(QStringLiteral("sign_off")).toObject();
    QCOMPARE(sign.value(QStringLiteral("by")).toString(), QStringLiteral("mia"));
    QCOMPARE(sign.value(QStringLiteral("audit_entry")).toInteger(), 1234);
    QCOMPARE(sign.value(QStringLiteral("audit_hash")).toString(),
             QStringLiteral("9f2c4e0a7b1d3f56"));
    QCOMPARE(sign.value(QStringLiteral("at")).toString(), QStringLiteral("2026-11-24T10:30:00Z"));
}

void TestDayReportWriter::openDayHasNullSignOff()
{
    DayReport r = sampleDay();
    r.signedOffBy.clear();
    QVERIFY(DayReportWriter::toJson(r).value(QStringLiteral("sign_off")).isNull());
}

void TestDayReportWriter::csvValues()
{
    const QString csv = QString::fromUtf8(DayReportWriter::toCsv(sampleDay()));
    const QStringList lines = csv.split(QStringLiteral("\r\n"));
    QCOMPARE(lines[0], QStringLiteral("date,store"));
    QCOMPARE(lines[1], QStringLiteral("2026-11-23,张记面馆 Zhang's Noodles"));
    QCOMPARE(lines[4], QStringLiteral("alipay,1234.50,25.00,7.26,1202.24,1202.24,0.00,41,2,42"));
    QCOMPARE(lines[5], QStringLiteral("wechatpay,500.00,0.00,3.00,497.00,497.00,0.00,10,0,10"));
    QCOMPARE(lines[6], QStringLiteral("total,1734.50,25.00,10.26,1699.24,1699.24,0.00,51,2,52"));
    QCOMPARE(lines[9], QStringLiteral("amount_mismatch,alipay,PD20261123A0001,,10.00,11.00,"
                                      "\"Check the order, then post an adjustment\",open,,"));
    QCOMPARE(lines[10], QStringLiteral("missing_locally,wechatpay,PD20261123W0002,,,5.00,"
                                       "\"Book the payment, \"\"found\"\" on the statement\","
                                       "resolved,mia,booked by hand"));
    QCOMPARE(lines[13], QStringLiteral("mia,2026-11-24T10:30:00Z,1234,9f2c4e0a7b1d3f56"));
}

void TestDayReportWriter::pdfReadsBack()
{
    if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty())
        QFAIL("pdftotext (poppler-utils) is needed");
    const QString path = m_dir.filePath(QStringLiteral("day.pdf"));
    QList<int> seen;
    QVERIFY(DayReportWriter::write(sampleDay(), path, [&](int p) {
                seen << p;
                return true;
            }).ok());
    QVERIFY(!seen.isEmpty());
    QCOMPARE(seen.last(), 100);
    if (const QString keep = qEnvironmentVariable("PAYDESK_KEEP_PDF"); !keep.isEmpty()) {
        QFile::remove(keep);
        QFile::copy(path, keep);
    }
    const QString text = run(QStringLiteral("pdftotext"), {path, QStringLiteral("-")});
    QVERIFY2(!text.startsWith(u"FAILED"), qPrintable(text));
    for (const QString &want :
         {QStringLiteral("张记面馆"), QStringLiteral("Daily reconciliation report"),
          QStringLiteral("2026-11-23"), QStringLiteral("1734.50"), QStringLiteral("1699.24"),
          QStringLiteral("10.26"), QStringLiteral("PD20261123A0001"),
          QStringLiteral("Amount mismatch"), QStringLiteral("WeChat Pay"),
          QStringLiteral("9f2c4e0a7b1d3f56"), QStringLiteral("entry 1234"),
          QStringLiteral("page 1 of 1")})
        QVERIFY2(text.contains(want), qPrintable(want + QStringLiteral(" not in:\n") + text));
    // The CJK font is embedded, not referenced.
    const QString fonts = run(QStringLiteral("pdffonts"), {path});
    QVERIFY2(fonts.contains(QStringLiteral("CJK")), qPrintable(fonts));
    // It renders; keep the picture next to the test for a person to look at.
    const QString png = m_dir.filePath(QStringLiteral("day"));
    QVERIFY(!run(QStringLiteral("pdftoppm"),
                 {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("60"),
                  QStringLiteral("-singlefile"), path, png})
                 .startsWith(u"FAILED"));
    QVERIFY(QFile(png + QStringLiteral(".png")).size() > 5000);
}

void TestDayReportWriter::longPdfHasPageNumbersAndCanBeCancelled()
{
    const QString path = m_dir.filePath(QStringLiteral("long.pdf"));
    QVERIFY(DayReportWriter::writePdf(sampleDay(150), path).ok());
    const QString text = run(QStringLiteral("pdftotext"), {path, QStringLiteral("-")});
    QVERIFY2(text.contains(QStringLiteral("page 1 of ")), qPrintable(text.left(400)));
    QVERIFY(text.contains(QStringLiteral("page 2 of ")));
    QVERIFY(text.contains(QStringLiteral("PD20261123X0149")));
    const QString cancelled = m_dir.filePath(QStringLiteral("cancelled.pdf"));
    auto r = DayReportWriter::writePdf(sampleDay(150), cancelled, [](int p) { return p < 20; });
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("reports.cancelled"));
    QVERIFY(!QFile::exists(cancelled));
}

void TestDayReportWriter::badSuffixIsRefused()
{
    auto r = DayReportWriter::write(sampleDay(), m_dir.filePath(QStringLiteral("day.txt")));
    QVERIFY(!r.ok());
    QCOMPARE(r.error().code, QStringLiteral("reports.bad_format"));
}

QTEST_MAIN(TestDayReportWriter)
#include "tst_dayreportwriter.moc"
