#include "core/reconcile/booksloader.h"

#include <sqlite3.h>

#include <climits>
#include <memory>

namespace paydesk {

using namespace Qt::StringLiterals;

namespace {

struct CloseDb
{
    void operator()(sqlite3 *db) const { sqlite3_close_v2(db); }
};
struct Finalize
{
    void operator()(sqlite3_stmt *s) const { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Stmt = std::unique_ptr<sqlite3_stmt, Finalize>;

std::string_view column(sqlite3_stmt *s, int i)
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(s, i));
    return p ? std::string_view(p, std::size_t(sqlite3_column_bytes(s, i))) : std::string_view();
}

Error failure(sqlite3 *db)
{
    return Error{u"reconcile.books"_s, BooksLoader::tr("Cannot read the books: %1")
                                           .arg(QString::fromUtf8(db ? sqlite3_errmsg(db) : ""))};
}

// The database file on a read-only connection of its own.
bool openReadOnly(const QString &databasePath, Db &db)
{
    sqlite3 *raw = nullptr;
    const QByteArray path = databasePath.toUtf8();
    const int rc = sqlite3_open_v2(path.constData(), &raw,
                                   SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    db.reset(raw);
    if (rc != SQLITE_OK)
        return false;
    sqlite3_busy_timeout(raw, 5000);
    return true;
}

bool prepareOn(sqlite3 *db, const char *sql, Stmt &out)
{
    sqlite3_stmt *s = nullptr;
    const bool ok = sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK;
    out.reset(s);
    return ok;
}

int num(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

} // namespace

std::int32_t BooksLoader::businessDayOf(std::string_view iso)
{
    if (iso.size() < 13 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T')
        return INT32_MIN;
    const int y = num(iso.data(), 4), m = num(iso.data() + 5, 2), d = num(iso.data() + 8, 2);
    const int h = num(iso.data() + 11, 2);
    if (y < 0 || m < 1 || d < 1 || h < 0)
        return INT32_MIN;
    return civilDay(y, m, d) + (h + 8 >= 24 ? 1 : 0);
}

Result<BooksColumns> BooksLoader::load(const QString &databasePath, const QString &provider,
                                       QDate businessDay)
{
    Db db;
    if (!openReadOnly(databasePath, db))
        return failure(db.get());
    const auto fail = [](sqlite3 *c) { return failure(c); };
    const auto prepare = [&](const char *sql, Stmt &out) { return prepareOn(db.get(), sql, out); };
    const QByteArray prov = provider.toUtf8();
    BooksColumns books;
    // One read transaction: the three reads see one state of the books.
    sqlite3_exec(db.get(), "BEGIN", nullptr, nullptr, nullptr);

    Stmt count;
    // max(id) is one B-tree descent; count(*) would walk the whole table once more.
    if (!prepare("SELECT coalesce(max(id), 0) FROM orders", count))
        return fail(db.get());
    if (sqlite3_step(count.get()) == SQLITE_ROW) {
        const auto n = std::size_t(sqlite3_column_int64(count.get(), 0));
        books.orderNo.reserve(n);
        books.orderState.reserve(n);
        books.orderAmountMinor.reserve(n);
        books.orderDay.reserve(n);
    }

    Stmt orders;
    if (!prepare("SELECT out_trade_no, status, amount_minor, created_at FROM orders"
                 " WHERE provider = ?1",
                 orders))
        return fail(db.get());
    sqlite3_bind_text(orders.get(), 1, prov.constData(), int(prov.size()), SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(orders.get())) == SQLITE_ROW) {
        const auto state = orderStateFromText(column(orders.get(), 1));
        if (!state)
            continue;
        books.addOrder(books.arena.store(column(orders.get(), 0)), *state,
                       sqlite3_column_int64(orders.get(), 2),
                       businessDayOf(column(orders.get(), 3)));
    }
    if (rc != SQLITE_DONE)
        return fail(db.get());

    Stmt refunds;
    // CROSS JOIN keeps refunds the outer loop: the planner would otherwise walk every order
    // (the whole table once more) to look its refunds up; this is one rowid lookup per refund.
    if (!prepare("SELECT r.out_request_no, o.out_trade_no, r.amount_minor, r.status,"
                 " r.created_at FROM refunds r CROSS JOIN orders o ON o.id = r.order_id"
                 " WHERE o.provider = ?1",
                 refunds))
        return fail(db.get());
    sqlite3_bind_text(refunds.get(), 1, prov.constData(), int(prov.size()), SQLITE_STATIC);
    while ((rc = sqlite3_step(refunds.get())) == SQLITE_ROW) {
        const auto state = refundStateFromText(column(refunds.get(), 3));
        if (!state)
            continue;
        books.addRefund(books.arena.store(column(refunds.get(), 0)),
                        books.arena.store(column(refunds.get(), 1)),
                        sqlite3_column_int64(refunds.get(), 2), *state,
                        businessDayOf(column(refunds.get(), 4)));
    }
    if (rc != SQLITE_DONE)
        return fail(db.get());

    // Lines of the days before and after (when that statement is already imported).
    Stmt near;
    if (!prepare("SELECT kind, out_trade_no, out_request_no FROM statement_lines"
                 " WHERE provider = ?1 AND business_day IN (?2, ?3)",
                 near))
        return fail(db.get());
    const QByteArray before = businessDay.addDays(-1).toString(u"yyyy-MM-dd"_s).toUtf8();
    const QByteArray after = businessDay.addDays(1).toString(u"yyyy-MM-dd"_s).toUtf8();
    sqlite3_bind_text(near.get(), 1, prov.constData(), int(prov.size()), SQLITE_STATIC);
    sqlite3_bind_text(near.get(), 2, before.constData(), int(before.size()), SQLITE_STATIC);
    sqlite3_bind_text(near.get(), 3, after.constData(), int(after.size()), SQLITE_STATIC);
    while ((rc = sqlite3_step(near.get())) == SQLITE_ROW) {
        if (column(near.get(), 0) == "refund")
            books.refundsElsewhere.push_back(books.arena.store(column(near.get(), 2)));
        else
            books.paymentsElsewhere.push_back(books.arena.store(column(near.get(), 1)));
    }
    if (rc != SQLITE_DONE)
        return fail(db.get());
    sqlite3_exec(db.get(), "COMMIT", nullptr, nullptr, nullptr);
    return books;
}

Result<StatementColumns> BooksLoader::loadStatement(const QString &databasePath,
                                                    const QString &provider, QDate businessDay)
{
    Db db;
    if (!openReadOnly(databasePath, db))
        return failure(db.get());
    Stmt lines;
    if (!prepareOn(db.get(),
                   // A file's lines are inserted in line order in the file's own transaction,
                   // so id order is (file, line) order; and the day index already yields ids
                   // in order, where ORDER BY file_id, line_no sorted a million rows again.
                   "SELECT l.kind, l.out_trade_no, l.out_request_no, l.amount_minor, l.fee_minor"
                   " FROM statement_lines l WHERE l.provider = ?1 AND l.business_day = ?2"
                   " AND l.file_id IN (SELECT id FROM statement_files WHERE kind = 'trade')"
                   " ORDER BY l.id",
                   lines))
        return failure(db.get());
    const QByteArray prov = provider.toUtf8();
    const QByteArray day = businessDay.toString(u"yyyy-MM-dd"_s).toUtf8();
    sqlite3_bind_text(lines.get(), 1, prov.constData(), int(prov.size()), SQLITE_STATIC);
    sqlite3_bind_text(lines.get(), 2, day.constData(), int(day.size()), SQLITE_STATIC);
    StatementColumns statement;
    int rc;
    while ((rc = sqlite3_step(lines.get())) == SQLITE_ROW) {
        statement.append(column(lines.get(), 0) == "refund" ? LineKind::Refund : LineKind::Payment,
                         statement.arena.store(column(lines.get(), 1)),
                         statement.arena.store(column(lines.get(), 2)),
                         sqlite3_column_int64(lines.get(), 3),
                         sqlite3_column_int64(lines.get(), 4));
    }
    if (rc != SQLITE_DONE)
        return failure(db.get());
    return statement;
}

} // namespace paydesk
