-- 0002: counter checkout — orders (one row per payment attempt), their timeline and the
-- out_trade_no sequence. Amounts are INTEGER minor units; instants are UTC ISO-8601 text.
CREATE TABLE orders (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    out_trade_no     TEXT NOT NULL UNIQUE
                     CHECK (length(out_trade_no) BETWEEN 1 AND 32
                            AND out_trade_no NOT GLOB '*[^0-9A-Za-z_-]*'),
    provider         TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('qr', 'code', 'link', 'cash')),
    amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
    currency         TEXT NOT NULL DEFAULT 'CNY',
    status           TEXT NOT NULL
                     CHECK (status IN ('CREATED', 'PENDING', 'UNKNOWN', 'PAID', 'PARTIALLY_REFUNDED',
                                       'REFUNDED', 'FAILED', 'CLOSED')),
    refunded_minor   INTEGER NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
    transaction_id   TEXT,
    qr_code          TEXT,
    -- Only a masked form of the customer's payment code is ever stored.
    auth_code_masked TEXT,
    payer_hash       TEXT,
    cashier          TEXT,
    till             TEXT,
    sale_id          TEXT NOT NULL,
    failure_reason   TEXT,
    message          TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    expires_at       TEXT,
    tendered_minor   INTEGER,
    change_minor     INTEGER,
    needs_refund     INTEGER NOT NULL DEFAULT 0 CHECK (needs_refund IN (0, 1))
);
CREATE INDEX orders_status ON orders(status);
CREATE INDEX orders_created_at ON orders(created_at);
CREATE INDEX orders_sale ON orders(sale_id);
CREATE INDEX orders_transaction ON orders(transaction_id);

CREATE TABLE order_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id    INTEGER NOT NULL REFERENCES orders(id),
    at          TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    note        TEXT
);
CREATE INDEX order_events_order ON order_events(order_id);

-- The timeline is history: never rewritten.
CREATE TRIGGER order_events_no_update BEFORE UPDATE ON order_events
BEGIN
    SELECT RAISE(ABORT, 'order events are append-only');
END;
CREATE TRIGGER order_events_no_delete BEFORE DELETE ON order_events
BEGIN
    SELECT RAISE(ABORT, 'order events are append-only');
END;

-- Monotonic counter per store and till, the last part of every out_trade_no.
CREATE TABLE order_sequence (
    scope TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
