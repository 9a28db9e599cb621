-- 0003: operators, two-factor, the hash-chained audit log, anomaly alerts, privacy.

CREATE TABLE operators (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    name               TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role               TEXT NOT NULL CHECK (role IN ('owner', 'manager', 'cashier')),
    password_hash      TEXT NOT NULL,             -- scrypt$N$r$p$salt_b64$hash_b64
    totp_secret        TEXT,                      -- SecretVault blob, set once confirmed
    totp_pending       TEXT,                      -- SecretVault blob during enrollment
    totp_last_counter  INTEGER NOT NULL DEFAULT 0, -- refuses a replayed code
    failed_attempts    INTEGER NOT NULL DEFAULT 0,
    locked_until       TEXT,
    disabled           INTEGER NOT NULL DEFAULT 0,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    last_login_at      TEXT
);

-- One-time recovery codes for a lost authenticator: only their hashes are kept.
CREATE TABLE recovery_codes (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    operator_id INTEGER NOT NULL REFERENCES operators(id),
    code_hash   TEXT NOT NULL,
    used_at     TEXT
);
CREATE INDEX recovery_codes_operator ON recovery_codes(operator_id);

-- Hash chain: hash = SHA-256(prev_hash || canonical JSON of id, time, action, operator, details).
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    operator  TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_log_action ON audit_log(action);
CREATE INDEX audit_log_at ON audit_log(at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- What the anomaly monitor has observed (its own copy: it does not read checkout tables).
CREATE TABLE security_payment_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL CHECK (kind IN ('paid', 'failed', 'code_failed', 'refund', 'reversal')),
    amount_minor INTEGER NOT NULL DEFAULT 0,
    cashier      TEXT NOT NULL,
    at           TEXT NOT NULL,
    reference    TEXT,
    payer_hash   TEXT                              -- personal data: cleared by retention
);
CREATE INDEX security_payment_events_at ON security_payment_events(at);
CREATE INDEX security_payment_events_kind ON security_payment_events(kind, at);

CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    rule            TEXT NOT NULL,
    severity        TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
    cashier         TEXT,
    message         TEXT NOT NULL,
    details         TEXT NOT NULL DEFAULT '{}',
    payer_hash      TEXT,                          -- personal data: cleared by retention
    acknowledged_by TEXT,
    acknowledged_at TEXT,
    acknowledge_note TEXT
);
CREATE INDEX alerts_open ON alerts(acknowledged_at);

-- Notification ids / nonces already accepted (ReplayGuard), pruned after their window.
CREATE TABLE replay_nonces (
    nonce   TEXT PRIMARY KEY,
    seen_at TEXT NOT NULL
);
