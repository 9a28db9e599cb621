// The headless commands end to end: the real executable, a real sandbox on loopback,
// JSON shapes of DESIGN §7 and its exit codes.
#include "sandbox/sandboxserver.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace paydesk;

namespace {

struct Run
{
    int exitCode = -1;
    QJsonObject json;
    QString out;
    QString err;
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void versionAndHelp();
    void ordersOnEmptyBook();
    void badUsageExitsTwo();
    void qrChargeThenPaidBySandbox();
    void paymentCodeCharge();
    void usedCodeIsRefused();
    void auditVerify();
    void recoverWithNothingOpen();

private:
    // Runs paydesk while this process keeps serving the sandbox's event loop.
    Run paydesk(const QStringList &args)
    {
        QProcess p;
        p.setProgram(QStringLiteral(PAYDESK_BIN));
        QStringList all{QStringLiteral("--data-dir"), m_dir.path(), QStringLiteral("--lang"),
                        QStringLiteral("en")};
        all << args;
        if (m_sandbox && !args.contains(QStringLiteral("--version")))
            all << QStringLiteral("--sandbox-url") << m_sandbox->baseUrl().toString();
        p.setArguments(all);
        p.start();
        QEventLoop loop;
        connect(&p, &QProcess::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(90000, &loop, &QEventLoop::quit);
        if (p.state() != QProcess::NotRunning)
            loop.exec();
        Run r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        r.json = QJsonDocument::fromJson(r.out.toUtf8()).object();
        return r;
    }

    QJsonObject control(const QString &path, const QJsonObject &body, bool get = false)
    {
        QNetworkRequest req(m_sandbox->baseUrl().resolved(QUrl(path)));
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply = get ? m_net.get(req) : m_net.post(req, QJsonDocument(body).toJson());
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object();
    }

    QJsonObject tradeOf(const QString &outTradeNo)
    {
        const QJsonArray trades = control(QStringLiteral("/sandbox/trades"), {}, true)
                                      .value(QStringLiteral("trades"))
                                      .toArray();
        for (const QJsonValue &t : trades)
            if (t.toObject().value(QStringLiteral("out_trade_no")).toString() == outTradeNo)
                return t.toObject();
        return {};
    }

    QTemporaryDir m_dir;
    std::unique_ptr<sandbox::SandboxServer> m_sandbox;
    QNetworkAccessManager m_net;
};

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_sandbox = std::make_unique<sandbox::SandboxServer>(sandbox::SandboxOptions{});
    auto port = m_sandbox->start();
    QVERIFY2(port.ok(), qPrintable(port.ok() ? QString() : port.error().message));
}

void TestCli::versionAndHelp()
{
    Run v = paydesk({QStringLiteral("--version")});
    QCOMPARE(v.exitCode, 0);
    QVERIFY(v.out.startsWith(QStringLiteral("paydesk ")));
    Run h = paydesk({QStringLiteral("--help")});
    QVERIFY2(h.exitCode == 0,
             qPrintable(QStringLiteral("exit %1: %2 %3").arg(h.exitCode).arg(h.out, h.err)));
    QVERIFY(h.out.contains(QStringLiteral("charge")));
    QVERIFY(h.out.contains(QStringLiteral("sandbox")));
}

void TestCli::ordersOnEmptyBook()
{
    Run r = paydesk({QStringLiteral("orders"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.json.contains(QStringLiteral("orders")));
    QCOMPARE(r.json.value(QStringLiteral("orders")).toArray().size(), 0);
}

void TestCli::badUsageExitsTwo()
{
    Run unknown = paydesk({QStringLiteral("frobnicate")});
    QCOMPARE(unknown.exitCode, 2);
    Run badAmount = paydesk({QStringLiteral("charge"), QStringLiteral("--amount"),
                             QStringLiteral("12.345"), QStringLiteral("--json")});
    QCOMPARE(badAmount.exitCode, 2);
    QCOMPARE(badAmount.json.value(QStringLiteral("error"))
                 .toObject()
                 .value(QStringLiteral("code"))
                 .toString(),
             QStringLiteral("money.too_many_decimals"));
    Run letters =
        paydesk({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("abc")});
    QCOMPARE(letters.exitCode, 2);
    QVERIFY(letters.err.contains(QStringLiteral("not an amount")));
    Run badCode =
        paydesk({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("1"),
                 QStringLiteral("--code"), QStringLiteral("12345"), QStringLiteral("--json")});
    QCOMPARE(badCode.exitCode, 2);
    Run badDate =
        paydesk({QStringLiteral("orders"), QStringLiteral("--date"), QStringLiteral("yesterday")});
    QCOMPARE(badDate.exitCode, 2);
    // Nothing was charged by any of these.
    QCOMPARE(paydesk({QStringLiteral("orders"), QStringLiteral("--json")})
                 .json.value(QStringLiteral("orders"))
                 .toArray()
                 .size(),
             0);
}

void TestCli::qrChargeThenPaidBySandbox()
{
    Run r = paydesk({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("12.34"),
                     QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QString out = r.json.value(QStringLiteral("out_trade_no")).toString();
    QVERIFY2(!out.isEmpty(), qPrintable(r.out + r.err));
    QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("PENDING"));
    QCOMPARE(r.json.value(QStringLiteral("amount_minor")).toInteger(), 1234);
    QCOMPARE(r.json.value(QStringLiteral("provider")).toString(), QStringLiteral("alipay"));
    const QString qr = r.json.value(QStringLiteral("qr_code")).toString();
    QVERIFY(qr.startsWith(m_sandbox->baseUrl().toString()));

    const QJsonObject paid = control(QStringLiteral("/sandbox/pay"), {{QStringLiteral("qr"), qr}});
    QVERIFY2(!paid.isEmpty(), "sandbox did not answer the pay call");
    QCOMPARE(tradeOf(out).value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));

    // The next start recovers the open order: it learns that it was paid.
    Run rec = paydesk({QStringLiteral("recover"), QStringLiteral("--json")});
    QCOMPARE(rec.exitCode, 0);
    QCOMPARE(rec.json.value(QStringLiteral("still_open")).toInt(), 0);
    Run list = paydesk({QStringLiteral("orders"), QStringLiteral("--status"),
                        QStringLiteral("PAID"), QStringLiteral("--json")});
    const QJsonArray orders = list.json.value(QStringLiteral("orders")).toArray();
    QCOMPARE(orders.size(), 1);
    const QJsonObject o = orders.first().toObject();
    QCOMPARE(o.value(QStringLiteral("out_trade_no")).toString(), out);
    QCOMPARE(o.value(QStringLiteral("amount_minor")).toInteger(), 1234);
    QVERIFY(!o.value(QStringLiteral("transaction_id")).toString().isEmpty());
    for (const char *key : {"status", "refunded_minor", "provider", "created_at"})
        QVERIFY2(o.contains(QString::fromLatin1(key)), key);
}

void TestCli::paymentCodeCharge()
{
    const QJsonObject buyer =
        control(QStringLiteral("/sandbox/buyers"), {{QStringLiteral("balance_minor"), 100000}});
    const QString code = buyer.value(QStringLiteral("alipay_code")).toString();
    QVERIFY(!code.isEmpty());
    Run r = paydesk({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("8.80"),
                     QStringLiteral("--code"), code, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json.value(QStringLiteral("status")).toString(), QStringLiteral("PAID"));
    QVERIFY(!r.json.value(QStringLiteral("transaction_id")).toString().isEmpty());
    const QJsonObject trade = tradeOf(r.json.value(QStringLiteral("out_trade_no")).toString());
    QCOMPARE(trade.value(QStringLiteral("status")).toString(), QStringLiteral("SUCCESS"));
    QCOMPARE(trade.value(QStringLiteral("amount_minor")).toInteger(), 880);
}

void TestCli::usedCodeIsRefused()
{
    const QJsonObject buyer =
        control(QStringLiteral("/sandbox/buyers"), {{QStringLiteral("balance_minor"), 100000}});
    const QString code = buyer.value(QStringLiteral("alipay_code")).toString();
    QCOMPARE(paydesk({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("1"),
                      QStringLiteral("--code"), code})
                 .exitCode,
             0);
    Run again = paydesk({QStringLiteral("charge"), QStringLiteral("--amount"), QStringLiteral("1"),
                         QStringLiteral("--code"), code, QStringLiteral("--json")});
    QCOMPARE(again.exitCode, 1);
    QCOMPARE(again.json.value(QStringLiteral("status")).toString(), QStringLiteral("FAILED"));
    QVERIFY(!again.json.value(QStringLiteral("message")).toString().isEmpty());
}

void TestCli::auditVerify()
{
    Run r = paydesk({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json.value(QStringLiteral("ok")).toBool(), true);
    QVERIFY(r.json.contains(QStringLiteral("entries")));
    QVERIFY(r.json.value(QStringLiteral("first_bad")).isNull());
}

void TestCli::recoverWithNothingOpen()
{
    Run r = paydesk({QStringLiteral("recover"), QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.json.value(QStringLiteral("still_open")).toInt(), 0);
    QVERIFY(r.json.value(QStringLiteral("resolved")).isArray());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
