#pragma once

#include "core/reconcile/keyindex.h"
#include "core/reconcile/reconciliation.h"
#include "core/reconcile/reconcolumns.h"

#include <QCoreApplication>

#include <array>
#include <cstdint>
#include <vector>

namespace paydesk {

/// One exception found by the engine, by row number (cheap; turned into ReconException, with
/// its strings and translated action, only for the few rows that are exceptions).
struct EngineException
{
    enum class Source : std::uint8_t { Line, Order, Refund };
    ReconClass kind = ReconClass::Matched;
    Source source = Source::Line;
    std::uint32_t row = 0; ///< into the statement lines, the orders or the refunds
    std::optional<qint64> localMinor;
    std::optional<qint64> providerMinor;
};

/// What a day's reconciliation found: a class for every line, the exceptions, counts per
/// class and the day's totals over all lines.
struct ReconOutcome
{
    std::vector<ReconClass> lineClass; ///< by statement line
    std::vector<EngineException> exceptions;
    std::array<qint64, 9> counts{}; ///< by ReconClass, lines and book rows together
    ProviderDayTotals totals;
    bool footerPresent = false;
    bool footerAgrees = false; ///< the totals equal the bill's own footer

    qint64 count(ReconClass kind) const { return counts[std::size_t(kind)]; }
};

/// The reconciliation engine (DESIGN §5): a pure function over a statement's columns and the
/// till's books. Per statement line, payments keyed by out_trade_no, refunds by out_request_no:
///   - a later copy of a key is a duplicate_line (only the first copy is classified);
///   - payment: no local order → missing_locally; CLOSED/FAILED → late_payment;
///     CREATED/PENDING/UNKNOWN → status_mismatch; another amount → amount_mismatch;
///   - refund: no local refund, one of another order, not SUCCESS locally or of another amount
///     → refund_mismatch;
///   - otherwise a fee other than the configured rate applied to the line (half up to the fen)
///     → fee_mismatch (a refund's returned fee may differ by the provider's 1 fen of
///     proportional rounding), else matched.
/// Then per book row of the day: an order paid locally with no line (here or on a
/// neighbouring day's statement) → missing_at_provider; a refund SUCCESS locally with no line
/// → refund_mismatch. Totals are over all lines, duplicates included.
class Reconciler
{
    Q_DECLARE_TR_FUNCTIONS(Reconciler)
public:
    struct Params
    {
        std::int32_t businessDay = 0; ///< civilDay() of the provider's business day
        int feeRateBp = -1;           ///< the account's fee rate; < 0: unknown, no fee check
    };

    /// The books' keys indexed for the lines' lookups. Built by reconcile() when not given;
    /// a caller that parses the statement at the same time builds it on the books' side.
    struct BooksIndex
    {
        KeyIndex orders;            ///< out_trade_no → order row
        KeyIndex refunds;           ///< out_request_no → refund row
        KeyIndex paymentsElsewhere; ///< out_trade_no on the neighbouring days' lines
        KeyIndex refundsElsewhere;  ///< out_request_no on the neighbouring days' lines
    };
    static BooksIndex index(const BooksColumns &books);

    static ReconOutcome reconcile(const StatementColumns &lines, const BooksColumns &books,
                                  const Params &params);
    static ReconOutcome reconcile(const StatementColumns &lines, const BooksColumns &books,
                                  const BooksIndex &index, const Params &params);

    /// The rate applied to an amount, half up to the fen, sign kept.
    static qint64 expectedFee(qint64 amountMinor, int feeRateBp);

    /// The engine's exceptions as the shared type, with strings and a translated action.
    static QList<ReconException> exceptions(const ReconOutcome &outcome,
                                            const StatementColumns &lines,
                                            const BooksColumns &books, const QString &provider,
                                            QDate businessDay);

    /// What the person resolving an exception of \a kind should do (translated).
    static QString suggestedAction(ReconClass kind);
};

} // namespace paydesk
