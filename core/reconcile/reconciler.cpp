#include "core/reconcile/reconciler.h"

#include "core/reconcile/keyindex.h"

#include <cstdlib>
#include <thread>

namespace paydesk {

namespace {

QString text(std::string_view v)
{
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

// Row of every line's key in the books (npos: none): the lines of [lo, hi), slots prefetched a
// few lines ahead. Pure reads, so the halves of a large statement run on two cores.
void lookUp(const StatementColumns &lines, const Reconciler::BooksIndex &index, std::size_t lo,
            std::size_t hi, std::uint32_t *rows)
{
    const auto key = [&](std::size_t i) {
        return lines.kind[i] == LineKind::Payment ? lines.outTradeNo[i] : lines.outRequestNo[i];
    };
    const auto table = [&](std::size_t i) -> const KeyIndex & {
        return lines.kind[i] == LineKind::Payment ? index.orders : index.refunds;
    };
    constexpr std::size_t ahead = KeyIndex::kAhead;
    std::uint64_t hashes[ahead];
    for (std::size_t i = lo; i < hi && i < lo + ahead; ++i) {
        hashes[(i - lo) % ahead] = KeyIndex::hash(key(i));
        table(i).prefetch(hashes[(i - lo) % ahead]);
    }
    for (std::size_t i = lo; i < hi; ++i) {
        const std::uint64_t h = hashes[(i - lo) % ahead];
        if (const std::size_t next = i + ahead; next < hi) {
            hashes[(next - lo) % ahead] = KeyIndex::hash(key(next));
            table(next).prefetch(hashes[(next - lo) % ahead]);
        }
        rows[i - lo] = table(i).find(key(i), h);
    }
}

} // namespace

qint64 Reconciler::expectedFee(qint64 amountMinor, int feeRateBp)
{
    const qint64 a = amountMinor < 0 ? -amountMinor : amountMinor;
    const qint64 fee = (a * feeRateBp + 5000) / 10000;
    return amountMinor < 0 ? -fee : fee;
}

Reconciler::BooksIndex Reconciler::index(const BooksColumns &books)
{
    return {KeyIndex::over(books.orderNo), KeyIndex::over(books.refundNo),
            KeyIndex::over(books.paymentsElsewhere), KeyIndex::over(books.refundsElsewhere)};
}

ReconOutcome Reconciler::reconcile(const StatementColumns &lines, const BooksColumns &books,
                                   const Params &params)
{
    return reconcile(lines, books, index(books), params);
}

ReconOutcome Reconciler::reconcile(const StatementColumns &lines, const BooksColumns &books,
                                   const BooksIndex &index, const Params &params)
{
    ReconOutcome out;
    const std::size_t n = lines.size();
    out.lineClass.assign(n, ReconClass::Matched);

    // The lookups first (the random reads, split over two cores for a busy day), then the
    // classification in line order (a later copy of a key is the duplicate).
    std::vector<std::uint32_t> found(n);
    constexpr std::size_t kSplit = 1 << 16;
    if (n >= kSplit && std::thread::hardware_concurrency() > 1) {
        const std::size_t half = n / 2;
        std::thread other([&] { lookUp(lines, index, half, n, found.data() + half); });
        lookUp(lines, index, 0, half, found.data());
        other.join();
    } else {
        lookUp(lines, index, 0, n, found.data());
    }
    std::vector<std::uint8_t> orderSeen(books.orderNo.size(), 0);
    std::vector<std::uint8_t> refundSeen(books.refundNo.size(), 0);
    // Keys of lines with no local row: only these need a set of their own to find copies.
    KeyIndex strayPayments;
    KeyIndex strayRefunds;
    std::uint32_t strayPaymentRows = 0;
    std::uint32_t strayRefundRows = 0;

    ProviderDayTotals &t = out.totals;
    const auto flag = [&](std::size_t i, ReconClass kind, std::optional<qint64> local,
                          std::optional<qint64> provider) {
        out.lineClass[i] = kind;
        out.exceptions.push_back(
            {kind, EngineException::Source::Line, std::uint32_t(i), local, provider});
    };

    for (std::size_t i = 0; i < n; ++i) {
        const qint64 amount = lines.amountMinor[i];
        const qint64 fee = lines.feeMinor[i];
        t.feesMinor += fee;
        if (lines.kind[i] == LineKind::Payment) {
            t.grossMinor += amount;
            ++t.payments;
            const std::uint32_t o = found[i];
            if (o == KeyIndex::npos) {
                if (strayPayments.insert(lines.outTradeNo[i], strayPaymentRows) != strayPaymentRows)
                    flag(i, ReconClass::DuplicateLine, std::nullopt, amount);
                else {
                    ++strayPaymentRows;
                    flag(i, ReconClass::MissingLocally, std::nullopt, amount);
                }
                continue;
            }
            const qint64 local = books.orderAmountMinor[o];
            if (orderSeen[o]) {
                flag(i, ReconClass::DuplicateLine, local, amount);
                continue;
            }
            orderSeen[o] = 1;
            switch (books.orderState[o]) {
            case OrderState::Dead:
                flag(i, ReconClass::LatePayment, local, amount);
                continue;
            case OrderState::Open:
                flag(i, ReconClass::StatusMismatch, local, amount);
                continue;
            case OrderState::Paid:
                break;
            }
            if (local != amount) {
                flag(i, ReconClass::AmountMismatch, local, amount);
                continue;
            }
            if (params.feeRateBp >= 0 && fee != expectedFee(amount, params.feeRateBp)) {
                flag(i, ReconClass::FeeMismatch, expectedFee(amount, params.feeRateBp), fee);
                continue;
            }
        } else {
            t.refundsMinor -= amount;
            ++t.refunds;
            const std::uint32_t r = found[i];
            if (r == KeyIndex::npos) {
                if (strayRefunds.insert(lines.outRequestNo[i], strayRefundRows) != strayRefundRows)
                    flag(i, ReconClass::DuplicateLine, std::nullopt, amount);
                else {
                    ++strayRefundRows;
                    flag(i, ReconClass::RefundMismatch, std::nullopt, amount);
                }
                continue;
            }
            const qint64 local = -books.refundAmountMinor[r];
            if (refundSeen[r]) {
                flag(i, ReconClass::DuplicateLine, local, amount);
                continue;
            }
            refundSeen[r] = 1;
            if (books.refundState[r] != RefundState::Succeeded || local != amount ||
                books.refundOrderNo[r] != lines.outTradeNo[i]) {
                flag(i, ReconClass::RefundMismatch, local, amount);
                continue;
            }
            if (params.feeRateBp >= 0 &&
                std::llabs(fee - expectedFee(amount, params.feeRateBp)) > 1) {
                flag(i, ReconClass::FeeMismatch, expectedFee(amount, params.feeRateBp), fee);
                continue;
            }
        }
        ++t.matched;
    }

    // Book rows of the day that no line answered.
    const KeyIndex &paymentsElsewhere = index.paymentsElsewhere;
    const KeyIndex &refundsElsewhere = index.refundsElsewhere;
    for (std::size_t o = 0; o < books.orderNo.size(); ++o) {
        if (orderSeen[o] || books.orderDay[o] != params.businessDay ||
            books.orderState[o] != OrderState::Paid)
            continue;
        if (paymentsElsewhere.size() && paymentsElsewhere.contains(books.orderNo[o]))
            continue;
        out.exceptions.push_back({ReconClass::MissingAtProvider, EngineException::Source::Order,
                                  std::uint32_t(o), books.orderAmountMinor[o], std::nullopt});
    }
    for (std::size_t r = 0; r < books.refundNo.size(); ++r) {
        if (refundSeen[r] || books.refundDay[r] != params.businessDay ||
            books.refundState[r] != RefundState::Succeeded)
            continue;
        if (refundsElsewhere.size() && refundsElsewhere.contains(books.refundNo[r]))
            continue;
        out.exceptions.push_back({ReconClass::RefundMismatch, EngineException::Source::Refund,
                                  std::uint32_t(r), -books.refundAmountMinor[r], std::nullopt});
    }

    t.netMinor = t.grossMinor - t.refundsMinor - t.feesMinor;
    out.counts[std::size_t(ReconClass::Matched)] = t.matched;
    for (const EngineException &e : out.exceptions)
        ++out.counts[std::size_t(e.kind)];
    if (lines.footer) {
        const auto &f = *lines.footer;
        out.footerPresent = true;
        out.footerAgrees = f.payments == t.payments && f.refunds == t.refunds &&
                           f.netMinor == t.grossMinor - t.refundsMinor &&
                           (f.feesMinor == t.feesMinor || f.feesMinor == -t.feesMinor);
    }
    return out;
}

QList<ReconException> Reconciler::exceptions(const ReconOutcome &outcome,
                                             const StatementColumns &lines,
                                             const BooksColumns &books, const QString &provider,
                                             QDate businessDay)
{
    QList<ReconException> list;
    list.reserve(qsizetype(outcome.exceptions.size()));
    for (const EngineException &e : outcome.exceptions) {
        ReconException x;
        x.provider = provider;
        x.businessDay = businessDay;
        x.kind = e.kind;
        x.localMinor = e.localMinor;
        x.providerMinor = e.providerMinor;
        switch (e.source) {
        case EngineException::Source::Line:
            x.outTradeNo = text(lines.outTradeNo[e.row]);
            x.outRequestNo = text(lines.outRequestNo[e.row]);
            break;
        case EngineException::Source::Order:
            x.outTradeNo = text(books.orderNo[e.row]);
            break;
        case EngineException::Source::Refund:
            x.outTradeNo = text(books.refundOrderNo[e.row]);
            x.outRequestNo = text(books.refundNo[e.row]);
            break;
        }
        x.suggestedAction = suggestedAction(e.kind);
        list.append(std::move(x));
    }
    return list;
}

QString Reconciler::suggestedAction(ReconClass kind)
{
    switch (kind) {
    case ReconClass::Matched:
        return tr("Nothing to do.");
    case ReconClass::AmountMismatch:
        return tr("Compare the receipt with the provider's record; book the difference as an "
                  "adjustment or ask the provider to correct it.");
    case ReconClass::StatusMismatch:
        return tr("The provider took the money but the till has no final answer: run recovery "
                  "to query the order, then reconcile the day again.");
    case ReconClass::LatePayment:
        return tr("The customer paid an order the till closed: open a duplicate-charge case and "
                  "refund the customer unless the sale was completed another way.");
    case ReconClass::MissingAtProvider:
        return tr("The till booked a payment the provider does not list: query the order; if "
                  "the provider has no payment, reverse the sale and ask the customer to pay.");
    case ReconClass::MissingLocally:
        return tr("The provider lists a payment the till never recorded: find the sale (another "
                  "till or a manual charge) and book it, or refund it if there was none.");
    case ReconClass::RefundMismatch:
        return tr("The refund differs between the till and the provider: query the refund and "
                  "book what the provider actually paid back.");
    case ReconClass::FeeMismatch:
        return tr("The fee is not the account's configured rate: check the rate in the "
                  "merchant contract and ask the provider about the difference.");
    case ReconClass::DuplicateLine:
        return tr("The statement lists this transaction twice: keep the first line and report "
                  "the duplicate to the provider; nothing is booked twice.");
    }
    return {};
}

} // namespace paydesk
