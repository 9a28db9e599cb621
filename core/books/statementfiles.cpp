#include "core/books/statementfiles.h"

#include "core/storage/database.h"

#include <QMap>
#include <QSqlQuery>
#include <QTimeZone>

namespace paydesk {

using namespace Qt::StringLiterals;

Result<std::optional<ArchivedStatement>>
findArchivedStatement(Database &db, const QString &provider, const QDate &day, const QString &kind)
{
    auto q = db.exec(u"SELECT id, sha256, lines_sha256, line_count FROM statement_files"
                     " WHERE provider = ? AND business_day = ? AND kind = ?"_s,
                     {provider, day.toString(Qt::ISODate), kind});
    PAYDESK_TRY(q);
    if (!q.value().next())
        return std::optional<ArchivedStatement>();
    ArchivedStatement a;
    a.id = q.value().value(0).toLongLong();
    a.sha256 = q.value().value(1).toString();
    a.linesSha256 = q.value().value(2).toString();
    a.lineCount = q.value().value(3).toInt();
    return std::optional<ArchivedStatement>(a);
}

Result<std::optional<QDate>> latestArchivedDay(Database &db, const QString &provider,
                                               const QString &kind)
{
    auto v = db.scalar(u"SELECT MAX(business_day) FROM statement_files"
                       " WHERE provider = ? AND kind = ?"_s,
                       {provider, kind});
    PAYDESK_TRY(v);
    if (!v.value() || v.value()->isNull())
        return std::optional<QDate>();
    return std::optional<QDate>(QDate::fromString(v.value()->toString(), Qt::ISODate));
}

QDate mostCommonBusinessDay(const QList<QDateTime> &instants)
{
    static const QTimeZone zone(QByteArrayLiteral("Asia/Shanghai"));
    QMap<QDate, int> votes;
    for (const QDateTime &t : instants)
        if (t.isValid())
            ++votes[t.toTimeZone(zone).date()];
    QDate day;
    int best = 0;
    for (auto it = votes.cbegin(); it != votes.cend(); ++it) // ascending: a tie keeps the earliest
        if (it.value() > best) {
            best = it.value();
            day = it.key();
        }
    return day;
}

Result<StatementFileImport> importStatementFile(StatementImporter &trades, SettlementTracker *funds,
                                                const QString &provider, const QByteArray &raw,
                                                std::optional<QDate> day,
                                                const QString &operatorName)
{
    auto trade = trades.importFile(provider, raw, day, operatorName);
    if (trade.ok())
        return StatementFileImport{std::move(trade).value(), std::nullopt};
    if (funds) {
        auto fund = funds->importFundFile(provider, raw, day, operatorName);
        if (!fund.ok())
            return fund.error();
        if (fund.value())
            return StatementFileImport{std::nullopt, *fund.value()};
    }
    return trade.error();
}

} // namespace paydesk
