-- 0012: the provider's statements (bills) as downloaded or imported, their lines, and the
-- payouts to the bank. The raw file is kept byte for byte (statement_files.raw) so any figure
-- in a report can be traced back to what the provider served; lines are never edited.
CREATE TABLE statement_files (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    provider      TEXT NOT NULL,
    business_day  TEXT NOT NULL,              -- yyyy-MM-dd in the provider's zone
    kind          TEXT NOT NULL CHECK (kind IN ('trade', 'fund')),
    source        TEXT NOT NULL CHECK (source IN ('download', 'file')),
    sha256        TEXT NOT NULL,              -- lower-case hex of raw
    provider_hash TEXT,                       -- as the provider gave it (e.g. WeChat's SHA1)
    raw           BLOB NOT NULL,
    line_count    INTEGER NOT NULL,
    imported_at   TEXT NOT NULL,
    operator      TEXT,
    UNIQUE (provider, business_day, kind)
);

CREATE TABLE statement_lines (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    file_id        INTEGER NOT NULL REFERENCES statement_files(id),
    provider       TEXT NOT NULL,
    business_day   TEXT NOT NULL,
    line_no        INTEGER NOT NULL,          -- position in the file, 1-based, detail rows only
    kind           TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
    transaction_id TEXT,
    out_trade_no   TEXT NOT NULL,
    out_request_no TEXT,                      -- refunds only
    created_at     TEXT,                      -- UTC ISO
    finished_at    TEXT,                      -- UTC ISO
    amount_minor   INTEGER NOT NULL,          -- negative for refunds
    received_minor INTEGER NOT NULL,
    fee_minor      INTEGER NOT NULL,          -- charged > 0, returned on a refund < 0
    store_id       TEXT,
    subject        TEXT,
    fee_entry_id   INTEGER REFERENCES journal_entries(id), -- the fee posting, when fee_minor <> 0
    UNIQUE (file_id, line_no)
);
CREATE INDEX statement_lines_day ON statement_lines(provider, business_day);
CREATE INDEX statement_lines_trade ON statement_lines(out_trade_no);

CREATE TRIGGER statement_lines_no_update BEFORE UPDATE ON statement_lines
BEGIN
    SELECT RAISE(ABORT, 'statement lines are kept as served');
END;
CREATE TRIGGER statement_files_no_update BEFORE UPDATE ON statement_files
BEGIN
    SELECT RAISE(ABORT, 'statement files are kept as served');
END;

-- A payout of the provider to the merchant's bank account, as the provider's fund statement
-- reports it; `covers_day` is the business day whose takings it settles.
CREATE TABLE settlements (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    provider     TEXT NOT NULL,
    covers_day   TEXT NOT NULL,
    paid_at      TEXT NOT NULL,               -- UTC ISO
    amount_minor INTEGER NOT NULL CHECK (amount_minor > 0),
    reference    TEXT NOT NULL,               -- the provider's payout / fund-flow id
    file_id      INTEGER REFERENCES statement_files(id),
    entry_id     INTEGER REFERENCES journal_entries(id),
    UNIQUE (provider, reference)
);
CREATE INDEX settlements_day ON settlements(provider, covers_day);
