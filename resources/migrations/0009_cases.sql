-- 0009: duplicate-charge cases and the customer issue log (docs/CASES.md).
--
-- A case is one charge that may have to go back to the customer: the later of two payments for
-- one sale, a payment that arrived after the order was closed, a suspected second payment by the
-- same payer, or a provider answer the till did not book. refund_out_trade_no is UNIQUE: however
-- often and by whichever path (payment event, Recovery, reconciliation) a charge is found again,
-- it is one case, so it can be refunded at most once through it.
CREATE TABLE cases (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    kind                 TEXT NOT NULL
                         CHECK (kind IN ('duplicate_sale', 'late_payment', 'lost_answer',
                                         'same_payer', 'provider_mismatch')),
    status               TEXT NOT NULL DEFAULT 'open'
                         CHECK (status IN ('open', 'refunding', 'refunded', 'dismissed')),
    refund_out_trade_no  TEXT NOT NULL UNIQUE,
    sale_id              TEXT,
    amount_minor         INTEGER NOT NULL,
    currency             TEXT NOT NULL DEFAULT 'CNY',
    payer_hash           TEXT,
    payment_exception_id INTEGER REFERENCES payment_exceptions(id),
    detected_by          TEXT NOT NULL,
    detected_at          TEXT NOT NULL,
    resolution           TEXT CHECK (resolution IN ('refund', 'dismiss')),
    reason               TEXT,
    resolved_by          TEXT,
    resolved_at          TEXT,
    refund_out_request_no TEXT,
    refund_message       TEXT
);
CREATE INDEX cases_status ON cases(status);

-- What the detector saw, kept as it was when the case was opened (the orders may change later,
-- e.g. when the refund books): every order of the pattern, the one to refund marked 'refund'.
CREATE TABLE case_evidence (
    case_id        INTEGER NOT NULL REFERENCES cases(id),
    out_trade_no   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('kept', 'refund')),
    provider       TEXT NOT NULL,
    amount_minor   INTEGER NOT NULL,
    status         TEXT NOT NULL,
    transaction_id TEXT,
    payer_hash     TEXT,
    till           TEXT,
    sale_id        TEXT,
    created_at     TEXT NOT NULL,
    paid_at        TEXT,
    lost_answer    INTEGER NOT NULL DEFAULT 0, -- the order went UNKNOWN before it was paid
    PRIMARY KEY (case_id, out_trade_no)
);

-- One record per complaint, from an order or on its own. contact is the only personal datum
-- (optional, minimal) and is cleared by retention (privacy.retention_months).
CREATE TABLE customer_issues (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    out_trade_no       TEXT,
    reported           TEXT NOT NULL
                       CHECK (reported IN ('payment_failed', 'charged_twice',
                                           'refund_not_received', 'other')),
    description        TEXT NOT NULL DEFAULT '',
    contact            TEXT,
    status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    looked_up          INTEGER NOT NULL DEFAULT 0,
    money_confirmed    INTEGER NOT NULL DEFAULT 0,
    refunded_or_explained INTEGER NOT NULL DEFAULT 0,
    provider_contacted INTEGER NOT NULL DEFAULT 0,
    money_moved        TEXT CHECK (money_moved IN ('yes', 'no', 'unknown')),
    outcome            TEXT,
    created_by         TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    resolved_by        TEXT,
    resolved_at        TEXT
);
CREATE INDEX customer_issues_order ON customer_issues(out_trade_no);

-- An issue's cases and refunds (a refund by its out_request_no: the refunds module owns its rows).
CREATE TABLE customer_issue_links (
    issue_id              INTEGER NOT NULL REFERENCES customer_issues(id),
    case_id               INTEGER REFERENCES cases(id),
    refund_out_request_no TEXT,
    CHECK ((case_id IS NULL) <> (refund_out_request_no IS NULL)),
    UNIQUE (issue_id, case_id),
    UNIQUE (issue_id, refund_out_request_no)
);
