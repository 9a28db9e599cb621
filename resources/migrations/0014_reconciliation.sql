-- 0014: what reconciling a provider's business day found, how each difference was settled,
-- and the manager's sign-off that closes the day.
CREATE TABLE recon_runs (
    provider       TEXT NOT NULL,
    business_day   TEXT NOT NULL,
    run_at         TEXT NOT NULL,
    lines          INTEGER NOT NULL,
    matched        INTEGER NOT NULL,
    payments       INTEGER NOT NULL,
    refunds        INTEGER NOT NULL,
    gross_minor    INTEGER NOT NULL,
    refunds_minor  INTEGER NOT NULL,
    fees_minor     INTEGER NOT NULL,
    net_minor      INTEGER NOT NULL,
    PRIMARY KEY (provider, business_day)
);

-- One row per difference; a re-run finds the same key and leaves the row alone (a resolved
-- one stays resolved). A difference a later run no longer finds gets gone_at, never deleted.
CREATE TABLE recon_exceptions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    provider        TEXT NOT NULL,
    business_day    TEXT NOT NULL,
    class           TEXT NOT NULL
                    CHECK (class IN ('amount_mismatch', 'status_mismatch', 'late_payment',
                                     'missing_at_provider', 'missing_locally', 'refund_mismatch',
                                     'fee_mismatch', 'duplicate_line')),
    out_trade_no    TEXT NOT NULL,
    out_request_no  TEXT NOT NULL DEFAULT '',
    local_minor     INTEGER,
    provider_minor  INTEGER,
    found_at        TEXT NOT NULL,
    gone_at         TEXT,
    resolved_by     TEXT,
    resolved_at     TEXT,
    resolution      TEXT,
    entry_id        INTEGER REFERENCES journal_entries(id),
    case_id         INTEGER REFERENCES cases(id),
    UNIQUE (provider, business_day, class, out_trade_no, out_request_no)
);
CREATE INDEX recon_exceptions_day ON recon_exceptions(business_day);

-- A signed-off day is closed. The audit head (entry number and keyed hash) at sign-off is kept
-- with it, so a later rewrite of the log shows against any printed or exported report.
CREATE TABLE recon_days (
    business_day    TEXT PRIMARY KEY,
    signed_off_by   TEXT NOT NULL,
    signed_off_at   TEXT NOT NULL,
    audit_head_id   INTEGER NOT NULL,
    audit_head_hash TEXT NOT NULL
);
CREATE TRIGGER recon_days_no_update BEFORE UPDATE ON recon_days
BEGIN
    SELECT RAISE(ABORT, 'a signed-off day stays signed off');
END;
CREATE TRIGGER recon_days_no_delete BEFORE DELETE ON recon_days
BEGIN
    SELECT RAISE(ABORT, 'a signed-off day stays signed off');
END;
