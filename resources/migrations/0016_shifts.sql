-- 0016: the cashier's shift and the drawer count. A shift opens with the cash in the drawer
-- (the float) and closes with the count; what the till expected, what was counted, the
-- difference and who approved it are kept. A closed shift is history: never rewritten.
-- Orders carry the shift open on their till when they were created (set by the trigger below,
-- so every writer of orders gets it without knowing about shifts).
CREATE TABLE shifts (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    till                TEXT NOT NULL,
    cashier             TEXT NOT NULL,
    opened_at           TEXT NOT NULL,
    opening_float_minor INTEGER NOT NULL CHECK (opening_float_minor >= 0),
    closed_at           TEXT,
    closed_by           TEXT,
    expected_cash_minor INTEGER,
    counted_cash_minor  INTEGER CHECK (counted_cash_minor IS NULL OR counted_cash_minor >= 0),
    difference_minor    INTEGER,
    difference_reason   TEXT,
    approved_by         TEXT,
    denominations       TEXT, -- JSON {"10000": 2, "5000": 1, ...}: minor value → count
    CHECK ((closed_at IS NULL) = (counted_cash_minor IS NULL))
);
-- One open shift per till.
CREATE UNIQUE INDEX shifts_one_open_per_till ON shifts(till) WHERE closed_at IS NULL;
CREATE INDEX shifts_opened_at ON shifts(opened_at);

CREATE TRIGGER shifts_closed_is_history BEFORE UPDATE ON shifts
WHEN OLD.closed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a closed shift is history');
END;
CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
BEGIN
    SELECT RAISE(ABORT, 'shifts are history');
END;

-- Cash taken out of the drawer during the shift (a supplier paid, change fetched from the bank).
CREATE TABLE shift_payouts (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    shift_id     INTEGER NOT NULL REFERENCES shifts(id),
    at           TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    operator     TEXT NOT NULL
);
CREATE INDEX shift_payouts_shift ON shift_payouts(shift_id);
CREATE TRIGGER shift_payouts_no_update BEFORE UPDATE ON shift_payouts
BEGIN
    SELECT RAISE(ABORT, 'payouts are history');
END;
CREATE TRIGGER shift_payouts_no_delete BEFORE DELETE ON shift_payouts
BEGIN
    SELECT RAISE(ABORT, 'payouts are history');
END;

ALTER TABLE orders ADD COLUMN shift_id INTEGER REFERENCES shifts(id);
CREATE INDEX orders_shift ON orders(shift_id);
CREATE TRIGGER orders_carry_shift AFTER INSERT ON orders
WHEN NEW.shift_id IS NULL
BEGIN
    UPDATE orders SET shift_id = (SELECT id FROM shifts WHERE till = NEW.till AND closed_at IS NULL)
    WHERE id = NEW.id;
END;

INSERT OR IGNORE INTO accounts(code, kind, name) VALUES
    ('expense:cash_payouts',    'expense', 'Cash paid out of the drawer'),
    ('expense:cash_over_short', 'expense', 'Cash over / short at the drawer count');
