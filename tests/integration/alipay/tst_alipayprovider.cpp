// The Alipay adapter against a real SandboxServer on a loopback port: every method, and
// the faults that must end as Unknown (never Failed, never a believed success).
#include "core/crypto/crypto.h"
#include "core/providers/alipay/alipayaccount.h"
#include "core/providers/alipay/alipayprovider.h"
#include "core/providers/alipay/alipaysigner.h"
#include "core/util/clock.h"
#include "sandbox/sandboxserver.h"

#include <QElapsedTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTimeZone>
#include <QtTest>

#include <memory>

using namespace paydesk;
using namespace Qt::StringLiterals;

namespace {

/// Runs \a start, waits (event loop) for its one callback and returns what it got.
template <typename T, typename Start> std::optional<T> await(Start start, int ms = 10000)
{
    struct State
    {
        std::optional<T> value;
        int calls = 0;
        QEventLoop loop;
    };
    auto state = std::make_shared<State>();
    start([state](const T &v) {
        state->value = v;
        ++state->calls;
        state->loop.quit();
    });
    if (!state->value) {
        QTimer::singleShot(ms, &state->loop, &QEventLoop::quit);
        state->loop.exec();
    }
    return state->value;
}

QString uniqueNo(const char *prefix)
{
    static int seq = 0;
    return QString::fromLatin1(prefix) + QDateTime::currentDateTimeUtc().toString(u"HHmmsszzz"_s) +
           QString::number(++seq);
}

} // namespace

class TestAlipayProvider : public QObject
{
    Q_OBJECT

private:
    SystemClock m_clock;
    QNetworkAccessManager m_nam;
    std::unique_ptr<sandbox::SandboxServer> m_server;
    AlipayConfig m_config;
    std::unique_ptr<AlipayProvider> m_provider;
    QString m_refundedTradeNo; // shared between refund() and statement()
    QString m_paidByCodeNo;

