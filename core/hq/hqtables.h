#pragma once

#include <QList>
#include <QString>

namespace paydesk {

/// One column pushed to head office: its name there, its PostgreSQL type and the SQLite
/// expression on the till that gives it (usually the same-named column).
struct HqColumn
{
    QString name;
    QString pgType;
    QString sqliteExpr;
};

/// One kind of outbox row (ARCHITECTURE §12): which till table it comes from, where it goes at
/// head office and whether its rows change state (versioned upsert) or are history (insert
/// once). The one place that knows both schemas' column lists.
struct HqTable
{
    QString kind;        ///< hq_outbox.kind, as the 0015 triggers write it
    QString localTable;  ///< the till's table, keyed by its INTEGER id
    QString remoteTable; ///< hq.<table>
    bool versioned = false;
    QList<HqColumn> columns; ///< without store_id, till_id, local_id, version

    /// The SQLite query giving a JSON array of the rows whose ids (and versions) are the keys
    /// (and values) of the JSON object bound as its one parameter.
    QString sqliteSelect() const;
    /// The PostgreSQL statement taking (store, till, JSON array) and upserting every row.
    QString pgUpsert() const;

    static const QList<HqTable> &all();
    static const HqTable *byKind(const QString &kind);
};

} // namespace paydesk
