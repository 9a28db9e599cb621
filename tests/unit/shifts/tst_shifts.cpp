// The counter's day: announcement texts, the shift arithmetic on a fixture day, approval of a
// difference over the limit, and the shift report as ESC/POS bytes and as a PDF.

#include "core/announce/announcement.h"
#include "core/checkout/ordersnapshot.h"
#include "core/ledger/ledger.h"
#include "core/orders/orderrepository.h"
#include "core/receipts/escposencoder.h"
#include "core/shifts/shiftreport.h"
#include "core/shifts/shiftservice.h"

#include "shiftfixture.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QStringDecoder>
#include <QTest>

using namespace paydesk;
using namespace paydesk::testing;
using namespace Qt::StringLiterals;

namespace {
const QString kTill = ShiftFixture::till;
} // namespace

class TestShifts : public QObject
{
    Q_OBJECT

    ShiftFixture fx;
    SecurityFixture &f = fx.f;
    ShiftService *shifts = nullptr;
    OrderRepository *orders = nullptr;
    Ledger *ledger = nullptr;

    QString sell(const QString &provider, OrderKind kind, qint64 minor,
                 OrderStatus end = OrderStatus::Paid)
    {
        return fx.sell(provider, kind, minor, end);
    }

    void refund(const QString &outTradeNo, qint64 minor, const QString &drawerAccount)
    {
        OrderChange change;
        change.refundedMinor = minor;
        change.postings = QList<Posting>{{u"revenue:refunds"_s, minor}, {drawerAccount, -minor}};
        QVERIFY(orders->transition(outTradeNo, OrderStatus::PartiallyRefunded, change).ok());
    }

    Session manager() { return fx.manager(); }

private slots:
    void init()
    {
        fx = {};
        QVERIFY(fx.init());
        shifts = fx.shifts.get();
        orders = fx.orders.get();
        ledger = fx.ledger.get();
    }
    void cleanup()
    {
        fx.shifts.reset();
        fx.orders.reset();
        fx.ledger.reset();
        f.operators.reset();
        f.audit.reset();
        f.settings.reset();
        f.db.reset();
    }

    void chineseAmounts_data()
    {
        QTest::addColumn<qint64>("minor");
        QTest::addColumn<QString>("words");
        QTest::newRow("0.01") << qint64(1) << u"零点零一"_s;
        QTest::newRow("0.10") << qint64(10) << u"零点一"_s;
        QTest::newRow("1.00") << qint64(100) << u"一"_s;
        QTest::newRow("12.30") << qint64(1230) << u"十二点三"_s;
        QTest::newRow("100.05") << qint64(10005) << u"一百点零五"_s;
        QTest::newRow("10,000.00") << qint64(1000000) << u"一万"_s;
        QTest::newRow("10,005.00") << qint64(1000500) << u"一万零五"_s;
        QTest::newRow("110.00") << qint64(11000) << u"一百一十"_s;
        QTest::newRow("1,001.00") << qint64(100100) << u"一千零一"_s;
        QTest::newRow("120,000.00") << qint64(12000000) << u"十二万"_s;
        QTest::newRow("100,000,000.00") << qint64(10000000000) << u"一亿"_s;
        QTest::newRow("0.00") << qint64(0) << u"零"_s;
    }
    void chineseAmounts()
    {
        QFETCH(qint64, minor);
        QFETCH(QString, words);
        QCOMPARE(AnnouncementText::chineseAmount(minor), words);
    }

    void englishAnnouncements_data()
    {
        QTest::addColumn<qint64>("minor");
        QTest::addColumn<QString>("text");
        QTest::newRow("0.01") << qint64(1) << u"WeChat Pay received 0.01 yuan"_s;
        QTest::newRow("0.10") << qint64(10) << u"WeChat Pay received 0.10 yuan"_s;
        QTest::newRow("1.00") << qint64(100) << u"WeChat Pay received 1.00 yuan"_s;
        QTest::newRow("12.30") << qint64(1230) << u"WeChat Pay received 12.30 yuan"_s;
        QTest::newRow("100.05") << qint64(10005) << u"WeChat Pay received 100.05 yuan"_s;
        QTest::newRow("10,000.00") << qint64(1000000) << u"WeChat Pay received 10,000.00 yuan"_s;
    }
    void englishAnnouncements()
    {
        QFETCH(qint64, minor);
        QFETCH(QString, text);
        QCOMPARE(AnnouncementText::payment(u"WeChat Pay"_s, Money::fromMinor(minor),
                                           QLocale(QLocale::English, QLocale::UnitedStates)),
                 text);
        QCOMPARE(AnnouncementText::refund(Money::fromMinor(minor),
                                          QLocale(QLocale::English, QLocale::UnitedStates)),
                 text.replace(u"WeChat Pay received"_s, u"Refunded"_s));
    }

