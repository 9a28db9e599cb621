-- 0008: refunds and their outbox. One row per refund request (one out_request_no), written
-- with its idempotency key BEFORE any network call (DECIDED), then SENT, PROCESSING, and
-- finally SUCCESS or FAILED. The rows not final yet are the outbox Recovery resumes.
CREATE TABLE refunds (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id       INTEGER NOT NULL REFERENCES orders(id),
    out_request_no TEXT NOT NULL UNIQUE
                   CHECK (length(out_request_no) BETWEEN 1 AND 64
                          AND out_request_no NOT GLOB '*[^0-9A-Za-z_-]*'),
    amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
    currency       TEXT NOT NULL DEFAULT 'CNY',
    status         TEXT NOT NULL
                   CHECK (status IN ('DECIDED', 'SENT', 'PROCESSING', 'SUCCESS', 'FAILED')),
    reason         TEXT NOT NULL,
    refund_id      TEXT,
    operator       TEXT NOT NULL,
    approved_by    TEXT,
    message        TEXT,
    attempts       INTEGER NOT NULL DEFAULT 0,
    -- The process driving it (OrderOwner identity): Recovery elsewhere leaves it alone while
    -- that process lives.
    owner          TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX refunds_order ON refunds(order_id);
CREATE INDEX refunds_status ON refunds(status);
-- One refund in flight per order: a second one is refused by the database itself, whichever
-- process or till decides it.
CREATE UNIQUE INDEX refunds_one_in_flight ON refunds(order_id)
    WHERE status IN ('DECIDED', 'SENT', 'PROCESSING');
-- A refund's amount and order never change once decided.
CREATE TRIGGER refunds_fixed BEFORE UPDATE OF order_id, out_request_no, amount_minor, currency
    ON refunds
BEGIN
    SELECT RAISE(ABORT, 'a decided refund keeps its order, number and amount');
END;
-- A final refund stays final.
CREATE TRIGGER refunds_final BEFORE UPDATE OF status ON refunds
    WHEN OLD.status IN ('SUCCESS', 'FAILED') AND NEW.status <> OLD.status
BEGIN
    SELECT RAISE(ABORT, 'a final refund cannot change its status');
END;
CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds
BEGIN
    SELECT RAISE(ABORT, 'refunds are never deleted');
END;
