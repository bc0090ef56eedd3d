#!/usr/bin/env node
// duckdb.mjs runs one SQL file (or a built-in mode) against a CSV file with
// DuckDB (@duckdb/node-api, pinned in package.json), writes the result of the
// last statement to stdout as CSV (RFC 4180, header line, NULL as an empty
// field), and writes the wall time to stderr.
//
// Usage:
//   node bench/duckdb.mjs FILE.sql  CSV [-o OUT.csv]
//   node bench/duckdb.mjs MODE      CSV [-o OUT.csv]
//
// In FILE.sql every {{CSV}} is replaced by CSV as a quoted SQL string literal,
// so a file reads `FROM read_csv({{CSV}}, ...)`. A relative CSV path is taken
// from the current directory. The file may hold several statements
// (separated by ';'); all are run in order and only the last one's rows are
// printed.
//
// Modes (the peer benchmark for `lifecycle summary`; CSV is a genorders file
// with columns order_id,customer_id,order_date,amount):
//   summary        per-customer aggregation (count, sum(amount), min/max
//                  order_date) GROUP BY customer_id, with read_csv's own type
//                  detection (amount DOUBLE, order_date TIMESTAMPTZ); the
//                  per-customer table is materialised by an outer aggregate
//                  that reads every one of its columns (so no aggregate can be
//                  pruned) and prints one row.
//   summary-typed  the same with explicit column types: amount DECIMAL(18,2)
//                  (exact, as lifecycle does), order_date TIMESTAMPTZ.
//   summary-copy   the per-customer table (auto-detected types) written in
//                  full as CSV by COPY ... TO '/dev/null'; prints nothing.
//   groupby-count  SELECT count(*) over the GROUP BY (DuckDB may prune the
//                  unused aggregates here: a lower bound, for comparison only).
//
// stderr gets one line: `duckdb: <what> wall=<seconds>s rows=<n>` where wall
// is measured from opening the database to the last row written (process
// start-up and module loading are not included; use /usr/bin/time for those).
//
// Environment: DUCKDB_OUT is the file of the modes that COPY their result
// (rfm, cohort; default /tmp/duckdb-out.csv); DUCKDB_THREADS sets `threads` (default: DuckDB's, = cores);
// DUCKDB_MEMORY_LIMIT sets `memory_limit` (default: DuckDB's, 80% of RAM).

import { readFileSync, createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const MODES = {
  summary: `
SELECT count(*)                          AS customers,
       sum(orders)                       AS orders,
       count(*) FILTER (WHERE orders >= 2) AS repeat_customers,
       sum(revenue)                      AS revenue,
       min(first_order)                  AS first_order,
       max(last_order)                   AS last_order
FROM (
  SELECT customer_id, count(*) AS orders, sum(amount) AS revenue,
         min(order_date) AS first_order, max(order_date) AS last_order
  FROM read_csv({{CSV}})
  GROUP BY customer_id
)`,
  'summary-typed': `
SELECT count(*)                          AS customers,
       sum(orders)                       AS orders,
       count(*) FILTER (WHERE orders >= 2) AS repeat_customers,
       sum(revenue)                      AS revenue,
       min(first_order)                  AS first_order,
       max(last_order)                   AS last_order
FROM (
  SELECT customer_id, count(*) AS orders, sum(amount) AS revenue,
         min(order_date) AS first_order, max(order_date) AS last_order
  FROM read_csv({{CSV}}, header = true,
                columns = {'order_id': 'VARCHAR', 'customer_id': 'VARCHAR',
                           'order_date': 'TIMESTAMPTZ', 'amount': 'DECIMAL(18,2)'})
  GROUP BY customer_id
)`,
  'summary-copy': `
COPY (
  SELECT customer_id, count(*) AS orders, sum(amount) AS revenue,
         min(order_date) AS first_order, max(order_date) AS last_order
  FROM read_csv({{CSV}})
  GROUP BY customer_id
) TO '/dev/null' (FORMAT csv)`,
  // rfm: the peer of \`lifecycle rfm -o FILE.csv\`: per customer recency,
  // frequency, monetary, first and last day, NTILE(5) scores and the code,
  // sorted by code then monetary, written to {{OUT}} (a CSV file).
  rfm: `
COPY (
  WITH c AS (
    SELECT customer_id, count(*) AS frequency, sum(amount) AS monetary,
           min(order_date)::DATE AS first_purchase, max(order_date)::DATE AS last_purchase
    FROM read_csv({{CSV}})
    GROUP BY customer_id),
  a AS (SELECT max(last_purchase) AS as_of FROM c),
  s AS (
    SELECT customer_id, as_of - last_purchase AS recency_days, frequency, monetary,
           first_purchase, last_purchase,
           NTILE(5) OVER (ORDER BY last_purchase) AS r,
           NTILE(5) OVER (ORDER BY frequency) AS f,
           NTILE(5) OVER (ORDER BY monetary) AS m
    FROM c, a)
  SELECT *, r * 100 + f * 10 + m AS rfm FROM s ORDER BY rfm DESC, monetary DESC, customer_id
) TO {{OUT}} (FORMAT csv, HEADER)`,
  // cohort: the peer of \`lifecycle cohort\` (monthly customers table): per
  // acquisition month and age in months, the distinct customers who
  // bought, written to {{OUT}}.
  cohort: `
COPY (
  WITH o AS (
    SELECT customer_id, date_trunc('month', order_date::DATE) AS month
    FROM read_csv({{CSV}})),
  f AS (SELECT customer_id, min(month) AS cohort FROM o GROUP BY customer_id)
  SELECT f.cohort, datediff('month', f.cohort, o.month) AS age,
         count(DISTINCT o.customer_id) AS customers
  FROM o JOIN f USING (customer_id)
  GROUP BY ALL ORDER BY 1, 2
) TO {{OUT}} (FORMAT csv, HEADER)`,
  'groupby-count': `
SELECT count(*) AS customers FROM (
  SELECT customer_id, count(*), sum(amount), min(order_date), max(order_date)
  FROM read_csv({{CSV}})
  GROUP BY customer_id
)`,
};

function usage(msg) {
  if (msg) process.stderr.write(`duckdb.mjs: ${msg}\n`);
  process.stderr.write(
    'usage: node duckdb.mjs (FILE.sql | ' + Object.keys(MODES).join(' | ') + ') CSV [-o OUT.csv]\n',
  );
  process.exit(2);
}

function sqlString(s) {
  return "'" + s.replaceAll("'", "''") + "'";
}

function csvField(v) {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : v.toString();
  return /[",\r\n]/.test(s) ? '"' + s.replaceAll('"', '""') + '"' : s;
}

const args = process.argv.slice(2);
let outPath = null;
const pos = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '-o') {
    outPath = args[++i];
    if (!outPath) usage('-o needs a file');
  } else if (args[i] === '-h' || args[i] === '--help') {
    usage();
  } else {
    pos.push(args[i]);
  }
}
if (pos.length !== 2) usage('need a SQL file or mode, and a CSV path');
const [what, csvPath] = pos;

