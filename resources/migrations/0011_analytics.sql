-- 0011: the dashboard's aggregates (docs/ANALYTICS.md). Kept per local hour / local day by
-- triggers on `orders`, so every writer (checkout, cash, refunds, Recovery, another process, an
-- import) keeps them right without knowing they exist, and the dashboard reads a few thousand
-- rows instead of the whole book. `paydesk analytics rebuild` recomputes them from `orders`.
--
-- Which orders count as sales: PAID, PARTIALLY_REFUNDED, REFUNDED (a refunded sale stays in
-- gross and shows in refunds). Buckets use created_at shifted by the store's UTC offset
-- (analytics_config.offset_seconds, set by the app from the store time zone; a DST-free zone
-- such as Asia/Shanghai has one offset all year). Empty till/cashier are stored as ''.
CREATE TABLE analytics_config (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    zone           TEXT NOT NULL,
    offset_seconds INTEGER NOT NULL CHECK (offset_seconds BETWEEN -86400 AND 86400),
    -- 0 until the aggregates were computed from the orders already in the book.
    built          INTEGER NOT NULL DEFAULT 0 CHECK (built IN (0, 1))
);
INSERT INTO analytics_config(id, zone, offset_seconds, built) VALUES (1, 'Asia/Shanghai', 28800, 0);

-- Sales per local hour ("YYYY-MM-DDTHH") and till, cashier, provider, payment kind.
CREATE TABLE analytics_hourly (
    slot            TEXT NOT NULL,
    till            TEXT NOT NULL,
    cashier         TEXT NOT NULL,
    provider        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    orders          INTEGER NOT NULL,
    gross_minor     INTEGER NOT NULL,
    refunded_minor  INTEGER NOT NULL,
    refunded_orders INTEGER NOT NULL,
    PRIMARY KEY (slot, till, cashier, provider, kind)
) WITHOUT ROWID;

-- The same without till and cashier: what the unfiltered (or provider-filtered) dashboard
-- reads, a few rows per hour however many tills and cashiers sell.
CREATE TABLE analytics_hourly_total (
    slot            TEXT NOT NULL,
    provider        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    orders          INTEGER NOT NULL,
    gross_minor     INTEGER NOT NULL,
    refunded_minor  INTEGER NOT NULL,
    refunded_orders INTEGER NOT NULL,
    PRIMARY KEY (slot, provider, kind)
) WITHOUT ROWID;

-- Ticket sizes per local day: bucket 0 < ¥10 ≤ 1 < ¥20 ≤ 2 < ¥50 ≤ 3 < ¥100 ≤ 4 < ¥200 ≤ 5
-- < ¥500 ≤ 6 < ¥1000 ≤ 7 (SalesBuckets in core/analytics/salesfigures.h names them).
CREATE TABLE analytics_tickets (
    day      TEXT NOT NULL,
    till     TEXT NOT NULL,
    cashier  TEXT NOT NULL,
    provider TEXT NOT NULL,
    bucket   INTEGER NOT NULL,
    orders   INTEGER NOT NULL,
    PRIMARY KEY (day, till, cashier, provider, bucket)
) WITHOUT ROWID;

-- Attempts that failed (FAILED, or CLOSED with a reason) per local day and failure reason.
CREATE TABLE analytics_failures (
    day      TEXT NOT NULL,
    till     TEXT NOT NULL,
    cashier  TEXT NOT NULL,
    provider TEXT NOT NULL,
    reason   TEXT NOT NULL,
    orders   INTEGER NOT NULL,
    PRIMARY KEY (day, till, cashier, provider, reason)
) WITHOUT ROWID;

