// The same day's reconciliation as bench_reconcile, in DuckDB (Node API), on the same files.
//
// Usage: node reconcile_duckdb.mjs DIR [RUNS=3]
//   (DIR from `bench_reconcile --keep DIR`; needs `npm install @duckdb/node-api` next to it or
//   on NODE_PATH). Prints the class counts, the totals and `DUCKDB reconcile_1m <seconds> s`.
//
// DuckDB cannot open the zip, decode GBK or read a SQLite file without extensions it downloads
// at run time (this machine cannot), so the timed run does what a DuckDB user here must: the
// zip inflated by `unzip -p` and the orders exported by the `sqlite3` CLI, both into /dev/shm and
// in parallel, then DuckDB's parallel CSV reader (as latin-1: the fields compared are ASCII, and
// GBK never uses a comma, quote or line break as a trail byte) and the join in SQL.
import { DuckDBInstance } from '@duckdb/node-api';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, openSync, closeSync } from 'node:fs';

const DAY = '2026-12-01';
const BP = 60;

function run(cmd, args, outPath) {
  return new Promise((resolve, reject) => {
    const fd = openSync(outPath, 'w');
    const child = spawn(cmd, args, { stdio: ['ignore', fd, 'inherit'] });
    child.on('exit', (code) => {
      closeSync(fd);
      code === 0 ? resolve() : reject(new Error(`${cmd} exited ${code}`));
    });
  });
}

// "退款" as GBK bytes read as latin-1.
const REFUND = Buffer.from([0xcd, 0xcb, 0xbf, 0xee]).toString('latin1');

async function once(dir) {
  const tmp = mkdtempSync('/dev/shm/duck-');
  const t0 = performance.now();
  await Promise.all([
    run('unzip', ['-p', `${dir}/bill.zip`], `${tmp}/bill.csv`),
    run('sqlite3', ['-readonly', '-csv', `${dir}/paydesk.db`,
      "SELECT out_trade_no, status, amount_minor, created_at FROM orders WHERE provider = 'alipay'"],
    `${tmp}/orders.csv`),
    run('sqlite3', ['-readonly', '-csv', `${dir}/paydesk.db`,
      'SELECT r.out_request_no, o.out_trade_no, r.amount_minor, r.status FROM refunds r ' +
      "CROSS JOIN orders o ON o.id = r.order_id WHERE o.provider = 'alipay'"],
    `${tmp}/refunds.csv`),
  ]);
  const prepared = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const names = Array.from({ length: 25 }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  await con.run(`
    CREATE TABLE lines AS
    SELECT row_number() OVER () AS line, trim(c1, chr(9) || ' ') AS no, trim(c2) AS type,
           CAST(round(CAST(trim(c11) AS DECIMAL(18,2)) * 100) AS BIGINT) AS amount,
           trim(c21, chr(9) || ' ') AS req,
           CAST(round(abs(CAST(trim(c22) AS DECIMAL(18,2))) * 100) AS BIGINT) AS fee0
    FROM read_csv('${tmp}/bill.csv', columns = {${names}}, skip = 1, header = false,
                  encoding = 'latin-1', comment = '#', quote = '"', escape = '"')`);
  await con.run(`
    CREATE TABLE orders AS SELECT * FROM read_csv('${tmp}/orders.csv', header = false,
      columns = {'no': 'VARCHAR', 'status': 'VARCHAR', 'local': 'BIGINT', 'created': 'VARCHAR'})`);
  await con.run(`
    CREATE TABLE refunds AS SELECT * FROM read_csv('${tmp}/refunds.csv', header = false,
      columns = {'req': 'VARCHAR', 'rno': 'VARCHAR', 'rlocal': 'BIGINT', 'rstatus': 'VARCHAR'})`);
  const fee = (a) => `(CASE WHEN ${a} < 0 THEN -1 ELSE 1 END) * ((abs(${a}) * ${BP} + 5000) // 10000)`;
  const result = await con.runAndReadAll(`
    WITH l AS (SELECT *, type = '${REFUND}' AS refund,
                      CASE WHEN type = '${REFUND}' THEN -fee0 ELSE fee0 END AS fee FROM lines),
    firsts AS (SELECT *, row_number() OVER (PARTITION BY refund, CASE WHEN refund THEN req ELSE no END
                                           ORDER BY line) AS copy FROM l),
    pay AS (SELECT f.*, o.status, o.local FROM firsts f LEFT JOIN orders o ON o.no = f.no
            WHERE NOT f.refund AND f.copy = 1),
    ref AS (SELECT f.*, r.rno, r.rlocal, r.rstatus FROM firsts f LEFT JOIN refunds r ON r.req = f.req
            WHERE f.refund AND f.copy = 1),
    cls AS (
      SELECT CASE WHEN status IS NULL THEN 'missing_locally'
                  WHEN status IN ('CLOSED', 'FAILED') THEN 'late_payment'
                  WHEN status IN ('CREATED', 'PENDING', 'UNKNOWN') THEN 'status_mismatch'
                  WHEN local <> amount THEN 'amount_mismatch'
                  WHEN fee <> ${fee('amount')} THEN 'fee_mismatch' ELSE 'matched' END AS k FROM pay
      UNION ALL
      SELECT CASE WHEN rstatus IS NULL OR rstatus <> 'SUCCESS' OR -rlocal <> amount OR rno <> no
                  THEN 'refund_mismatch'
                  WHEN abs(fee - ${fee('amount')}) > 1 THEN 'fee_mismatch' ELSE 'matched' END FROM ref
      UNION ALL SELECT 'duplicate_line' FROM firsts WHERE copy > 1
      UNION ALL
      SELECT 'missing_at_provider' FROM orders o
      WHERE status IN ('PAID', 'PARTIALLY_REFUNDED', 'REFUNDED')
        AND strftime(CAST(created AS TIMESTAMPTZ) AT TIME ZONE 'UTC' + INTERVAL 8 HOUR, '%Y-%m-%d') = '${DAY}'
        AND NOT EXISTS (SELECT 1 FROM l WHERE NOT l.refund AND l.no = o.no))
    SELECT k, count(*)::BIGINT AS n FROM cls GROUP BY k
    UNION ALL SELECT 'gross', sum(amount)::BIGINT FROM l WHERE NOT refund
    UNION ALL SELECT 'refunds', (-sum(amount))::BIGINT FROM l WHERE refund
    UNION ALL SELECT 'fees', sum(fee)::BIGINT FROM l
    UNION ALL SELECT 'payments', count(*)::BIGINT FROM l WHERE NOT refund
    UNION ALL SELECT 'refund_lines', count(*)::BIGINT FROM l WHERE refund`);
  const seconds = (performance.now() - t0) / 1000;
  console.error(`inflate and export ${((prepared - t0) / 1000).toFixed(3)} s, ` +
                `DuckDB ${((performance.now() - prepared) / 1000).toFixed(3)} s`);
  const out = Object.fromEntries(result.getRows().map(([k, n]) => [k, Number(n)]));
  con.closeSync?.();
  rmSync(tmp, { recursive: true, force: true });
  return { seconds, out };
}

const dir = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
let best = Infinity;
let last;
for (let i = 0; i < runs; ++i) {
  last = await once(dir);
  best = Math.min(best, last.seconds);
}
console.log(Object.fromEntries(Object.entries(last.out).sort()));
console.log(`DUCKDB reconcile_1m ${best.toFixed(3)} s`);
console.log(`DuckDB ${(await import('@duckdb/node-api')).version?.() ?? ''}`.trim());
