#include "core/receipts/escposencoder.h"
#include "core/receipts/receiptdata.h"
#include "core/receipts/receiptprinter.h"
#include "core/receipts/receiptrenderer.h"
#include "core/util/clock.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStringDecoder>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

ReceiptData sample()
{
    ReceiptData r;
    r.storeName = u"上海一号店"_s; // test fixture: Chinese text must survive GB18030
    r.cashier = u"alice"_s;
    r.till = u"2"_s;
    r.time = QDateTime(QDate(2026, 3, 1), QTime(4, 5, 6), Qt::UTC);
    r.amount = Money::fromMinor(123456);
    r.provider = u"alipay"_s;
    r.providerName = u"Alipay"_s; // what the registry names it (the caller passes it)
    r.transactionId = u"2026030122001400001"_s;
    r.outTradeNo = u"SH01-2-260301120506-000001"_s;
    r.status = u"PAID"_s;
    return r;
}

/// A small ESC/POS reader: splits the stream into commands and text lines.
struct Parsed
{
    QStringList
        commands; // e.g. "init", "align 1", "bold 1", "size 17", "qr-store <data>", "feed 4", "cut"
    QStringList lines; // decoded text lines (GB18030)
    bool ok = true;
    QString error;
};

Parsed parse(const QByteArray &b)
{
    Parsed p;
    QByteArray text;
    auto flushLine = [&] {
        QStringDecoder dec("GB18030");
        p.lines << dec.decode(text);
        text.clear();
    };
    int i = 0;
    auto need = [&](int n) {
        if (i + n > b.size()) {
            p.ok = false;
            p.error = u"truncated command at %1"_s.arg(i);
            return false;
        }
        return true;
    };
    while (i < b.size() && p.ok) {
        const uchar c = uchar(b.at(i));
        if (c == 0x1B) {
            if (!need(2))
                break;
            const char op = b.at(i + 1);
            if (op == '@') {
                p.commands << u"init"_s;
                i += 2;
            } else if (op == 'a' || op == 'E' || op == 'd') {
                if (!need(3))
                    break;
                const QString name = op == 'a' ? u"align"_s : op == 'E' ? u"bold"_s : u"feed"_s;
                p.commands << u"%1 %2"_s.arg(name).arg(int(uchar(b.at(i + 2))));
                i += 3;
            } else {
                p.ok = false;
                p.error = u"unknown ESC %1"_s.arg(int(op));
            }
        } else if (c == 0x1D) {
            if (!need(2))
                break;
            const char op = b.at(i + 1);
            if (op == '!') {
                if (!need(3))
                    break;
                p.commands << u"size %1"_s.arg(int(uchar(b.at(i + 2))));
                i += 3;
            } else if (op == 'V') {
                if (!need(4))
                    break;
                p.commands << u"cut %1"_s.arg(int(uchar(b.at(i + 2))));
                i += 4;
            } else if (op == '(') {
                if (!need(5) || b.at(i + 2) != 'k')
                    break;
                const int len = uchar(b.at(i + 3)) | (uchar(b.at(i + 4)) << 8);
                if (!need(5 + len))
                    break;
                const QByteArray payload = b.mid(i + 5, len);
                if (payload.size() >= 3 && payload.at(0) == 49 && payload.at(1) == 80)
                    p.commands << u"qr-store "_s + QString::fromLatin1(payload.mid(3));
                else if (payload.size() >= 2 && payload.at(0) == 49 && payload.at(1) == 81)
                    p.commands << u"qr-print"_s;
                else
                    p.commands << u"qr-setup %1"_s.arg(int(payload.size() > 1 ? payload.at(1) : 0));
                i += 5 + len;
            } else {
                p.ok = false;
                p.error = u"unknown GS %1"_s.arg(int(op));
            }
        } else if (c == 0x0A) {
            flushLine();
            ++i;
        } else if (c < 0x20) {
            p.ok = false;
            p.error = u"stray control byte %1 at %2"_s.arg(int(c)).arg(i);
        } else {
            text.append(char(c));
            ++i;
        }
    }
    if (!text.isEmpty())
        flushLine();
    return p;
}

} // namespace