    struct Http
    {
        int status = 0;
        QJsonObject json;
    };
    Http control(const QByteArray &verb, const QString &path, const QJsonObject &body = {})
    {
        QNetworkRequest request(m_server->baseUrl().resolved(QUrl(path)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply =
            verb == "GET" ? m_nam.get(request)
                          : m_nam.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        QEventLoop loop;
        connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        if (!reply->isFinished())
            loop.exec();
        Http out{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                 QJsonDocument::fromJson(reply->readAll()).object()};
        reply->deleteLater();
        return out;
    }

    QString newBuyerCode(qint64 balanceMinor = -1)
    {
        QJsonObject in;
        if (balanceMinor >= 0)
            in.insert(u"balance_minor"_s, balanceMinor);
        const Http h = control("POST", u"/sandbox/buyers"_s, in);
        return h.json.value(u"alipay_code"_s).toString();
    }

    QJsonObject sandboxTrade(const QString &outTradeNo)
    {
        const QJsonArray trades =
            control("GET", u"/sandbox/trades"_s).json.value(u"trades"_s).toArray();
        for (const QJsonValue &t : trades) {
            if (t.toObject().value(u"out_trade_no"_s).toString() == outTradeNo)
                return t.toObject();
        }
        return {};
    }

    TradeReply pay(AlipayProvider &provider, const QString &outTradeNo, qint64 minor,
                   const QString &code)
    {
        CodePayRequest req{outTradeNo, Money::fromMinor(minor), u"Coffee"_s, code, u"S01"_s};
        auto r = await<TradeReply>([&](auto done) { provider.payWithCode(req, done); });
        if (!r)
            qFatal("payWithCode never answered");
        return *r;
    }

    TradeReply query(AlipayProvider &provider, const QString &outTradeNo)
    {
        auto r = await<TradeReply>([&](auto done) { provider.query(outTradeNo, done); });
        if (!r)
            qFatal("query never answered");
        return *r;
    }

    std::unique_ptr<AlipayProvider> providerWith(const AlipayConfig &config)
    {
        return std::make_unique<AlipayProvider>(config, &m_nam, &m_clock);
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<sandbox::SandboxServer>(sandbox::SandboxOptions{0, 7, {}, {}});
        auto port = m_server->start();
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        QVERIFY(port.value() > 0);

        auto appKey = crypto::RsaKey::generate(2048);
        QVERIFY(appKey.ok());
        auto config = await<Result<AlipayConfig>>([&](auto done) {
            provisionAlipaySandbox(&m_nam, m_server->baseUrl(), appKey.value(), this, done);
        });
        QVERIFY(config.has_value());
        QVERIFY2(config->ok(), config->ok() ? "" : qPrintable(config->error().message));
        m_config = config->value();
        QVERIFY(!m_config.appId.isEmpty());
        QCOMPARE(m_config.gateway.path(), u"/alipay/gateway.do"_s);
        QCOMPARE(m_config.gateway.port(), int(port.value()));
        QVERIFY(!m_config.alipayPublicKey.isNull());
        QCOMPARE(m_config.alipayPublicKey.publicKeyPem(), m_server->providerPublicKeyPem());
        QVERIFY(m_config.appPrivateKey.hasPrivate());
        m_config.timeoutMs = 5000;
        m_provider = providerWith(m_config);
    }

    void init() { QVERIFY(m_server->setFaults(QString()).ok()); }

    void qrOrderPaidByScan()
    {
        const QString no = uniqueNo("QR");
        QrOrderRequest req{no, Money::fromMinor(1234), u"Coffee"_s, u"S01"_s, 5};
        auto created =
            await<QrOrderReply>([&](auto done) { m_provider->createQrOrder(req, done); });
        QVERIFY(created);
        QVERIFY2(created->status.ok(), qPrintable(created->status.message));
        QVERIFY(created->qrCode.startsWith(u"http"_s));

        // Not scanned yet: "not paid yet", an answer rather than an error.
        TradeReply before = query(*m_provider, no);
        QVERIFY(before.status.ok());
        QCOMPARE(before.state, TradeState::NotExist);

        const Http paid = control("POST", u"/sandbox/pay"_s, {{u"qr"_s, created->qrCode}});
        QCOMPARE(paid.status, 200);
        QCOMPARE(paid.json.value(u"status"_s).toString(), u"SUCCESS"_s);

        TradeReply after = query(*m_provider, no);
        QVERIFY2(after.status.ok(), qPrintable(after.status.message));
        QCOMPARE(after.state, TradeState::Success);
        QCOMPARE(after.outTradeNo, no);
        QCOMPARE(after.total, Money::fromMinor(1234));
        QCOMPARE(after.transactionId, paid.json.value(u"transaction_id"_s).toString());
        QVERIFY(after.paidAt.isValid());
        QVERIFY(qAbs(after.paidAt.secsTo(QDateTime::currentDateTimeUtc())) <
                60); // Beijing → UTC right

        // A paid trade cannot be closed: a definite business answer.
        auto closed = await<ProviderStatus>([&](auto done) { m_provider->close(no, done); });
        QVERIFY(closed);
        QVERIFY(closed->failed());
        QCOMPARE(closed->subCode, u"ACQ.TRADE_STATUS_ERROR"_s);
    }

    void payWithBuyerCode()
    {
        const QString code = newBuyerCode();
        QVERIFY(!code.isEmpty());
        m_paidByCodeNo = uniqueNo("PC");
        TradeReply r = pay(*m_provider, m_paidByCodeNo, 5000, code);
        QVERIFY2(r.status.ok(), qPrintable(r.status.message));
        QCOMPARE(r.state, TradeState::Success);
        QCOMPARE(r.total, Money::fromMinor(5000));
        QVERIFY(!r.transactionId.isEmpty());
        QVERIFY(!r.buyerId.isEmpty());
        QVERIFY(r.paidAt.isValid());
        QCOMPARE(sandboxTrade(m_paidByCodeNo).value(u"status"_s).toString(), u"SUCCESS"_s);

        // The same code again, on a new order: used codes are refused.
        TradeReply reused = pay(*m_provider, uniqueNo("PC"), 100, code);
        QVERIFY(reused.status.failed());
        QCOMPARE(reused.status.reason, FailureReason::CodeExpiredOrInvalid);

        // The same order again with a fresh code: already paid, do not charge twice. Not
        // reported as paid: some trade owns the number, checkout finds out whose by query.
        TradeReply again = pay(*m_provider, m_paidByCodeNo, 5000, newBuyerCode());
        QVERIFY(again.status.failed());
        QCOMPARE(again.status.reason, FailureReason::TradeAlreadyPaid);
        QCOMPARE(again.state, TradeState::NotExist);
    }

    void insufficientBalance()
    {
        const QString no = uniqueNo("IB");
        TradeReply r = pay(*m_provider, no, 5000, newBuyerCode(100));
        QVERIFY(r.status.failed());
        QCOMPARE(r.status.reason, FailureReason::InsufficientBalance);
        QCOMPARE(r.status.subCode, u"ACQ.BUYER_BALANCE_NOT_ENOUGH"_s);
    }

    void userPayingThenPaid()
    {
        QVERIFY(m_server->setFaults(u"userpaying:1"_s).ok());
        const QString no = uniqueNo("UP");
        TradeReply r = pay(*m_provider, no, 800, newBuyerCode());
        QVERIFY(r.status.ok());
        QCOMPARE(r.status.code, u"10003"_s);
        QCOMPARE(r.state, TradeState::UserPaying);
        QCOMPARE(query(*m_provider, no).state, TradeState::WaitBuyerPay);
        QCOMPARE(control("POST", u"/sandbox/pay"_s, {{u"out_trade_no"_s, no}}).status, 200);
        QCOMPARE(query(*m_provider, no).state, TradeState::Success);
    }

    void closeUnpaid()
    {
        const QString no = uniqueNo("CL");
        QrOrderRequest req{no, Money::fromMinor(990), u"Cake"_s, {}, 5};
        auto created =
            await<QrOrderReply>([&](auto done) { m_provider->createQrOrder(req, done); });
        QVERIFY(created && created->status.ok());

        // Never scanned: Alipay has no such trade; close says so.
        const QString unscanned = uniqueNo("CL");
        QrOrderRequest req2{unscanned, Money::fromMinor(990), u"Cake"_s, {}, 5};
        auto created2 =
            await<QrOrderReply>([&](auto done) { m_provider->createQrOrder(req2, done); });
        QVERIFY(created2 && created2->status.ok());
        auto notExist =
            await<ProviderStatus>([&](auto done) { m_provider->close(unscanned, done); });
        QVERIFY(notExist && notExist->failed());
        QCOMPARE(notExist->reason, FailureReason::TradeNotExist);

        QCOMPARE(control("POST", u"/sandbox/scan"_s, {{u"qr"_s, created->qrCode}}).status, 200);
        QCOMPARE(query(*m_provider, no).state, TradeState::WaitBuyerPay);
        auto closed = await<ProviderStatus>([&](auto done) { m_provider->close(no, done); });
        QVERIFY(closed);
        QVERIFY2(closed->ok(), qPrintable(closed->message));
        QCOMPARE(query(*m_provider, no).state, TradeState::Closed);
        // The buyer can no longer pay it.
        QCOMPARE(control("POST", u"/sandbox/pay"_s, {{u"qr"_s, created->qrCode}}).status, 409);
    }

    void cancelPaidRefundsAndUnknownCloses()
    {
        const QString no = uniqueNo("CA");
        QVERIFY(pay(*m_provider, no, 2500, newBuyerCode()).status.ok());
        auto cancelled = await<CancelReply>([&](auto done) { m_provider->cancel(no, done); });
        QVERIFY(cancelled);
        QVERIFY2(cancelled->status.ok(), qPrintable(cancelled->status.message));
        QCOMPARE(int(cancelled->action), int(CancelAction::Refunded));
        QVERIFY(!cancelled->retry);
        QCOMPARE(sandboxTrade(no).value(u"refunded_minor"_s).toInteger(), 2500);
        QCOMPARE(query(*m_provider, no).state, TradeState::Closed);

        // Cancelling a payment whose request never arrived closes it for good.
        const QString lost = uniqueNo("CA");
        auto closed = await<CancelReply>([&](auto done) { m_provider->cancel(lost, done); });
        QVERIFY(closed && closed->status.ok());
        QCOMPARE(int(closed->action), int(CancelAction::Closed));
        TradeReply late = pay(*m_provider, lost, 100, newBuyerCode());
        QVERIFY(late.status.failed());
        QCOMPARE(late.status.reason, FailureReason::TradeClosed);
    }

    void refundIsIdempotent()
    {
        m_refundedTradeNo = uniqueNo("RF");
        QVERIFY(pay(*m_provider, m_refundedTradeNo, 10000, newBuyerCode()).status.ok());

        const auto refund = [&](const QString &requestNo, qint64 minor) {
            RefundRequest req{m_refundedTradeNo, requestNo, Money::fromMinor(minor),
                              Money::fromMinor(10000), u"returned goods"_s};
            auto r = await<RefundReply>([&](auto done) { m_provider->refund(req, done); });
            if (!r)
                qFatal("refund never answered");
            return *r;
        };
        RefundReply first = refund(u"R1"_s, 3000);
        QVERIFY2(first.status.ok(), qPrintable(first.status.message));
        QVERIFY(first.fundChanged);
        QCOMPARE(first.state, RefundReply::State::Success);
        QCOMPARE(first.refundAmount, Money::fromMinor(3000));
        QCOMPARE(first.refundedTotal, Money::fromMinor(3000));
        QCOMPARE(sandboxTrade(m_refundedTradeNo).value(u"refunded_minor"_s).toInteger(), 3000);

        RefundReply replay = refund(u"R1"_s, 3000);
        QVERIFY(replay.status.ok());
        QVERIFY(!replay.fundChanged);
        QCOMPARE(replay.refundedTotal, Money::fromMinor(3000));
        QCOMPARE(sandboxTrade(m_refundedTradeNo).value(u"refunded_minor"_s).toInteger(),
                 3000); // once

        RefundReply second = refund(u"R2"_s, 2000);
        QVERIFY(second.status.ok() && second.fundChanged);
        QCOMPARE(second.refundedTotal, Money::fromMinor(5000));

        RefundReply tooMuch = refund(u"R3"_s, 6000);
        QVERIFY(tooMuch.status.failed());
        QCOMPARE(tooMuch.state, RefundReply::State::Failed);
        QCOMPARE(sandboxTrade(m_refundedTradeNo).value(u"refunded_minor"_s).toInteger(), 5000);

        auto queried = await<RefundReply>(
            [&](auto done) { m_provider->refundQuery(m_refundedTradeNo, u"R1"_s, done); });
        QVERIFY(queried && queried->status.ok());
        QCOMPARE(queried->state, RefundReply::State::Success);
        QCOMPARE(queried->refundAmount, Money::fromMinor(3000));

        auto missing = await<RefundReply>(
            [&](auto done) { m_provider->refundQuery(m_refundedTradeNo, u"R-NEVER"_s, done); });
        QVERIFY(missing && missing->status.ok());
        QCOMPARE(missing->state, RefundReply::State::Failed); // never arrived: safe to send again
    }

    void statementOfToday()
    {
        QVERIFY(!m_refundedTradeNo.isEmpty());
        const QDate today = QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone(8 * 3600)).date();
        auto st =
            await<StatementReply>([&](auto done) { m_provider->downloadStatement(today, done); });
        QVERIFY(st);
        QVERIFY2(st->status.ok(), qPrintable(st->status.message));
        QCOMPARE(st->day, today);
        QVERIFY(st->rawFile.startsWith("PK"));
        QCOMPARE(st->sha256, crypto::sha256(st->rawFile));

        QList<StatementLine> payments, refunds;
        for (const StatementLine &l : std::as_const(st->lines)) {
            if (l.outTradeNo != m_refundedTradeNo)
                continue;
            (l.kind == StatementLine::Kind::Payment ? payments : refunds).append(l);
        }
        QCOMPARE(payments.size(), 1);
        QCOMPARE(payments.at(0).amount, Money::fromMinor(10000));
        QCOMPARE(payments.at(0).received, Money::fromMinor(10000));
        QCOMPARE(payments.at(0).fee, Money::fromMinor(60)); // the sandbox's 0.6 %
        QVERIFY(!payments.at(0).transactionId.isEmpty());
        QCOMPARE(refunds.size(), 2);
        std::sort(refunds.begin(), refunds.end(),
                  [](const StatementLine &a, const StatementLine &b) {
                      return a.outRequestNo < b.outRequestNo;
                  });
        QCOMPARE(refunds.at(0).outRequestNo, u"R1"_s);
        QCOMPARE(refunds.at(0).amount, Money::fromMinor(-3000));
        QCOMPARE(refunds.at(1).outRequestNo, u"R2"_s);
        QCOMPARE(refunds.at(1).amount, Money::fromMinor(-2000));
        for (const StatementLine &r : std::as_const(refunds)) {
            QVERIFY(r.fee.minor() <= 0);
            QCOMPARE(r.transactionId, payments.at(0).transactionId);
        }
        // The cancelled and the closed trades must not show up as payments of this one.
        bool foundCodePayment = false;
        for (const StatementLine &l : std::as_const(st->lines))
            foundCodePayment = foundCodePayment || l.outTradeNo == m_paidByCodeNo;
        QVERIFY(foundCodePayment);
    }

    void timeoutIsUnknownThenQueryFindsTruth()
    {
        QVERIFY(m_server->setFaults(u"timeout:1"_s).ok());
        AlipayConfig quick = m_config;
        quick.timeoutMs = 300;
        auto provider = providerWith(quick);
        const QString no = uniqueNo("TO");
        QElapsedTimer timer;
        timer.start();
        TradeReply r = pay(*provider, no, 700, newBuyerCode());
        QVERIFY(timer.elapsed() < 3000);
        QVERIFY(r.status.unknown());
        QCOMPARE(r.status.reason, FailureReason::NetworkTrouble);
        QCOMPARE(r.status.code, u"TIMEOUT"_s);

        QVERIFY(m_server->setFaults(QString()).ok());
        TradeReply truth = query(*provider, no);
        QVERIFY(truth.status.ok());
        QCOMPARE(truth.state, TradeState::NotExist); // the held request never charged
    }

    void droppedResponseIsUnknownButCommitted()
    {
        QVERIFY(m_server->setFaults(u"drop_response:1"_s).ok());
        const QString no = uniqueNo("DR");
        TradeReply r = pay(*m_provider, no, 1500, newBuyerCode());
        QVERIFY(r.status.unknown());
        QCOMPARE(r.status.reason, FailureReason::NetworkTrouble);

        QVERIFY(m_server->setFaults(QString()).ok());
        TradeReply truth = query(*m_provider, no);
        QVERIFY(truth.status.ok());
        QCOMPARE(truth.state, TradeState::Success);
        QCOMPARE(truth.total, Money::fromMinor(1500));
    }

    void http5xxIsUnknown()
    {
        QVERIFY(m_server->setFaults(u"http_5xx:1"_s).ok());
        const QString no = uniqueNo("5X");
        TradeReply r = pay(*m_provider, no, 1500, newBuyerCode());
        QVERIFY(r.status.unknown());
        QCOMPARE(r.status.reason, FailureReason::ProviderBusy);
        QVERIFY(r.status.code.startsWith(u"HTTP_5"_s));
        TradeReply q = query(*m_provider, no);
        QVERIFY(q.status.unknown());

        QVERIFY(m_server->setFaults(QString()).ok());
        QCOMPARE(query(*m_provider, no).state, TradeState::NotExist);
    }

    void forgedAnswersAreNeverBelieved()
    {
        // Same sandbox, but we expect another Alipay key: every answer fails verification.
        AlipayConfig forged = m_config;
        forged.alipayPublicKey =
            crypto::RsaKey::fromPem(m_config.appPrivateKey.publicKeyPem()).value();
        auto provider = providerWith(forged);

        const QString no = uniqueNo("FG");
        TradeReply paid = pay(*provider, no, 300, newBuyerCode()); // a 10000 we must not believe
        QVERIFY(paid.status.unknown());
        QCOMPARE(paid.status.reason, FailureReason::InvalidSignature);
        QVERIFY(paid.transactionId.isEmpty());

        TradeReply refused = pay(*provider, uniqueNo("FG"), 300, u"000000"_s); // a 40004 likewise
        QVERIFY(refused.status.unknown());
        QVERIFY(!refused.status.failed());

        // With the right key the truth is found.
        QCOMPARE(query(*m_provider, no).state, TradeState::Success);
    }

    void garbageAndNoServerAreUnknown()
    {
        AlipayConfig wrongPath = m_config;
        wrongPath.gateway = m_server->baseUrl().resolved(QUrl(u"/sandbox/health"_s));
        auto p1 = providerWith(wrongPath);
        TradeReply r1 = query(*p1, u"X1"_s);
        QVERIFY(r1.status.unknown());

        // A port nobody listens on.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 freePort = probe.serverPort();
        probe.close();
        AlipayConfig nowhere = m_config;
        nowhere.gateway = QUrl(u"http://127.0.0.1:%1/gateway.do"_s.arg(freePort));
        auto p2 = providerWith(nowhere);
        TradeReply r2 = pay(*p2, uniqueNo("NW"), 100, u"280000000000000000"_s);
        QVERIFY(r2.status.unknown());
        QCOMPARE(r2.status.reason, FailureReason::NetworkTrouble);
    }

    void fakeGatewayAnswers_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind"); // 0 = Unknown, 1 = Ok
        QTest::addColumn<QString>("code");
        const QByteArray inner = "{\"code\":\"10000\",\"msg\":\"Success\",\"out_trade_no\":\"F1\","
                                 "\"trade_no\":\"2026\",\"trade_status\":\"TRADE_SUCCESS\","
                                 "\"total_amount\":\"1.00\"}";
        QTest::newRow("unsigned success")
            << QByteArray("{\"alipay_trade_query_response\":" + inner + "}") << 0 << u"UNSIGNED"_s;
        QTest::newRow("bogus sign")
            << QByteArray("{\"alipay_trade_query_response\":" + inner + ",\"sign\":\"QUJD\"}") << 0
            << u"BAD_SIGNATURE"_s;
        QTest::newRow("html") << QByteArray("<html>Service Unavailable</html>") << 0
                              << u"UNPARSEABLE"_s;
        QTest::newRow("empty") << QByteArray() << 0 << u"EMPTY"_s;
        QTest::newRow("truncated")
            << QByteArray("{\"alipay_trade_query_response\":" + inner.left(40)) << 0
            << u"UNPARSEABLE"_s;
        QTest::newRow("signed with our test key") << QByteArray() << 1 << u"10000"_s;
    }
    void fakeGatewayAnswers()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        QFETCH(QString, code);
        static const crypto::RsaKey fakeAlipayKey = crypto::RsaKey::generate(2048).value();
        if (kind == 1) {
            // A pretty-printed answer with escaped slashes, signed over its raw inner bytes.
            const QByteArray inner =
                "{\n  \"code\" : \"10000\", \"msg\" : \"Success\",\n"
                "  \"out_trade_no\" : \"F1\", \"trade_no\" : \"2026\",\n"
                "  \"trade_status\" : \"TRADE_SUCCESS\", \"total_amount\" : \"1.00\",\n"
                "  \"note\" : \"a\\/b {\\\"sign\\\":1}\"\n}";
            const QString sign = AlipaySigner::signContent(inner, fakeAlipayKey).value();
            body = "{\"alipay_trade_query_response\" : " + inner + ",\n \"sign\" : \"" +
                   sign.toLatin1() + "\"}";
        }
        QHttpServer fake;
        fake.route(u"/gateway.do"_s, [body](const QHttpServerRequest &) {
            return QHttpServerResponse(u"application/json;charset=utf-8"_s.toLatin1(), body);
        });
        const quint16 port = fake.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port > 0);
        AlipayConfig config = m_config;
        config.gateway = QUrl(u"http://127.0.0.1:%1/gateway.do"_s.arg(port));
        config.alipayPublicKey = crypto::RsaKey::fromPem(fakeAlipayKey.publicKeyPem()).value();
        auto provider = providerWith(config);
        TradeReply r = query(*provider, u"F1"_s);
        QCOMPARE(r.status.code, code);
        if (kind == 0) {
            QVERIFY(r.status.unknown()); // never Ok, never Failed
            QVERIFY(r.transactionId.isEmpty());
        } else {
            QVERIFY(r.status.ok());
            QCOMPARE(r.state, TradeState::Success);
            QCOMPARE(r.total, Money::fromMinor(100));
        }
    }

    void ourBadSignatureIsRefused()
    {
        AlipayConfig wrongKey = m_config;
        wrongKey.appPrivateKey = crypto::RsaKey::generate(2048).value();
        auto provider = providerWith(wrongKey);
        TradeReply r = query(*provider, uniqueNo("BS"));
        QVERIFY(r.status.failed()); // signed by the gateway: a definite "no"
        QCOMPARE(r.status.reason, FailureReason::InvalidSignature);
        QCOMPARE(r.status.subCode, u"isv.invalid-signature"_s);
    }

    void notificationFromTheSandboxVerifies()
    {
        QHttpServer receiver;
        QList<QByteArray> bodies;
        receiver.route(u"/notify"_s, [&bodies](const QHttpServerRequest &request) {
            bodies.append(request.body());
            return QHttpServerResponse(QByteArray("success"));
        });
        const quint16 port = receiver.listen(QHostAddress::LocalHost, 0);
        QVERIFY(port > 0);
        AlipayConfig withNotify = m_config;
        withNotify.notifyUrl = u"http://127.0.0.1:%1/notify"_s.arg(port);
        auto provider = providerWith(withNotify);

        const QString no = uniqueNo("NT");
        QVERIFY(pay(*provider, no, 4321, newBuyerCode()).status.ok());
        QTRY_VERIFY_WITH_TIMEOUT(!bodies.isEmpty(), 5000);

        auto n = provider->verifyNotification(bodies.first(), {});
        QVERIFY2(n.ok(), n.ok() ? "" : qPrintable(n.error().message));
        QCOMPARE(n->outTradeNo, no);
        QCOMPARE(n->amount, Money::fromMinor(4321));
        QCOMPARE(n->state, TradeState::Success);
        QVERIFY(!n->notifyId.isEmpty());
        QCOMPARE(n->ackBody, QByteArray("success"));

        QByteArray tampered = bodies.first();
        tampered.replace("total_amount=43.21", "total_amount=43.22");
        QVERIFY(tampered != bodies.first());
        QVERIFY(!provider->verifyNotification(tampered, {}).ok());
    }
};

QTEST_GUILESS_MAIN(TestAlipayProvider)
#include "tst_alipayprovider.moc"
