#pragma once

#include "core/books/settlementtracker.h"
#include "core/books/statementimporter.h"
#include "core/util/result.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace paydesk {

class Database;

/// A statement file already in the archive (statement_files) for one provider, day and kind.
struct ArchivedStatement
{
    qint64 id = 0;
    QString sha256;      ///< of the raw file, lower-case hex
    QString linesSha256; ///< fingerprint of what was parsed from it
    int lineCount = 0;

    /// Whether a file at hand is this statement again: the same bytes, or the same content in
    /// a new wrapper (a re-zipped or re-downloaded copy). Anything else for the same day is a
    /// conflict: statements are kept as first imported.
    bool sameAs(const QString &fileSha256, const QString &fingerprint) const
    {
        return sha256 == fileSha256 || linesSha256 == fingerprint;
    }
};

/// The archived statement of \a provider, \a day and \a kind ("trade", "fund"), if any.
Result<std::optional<ArchivedStatement>>
findArchivedStatement(Database &db, const QString &provider, const QDate &day, const QString &kind);

/// The latest business day with an archived statement of \a provider and \a kind; none before
/// the first.
Result<std::optional<QDate>> latestArchivedDay(Database &db, const QString &provider,
                                               const QString &kind);

/// The business day (Asia/Shanghai) most of \a instants fall on, the earliest on a tie; an
/// invalid date when none is valid. How a file saved by hand tells its day.
QDate mostCommonBusinessDay(const QList<QDateTime> &instants);

/// What importing a file saved from a provider's merchant portal did: it was a trade statement
/// or a fund-flow statement (exactly one of the two is set).
struct StatementFileImport
{
    std::optional<StatementImport> trade;
    std::optional<FundImport> fund;
};

/// Imports a file the owner saved from the merchant portal: as a trade statement when a
/// provider's trade parser reads it, else as a fund-flow statement (its payouts booked) when a
/// fund parser does; otherwise the trade import's refusal. Same checks either way: nothing
/// half-imported, the same file twice is a no-op, another file for a day already imported is
/// refused. \a funds may be null (trade statements only).
Result<StatementFileImport> importStatementFile(StatementImporter &trades, SettlementTracker *funds,
                                                const QString &provider, const QByteArray &raw,
                                                std::optional<QDate> day = std::nullopt,
                                                const QString &operatorName = {});

} // namespace paydesk
