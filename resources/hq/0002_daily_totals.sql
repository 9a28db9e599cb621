-- Head office 0002: the daily report's totals kept as the orders arrive. Aggregating a
-- million orders of one day took 620 ms on the benchmark machine (bench_hq); these rows are
-- one per business day, store, till and provider, so the report reads a few hundred rows.
-- Kept by statement-level triggers over the transition tables: one grouped upsert per pushed
-- batch, not one per order. An order moving from PENDING to PAID, or being refunded, takes
-- its old contribution out and puts its new one in.
CREATE TABLE hq.daily_totals (
    business_day   date NOT NULL,
    store_id       text NOT NULL,
    till_id        text NOT NULL,
    provider       text NOT NULL,
    paid_count     bigint NOT NULL DEFAULT 0,
    gross_minor    bigint NOT NULL DEFAULT 0,
    refunded_minor bigint NOT NULL DEFAULT 0,
    failed_count   bigint NOT NULL DEFAULT 0,
    open_count     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (business_day, store_id, till_id, provider)
);

CREATE FUNCTION hq.orders_totals() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, hq AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO hq.daily_totals AS d (business_day, store_id, till_id, provider, paid_count,
                                          gross_minor, refunded_minor, failed_count, open_count)
        SELECT business_day, store_id, till_id, provider,
               count(*) FILTER (WHERE status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')),
               COALESCE(sum(amount_minor) FILTER (WHERE status IN ('PAID', 'PARTIALLY_REFUNDED',
                                                                   'REFUNDED')), 0),
               COALESCE(sum(refunded_minor) FILTER (WHERE status IN ('PAID', 'PARTIALLY_REFUNDED',
                                                                     'REFUNDED')), 0),
               count(*) FILTER (WHERE status IN ('FAILED', 'CLOSED')),
               count(*) FILTER (WHERE status IN ('CREATED', 'PENDING', 'UNKNOWN'))
        FROM new_rows GROUP BY 1, 2, 3, 4
        ON CONFLICT (business_day, store_id, till_id, provider) DO UPDATE SET
            paid_count = d.paid_count + EXCLUDED.paid_count,
            gross_minor = d.gross_minor + EXCLUDED.gross_minor,
            refunded_minor = d.refunded_minor + EXCLUDED.refunded_minor,
            failed_count = d.failed_count + EXCLUDED.failed_count,
            open_count = d.open_count + EXCLUDED.open_count;
    ELSE
        INSERT INTO hq.daily_totals AS d (business_day, store_id, till_id, provider, paid_count,
                                          gross_minor, refunded_minor, failed_count, open_count)
        SELECT business_day, store_id, till_id, provider, sum(paid), sum(gross), sum(refunded),
               sum(failed), sum(open)
        FROM (SELECT business_day, store_id, till_id, provider, s * p AS paid,
                     s * p * amount_minor AS gross, s * p * refunded_minor AS refunded,
                     s * f AS failed, s * o AS open
              FROM (SELECT n.*, 1 AS s FROM new_rows n
                    UNION ALL SELECT r.*, -1 AS s FROM old_rows r) c,
                   LATERAL (SELECT (c.status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED'))::int AS p,
                                   (c.status IN ('FAILED', 'CLOSED'))::int AS f,
                                   (c.status IN ('CREATED', 'PENDING', 'UNKNOWN'))::int AS o) k
             ) delta
        GROUP BY 1, 2, 3, 4
        ON CONFLICT (business_day, store_id, till_id, provider) DO UPDATE SET
            paid_count = d.paid_count + EXCLUDED.paid_count,
            gross_minor = d.gross_minor + EXCLUDED.gross_minor,
            refunded_minor = d.refunded_minor + EXCLUDED.refunded_minor,
            failed_count = d.failed_count + EXCLUDED.failed_count,
            open_count = d.open_count + EXCLUDED.open_count;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER orders_totals_insert AFTER INSERT ON hq.orders
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hq.orders_totals();
CREATE TRIGGER orders_totals_update AFTER UPDATE ON hq.orders
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION hq.orders_totals();

-- Orders pushed before this step.
INSERT INTO hq.daily_totals (business_day, store_id, till_id, provider, paid_count, gross_minor,
                             refunded_minor, failed_count, open_count)
SELECT business_day, store_id, till_id, provider,
       count(*) FILTER (WHERE status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')),
       COALESCE(sum(amount_minor) FILTER (WHERE status IN ('PAID', 'PARTIALLY_REFUNDED',
                                                           'REFUNDED')), 0),
       COALESCE(sum(refunded_minor) FILTER (WHERE status IN ('PAID', 'PARTIALLY_REFUNDED',
                                                             'REFUNDED')), 0),
       count(*) FILTER (WHERE status IN ('FAILED', 'CLOSED')),
       count(*) FILTER (WHERE status IN ('CREATED', 'PENDING', 'UNKNOWN'))
FROM hq.orders GROUP BY 1, 2, 3, 4;

REVOKE ALL ON FUNCTION hq.orders_totals() FROM PUBLIC;
ALTER TABLE hq.daily_totals ENABLE ROW LEVEL SECURITY;
CREATE POLICY hq_read ON hq.daily_totals FOR SELECT TO paydesk_hq USING (true);
GRANT SELECT ON hq.daily_totals TO paydesk_hq;
