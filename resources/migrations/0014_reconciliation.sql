-- 0014: the reconciliation of a provider's business day: each run, the exceptions it found
-- (kept across runs: one row per difference, resolved ones stay resolved, one that disappears
-- is marked gone, never deleted) and the manager's sign-off that closes the day.
CREATE TABLE recon_runs (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    provider      TEXT NOT NULL,
    business_day  TEXT NOT NULL,              -- yyyy-MM-dd in the provider's zone
    run_at        TEXT NOT NULL,              -- UTC ISO
    lines         INTEGER NOT NULL,
    payments      INTEGER NOT NULL,
    refunds       INTEGER NOT NULL,
    matched       INTEGER NOT NULL,
    exceptions    INTEGER NOT NULL,           -- found by this run
    gross_minor   INTEGER NOT NULL,
    refunds_minor INTEGER NOT NULL,
    fees_minor    INTEGER NOT NULL,
    net_minor     INTEGER NOT NULL
);
CREATE INDEX recon_runs_day ON recon_runs(business_day, provider);

CREATE TABLE recon_exceptions (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    provider           TEXT NOT NULL,
    business_day       TEXT NOT NULL,
    kind               TEXT NOT NULL
                       CHECK (kind IN ('amount_mismatch', 'status_mismatch', 'late_payment',
                                       'missing_at_provider', 'missing_locally', 'refund_mismatch',
                                       'fee_mismatch', 'duplicate_line')),
    out_trade_no       TEXT NOT NULL,
    out_request_no     TEXT NOT NULL DEFAULT '',
    occurrence         INTEGER NOT NULL DEFAULT 1, -- the nth copy of one key (duplicate lines)
    local_minor        INTEGER,
    provider_minor     INTEGER,
    suggested_action   TEXT NOT NULL,
    state              TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolved', 'gone')),
    first_run_id       INTEGER NOT NULL REFERENCES recon_runs(id),
    last_run_id        INTEGER NOT NULL REFERENCES recon_runs(id),
    resolved_by        TEXT,
    resolved_at        TEXT,
    resolution         TEXT,
    adjusting_entry_id INTEGER REFERENCES journal_entries(id),
    UNIQUE (provider, business_day, kind, out_trade_no, out_request_no, occurrence)
);
CREATE INDEX recon_exceptions_day ON recon_exceptions(business_day, provider);

-- A resolution is history: once resolved, an exception is never reopened or edited.
CREATE TRIGGER recon_exceptions_resolved_final BEFORE UPDATE ON recon_exceptions
WHEN OLD.state = 'resolved'
BEGIN
    SELECT RAISE(ABORT, 'a resolved exception is final');
END;

-- The manager's sign-off of a business day (all providers): the day is closed from then on.
CREATE TABLE recon_signoffs (
    business_day    TEXT PRIMARY KEY,
    signed_off_by   TEXT NOT NULL,
    signed_off_at   TEXT NOT NULL,            -- UTC ISO
    audit_head_id   INTEGER NOT NULL,         -- the audit log's head at sign-off (the
    audit_head_hash TEXT NOT NULL             -- sign-off's own entry) and its keyed hash
);
CREATE TRIGGER recon_signoffs_no_update BEFORE UPDATE ON recon_signoffs
BEGIN
    SELECT RAISE(ABORT, 'a sign-off is final');
END;
CREATE TRIGGER recon_signoffs_no_delete BEFORE DELETE ON recon_signoffs
BEGIN
    SELECT RAISE(ABORT, 'a sign-off is final');
END;