    void onlyFinalWalletPaymentsAreAnnounced()
    {
        const QLocale en(QLocale::English, QLocale::UnitedStates);
        OrderSnapshot s;
        s.provider = u"wechatpay"_s;
        s.kind = OrderKind::Code;
        s.amount = Money::fromMinor(1230);
        s.status = OrderStatus::Paid;
        auto paid = AnnouncementText::forFinishedOrder(s, u"WeChat Pay"_s, en);
        QVERIFY(paid);
        QCOMPARE(paid->event, AnnouncementEvent::Payment);
        QCOMPARE(paid->text, u"WeChat Pay received 12.30 yuan"_s);
        // A USERPAYING that ends CLOSED, a failure, an unknown outcome: silence.
        for (OrderStatus st : {OrderStatus::Closed, OrderStatus::Failed, OrderStatus::Unknown,
                               OrderStatus::Pending}) {
            s.status = st;
            QVERIFY2(!AnnouncementText::forFinishedOrder(s, u"WeChat Pay"_s, en),
                     qPrintable(orderStatusName(st)));
        }
        s.status = OrderStatus::Paid;
        s.needsRefund = true; // a late success / duplicate: warned about, never "received"
        QVERIFY(!AnnouncementText::forFinishedOrder(s, u"WeChat Pay"_s, en));
        s.needsRefund = false;
        s.kind = OrderKind::Cash;
        QVERIFY(!AnnouncementText::forFinishedOrder(s, u"Cash"_s, en));
    }

