-- Head office 0001: the consolidated books of every store's tills (docs/HEADOFFICE.md).
-- Applied by `paydeskctl hq init|migrate` as the database owner, in one transaction.
-- Every row is keyed by (store_id, till_id, local_id): the till's own row id. A till role can
-- only add its own rows (row-level security) and never delete anything; the two tables whose
-- rows change state on the till (orders, refunds) take an upsert that only moves forward
-- (version = the till's outbox sequence) and never touches what made the row.
CREATE SCHEMA IF NOT EXISTS hq;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'paydesk_till') THEN
        CREATE ROLE paydesk_till NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'paydesk_hq') THEN
        CREATE ROLE paydesk_hq NOLOGIN;
    END IF;
END
$$;

CREATE TABLE hq.stores (
    store_id  text PRIMARY KEY CHECK (store_id ~ '^[0-9A-Za-z_-]{1,32}$'),
    name      text NOT NULL DEFAULT '',
    time_zone text NOT NULL DEFAULT 'Asia/Shanghai'
);

CREATE TABLE hq.tills (
    store_id  text NOT NULL REFERENCES hq.stores(store_id),
    till_id   text NOT NULL CHECK (till_id ~ '^[0-9A-Za-z_-]{1,32}$'),
    role_name name NOT NULL UNIQUE,
    added_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, till_id)
);

-- Who the connected till is. SECURITY DEFINER so a till role needs no read access to the
-- list of tills; session_user (not current_user, which is the definer here).
CREATE FUNCTION hq.my_store() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, hq
    AS $$ SELECT store_id FROM hq.tills WHERE role_name = session_user $$;
CREATE FUNCTION hq.my_till() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, hq
    AS $$ SELECT till_id FROM hq.tills WHERE role_name = session_user $$;
CREATE FUNCTION hq.my_zone() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, hq
    AS $$ SELECT s.time_zone FROM hq.tills t JOIN hq.stores s USING (store_id)
          WHERE t.role_name = session_user $$;

CREATE TABLE hq.orders (
    store_id       text NOT NULL,
    till_id        text NOT NULL,
    local_id       bigint NOT NULL,
    version        bigint NOT NULL,
    out_trade_no   text NOT NULL,
    provider       text NOT NULL,
    kind           text NOT NULL,
    amount_minor   bigint NOT NULL,
    currency       text NOT NULL,
    status         text NOT NULL,
    refunded_minor bigint NOT NULL,
    needs_refund   integer NOT NULL,
    transaction_id text,
    cashier        text,
    sale_id        text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    business_day   date NOT NULL,          -- created_at in the store's zone
    pushed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, till_id, local_id)
);
-- The daily report reads only this index (an index-only scan of one day).
CREATE INDEX orders_day ON hq.orders (business_day, store_id, till_id, provider)
    INCLUDE (status, amount_minor, refunded_minor);

CREATE TABLE hq.refunds (
    store_id       text NOT NULL,
    till_id        text NOT NULL,
    local_id       bigint NOT NULL,
    version        bigint NOT NULL,
    order_local_id bigint NOT NULL,
    out_request_no text NOT NULL,
    amount_minor   bigint NOT NULL,
    currency       text NOT NULL,
    status         text NOT NULL,
    reason         text NOT NULL,
    operator       text NOT NULL,
    approved_by    text,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    pushed_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, till_id, local_id)
);

CREATE TABLE hq.journal_entries (
    store_id   text NOT NULL,
    till_id    text NOT NULL,
    local_id   bigint NOT NULL,
    created_at timestamptz NOT NULL,
    memo       text NOT NULL,
    reference  text,
    operator   text,
    currency   text NOT NULL,
    PRIMARY KEY (store_id, till_id, local_id)
);

CREATE TABLE hq.postings (
    store_id       text NOT NULL,
    till_id        text NOT NULL,
    local_id       bigint NOT NULL,
    entry_local_id bigint NOT NULL,
    account        text NOT NULL,
    amount_minor   bigint NOT NULL,
    PRIMARY KEY (store_id, till_id, local_id)
);
CREATE INDEX postings_entry ON hq.postings (store_id, till_id, entry_local_id);