let sqlText;
if (Object.hasOwn(MODES, what)) {
  sqlText = MODES[what];
} else if (what.endsWith('.sql')) {
  sqlText = readFileSync(what, 'utf8');
} else {
  usage(`unknown mode ${JSON.stringify(what)}`);
}
sqlText = sqlText.replaceAll('{{CSV}}', sqlString(csvPath));
sqlText = sqlText.replaceAll('{{OUT}}', sqlString(process.env.DUCKDB_OUT || '/tmp/duckdb-out.csv'));

const out = outPath ? createWriteStream(outPath) : process.stdout;
const write = (s) =>
  new Promise((resolve, reject) => {
    if (out.write(s)) resolve();
    else out.once('drain', resolve).once('error', reject);
  });

const t0 = process.hrtime.bigint();
const options = {};
if (process.env.DUCKDB_THREADS) options.threads = process.env.DUCKDB_THREADS;
if (process.env.DUCKDB_MEMORY_LIMIT) options.memory_limit = process.env.DUCKDB_MEMORY_LIMIT;
const instance = await DuckDBInstance.create(':memory:', options);
const conn = await instance.connect();

let rows = 0;
try {
  const stmts = await conn.extractStatements(sqlText);
  if (stmts.count === 0) usage('no SQL statement');
  for (let i = 0; i < stmts.count; i++) {
    const prepared = await stmts.prepare(i);
    if (i < stmts.count - 1) {
      await prepared.run();
      continue;
    }
    const result = await prepared.stream();
    const names = result.columnNames();
    // COPY and DDL return a single "Count" column; print it like any result.
    await write(names.map(csvField).join(',') + '\n');
    for await (const chunk of result) {
      const cols = chunk.getColumns();
      const n = chunk.rowCount;
      let buf = '';
      for (let r = 0; r < n; r++) {
        buf += cols.map((c) => csvField(c[r])).join(',') + '\n';
      }
      rows += n;
      await write(buf);
    }
  }
} catch (err) {
  process.stderr.write(`duckdb.mjs: ${err.message}\n`);
  process.exit(1);
}
if (outPath) await new Promise((resolve) => out.end(resolve));
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const label = Object.hasOwn(MODES, what) ? what : basename(what);
process.stderr.write(`duckdb: ${label} csv=${csvPath} wall=${wall.toFixed(3)}s rows=${rows}\n`);
conn.closeSync?.();
