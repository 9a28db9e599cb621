-- 0015: the head-office outbox (docs/HEADOFFICE.md). Triggers note which row changed, in
-- order; the pusher reads the row as it is when it pushes and deletes the note once head
-- office committed it. Nothing here waits on the network: a payment only adds a local row.
-- The triggers fire only once the till is joined to a head office (setting hq.enabled = 1,
-- owned by core/hq/hqsettings.cpp); joining queues every existing row once.
CREATE TABLE hq_outbox (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT NOT NULL,
    local_id INTEGER NOT NULL
);

CREATE TRIGGER hq_outbox_order_insert AFTER INSERT ON orders
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('order', NEW.id);
END;
-- Only the columns head office keeps: the shift link written right after an insert is not news.
CREATE TRIGGER hq_outbox_order_update
AFTER UPDATE OF status, refunded_minor, needs_refund, transaction_id, cashier, updated_at ON orders
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('order', NEW.id);
END;
CREATE TRIGGER hq_outbox_refund_insert AFTER INSERT ON refunds
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('refund', NEW.id);
END;
CREATE TRIGGER hq_outbox_refund_update
AFTER UPDATE OF status, reason, approved_by, updated_at ON refunds
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('refund', NEW.id);
END;
CREATE TRIGGER hq_outbox_entry_insert AFTER INSERT ON journal_entries
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('journal_entry', NEW.id);
END;
CREATE TRIGGER hq_outbox_posting_insert AFTER INSERT ON postings
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('posting', NEW.id);
END;
CREATE TRIGGER hq_outbox_statement_line_insert AFTER INSERT ON statement_lines
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('statement_line', NEW.id);
END;
CREATE TRIGGER hq_outbox_settlement_insert AFTER INSERT ON settlements
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('settlement', NEW.id);
END;
CREATE TRIGGER hq_outbox_audit_insert AFTER INSERT ON audit_log
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('audit_head', NEW.id);
END;
