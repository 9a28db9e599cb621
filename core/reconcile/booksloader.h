#pragma once

#include "core/reconcile/reconcolumns.h"
#include "core/util/result.h"

#include <QCoreApplication>
#include <QDate>
#include <QString>

namespace paydesk {

/// Reads the till's books for one provider and business day into BooksColumns through the
/// sqlite3 C API on the database file (read-only, its own connection, so it may run on a
/// worker thread while the GUI's connection keeps working; WAL lets both read): every order of
/// the provider, its refunds, and the keys on the neighbouring days' statement lines.
/// QSqlQuery costs a QVariant and a QString per cell, several seconds for a million orders.
class BooksLoader
{
    Q_DECLARE_TR_FUNCTIONS(BooksLoader)
public:
    static Result<BooksColumns> load(const QString &databasePath, const QString &provider,
                                     QDate businessDay);

    /// The imported trade statement lines of one provider and business day, in file and line
    /// order, the same way (what `paydesk reconcile` classifies).
    static Result<StatementColumns> loadStatement(const QString &databasePath,
                                                  const QString &provider, QDate businessDay);

    /// The business day (Asia/Shanghai, UTC+8 all year) of a stored UTC ISO instant
    /// ("2026-12-01T05:12:33.123Z"), as civilDay(); INT32_MIN when it is not one.
    static std::int32_t businessDayOf(std::string_view isoUtc);
};

} // namespace paydesk
