#include "reconpipeline.h"

#include "core/providers/alipay/alipaybillreader.h"
#include "core/reconcile/booksloader.h"

#include <QElapsedTimer>

#include <ctime>
#include <optional>
#include <thread>

namespace paydesk::bench {

PipelineRun runPipeline(const QString &zipPath, const QString &dbPath, const ReconScenario &s)
{
    PipelineRun run;
    QElapsedTimer total;
    total.start();
    timespec cpu0{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
    std::optional<Result<StatementColumns>> bill;
    double parseMs = 0;
    std::thread parser([&] {
        QElapsedTimer t;
        t.start();
        bill.emplace(AlipayBillReader::readZipFile(zipPath));
        parseMs = double(t.nsecsElapsed()) / 1e6;
    });
    QElapsedTimer t;
    t.start();
    auto books = BooksLoader::load(dbPath, s.provider, s.day);
    // The books' keys are indexed here, while the other core is still parsing.
    std::optional<Reconciler::BooksIndex> index;
    if (books.ok())
        index.emplace(Reconciler::index(books.value()));
    run.booksMs = double(t.nsecsElapsed()) / 1e6;
    parser.join();
    run.parseMs = parseMs;
    if (!bill->ok()) {
        run.error = bill->error().message;
        return run;
    }
    if (!books.ok()) {
        run.error = books.error().message;
        return run;
    }
    t.restart();
    const std::int32_t day = civilDay(s.day.year(), s.day.month(), s.day.day());
    run.outcome = Reconciler::reconcile(bill->value(), books.value(), *index, {day, s.feeRateBp});
    run.exceptions =
        Reconciler::exceptions(run.outcome, bill->value(), books.value(), s.provider, s.day);
    run.classifyMs = double(t.nsecsElapsed()) / 1e6;
    run.totalMs = double(total.nsecsElapsed()) / 1e6;
    timespec cpu1{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
    run.cpuMs = double(cpu1.tv_sec - cpu0.tv_sec) * 1e3 + double(cpu1.tv_nsec - cpu0.tv_nsec) / 1e6;
    run.lines = qint64(bill->value().size());
    run.orders = qint64(books.value().orderNo.size());
    return run;
}

QString compareWithExpectation(const PipelineRun &run, const ReconExpectation &e)
{
    if (!run.error.isEmpty())
        return run.error;
    QStringList diff;
    for (int k = 0; k < 9; ++k)
        if (run.outcome.counts[k] != e.counts[k])
            diff << QStringLiteral("%1: %2 found, %3 generated")
                        .arg(reconClassName(ReconClass(k)))
                        .arg(run.outcome.counts[k])
                        .arg(e.counts[k]);
    const ProviderDayTotals &t = run.outcome.totals;
    const auto check = [&](const char *what, qint64 got, qint64 want) {
        if (got != want)
            diff << QStringLiteral("%1: %2 found, %3 generated")
                        .arg(QLatin1String(what))
                        .arg(got)
                        .arg(want);
    };
    check("gross", t.grossMinor, e.grossMinor);
    check("refunds", t.refundsMinor, e.refundsMinor);
    check("fees", t.feesMinor, e.feesMinor);
    check("payments", t.payments, e.payments);
    check("refund lines", t.refunds, e.refunds);
    check("orders", run.orders, e.orders);
    if (!run.outcome.footerPresent || !run.outcome.footerAgrees)
        diff << QStringLiteral("the totals do not equal the bill's footer");
    if (qint64(run.exceptions.size()) != qint64(run.outcome.exceptions.size()))
        diff << QStringLiteral("exception list incomplete");
    return diff.join(QStringLiteral("; "));
}

} // namespace paydesk::bench