class TestReceipts : public QObject
{
    Q_OBJECT
private slots:
    void escPosStructure();
    void escPosLineWidths();
    void escPosToLoopbackPrinter();
    void printerUnreachableIsAnError();
    void printerTargets();
    void pdfIsARealPdf();
    void pdfShowsTheWholeTransactionId_data();
    void pdfShowsTheWholeTransactionId();
    void receiptFromCashOrder();
};

void TestReceipts::escPosStructure()
{
    const QByteArray bytes =
        EscPosEncoder().encode(sample(), QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY(bytes.startsWith("\x1b@"));
    QVERIFY(bytes.endsWith(QByteArray("\x1dV\x42\x00", 4)));
    const Parsed p = parse(bytes);
    QVERIFY2(p.ok, qPrintable(p.error));
    QCOMPARE(p.commands.first(), u"init"_s);
    QCOMPARE(p.commands.last(), u"cut 66"_s);
    QVERIFY(p.commands.contains(u"feed 4"_s));
    QVERIFY(p.commands.contains(u"align 1"_s));
    QVERIFY(p.commands.contains(u"bold 1"_s));
    QVERIFY(p.commands.contains(u"size 17"_s)); // double width and height
    QVERIFY(p.commands.contains(u"qr-store 2026030122001400001"_s));
    QVERIFY(p.commands.indexOf(u"qr-print"_s) >
            p.commands.indexOf(u"qr-store 2026030122001400001"_s));
    QCOMPARE(p.lines.first(), u"上海一号店"_s);
    QVERIFY(p.lines.contains(u"￥1,234.56"_s));
    const QString all = p.lines.join(u'\n');
    QVERIFY(all.contains(u"SH01-2-260301120506-000001"));
    QVERIFY(all.contains(u"2026-03-01 12:05:06")); // Beijing time
    QVERIFY(all.contains(u"Alipay"));
    QVERIFY(all.contains(u"alice"));
    // The store name really is GB18030 on the wire.
    QVERIFY(bytes.contains(QByteArray("\xc9\xcf\xba\xa3")));
    // Without a QR.
    EscPosOptions o;
    o.printQr = false;
    QVERIFY(!parse(EscPosEncoder(o).encode(sample())).commands.join(u' ').contains(u"qr"));
}

void TestReceipts::escPosLineWidths()
{
    EscPosOptions o;
    o.columns = 32;
    const Parsed p = parse(EscPosEncoder(o).encode(sample(), QLocale(QLocale::English)));
    for (const QString &line : p.lines) {
        if (line.contains(u"Amount") || line.contains(u"Cashier"))
            QCOMPARE(EscPosEncoder::displayWidth(line), 32);
        QVERIFY2(EscPosEncoder::displayWidth(line) <= 32 || line == u"上海一号店",
                 qPrintable(line));
    }
    QCOMPARE(EscPosEncoder::displayWidth(u"上海a"_s), 5);
    // Too long for one line: the label, then the value right-aligned on its own line.
    const int at = int(p.lines.indexOf(u"Order no."_s));
    QVERIFY(at > 0);
    QCOMPARE(p.lines.at(at + 1), u"      SH01-2-260301120506-000001"_s);
}

void TestReceipts::escPosToLoopbackPrinter()
{
    // Declared before the server: its sockets may still signal while it is destroyed.
    QByteArray received;
    bool closed = false;
    QTcpServer server;
    QVERIFY(server.listen(QHostAddress::LocalHost, 0));
    connect(&server, &QTcpServer::newConnection, &server, [&] {
        QTcpSocket *s = server.nextPendingConnection();
        connect(s, &QTcpSocket::readyRead, s, [&received, s] { received += s->readAll(); });
        connect(s, &QTcpSocket::disconnected, s, [&closed] { closed = true; });
    });
    SystemClock clock;
    ReceiptPrinter printer(clock);
    const QByteArray bytes = EscPosEncoder().encode(sample());
    std::optional<Status> result;
    printer.sendToNetwork(bytes, u"127.0.0.1"_s, server.serverPort(),
                          [&](const Status &s) { result = s; });
    QTRY_VERIFY(result.has_value());
    QVERIFY2(result->ok(), result->ok() ? "" : qPrintable(result->error().message));
    QTRY_VERIFY(closed);
    QCOMPARE(received, bytes);
    const Parsed p = parse(received);
    QVERIFY(p.ok);
    QCOMPARE(p.lines.first(), u"上海一号店"_s);
}

void TestReceipts::printerUnreachableIsAnError()
{
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 port = probe.serverPort();
    probe.close(); // nothing listens there now
    SystemClock clock;
    ReceiptPrinter printer(clock);
    std::optional<Status> result;
    printer.sendToNetwork("x", u"127.0.0.1"_s, port, [&](const Status &s) { result = s; });
    QTRY_VERIFY(result.has_value());
    QVERIFY(!result->ok());
    QCOMPARE(result->error().code, u"printer.network"_s);
}

void TestReceipts::printerTargets()
{
    auto t = PrinterTarget::parse(u"tcp://192.168.1.50:9101"_s);
    QVERIFY(t.ok());
    QCOMPARE(t.value().host, u"192.168.1.50"_s);
    QCOMPARE(t.value().port, 9101);
    t = PrinterTarget::parse(u"10.0.0.9"_s);
    QCOMPARE(t.value().port, 9100);
    t = PrinterTarget::parse(u"serial:/dev/ttyUSB0@19200"_s);
    QCOMPARE(t.value().kind, PrinterTarget::Kind::Serial);
    QCOMPARE(t.value().serialPort, u"/dev/ttyUSB0"_s);
    QCOMPARE(t.value().baudRate, 19200);
    QVERIFY(!PrinterTarget::parse(u"serial:"_s).ok());
    QVERIFY(!PrinterTarget::parse(u"http://x"_s).ok());
    SystemClock clock;
    ReceiptPrinter printer(clock);
    QVERIFY(!printer.sendToSerial("x", u"/dev/does-not-exist-paydesk"_s).ok());
}

void TestReceipts::pdfIsARealPdf()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"receipt.pdf"_s);
    ReceiptRenderer renderer(sample());
    const Status s = renderer.toPdf(path);
    QVERIFY2(s.ok(), s.ok() ? "" : qPrintable(s.error().message));
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray pdf = f.readAll();
    QVERIFY(pdf.startsWith("%PDF-"));
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    QVERIFY2(pdf.size() > 3000, qPrintable(QString::number(pdf.size())));
    QVERIFY(pdf.contains("/Image") || pdf.contains("/XObject")); // the QR
    QVERIFY(!renderer.toPdf(u"/nonexistent-dir/x/receipt.pdf"_s).ok());
}

