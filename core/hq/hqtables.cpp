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
         QStringLiteral("id"),
         QStringLiteral("orders"),
         true,
         {col("out_trade_no", "text"), col("provider", "text"), col("kind", "text"),
          col("amount_minor", "bigint"), col("currency", "text"), col("status", "text"),
          col("refunded_minor", "bigint"), col("needs_refund", "integer"),
          col("transaction_id", "text"), col("cashier", "text"), col("sale_id", "text"),
          col("created_at", "timestamptz"), col("updated_at", "timestamptz")}},
        {QStringLiteral("refund"),
         QStringLiteral("refunds"),
         QStringLiteral("id"),
         QStringLiteral("refunds"),
         true,
         {col("order_local_id", "bigint", "t.order_id"), col("out_request_no", "text"),
          col("amount_minor", "bigint"), col("currency", "text"), col("status", "text"),
          col("reason", "text"), col("operator", "text"), col("approved_by", "text"),
          col("created_at", "timestamptz"), col("updated_at", "timestamptz")}},
        {QStringLiteral("journal_entry"),
         QStringLiteral("journal_entries"),
         QStringLiteral("id"),
         QStringLiteral("journal_entries"),
         false,
         {col("created_at", "timestamptz"), col("memo", "text"), col("reference", "text"),
          col("operator", "text"), col("currency", "text")}},
        {QStringLiteral("posting"),
         QStringLiteral("postings"),
         QStringLiteral("id"),
         QStringLiteral("postings"),
         false,
         {col("entry_local_id", "bigint", "t.entry_id"), col("account", "text"),
          col("amount_minor", "bigint")}},
        {QStringLiteral("statement_line"),
         QStringLiteral("statement_lines"),
         QStringLiteral("id"),
         QStringLiteral("statement_lines"),
         false,
         {col("provider", "text"), col("business_day", "date"), col("line_no", "integer"),
          col("kind", "text"), col("transaction_id", "text"), col("out_trade_no", "text"),
          col("out_request_no", "text"), col("amount_minor", "bigint"),
          col("received_minor", "bigint"), col("fee_minor", "bigint"),
          col("created_at", "timestamptz"), col("finished_at", "timestamptz")}},
        {QStringLiteral("settlement"),
         QStringLiteral("settlements"),
         QStringLiteral("id"),
         QStringLiteral("settlements"),
         false,
         {col("provider", "text"), col("covers_day", "date"), col("paid_at", "timestamptz"),
          col("amount_minor", "bigint"), col("reference", "text"),
          col("entry_local_id", "bigint", "t.entry_id")}},
        {QStringLiteral("recon_run"),
         QStringLiteral("recon_runs"),
         QStringLiteral("id"),
         QStringLiteral("recon_runs"),
         false,
         {col("provider", "text"), col("business_day", "date"), col("run_at", "timestamptz"),
          col("lines", "integer"), col("payments", "integer"), col("refunds", "integer"),
          col("matched", "integer"), col("exceptions", "integer"), col("gross_minor", "bigint"),
          col("refunds_minor", "bigint"), col("fees_minor", "bigint"), col("net_minor", "bigint")}},
        {QStringLiteral("recon_exception"),
         QStringLiteral("recon_exceptions"),
         QStringLiteral("id"),
         QStringLiteral("recon_exceptions"),
         true,
         {col("provider", "text"), col("business_day", "date"), col("kind", "text"),
          col("out_trade_no", "text"), col("out_request_no", "text"), col("occurrence", "integer"),
          col("local_minor", "bigint"), col("provider_minor", "bigint"),
          col("suggested_action", "text"), col("state", "text"), col("resolved_by", "text"),
          col("resolved_at", "timestamptz"), col("resolution", "text")}},
        {QStringLiteral("recon_signoff"),
         QStringLiteral("recon_signoffs"),
         QStringLiteral("rowid"),
         QStringLiteral("recon_signoffs"),
         false,
         {col("business_day", "date"), col("signed_off_by", "text"),
          col("signed_off_at", "timestamptz"), col("audit_head_id", "bigint"),
          col("audit_head_hash", "text")}},
        {QStringLiteral("audit_head"),
         QStringLiteral("audit_log"),
         QStringLiteral("id"),
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
    QStringList pairs{QStringLiteral("'local_id', t.") + localId};
    if (versioned)
        pairs << QStringLiteral("'version', CAST(j.value AS INTEGER)");
    for (const HqColumn &c : columns)
        pairs << QStringLiteral("'%1', %2").arg(c.name, c.sqliteExpr);
    return QStringLiteral("SELECT json_group_array(json_object(%1)) FROM %2 t"
                          " JOIN json_each(?) j ON t.%3 = CAST(j.key AS INTEGER)")
        .arg(pairs.join(QStringLiteral(", ")), localTable, localId);
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