    void synthesizedMandarinHasPlausibleDuration()
    {
        const QString espeak = QStandardPaths::findExecutable(u"espeak-ng"_s);
        if (espeak.isEmpty())
            QSKIP("espeak-ng is not installed");
        // The Chinese text as the zh_CN catalogue renders it; the numerals are ours.
        const QString text = u"微信支付到账"_s + AnnouncementText::chineseAmount(10005) + u"元"_s;
        QTemporaryDir dir;
        const QString wav = dir.filePath(u"a.wav"_s);
        QProcess p;
        p.start(espeak, {u"-v"_s, u"cmn"_s, u"-w"_s, wav, text});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 0);
        QFile file(wav);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray header = file.read(44);
        QCOMPARE(header.left(4), QByteArray("RIFF"));
        const auto le32 = [&header](int at) {
            return quint32(quint8(header[at])) | quint32(quint8(header[at + 1])) << 8 |
                   quint32(quint8(header[at + 2])) << 16 | quint32(quint8(header[at + 3])) << 24;
        };
        const double seconds = double(file.size() - 44) / le32(28); // byte rate
        // Ten syllables: longer than a second, shorter than ten.
        QVERIFY2(seconds > 1.0 && seconds < 10.0, qPrintable(QString::number(seconds)));
    }

    void fixtureDayAddsUp()
    {
        auto opened = shifts->open(kTill, u"carl"_s, Money::fromMinor(20000)); // ¥200 float
        QVERIFY2(opened.ok(), why(opened).constData());
        auto cur = shifts->current(kTill);
        QVERIFY2(cur.ok(), why(cur).constData());
        QVERIFY(cur.value().has_value());
        auto second = shifts->open(kTill, u"dora"_s, Money());
        QVERIFY(!second.ok());
        QCOMPARE(second.error().code, u"shift.already_open"_s);

        const QString cash1 = sell(u"cash"_s, OrderKind::Cash, 3550); // ¥35.50
        QVERIFY(!cash1.isEmpty());
        QVERIFY(!sell(u"cash"_s, OrderKind::Cash, 1200).isEmpty()); // ¥12.00
        const QString wx = sell(u"wechatpay"_s, OrderKind::Code, 2880);
        QVERIFY(!wx.isEmpty());
        QVERIFY(!sell(u"alipay"_s, OrderKind::Qr, 10000).isEmpty());
        QVERIFY(!sell(u"alipay"_s, OrderKind::Qr, 500, OrderStatus::Closed).isEmpty());
        QVERIFY(!sell(u"alipay"_s, OrderKind::Code, 700, OrderStatus::Pending).isEmpty());
        // A late success: closed first, then the provider said paid; money came in.
        const QString late = sell(u"wechatpay"_s, OrderKind::Qr, 990, OrderStatus::Closed);
        OrderChange lateChange;
        lateChange.flagNeedsRefund = true;
        QVERIFY(orders->transition(late, OrderStatus::Paid, lateChange).ok());
        refund(cash1, 550, u"cash"_s);            // ¥5.50 back in cash
        refund(wx, 880, u"clearing:wechatpay"_s); // a wallet refund: not the drawer's
        QVERIFY(
            shifts->payout(opened.value().id, Money::fromMinor(3000), u"milk supplier"_s, u"carl"_s)
                .ok());
        QCOMPARE(shifts->payout(opened.value().id, Money::fromMinor(100), u"  "_s, u"carl"_s)
                     .error()
                     .code,
                 u"shift.reason_required"_s);

        auto sum = shifts->summary(opened.value().id);
        QVERIFY(sum.ok());
        const ShiftSummary &s = sum.value();
        QCOMPARE(s.cashSales.minor(), 4750);
        QCOMPARE(s.cashSaleCount, 2);
        QCOMPARE(s.cashRefunds.minor(), 550);
        QCOMPARE(s.payouts.minor(), 3000);
        // 200.00 + 47.50 − 5.50 − 30.00
        QCOMPARE(s.expectedCash.minor(), 21200);
        QCOMPARE(s.paidCount, 5);
        QCOMPARE(s.gross.minor(), 3550 + 1200 + 2880 + 10000 + 990);
        QCOMPARE(s.refunds.minor(), 550 + 880);
        QCOMPARE(s.refundedCount, 2);
        QCOMPARE(s.openOrders, 1);
        QCOMPARE(s.failedCount, 1);
        qint64 wechat = 0;
        for (const ShiftTakings &t : s.takings)
            if (t.provider == u"wechatpay")
                wechat += t.amount.minor();
        QCOMPARE(wechat, 2880 + 990);

        // Short by ¥2.00, within the ¥20 limit: a reason is enough.
        ShiftService::CloseRequest close;
        close.counted = Money::fromMinor(21000);
        close.closedBy = u"carl"_s;
        QCOMPARE(shifts->close(s.shift.id, close, Money::fromMinor(2000)).error().code,
                 u"shift.reason_required"_s);
        close.reason = u"wrong change"_s;
        close.denominations = {{10000, 2}, {500, 1}, {100, 4}}; // 205.00 ≠ 210.00
        QCOMPARE(shifts->close(s.shift.id, close, Money::fromMinor(2000)).error().code,
                 u"shift.denominations_mismatch"_s);
        close.denominations = {{10000, 2}, {500, 2}};
        auto closed = shifts->close(s.shift.id, close, Money::fromMinor(2000));
        QVERIFY2(closed.ok(), why(closed).constData());
        QCOMPARE(closed.value().shift.difference->minor(), -200);
        QCOMPARE(closed.value().shift.expectedCash->minor(), 21200);
        QVERIFY(!closed.value().shift.isOpen());
        QCOMPARE(shifts->close(s.shift.id, close, Money::fromMinor(2000)).error().code,
                 u"shift.not_open"_s);
        // A closed shift is history, and a new order carries no closed shift.
        QVERIFY(
            !f.db->exec(u"UPDATE shifts SET counted_cash_minor = 1 WHERE id = ?"_s, {s.shift.id})
                 .ok());
        const QString after = sell(u"cash"_s, OrderKind::Cash, 100);
        auto carried =
            f.db->scalar(u"SELECT shift_id FROM orders WHERE out_trade_no = ?"_s, {after});
        QVERIFY(carried.ok() && carried.value() && carried.value()->isNull());

        // Books: cash = sales − refunds − payout − shortage (the float is not booked).
        auto cash = ledger->balance(u"cash"_s);
        QVERIFY(cash.ok());
        QCOMPARE(cash.value(), 4750 + 100 - 550 - 3000 - 200);
        auto overShort = ledger->balance(u"expense:cash_over_short"_s);
        QCOMPARE(overShort.value(), 200);
        auto trial = ledger->trialBalance();
        qint64 total = 0;
        for (const AccountBalance &b : trial.value())
            total += b.balanceMinor;
        QCOMPARE(total, 0);
        QCOMPARE(f.auditCount(u"shift.opened"_s), 1);
        QCOMPARE(f.auditCount(u"shift.payout"_s), 1);
        QCOMPARE(f.auditCount(u"shift.closed"_s), 1);
    }

    void differenceOverLimitNeedsManager()
    {
        auto opened = shifts->open(kTill, u"carl"_s, Money::fromMinor(10000));
        QVERIFY(opened.ok());
        ShiftService::CloseRequest close;
        close.counted = Money::fromMinor(5000); // ¥50 short
        close.reason = u"unknown"_s;
        close.closedBy = u"carl"_s;
        QCOMPARE(shifts->close(opened.value().id, close, Money::fromMinor(2000)).error().code,
                 u"shift.approval_required"_s);
        // A cashier cannot confirm it.
        Session owner = f.owner();
        QVERIFY(
            f.operators->createOperator(owner, u"cara"_s, Role::Cashier, kCashierPassword).ok());
        auto cashier = f.operators->authenticate(u"cara"_s, kCashierPassword);
        QVERIFY(cashier.ok());
        close.approver = &cashier.value();
        QCOMPARE(shifts->close(opened.value().id, close, Money::fromMinor(2000)).error().code,
                 u"security.forbidden"_s);
        // A manager without a fresh second factor cannot either.
        const Session stale = manager();
        QVERIFY(stale.isValid());
        f.clock.advance(10 * 60 * 1000); // the step-up is long past
        close.approver = &stale;
        QCOMPARE(shifts->close(opened.value().id, close, Money::fromMinor(2000)).error().code,
                 u"security.step_up_required"_s);
        QVERIFY(shifts->current(kTill).value().has_value());
        auto mona =
            f.operators->authenticate(u"mona"_s, kManagerPassword, f.code(fx.managerSecret));
        QVERIFY2(mona.ok(), why(mona).constData());
        close.approver = &mona.value();
        auto closed = shifts->close(opened.value().id, close, Money::fromMinor(2000));
        QVERIFY2(closed.ok(), why(closed).constData());
        QCOMPARE(closed.value().shift.approvedBy, u"mona"_s);
    }

    void reportPrintsAndSaves()
    {
        auto opened = shifts->open(kTill, u"carl"_s, Money::fromMinor(20000));
        QVERIFY(opened.ok());
        QVERIFY(!sell(u"cash"_s, OrderKind::Cash, 3550).isEmpty());
        QVERIFY(!sell(u"wechatpay"_s, OrderKind::Code, 2880).isEmpty());
        ShiftService::CloseRequest close;
        close.counted = Money::fromMinor(23550);
        close.closedBy = u"carl"_s;
        auto closed = shifts->close(opened.value().id, close, Money::fromMinor(2000));
        QVERIFY(closed.ok());
        const QLocale en(QLocale::English, QLocale::UnitedStates);
        const ShiftReport report(closed.value(), u"Tea House"_s,
                                 {{u"wechatpay"_s, u"WeChat Pay"_s}}, en);

        // ESC/POS: initialised, cut, and the lines decode (GB18030) to the totals.
        const QByteArray bytes = report.escPos(32);
        QVERIFY(bytes.startsWith(EscPosEncoder::init()));
        QVERIFY(bytes.contains(EscPosEncoder::cut()));
        QByteArray printable = bytes;
        for (const QByteArray &command :
             {EscPosEncoder::init(), EscPosEncoder::align(0), EscPosEncoder::align(1),
              EscPosEncoder::bold(true), EscPosEncoder::bold(false), EscPosEncoder::size(1, 1),
              EscPosEncoder::size(1, 2), EscPosEncoder::feed(4), EscPosEncoder::cut()})
            printable.replace(command, QByteArray());
        QStringDecoder gb("GB18030");
        const QString text = gb.decode(printable);
        QVERIFY(text.contains(u"Shift report"_s));
        QVERIFY(text.contains(u"Expected in drawer"_s));
        QVERIFY2(text.contains(u"¥235.50"_s) || text.contains(u"￥235.50"_s), qPrintable(text));
        QVERIFY(text.contains(u"WeChat Pay, payment code (1)"_s));
        for (const QString &line : text.split(u'\n'))
            QVERIFY2(EscPosEncoder::displayWidth(line) <= 32, qPrintable(line));

        // PDF: a real file whose text has the totals.
        QTemporaryDir dir;
        const QString pdf = dir.filePath(u"shift.pdf"_s);
        const Status saved = report.toPdf(pdf);
        QVERIFY2(saved.ok(), why(saved).constData());
        const QString pdftotext = QStandardPaths::findExecutable(u"pdftotext"_s);
        if (pdftotext.isEmpty())
            QSKIP("pdftotext (poppler-utils) is not installed");
        QProcess p;
        p.start(pdftotext, {pdf, u"-"_s});
        QVERIFY(p.waitForFinished(20000));
        const QString pdfText = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(pdfText.contains(u"Expected in drawer"_s), qPrintable(pdfText));
        QVERIFY(pdfText.contains(u"235.50"_s));
        QVERIFY(pdfText.contains(u"64.30"_s)); // gross: 35.50 + 28.80
    }
};

QTEST_MAIN(TestShifts)
#include "tst_shifts.moc"
