// bench_checkout: sequential orders through CheckoutService, the real AlipayProvider and a
// loopback SandboxServer, with a durable SQLite file (synchronous=FULL: every commit is
// fsynced). Half the orders are merchant QR codes (time from startQr() to the QR text
// being ready), half payment codes (time from chargeCode() to PAID).
// Usage: bench_checkout [ORDERS=1000]

#include "core/checkout/checkoutservice.h"
#include "core/ledger/ledger.h"
#include "core/storage/database.h"

#include "sandboxfixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace paydesk;
using namespace paydesk::test;

namespace {

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index =
        std::min<qsizetype>(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5));
    return values.at(index);
}

/// Runs the event loop until \a out reaches \a status (or any final state); false on timeout.
bool waitFor(CheckoutService &service, const QString &out, OrderStatus status,
             int timeoutMs = 10000)
{
    auto reached = [&] {
        const auto s = service.snapshot(out);
        return s && (s->status == status || !s->isOpen());
    };
    if (reached())
        return service.snapshot(out)->status == status;
    QEventLoop loop;
    const auto c = QObject::connect(
        &service, &CheckoutService::orderUpdated, &loop, [&](const OrderSnapshot &s) {
            if (s.outTradeNo == out && (s.status == status || !s.isOpen()))
                loop.quit();
        });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    QObject::disconnect(c);
    return service.snapshot(out)->status == status;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(
        QStringLiteral("*.info=false\n*.debug=false\n*.warning=false"));
    const int orders = argc > 1 ? std::max(2, QString::fromLocal8Bit(argv[1]).toInt()) : 1000;

    SandboxFixture sandbox;
    if (const QString e = sandbox.start(); !e.isEmpty()) {
        std::fprintf(stderr, "bench_checkout: sandbox: %s\n", qPrintable(e));
        return 1;
    }
    QTemporaryDir dir;
    auto db = Database::open(dir.filePath(QStringLiteral("bench.db")));
    if (!db.ok()) {
        std::fprintf(stderr, "bench_checkout: %s\n", qPrintable(db.error().message));
        return 1;
    }
    const QString sync =
        db.value()->scalar(QStringLiteral("PRAGMA synchronous")).value()->toString();
    if (sync != u"2") { // FULL
        std::fprintf(stderr, "bench_checkout: synchronous is %s, not FULL\n", qPrintable(sync));
        return 1;
    }
    Ledger ledger(*db.value(), sandbox.clock);
    CheckoutConfig config;
    config.defaultProvider = QStringLiteral("alipay");
    config.storeCode = QStringLiteral("BENCH");
    config.storeName = QStringLiteral("Bench store");
    config.cashier = QStringLiteral("bench");
    config.qrPollMs = 5;
    config.codePollMs = 50;
    AlipayProvider *provider = sandbox.provider.get();
    CheckoutService service(
        *db.value(), ledger, sandbox.clock,
        [provider](const QString &) -> PaymentProvider * { return provider; }, config);
    const QString buyerId =
        sandbox.newBuyer(1'000'000'000).value(QStringLiteral("buyer_id")).toString();

    QList<double> qrMs;
    QList<double> codeMs;
    int failures = 0;
    QElapsedTimer total;
    total.start();
    for (int i = 0; i < orders; ++i) {
        const Money amount = Money::fromMinor(100 + i);
        if (i % 2 == 0) {
            QElapsedTimer t;
            t.start();
            auto out = service.startQr(amount);
            if (!out.ok() || !waitFor(service, out.value(), OrderStatus::Pending)) {
                ++failures;
                continue;
            }
            qrMs << double(t.nsecsElapsed()) / 1e6;
            const QString qr = service.snapshot(out.value())->qrCode;
            sandbox.control(
                QStringLiteral("/sandbox/pay"),
                QJsonObject{{QStringLiteral("qr"), qr}, {QStringLiteral("buyer_id"), buyerId}});
            if (!waitFor(service, out.value(), OrderStatus::Paid))
                ++failures;
        } else {
            const QString code = sandbox
                                     .control(QStringLiteral("/sandbox/codes"),
                                              QJsonObject{{QStringLiteral("buyer_id"), buyerId}})
                                     .value(QStringLiteral("alipay_code"))
                                     .toString();
            QElapsedTimer t;
            t.start();
            auto out = service.chargeCode(amount, code);
            if (!out.ok() || !waitFor(service, out.value(), OrderStatus::Paid)) {
                ++failures;
                continue;
            }
            codeMs << double(t.nsecsElapsed()) / 1e6;
        }
    }
    const double seconds = double(total.nsecsElapsed()) / 1e9;
    const int paid =
        db.value()
            ->scalar(QStringLiteral("SELECT COUNT(*) FROM orders WHERE status = 'PAID'"))
            .value()
            ->toInt();

    // CREATED→PENDING commits relax to synchronous=NORMAL for that one transaction only:
    // the connection must be back at FULL afterwards.
    const QString syncAfter =
        db.value()->scalar(QStringLiteral("PRAGMA synchronous")).value()->toString();
    if (syncAfter != u"2") {
        std::fprintf(stderr, "bench_checkout: synchronous is %s after the run, not FULL\n",
                     qPrintable(syncAfter));
        return 1;
    }
    std::printf("BENCH checkout_qr_p50 %.2f ms\n", percentile(qrMs, 0.50));
    std::printf("BENCH checkout_qr_p99 %.2f ms\n", percentile(qrMs, 0.99));
    std::printf("BENCH checkout_code_p50 %.2f ms\n", percentile(codeMs, 0.50));
    std::printf("BENCH checkout_code_p99 %.2f ms\n", percentile(codeMs, 0.99));
    std::printf("BENCH checkout_throughput %.1f orders/s\n", seconds > 0 ? paid / seconds : 0.0);
    std::fflush(stdout);
    if (failures > 0 || paid != orders) {
        std::fprintf(stderr, "bench_checkout: %d failures, %d of %d orders paid\n", failures, paid,
                     orders);
        return 1;
    }
    return 0;
}
