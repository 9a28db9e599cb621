#include "core/hq/hqtables.h"

#include <QStringList>

namespace paydesk {

namespace {

HqColumn col(const char *name, const char *pgType, const char *sqliteExpr = nullptr)
{
    const QString n = QString::fromLatin1(name);
    return {n, QString::fromLatin1(pgType),
            sqliteExpr ? QString::fromLatin1(sqliteExpr) : QStringLiteral("t.") + n};
}

QList<HqTable> buildTables()
{
    return {
        {QStringLiteral("order"),
         QStringLiteral("orders"),
         QStringLiteral("orders"),
         true,
         {col("out_trade_no", "text"), col("provider", "text"), col("kind", "text"),
          col("amount_minor", "bigint"), col("currency", "text"), col("status", "text"),
          col("refunded_minor", "bigint"), col("needs_refund", "integer"),
          col("transaction_id", "text"), col("cashier", "text"), col("sale_id", "text"),
          col("created_at", "timestamptz"), col("updated_at", "timestamptz")}},
        {QStringLiteral("refund"),
         QStringLiteral("refunds"),
         QStringLiteral("refunds"),
         true,
         {col("order_local_id", "bigint", "t.order_id"), col("out_request_no", "text"),
          col("amount_minor", "bigint"), col("currency", "text"), col("status", "text"),
          col("reason", "text"), col("operator", "text"), col("approved_by", "text"),
          col("created_at", "timestamptz"), col("updated_at", "timestamptz")}},
        {QStringLiteral("journal_entry"),
         QStringLiteral("journal_entries"),
         QStringLiteral("journal_entries"),
         false,
         {col("created_at", "timestamptz"), col("memo", "text"), col("reference", "text"),
          col("operator", "text"), col("currency", "text")}},
        {QStringLiteral("posting"),
         QStringLiteral("postings"),
         QStringLiteral("postings"),
         false,
         {col("entry_local_id", "bigint", "t.entry_id"), col("account", "text"),
          col("amount_minor", "bigint")}},
        {QStringLiteral("statement_line"),
         QStringLiteral("statement_lines"),
         QStringLiteral("statement_lines"),
         false,
         {col("provider", "text"), col("business_day", "date"), col("line_no", "integer"),
          col("kind", "text"), col("transaction_id", "text"), col("out_trade_no", "text"),
          col("out_request_no", "text"), col("amount_minor", "bigint"),
          col("received_minor", "bigint"), col("fee_minor", "bigint"),
          col("created_at", "timestamptz"), col("finished_at", "timestamptz")}},
        {QStringLiteral("settlement"),
         QStringLiteral("settlements"),
         QStringLiteral("settlements"),
         false,
         {col("provider", "text"), col("covers_day", "date"), col("paid_at", "timestamptz"),
          col("amount_minor", "bigint"), col("reference", "text"),
          col("entry_local_id", "bigint", "t.entry_id")}},
        {QStringLiteral("audit_head"),
         QStringLiteral("audit_log"),
         QStringLiteral("audit_heads"),
         false,
         {col("at", "timestamptz"), col("action", "text"), col("hash", "text")}},
    };
}

} // namespace

const QList<HqTable> &HqTable::all()
{
    static const QList<HqTable> tables = buildTables();
    return tables;
}

const HqTable *HqTable::byKind(const QString &kind)
{
    for (const HqTable &t : all())
        if (t.kind == kind)
            return &t;
    return nullptr;
}

QString HqTable::sqliteSelect() const
{
    QStringList pairs{QStringLiteral("'local_id', t.id")};
    if (versioned)
        pairs << QStringLiteral("'version', CAST(j.value AS INTEGER)");
    for (const HqColumn &c : columns)
        pairs << QStringLiteral("'%1', %2").arg(c.name, c.sqliteExpr);
    return QStringLiteral("SELECT json_group_array(json_object(%1)) FROM %2 t"
                          " JOIN json_each(?) j ON t.id = CAST(j.key AS INTEGER)")
        .arg(pairs.join(QStringLiteral(", ")), localTable);
}

QString HqTable::pgUpsert() const
{
    QStringList names{QStringLiteral("local_id")};
    QStringList defs{QStringLiteral("local_id bigint")};
    if (versioned) {
        names << QStringLiteral("version");
        defs << QStringLiteral("version bigint");
    }
    for (const HqColumn &c : columns) {
        names << c.name;
        defs << c.name + QLatin1Char(' ') + c.pgType;
    }
    QStringList insertCols{QStringLiteral("store_id"), QStringLiteral("till_id")};
    insertCols << names;
    QString select =
        QStringLiteral("SELECT ?::text, ?::text, x.") + names.join(QStringLiteral(", x."));
    if (remoteTable == u"orders") {
        // The business day is the store's, as head office records its zone.
        insertCols << QStringLiteral("business_day");
        select += QStringLiteral(", (x.created_at AT TIME ZONE "
                                 "COALESCE((SELECT hq.my_zone()), 'Asia/Shanghai'))::date");
    }
    QString sql = QStringLiteral("INSERT INTO hq.%1 (%2) %3 FROM jsonb_to_recordset(?::jsonb) AS "
                                 "x(%4) ON CONFLICT (store_id, till_id, local_id) ")
                      .arg(remoteTable, insertCols.join(QStringLiteral(", ")), select,
                           defs.join(QStringLiteral(", ")));
    if (!versioned)
        return sql + QStringLiteral("DO NOTHING");
    QStringList sets;
    for (const HqColumn &c : columns)
        if (c.name != u"created_at" && c.name != u"amount_minor")
            sets << QStringLiteral("%1 = EXCLUDED.%1").arg(c.name);
    sets << QStringLiteral("version = EXCLUDED.version") << QStringLiteral("pushed_at = now()");
    return sql + QStringLiteral("DO UPDATE SET %1 WHERE hq.%2.version < EXCLUDED.version")
                     .arg(sets.join(QStringLiteral(", ")), remoteTable);
}

} // namespace paydesk