void TestReceipts::pdfShowsTheWholeTransactionId_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("transactionId");
    // Alipay's trade_no is 28 digits; it used to be cut at the left edge of the value column.
    QTest::newRow("en, 28 digits") << u"en"_s << u"2026030122001412345678901234"_s;
    QTest::newRow("zh, 28 digits") << u"zh"_s << u"2026030122001498765432109876"_s;
    QTest::newRow("en, 32 chars") << u"en"_s << u"4200001234202603011234567890ABCD"_s;
}

void TestReceipts::pdfShowsTheWholeTransactionId()
{
    // The text of a clipped id is still in the PDF, so its text alone proves nothing: find
    // where the id's first and last characters are (pdftotext -bbox) and check that ink is
    // there on the rendered page (pdftoppm). A clipped id has blank paper over its first digits.
    QFETCH(QString, language);
    QFETCH(QString, transactionId);
    const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
    const QString pdftoppm = QStandardPaths::findExecutable(u"pdftoppm"_s);
    QVERIFY2(!pdftotext.isEmpty() && !pdftoppm.isEmpty(),
             "pdftotext and pdftoppm (poppler-utils, see the Makefile) are needed");
    QTemporaryDir dir;
    const QString path = dir.filePath(u"receipt.pdf"_s);
    ReceiptData data = sample();
    data.transactionId = transactionId;
    const QLocale locale(language == u"zh" ? QLocale::Chinese : QLocale::English,
                         language == u"zh" ? QLocale::China : QLocale::UnitedStates);
    QVERIFY(ReceiptRenderer(data, locale).toPdf(path).ok());

    QProcess text;
    text.start(pdftotext, {u"-bbox"_s, path, u"-"_s});
    QVERIFY(text.waitForFinished(20000));
    QCOMPARE(text.exitCode(), 0);
    static const QRegularExpression word(
        uR"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>)re"_s);
    struct Box
    {
        QRectF rect;
        QString text;
    };
    QList<Box> words;
    for (auto it = word.globalMatch(QString::fromUtf8(text.readAllStandardOutput()));
         it.hasNext();) {
        const auto m = it.next();
        words.append({QRectF(QPointF(m.captured(1).toDouble(), m.captured(2).toDouble()),
                             QPointF(m.captured(3).toDouble(), m.captured(4).toDouble())),
                      m.captured(5)});
    }
    // The id, possibly wrapped into consecutive words.
    qsizetype first = -1, last = -1;
    for (qsizetype i = 0; i < words.size() && first < 0; ++i) {
        QString joined;
        for (qsizetype j = i; j < words.size() && joined.size() < transactionId.size(); ++j) {
            joined += words.at(j).text;
            if (joined == transactionId) {
                first = i;
                last = j;
            }
        }
    }
    QVERIFY2(first >= 0, "the whole id is not in the PDF's text");

    QVERIFY(QProcess::execute(pdftoppm, {u"-r"_s, u"288"_s, u"-gray"_s, u"-png"_s, u"-singlefile"_s,
                                         path, dir.filePath(u"page"_s)}) == 0);
    const QImage page(dir.filePath(u"page.png"_s));
    QVERIFY(!page.isNull());
    const qreal scale = 288.0 / 72.0;
    const auto inked = [&](const QRectF &points) {
        const QRect px = QRectF(points.topLeft() * scale, points.bottomRight() * scale)
                             .toAlignedRect()
                             .intersected(page.rect());
        for (int y = px.top(); y <= px.bottom(); ++y)
            for (int x = px.left(); x <= px.right(); ++x)
                if (qGray(page.pixel(x, y)) < 128)
                    return true;
        return false;
    };
    const Box &head = words.at(first);
    const Box &tail = words.at(last);
    const qreal headChar = head.rect.width() / head.text.size();
    const qreal tailChar = tail.rect.width() / tail.text.size();
    QVERIFY2(inked(QRectF(head.rect.left(), head.rect.top(), headChar, head.rect.height())),
             "the first character of the transaction id is not printed");
    QVERIFY2(
        inked(QRectF(tail.rect.right() - tailChar, tail.rect.top(), tailChar, tail.rect.height())),
        "the last character of the transaction id is not printed");
    QVERIFY(page.rect().contains(QRectF(head.rect.topLeft() * scale, QSizeF(1, 1)).toRect()));
}

void TestReceipts::receiptFromCashOrder()
{
    Order o;
    o.outTradeNo = u"SH01-2-1"_s;
    o.provider = u"cash"_s;
    o.kind = OrderKind::Cash;
    o.amount = Money::fromMinor(1234);
    o.status = OrderStatus::Paid;
    o.tenderedMinor = 2000;
    o.changeMinor = 766;
    o.createdAt = QDateTime(QDate(2026, 3, 1), QTime(1, 0), Qt::UTC);
    const ReceiptData r = ReceiptData::fromOrder(o, u"Shop"_s);
    QCOMPARE(r.tendered->minor(), 2000);
    QCOMPARE(r.change->minor(), 766);
    const Parsed p = parse(EscPosEncoder().encode(r, QLocale(QLocale::English)));
    const QString all = p.lines.join(u'\n');
    QVERIFY(all.contains(u"Cash"));
    QVERIFY(all.contains(u"Change"));
    QVERIFY(all.contains(u"￥7.66"));
}

QTEST_MAIN(TestReceipts)
#include "tst_receipts.moc"
