-- 0001: settings and the double-entry journal.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE accounts (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('asset', 'liability', 'equity', 'revenue', 'expense')),
    name TEXT NOT NULL
);

INSERT INTO accounts(code, kind, name) VALUES
    ('bank',              'asset',   'Bank account'),
    ('cash',              'asset',   'Cash drawer'),
    ('clearing:alipay',   'asset',   'Owed by Alipay'),
    ('clearing:wechatpay','asset',   'Owed by WeChat Pay'),
    ('revenue:sales',     'revenue', 'Sales'),
    ('revenue:refunds',   'revenue', 'Refunds (contra revenue)'),
    ('expense:fees',      'expense', 'Provider fees'),
    ('adjustments',       'equity',  'Adjustments');

CREATE TABLE journal_entries (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    memo       TEXT NOT NULL,
    reference  TEXT,
    operator   TEXT,
    currency   TEXT NOT NULL DEFAULT 'CNY'
);
CREATE INDEX journal_entries_reference ON journal_entries(reference);

CREATE TABLE postings (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    entry_id     INTEGER NOT NULL REFERENCES journal_entries(id),
    account      TEXT NOT NULL REFERENCES accounts(code),
    amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0)
);
CREATE INDEX postings_account ON postings(account);
CREATE INDEX postings_entry ON postings(entry_id);

-- The journal is append-only: corrections are new entries, never edits.
CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings
BEGIN
    SELECT RAISE(ABORT, 'postings are append-only');
END;
CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings
BEGIN
    SELECT RAISE(ABORT, 'postings are append-only');
END;
CREATE TRIGGER journal_entries_no_update BEFORE UPDATE ON journal_entries
BEGIN
    SELECT RAISE(ABORT, 'journal entries are append-only');
END;
CREATE TRIGGER journal_entries_no_delete BEFORE DELETE ON journal_entries
BEGIN
    SELECT RAISE(ABORT, 'journal entries are append-only');
END;
