#include "core/reconcile/reconciler.h"

#include <QHash>
#include <QSet>

#include <cstdlib>

namespace paydesk {

namespace {

bool paidLocally(const QString &status)
{
    return status == QLatin1String("PAID") || status == QLatin1String("PARTIALLY_REFUNDED") ||
           status == QLatin1String("REFUNDED");
}

bool endedUnpaid(const QString &status)
{
    return status == QLatin1String("CLOSED") || status == QLatin1String("FAILED");
}

} // namespace

qint64 Reconciler::expectedFee(qint64 amountMinor, int feeRateBp)
{
    // Half up on the magnitude: the provider rounds each payment's fee to the fen.
    const qint64 magnitude = (std::llabs(amountMinor) * feeRateBp + 5000) / 10000;
    return amountMinor < 0 ? -magnitude : magnitude;
}

QString Reconciler::suggestedAction(ReconClass kind)
{
    switch (kind) {
    case ReconClass::Matched:
        return {};
    case ReconClass::AmountMismatch:
        return tr("The provider took a different amount than the till booked: check the "
                  "receipt, then book the difference as an adjustment.");
    case ReconClass::StatusMismatch:
        return tr("The provider has this payment but the till never learned the outcome: run "
                  "Recover so the till books it.");
    case ReconClass::LatePayment:
        return tr("The customer paid after the till gave up on the order: refund the customer "
                  "(a case is opened) or keep the money as a sale.");
    case ReconClass::MissingAtProvider:
        return tr("The till booked a payment the provider does not list: query the order "
                  "with the provider before writing it off.");
    case ReconClass::MissingLocally:
        return tr("The provider lists a payment the till does not know: find the sale (another "
                  "till, a manual charge) and book it as an adjustment.");
    case ReconClass::RefundMismatch:
        return tr("A refund differs between the till and the provider: check the refund with "
                  "the provider, then book the difference.");
    case ReconClass::FeeMismatch:
        return tr("The fee is not what the account's rate gives: check the rate agreed with "
                  "the provider, or raise it with their support.");
    case ReconClass::DuplicateLine:
        return tr("The statement lists this line twice: it is counted once; ask the provider "
                  "for a corrected statement.");
    }
    return {};
}

ReconResult Reconciler::run(const ReconInput &in)
{
    ReconResult out;
    ProviderDayTotals &t = out.totals;
    t.provider = in.provider;

    QHash<QString, qsizetype> orderAt;
    orderAt.reserve(in.orders.size());
    for (qsizetype i = 0; i < in.orders.size(); ++i)
        orderAt.insert(in.orders.at(i).outTradeNo, i);
    QHash<QString, qsizetype> refundAt;
    refundAt.reserve(in.refunds.size());
    for (qsizetype i = 0; i < in.refunds.size(); ++i)
        refundAt.insert(in.refunds.at(i).outRequestNo, i);

    auto exception = [&](ReconClass kind, const QString &outTradeNo, const QString &outRequestNo,
                         std::optional<qint64> local, std::optional<qint64> provider) {
        ReconException e;
        e.provider = in.provider;
        e.businessDay = in.day;
        e.kind = kind;
        e.outTradeNo = outTradeNo;
        e.outRequestNo = outRequestNo;
        e.localMinor = local;
        e.providerMinor = provider;
        e.suggestedAction = suggestedAction(kind);
        out.exceptions.append(e);
    };

    QSet<QString> seenPayments;
    QSet<QString> seenRefunds;
    seenPayments.reserve(in.lines.size());
    for (const ReconLine &l : in.lines) {
        // Totals are over every line, duplicates included: they must equal the bill's footer.
        if (l.refund) {
            t.refundsMinor += -l.amountMinor;
            ++t.refunds;
        } else {
            t.grossMinor += l.amountMinor;
            ++t.payments;
        }
        t.feesMinor += l.feeMinor;

        if (l.refund) {
            if (seenRefunds.contains(l.outRequestNo)) {
                exception(ReconClass::DuplicateLine, l.outTradeNo, l.outRequestNo, std::nullopt,
                          -l.amountMinor);
                continue;
            }
            seenRefunds.insert(l.outRequestNo);
            const auto it = refundAt.constFind(l.outRequestNo);
            if (it == refundAt.cend()) {
                exception(ReconClass::RefundMismatch, l.outTradeNo, l.outRequestNo, std::nullopt,
                          -l.amountMinor);
                continue;
            }
            const ReconRefund &r = in.refunds.at(*it);
            if (r.status != QLatin1String("SUCCESS") || r.amountMinor != -l.amountMinor) {
                exception(ReconClass::RefundMismatch, l.outTradeNo, l.outRequestNo,
                          r.status == QLatin1String("SUCCESS") ? std::optional(r.amountMinor)
                                                               : std::optional<qint64>(0),
                          -l.amountMinor);
                continue;
            }
            ++t.matched;
            continue;
        }

        if (seenPayments.contains(l.outTradeNo)) {
            exception(ReconClass::DuplicateLine, l.outTradeNo, {}, std::nullopt, l.amountMinor);
            continue;
        }
        seenPayments.insert(l.outTradeNo);
        const auto it = orderAt.constFind(l.outTradeNo);
        if (it == orderAt.cend()) {
            exception(ReconClass::MissingLocally, l.outTradeNo, {}, std::nullopt, l.amountMinor);
            continue;
        }
        const ReconOrder &o = in.orders.at(*it);
        if (endedUnpaid(o.status)) {
            exception(ReconClass::LatePayment, l.outTradeNo, {}, 0, l.amountMinor);
        } else if (!paidLocally(o.status)) {
            exception(ReconClass::StatusMismatch, l.outTradeNo, {}, 0, l.amountMinor);
        } else if (o.amountMinor != l.amountMinor) {
            exception(ReconClass::AmountMismatch, l.outTradeNo, {}, o.amountMinor, l.amountMinor);
        } else if (l.feeMinor != expectedFee(l.amountMinor, in.feeRateBp)) {
            exception(ReconClass::FeeMismatch, l.outTradeNo, {},
                      expectedFee(l.amountMinor, in.feeRateBp), l.feeMinor);
        } else {
            ++t.matched;
        }
    }

    // The day's local money that no line names.
    for (const ReconOrder &o : in.orders) {
        if (o.businessDay != in.day || !paidLocally(o.status) ||
            seenPayments.contains(o.outTradeNo) || in.keysOnOtherDays.contains(o.outTradeNo))
            continue;
        exception(ReconClass::MissingAtProvider, o.outTradeNo, {}, o.amountMinor, std::nullopt);
    }
    for (const ReconRefund &r : in.refunds) {
        if (r.businessDay != in.day || r.status != QLatin1String("SUCCESS") ||
            seenRefunds.contains(r.outRequestNo) || in.keysOnOtherDays.contains(r.outRequestNo))
            continue;
        exception(ReconClass::RefundMismatch, r.outTradeNo, r.outRequestNo, r.amountMinor,
                  std::nullopt);
    }

    t.netMinor = t.grossMinor - t.refundsMinor - t.feesMinor;
    return out;
}

} // namespace paydesk