CREATE TABLE hq.statement_lines (
    store_id       text NOT NULL,
    till_id        text NOT NULL,
    local_id       bigint NOT NULL,
    provider       text NOT NULL,
    business_day   date NOT NULL,
    line_no        integer NOT NULL,
    kind           text NOT NULL,
    transaction_id text,
    out_trade_no   text NOT NULL,
    out_request_no text,
    amount_minor   bigint NOT NULL,
    received_minor bigint NOT NULL,
    fee_minor      bigint NOT NULL,
    created_at     timestamptz,
    finished_at    timestamptz,
    PRIMARY KEY (store_id, till_id, local_id)
);
CREATE INDEX statement_lines_day ON hq.statement_lines (business_day, store_id);

CREATE TABLE hq.settlements (
    store_id       text NOT NULL,
    till_id        text NOT NULL,
    local_id       bigint NOT NULL,
    provider       text NOT NULL,
    covers_day     date NOT NULL,
    paid_at        timestamptz NOT NULL,
    amount_minor   bigint NOT NULL,
    reference      text NOT NULL,
    entry_local_id bigint,
    PRIMARY KEY (store_id, till_id, local_id)
);
CREATE INDEX settlements_day ON hq.settlements (covers_day, store_id);

-- Every head of the till's audit chain as it grew: head office can later prove the till's
-- log was not rewritten (a rewritten chain cannot reproduce these hashes).
CREATE TABLE hq.audit_heads (
    store_id text NOT NULL,
    till_id  text NOT NULL,
    local_id bigint NOT NULL,
    at       timestamptz NOT NULL,
    action   text NOT NULL,
    hash     text NOT NULL,
    PRIMARY KEY (store_id, till_id, local_id)
);

-- How far each till has pushed (its outbox sequence) and when: the dashboard's "last seen".
CREATE TABLE hq.till_progress (
    store_id  text NOT NULL,
    till_id   text NOT NULL,
    last_seq  bigint NOT NULL,
    rows      bigint NOT NULL DEFAULT 0,
    pushed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, till_id)
);

-- What made a row is never rewritten, whoever writes (the owner bypasses row-level security,
-- not this): an order's number, amount and origin stay; only its state moves, and forwards.
CREATE FUNCTION hq.refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.store_id <> OLD.store_id OR NEW.till_id <> OLD.till_id
       OR NEW.local_id <> OLD.local_id OR NEW.created_at <> OLD.created_at
       OR NEW.amount_minor <> OLD.amount_minor THEN
        RAISE EXCEPTION 'paydesk: % rows keep their origin and amount', TG_TABLE_NAME;
    END IF;
    IF NEW.version < OLD.version THEN
        RAISE EXCEPTION 'paydesk: % rows only move forwards', TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER orders_history BEFORE UPDATE ON hq.orders
    FOR EACH ROW EXECUTE FUNCTION hq.refuse_history_rewrite();
CREATE TRIGGER refunds_history BEFORE UPDATE ON hq.refunds
    FOR EACH ROW EXECUTE FUNCTION hq.refuse_history_rewrite();

REVOKE ALL ON SCHEMA hq FROM PUBLIC;
GRANT USAGE ON SCHEMA hq TO paydesk_till, paydesk_hq;
REVOKE ALL ON FUNCTION hq.my_store(), hq.my_till(), hq.my_zone() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION hq.my_store(), hq.my_till(), hq.my_zone() TO paydesk_till;
GRANT SELECT ON ALL TABLES IN SCHEMA hq TO paydesk_hq;
GRANT SELECT, INSERT ON hq.orders, hq.refunds, hq.journal_entries, hq.postings,
    hq.statement_lines, hq.settlements, hq.audit_heads, hq.till_progress TO paydesk_till;
GRANT UPDATE ON hq.orders, hq.refunds, hq.till_progress TO paydesk_till;

-- Row-level security: a till sees and adds only its own rows; head office reads them all.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['orders', 'refunds', 'journal_entries', 'postings',
                             'statement_lines', 'settlements', 'audit_heads', 'till_progress']
    LOOP
        EXECUTE format('ALTER TABLE hq.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY till_own ON hq.%I FOR ALL TO paydesk_till'
                       ' USING (store_id = (SELECT hq.my_store()) AND till_id = (SELECT hq.my_till()))'
                       ' WITH CHECK (store_id = (SELECT hq.my_store()) AND till_id = (SELECT hq.my_till()))', t);
        EXECUTE format('CREATE POLICY hq_read ON hq.%I FOR SELECT TO paydesk_hq USING (true)', t);
    END LOOP;
END
$$;
