-- 0010: payments the till must not book on its own and a manager has to look at: a provider
-- answer whose out_trade_no or total differs from the order (it may be someone else's trade),
-- and a second success for one sale (a duplicate charge to refund). The provider's figures are
-- kept as reported; resolved_at is set by whoever settles the case.
CREATE TABLE payment_exceptions (
    id                      INTEGER PRIMARY KEY AUTOINCREMENT,
    out_trade_no            TEXT NOT NULL,
    sale_id                 TEXT NOT NULL,
    kind                    TEXT NOT NULL
                            CHECK (kind IN ('amount_mismatch', 'trade_mismatch', 'duplicate_charge')),
    provider_out_trade_no   TEXT,
    provider_total_minor    INTEGER,
    provider_transaction_id TEXT,
    details                 TEXT,
    created_at              TEXT NOT NULL,
    resolved_at             TEXT
);
CREATE INDEX payment_exceptions_sale ON payment_exceptions(sale_id);
CREATE INDEX payment_exceptions_order ON payment_exceptions(out_trade_no);
