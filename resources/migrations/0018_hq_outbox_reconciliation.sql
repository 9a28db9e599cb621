-- 0018: the reconciliation results of 0014 go to head office too (docs/HEADOFFICE.md): each
-- run, each exception as it moves (open, resolved, gone) and each day's sign-off. A till that
-- already joined queues what it has now; later rows come through these triggers.
CREATE TRIGGER hq_outbox_recon_run_insert AFTER INSERT ON recon_runs
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('recon_run', NEW.id);
END;
CREATE TRIGGER hq_outbox_recon_exception_insert AFTER INSERT ON recon_exceptions
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('recon_exception', NEW.id);
END;
CREATE TRIGGER hq_outbox_recon_exception_update
AFTER UPDATE OF state, last_run_id, local_minor, provider_minor, resolved_by, resolved_at,
                resolution ON recon_exceptions
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('recon_exception', NEW.id);
END;
CREATE TRIGGER hq_outbox_recon_signoff_insert AFTER INSERT ON recon_signoffs
WHEN (SELECT value FROM settings WHERE key = 'hq.enabled') = '1'
BEGIN
    INSERT INTO hq_outbox(kind, local_id) VALUES ('recon_signoff', NEW.rowid);
END;

INSERT INTO hq_outbox(kind, local_id)
SELECT 'recon_run', id FROM recon_runs
WHERE (SELECT value FROM settings WHERE key = 'hq.enabled') = '1' ORDER BY id;
INSERT INTO hq_outbox(kind, local_id)
SELECT 'recon_exception', id FROM recon_exceptions
WHERE (SELECT value FROM settings WHERE key = 'hq.enabled') = '1' ORDER BY id;
INSERT INTO hq_outbox(kind, local_id)
SELECT 'recon_signoff', rowid FROM recon_signoffs
WHERE (SELECT value FROM settings WHERE key = 'hq.enabled') = '1' ORDER BY rowid;
