-- Head office 0003: the tills' reconciliation results (the till's 0014, pushed by its 0018):
-- runs and sign-offs are history (insert once); an exception moves from open to resolved or
-- gone, forwards only, and a resolved one is final, as on the till.
CREATE TABLE hq.recon_runs (
    store_id      text NOT NULL,
    till_id       text NOT NULL,
    local_id      bigint NOT NULL,
    provider      text NOT NULL,
    business_day  date NOT NULL,
    run_at        timestamptz NOT NULL,
    lines         integer NOT NULL,
    payments      integer NOT NULL,
    refunds       integer NOT NULL,
    matched       integer NOT NULL,
    exceptions    integer NOT NULL,
    gross_minor   bigint NOT NULL,
    refunds_minor bigint NOT NULL,
    fees_minor    bigint NOT NULL,
    net_minor     bigint NOT NULL,
    PRIMARY KEY (store_id, till_id, local_id)
);
CREATE INDEX recon_runs_day ON hq.recon_runs (business_day, store_id);

CREATE TABLE hq.recon_exceptions (
    store_id         text NOT NULL,
    till_id          text NOT NULL,
    local_id         bigint NOT NULL,
    version          bigint NOT NULL,
    provider         text NOT NULL,
    business_day     date NOT NULL,
    kind             text NOT NULL,
    out_trade_no     text NOT NULL,
    out_request_no   text NOT NULL,
    occurrence       integer NOT NULL,
    local_minor      bigint,
    provider_minor   bigint,
    suggested_action text NOT NULL,
    state            text NOT NULL,
    resolved_by      text,
    resolved_at      timestamptz,
    resolution       text,
    pushed_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, till_id, local_id)
);
CREATE INDEX recon_exceptions_day ON hq.recon_exceptions (business_day, store_id);

CREATE TABLE hq.recon_signoffs (
    store_id        text NOT NULL,
    till_id         text NOT NULL,
    local_id        bigint NOT NULL,
    business_day    date NOT NULL,
    signed_off_by   text NOT NULL,
    signed_off_at   timestamptz NOT NULL,
    audit_head_id   bigint NOT NULL,
    audit_head_hash text NOT NULL,
    PRIMARY KEY (store_id, till_id, local_id)
);

CREATE FUNCTION hq.refuse_exception_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.store_id <> OLD.store_id OR NEW.till_id <> OLD.till_id
       OR NEW.local_id <> OLD.local_id OR NEW.kind <> OLD.kind
       OR NEW.out_trade_no <> OLD.out_trade_no OR NEW.business_day <> OLD.business_day THEN
        RAISE EXCEPTION 'paydesk: reconciliation exceptions keep what they are about';
    END IF;
    IF NEW.version < OLD.version THEN
        RAISE EXCEPTION 'paydesk: reconciliation exceptions only move forwards';
    END IF;
    IF OLD.state = 'resolved' AND (NEW.state, NEW.resolution) IS DISTINCT FROM
                                  (OLD.state, OLD.resolution) THEN
        RAISE EXCEPTION 'paydesk: a resolved exception is final';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER recon_exceptions_history BEFORE UPDATE ON hq.recon_exceptions
    FOR EACH ROW EXECUTE FUNCTION hq.refuse_exception_rewrite();

GRANT SELECT ON hq.recon_runs, hq.recon_exceptions, hq.recon_signoffs TO paydesk_hq;
GRANT SELECT, INSERT ON hq.recon_runs, hq.recon_exceptions, hq.recon_signoffs TO paydesk_till;
GRANT UPDATE ON hq.recon_exceptions TO paydesk_till;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['recon_runs', 'recon_exceptions', 'recon_signoffs']
    LOOP
        EXECUTE format('ALTER TABLE hq.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY till_own ON hq.%I FOR ALL TO paydesk_till'
                       ' USING (store_id = (SELECT hq.my_store()) AND till_id = (SELECT hq.my_till()))'
                       ' WITH CHECK (store_id = (SELECT hq.my_store()) AND till_id = (SELECT hq.my_till()))', t);
        EXECUTE format('CREATE POLICY hq_read ON hq.%I FOR SELECT TO paydesk_hq USING (true)', t);
    END LOOP;
END
$$;