-- Which (salted) payers paid on which local day, and the first and last day each one paid:
-- the share of returning payers (payers of a range ending today = last_day in the range;
-- new ones = first_day in it). Personal data like orders.payer_hash: a retention purge that clears
-- the order's hash takes it out of here through the update trigger.
CREATE TABLE analytics_payer_days (
    day        TEXT NOT NULL,
    payer_hash TEXT NOT NULL,
    orders     INTEGER NOT NULL,
    PRIMARY KEY (day, payer_hash)
) WITHOUT ROWID;
CREATE INDEX analytics_payer_days_payer ON analytics_payer_days(payer_hash, day);
CREATE TABLE analytics_payers (
    payer_hash TEXT PRIMARY KEY,
    first_day  TEXT NOT NULL,
    last_day   TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX analytics_payers_first_day ON analytics_payers(first_day);
CREATE INDEX analytics_payers_last_day ON analytics_payers(last_day, first_day);

-- The tills, cashiers and providers that ever sold: the dashboard's filter choices.
CREATE TABLE analytics_dimensions (
    dimension TEXT NOT NULL CHECK (dimension IN ('till', 'cashier', 'provider')),
    value     TEXT NOT NULL,
    PRIMARY KEY (dimension, value)
) WITHOUT ROWID;

-- A new order (the till inserts CREATED; an import or a generator may insert it PAID).
CREATE TRIGGER analytics_orders_insert AFTER INSERT ON orders
BEGIN
    INSERT INTO analytics_hourly(slot, till, cashier, provider, kind, orders, gross_minor,
                                 refunded_minor, refunded_orders)
    SELECT strftime('%Y-%m-%dT%H', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), COALESCE(NEW.till, ''), COALESCE(NEW.cashier, ''), NEW.provider, NEW.kind,
           1, NEW.amount_minor, NEW.refunded_minor, (NEW.refunded_minor > 0)
    WHERE NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(slot, till, cashier, provider, kind) DO UPDATE SET
        orders = orders + excluded.orders, gross_minor = gross_minor + excluded.gross_minor,
        refunded_minor = refunded_minor + excluded.refunded_minor,
        refunded_orders = refunded_orders + excluded.refunded_orders;
    INSERT INTO analytics_hourly_total(slot, provider, kind, orders, gross_minor,
                                       refunded_minor, refunded_orders)
    SELECT strftime('%Y-%m-%dT%H', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), NEW.provider, NEW.kind,
           1, NEW.amount_minor, NEW.refunded_minor, (NEW.refunded_minor > 0)
    WHERE NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(slot, provider, kind) DO UPDATE SET
        orders = orders + excluded.orders, gross_minor = gross_minor + excluded.gross_minor,
        refunded_minor = refunded_minor + excluded.refunded_minor,
        refunded_orders = refunded_orders + excluded.refunded_orders;
    INSERT INTO analytics_tickets(day, till, cashier, provider, bucket, orders)
    SELECT strftime('%Y-%m-%d', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), COALESCE(NEW.till, ''), COALESCE(NEW.cashier, ''), NEW.provider,
           CASE WHEN NEW.amount_minor < 1000 THEN 0 WHEN NEW.amount_minor < 2000 THEN 1 WHEN NEW.amount_minor < 5000 THEN 2 WHEN NEW.amount_minor < 10000 THEN 3 WHEN NEW.amount_minor < 20000 THEN 4 WHEN NEW.amount_minor < 50000 THEN 5 WHEN NEW.amount_minor < 100000 THEN 6 ELSE 7 END, 1
    WHERE NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(day, till, cashier, provider, bucket) DO UPDATE SET orders = orders + excluded.orders;
    INSERT INTO analytics_failures(day, till, cashier, provider, reason, orders)
    SELECT strftime('%Y-%m-%d', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), COALESCE(NEW.till, ''), COALESCE(NEW.cashier, ''), NEW.provider,
           NEW.failure_reason, 1
    WHERE NEW.status IN ('FAILED', 'CLOSED') AND NEW.failure_reason IS NOT NULL AND NEW.failure_reason NOT IN ('', 'none')
    ON CONFLICT(day, till, cashier, provider, reason) DO UPDATE SET orders = orders + excluded.orders;
    INSERT INTO analytics_payer_days(day, payer_hash, orders)
    SELECT strftime('%Y-%m-%d', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), NEW.payer_hash, 1
    WHERE NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED') AND NEW.payer_hash IS NOT NULL AND NEW.payer_hash <> ''
    ON CONFLICT(day, payer_hash) DO UPDATE SET orders = orders + excluded.orders;
    INSERT INTO analytics_dimensions(dimension, value)
    SELECT 'till', NEW.till WHERE NEW.till IS NOT NULL AND NEW.till <> '' AND NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    UNION ALL SELECT 'cashier', NEW.cashier
    WHERE NEW.cashier IS NOT NULL AND NEW.cashier <> '' AND NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    UNION ALL SELECT 'provider', NEW.provider WHERE NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(dimension, value) DO NOTHING;
    INSERT INTO analytics_payers(payer_hash, first_day, last_day)
    SELECT NEW.payer_hash, strftime('%Y-%m-%d', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), strftime('%Y-%m-%d', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds') WHERE NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED') AND NEW.payer_hash IS NOT NULL AND NEW.payer_hash <> ''
    ON CONFLICT(payer_hash) DO UPDATE SET first_day = MIN(first_day, excluded.first_day),
        last_day = MAX(last_day, excluded.last_day);
END;

-- A change that moves a figure: take the old row out, put the new one in. Other updates
-- (message, owner, updated_at...) skip the trigger.
CREATE TRIGGER analytics_orders_update AFTER UPDATE ON orders
WHEN OLD.status IS NOT NEW.status
     OR OLD.refunded_minor IS NOT NEW.refunded_minor
     OR OLD.amount_minor IS NOT NEW.amount_minor
     OR OLD.created_at IS NOT NEW.created_at
     OR OLD.payer_hash IS NOT NEW.payer_hash
     OR OLD.failure_reason IS NOT NEW.failure_reason
     OR OLD.till IS NOT NEW.till
     OR OLD.cashier IS NOT NEW.cashier
     OR OLD.provider IS NOT NEW.provider
     OR OLD.kind IS NOT NEW.kind
BEGIN
    INSERT INTO analytics_hourly(slot, till, cashier, provider, kind, orders, gross_minor,
                                 refunded_minor, refunded_orders)
    SELECT strftime('%Y-%m-%dT%H', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), COALESCE(OLD.till, ''), COALESCE(OLD.cashier, ''), OLD.provider, OLD.kind,
           -1, -OLD.amount_minor, -OLD.refunded_minor, -(OLD.refunded_minor > 0)
    WHERE OLD.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(slot, till, cashier, provider, kind) DO UPDATE SET
        orders = orders + excluded.orders, gross_minor = gross_minor + excluded.gross_minor,
        refunded_minor = refunded_minor + excluded.refunded_minor,
        refunded_orders = refunded_orders + excluded.refunded_orders;
    INSERT INTO analytics_hourly_total(slot, provider, kind, orders, gross_minor,
                                       refunded_minor, refunded_orders)
    SELECT strftime('%Y-%m-%dT%H', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), OLD.provider, OLD.kind,
           -1, -OLD.amount_minor, -OLD.refunded_minor, -(OLD.refunded_minor > 0)
    WHERE OLD.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(slot, provider, kind) DO UPDATE SET
        orders = orders + excluded.orders, gross_minor = gross_minor + excluded.gross_minor,
        refunded_minor = refunded_minor + excluded.refunded_minor,
        refunded_orders = refunded_orders + excluded.refunded_orders;
    INSERT INTO analytics_tickets(day, till, cashier, provider, bucket, orders)
    SELECT strftime('%Y-%m-%d', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), COALESCE(OLD.till, ''), COALESCE(OLD.cashier, ''), OLD.provider,
           CASE WHEN OLD.amount_minor < 1000 THEN 0 WHEN OLD.amount_minor < 2000 THEN 1 WHEN OLD.amount_minor < 5000 THEN 2 WHEN OLD.amount_minor < 10000 THEN 3 WHEN OLD.amount_minor < 20000 THEN 4 WHEN OLD.amount_minor < 50000 THEN 5 WHEN OLD.amount_minor < 100000 THEN 6 ELSE 7 END, -1
    WHERE OLD.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(day, till, cashier, provider, bucket) DO UPDATE SET orders = orders + excluded.orders;
    INSERT INTO analytics_failures(day, till, cashier, provider, reason, orders)
    SELECT strftime('%Y-%m-%d', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), COALESCE(OLD.till, ''), COALESCE(OLD.cashier, ''), OLD.provider,
           OLD.failure_reason, -1
    WHERE OLD.status IN ('FAILED', 'CLOSED') AND OLD.failure_reason IS NOT NULL AND OLD.failure_reason NOT IN ('', 'none')
    ON CONFLICT(day, till, cashier, provider, reason) DO UPDATE SET orders = orders + excluded.orders;
    INSERT INTO analytics_payer_days(day, payer_hash, orders)
    SELECT strftime('%Y-%m-%d', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), OLD.payer_hash, -1
    WHERE OLD.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED') AND OLD.payer_hash IS NOT NULL AND OLD.payer_hash <> ''
    ON CONFLICT(day, payer_hash) DO UPDATE SET orders = orders + excluded.orders;
    INSERT INTO analytics_hourly(slot, till, cashier, provider, kind, orders, gross_minor,
                                 refunded_minor, refunded_orders)
    SELECT strftime('%Y-%m-%dT%H', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), COALESCE(NEW.till, ''), COALESCE(NEW.cashier, ''), NEW.provider, NEW.kind,
           1, NEW.amount_minor, NEW.refunded_minor, (NEW.refunded_minor > 0)
    WHERE NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(slot, till, cashier, provider, kind) DO UPDATE SET
        orders = orders + excluded.orders, gross_minor = gross_minor + excluded.gross_minor,
        refunded_minor = refunded_minor + excluded.refunded_minor,
        refunded_orders = refunded_orders + excluded.refunded_orders;
    INSERT INTO analytics_hourly_total(slot, provider, kind, orders, gross_minor,
                                       refunded_minor, refunded_orders)
    SELECT strftime('%Y-%m-%dT%H', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), NEW.provider, NEW.kind,
           1, NEW.amount_minor, NEW.refunded_minor, (NEW.refunded_minor > 0)
    WHERE NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(slot, provider, kind) DO UPDATE SET
        orders = orders + excluded.orders, gross_minor = gross_minor + excluded.gross_minor,
        refunded_minor = refunded_minor + excluded.refunded_minor,
        refunded_orders = refunded_orders + excluded.refunded_orders;
    INSERT INTO analytics_tickets(day, till, cashier, provider, bucket, orders)
    SELECT strftime('%Y-%m-%d', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), COALESCE(NEW.till, ''), COALESCE(NEW.cashier, ''), NEW.provider,
           CASE WHEN NEW.amount_minor < 1000 THEN 0 WHEN NEW.amount_minor < 2000 THEN 1 WHEN NEW.amount_minor < 5000 THEN 2 WHEN NEW.amount_minor < 10000 THEN 3 WHEN NEW.amount_minor < 20000 THEN 4 WHEN NEW.amount_minor < 50000 THEN 5 WHEN NEW.amount_minor < 100000 THEN 6 ELSE 7 END, 1
    WHERE NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(day, till, cashier, provider, bucket) DO UPDATE SET orders = orders + excluded.orders;
    INSERT INTO analytics_failures(day, till, cashier, provider, reason, orders)
    SELECT strftime('%Y-%m-%d', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), COALESCE(NEW.till, ''), COALESCE(NEW.cashier, ''), NEW.provider,
           NEW.failure_reason, 1
    WHERE NEW.status IN ('FAILED', 'CLOSED') AND NEW.failure_reason IS NOT NULL AND NEW.failure_reason NOT IN ('', 'none')
    ON CONFLICT(day, till, cashier, provider, reason) DO UPDATE SET orders = orders + excluded.orders;
    INSERT INTO analytics_payer_days(day, payer_hash, orders)
    SELECT strftime('%Y-%m-%d', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), NEW.payer_hash, 1
    WHERE NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED') AND NEW.payer_hash IS NOT NULL AND NEW.payer_hash <> ''
    ON CONFLICT(day, payer_hash) DO UPDATE SET orders = orders + excluded.orders;
    INSERT INTO analytics_dimensions(dimension, value)
    SELECT 'till', NEW.till WHERE NEW.till IS NOT NULL AND NEW.till <> '' AND NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    UNION ALL SELECT 'cashier', NEW.cashier
    WHERE NEW.cashier IS NOT NULL AND NEW.cashier <> '' AND NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    UNION ALL SELECT 'provider', NEW.provider WHERE NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(dimension, value) DO NOTHING;
    DELETE FROM analytics_hourly WHERE slot = strftime('%Y-%m-%dT%H', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds') AND till = COALESCE(OLD.till, '')
        AND cashier = COALESCE(OLD.cashier, '') AND provider = OLD.provider AND kind = OLD.kind
        AND orders = 0;
    DELETE FROM analytics_hourly_total WHERE slot = strftime('%Y-%m-%dT%H', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds') AND provider = OLD.provider
        AND kind = OLD.kind AND orders = 0;
    DELETE FROM analytics_tickets WHERE day = strftime('%Y-%m-%d', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds') AND orders = 0;
    DELETE FROM analytics_failures WHERE day = strftime('%Y-%m-%d', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds') AND orders = 0;
    DELETE FROM analytics_payer_days WHERE day = strftime('%Y-%m-%d', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds') AND payer_hash = OLD.payer_hash
        AND orders = 0;
    INSERT INTO analytics_payers(payer_hash, first_day, last_day)
    SELECT OLD.payer_hash, MIN(day), MAX(day) FROM analytics_payer_days
    WHERE payer_hash = OLD.payer_hash GROUP BY payer_hash
    ON CONFLICT(payer_hash) DO UPDATE SET first_day = excluded.first_day,
        last_day = excluded.last_day;
    DELETE FROM analytics_payers WHERE payer_hash = OLD.payer_hash AND NOT EXISTS
        (SELECT 1 FROM analytics_payer_days p WHERE p.payer_hash = OLD.payer_hash);
    INSERT INTO analytics_payers(payer_hash, first_day, last_day)
    SELECT NEW.payer_hash, strftime('%Y-%m-%d', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), strftime('%Y-%m-%d', NEW.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds') WHERE NEW.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED') AND NEW.payer_hash IS NOT NULL AND NEW.payer_hash <> ''
    ON CONFLICT(payer_hash) DO UPDATE SET first_day = MIN(first_day, excluded.first_day),
        last_day = MAX(last_day, excluded.last_day);
END;

CREATE TRIGGER analytics_orders_delete AFTER DELETE ON orders
BEGIN
    INSERT INTO analytics_hourly(slot, till, cashier, provider, kind, orders, gross_minor,
                                 refunded_minor, refunded_orders)
    SELECT strftime('%Y-%m-%dT%H', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), COALESCE(OLD.till, ''), COALESCE(OLD.cashier, ''), OLD.provider, OLD.kind,
           -1, -OLD.amount_minor, -OLD.refunded_minor, -(OLD.refunded_minor > 0)
    WHERE OLD.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(slot, till, cashier, provider, kind) DO UPDATE SET
        orders = orders + excluded.orders, gross_minor = gross_minor + excluded.gross_minor,
        refunded_minor = refunded_minor + excluded.refunded_minor,
        refunded_orders = refunded_orders + excluded.refunded_orders;
    INSERT INTO analytics_hourly_total(slot, provider, kind, orders, gross_minor,
                                       refunded_minor, refunded_orders)
    SELECT strftime('%Y-%m-%dT%H', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), OLD.provider, OLD.kind,
           -1, -OLD.amount_minor, -OLD.refunded_minor, -(OLD.refunded_minor > 0)
    WHERE OLD.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(slot, provider, kind) DO UPDATE SET
        orders = orders + excluded.orders, gross_minor = gross_minor + excluded.gross_minor,
        refunded_minor = refunded_minor + excluded.refunded_minor,
        refunded_orders = refunded_orders + excluded.refunded_orders;
    INSERT INTO analytics_tickets(day, till, cashier, provider, bucket, orders)
    SELECT strftime('%Y-%m-%d', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), COALESCE(OLD.till, ''), COALESCE(OLD.cashier, ''), OLD.provider,
           CASE WHEN OLD.amount_minor < 1000 THEN 0 WHEN OLD.amount_minor < 2000 THEN 1 WHEN OLD.amount_minor < 5000 THEN 2 WHEN OLD.amount_minor < 10000 THEN 3 WHEN OLD.amount_minor < 20000 THEN 4 WHEN OLD.amount_minor < 50000 THEN 5 WHEN OLD.amount_minor < 100000 THEN 6 ELSE 7 END, -1
    WHERE OLD.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
    ON CONFLICT(day, till, cashier, provider, bucket) DO UPDATE SET orders = orders + excluded.orders;
    INSERT INTO analytics_failures(day, till, cashier, provider, reason, orders)
    SELECT strftime('%Y-%m-%d', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), COALESCE(OLD.till, ''), COALESCE(OLD.cashier, ''), OLD.provider,
           OLD.failure_reason, -1
    WHERE OLD.status IN ('FAILED', 'CLOSED') AND OLD.failure_reason IS NOT NULL AND OLD.failure_reason NOT IN ('', 'none')
    ON CONFLICT(day, till, cashier, provider, reason) DO UPDATE SET orders = orders + excluded.orders;
    INSERT INTO analytics_payer_days(day, payer_hash, orders)
    SELECT strftime('%Y-%m-%d', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds'), OLD.payer_hash, -1
    WHERE OLD.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED') AND OLD.payer_hash IS NOT NULL AND OLD.payer_hash <> ''
    ON CONFLICT(day, payer_hash) DO UPDATE SET orders = orders + excluded.orders;
    DELETE FROM analytics_hourly WHERE slot = strftime('%Y-%m-%dT%H', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds') AND till = COALESCE(OLD.till, '')
        AND cashier = COALESCE(OLD.cashier, '') AND provider = OLD.provider AND kind = OLD.kind
        AND orders = 0;
    DELETE FROM analytics_hourly_total WHERE slot = strftime('%Y-%m-%dT%H', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds') AND provider = OLD.provider
        AND kind = OLD.kind AND orders = 0;
    DELETE FROM analytics_tickets WHERE day = strftime('%Y-%m-%d', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds') AND orders = 0;
    DELETE FROM analytics_failures WHERE day = strftime('%Y-%m-%d', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds') AND orders = 0;
    DELETE FROM analytics_payer_days WHERE day = strftime('%Y-%m-%d', OLD.created_at, (SELECT offset_seconds FROM analytics_config WHERE id = 1) || ' seconds') AND payer_hash = OLD.payer_hash
        AND orders = 0;
    INSERT INTO analytics_payers(payer_hash, first_day, last_day)
    SELECT OLD.payer_hash, MIN(day), MAX(day) FROM analytics_payer_days
    WHERE payer_hash = OLD.payer_hash GROUP BY payer_hash
    ON CONFLICT(payer_hash) DO UPDATE SET first_day = excluded.first_day,
        last_day = excluded.last_day;
    DELETE FROM analytics_payers WHERE payer_hash = OLD.payer_hash AND NOT EXISTS
        (SELECT 1 FROM analytics_payer_days p WHERE p.payer_hash = OLD.payer_hash);
END;
