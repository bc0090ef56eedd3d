-- Reference figures for `lifecycle summary` on UCI Online Retail
-- (shared/data/online-retail-dataset.csv.gz), computed independently of
-- lifecycle's Go code.
-- Tool: DuckDB 1.5.6 via @duckdb/node-api 1.5.6-r.1 (bench/package.json).
-- Date: 2026-11-22.
-- Regenerate: bash bench/reference.sh   (this file -> uci_summary.out.csv)
-- Run by hand: node bench/duckdb.mjs testdata/reference/uci_summary.sql \
--                ../shared/data/online-retail-dataset.csv.gz
--
-- Rules (lifecycle's):
--   * every column is read as text; rows with an empty CustomerID are skipped
--     (except in check_total_all_rows, which uses every row);
--   * customer id = CustomerID with a trailing ".0" removed (text);
--   * line amount = Quantity * UnitPrice in exact decimals
--     (DECIMAL(18,0) * DECIMAL(18,6), never DOUBLE);
--   * a row is a return if InvoiceNo starts with 'C' or its amount < 0;
--   * an order is a distinct (customer, InvoiceNo); an order with at least one
--     non-return row is a purchase, its value the sum of its non-return rows
--     (zero-value rows count) and its time the earliest InvoiceDate among
--     those rows; the return rows of one (customer, InvoiceNo) are one return
--     order;
--   * InvoiceDate has no zone and is taken as UTC; a purchase's day is the
--     calendar day of its time.
-- Money is printed with 2 decimals (rounded half away from zero from the
-- exact 3-decimal sums; the exact sum is printed as well where it differs).
-- Output: one row per metric, columns metric,value.

CREATE TEMP TABLE lines AS
SELECT InvoiceNo                                            AS invoice,
       regexp_replace(CustomerID, '\.0$', '')               AS customer,
       CAST(InvoiceDate AS TIMESTAMP)                       AS ts,
       CAST(Quantity AS DECIMAL(18,0)) * CAST(UnitPrice AS DECIMAL(18,6)) AS amount
FROM read_csv({{CSV}}, header = true, all_varchar = true);

CREATE TEMP TABLE kept AS
SELECT *, (invoice LIKE 'C%' OR amount < 0) AS is_return
FROM lines
WHERE customer IS NOT NULL AND customer <> '';

CREATE TEMP TABLE purchases AS
SELECT customer, invoice, sum(amount) AS value, min(ts) AS ts, CAST(min(ts) AS DATE) AS day
FROM kept WHERE NOT is_return
GROUP BY customer, invoice;

CREATE TEMP TABLE return_orders AS
SELECT customer, invoice, sum(amount) AS value
FROM kept WHERE is_return
GROUP BY customer, invoice;

CREATE TEMP TABLE per_customer AS
SELECT customer, count(*) AS purchases
FROM purchases GROUP BY customer;

CREATE TEMP TABLE gaps AS
SELECT day - lag(day) OVER (PARTITION BY customer ORDER BY ts, invoice) AS gap_days
FROM purchases
QUALIFY gap_days IS NOT NULL;

SELECT metric, value FROM (
  SELECT 1 AS k, 'rows_all' AS metric, CAST((SELECT count(*) FROM lines) AS VARCHAR) AS value
  UNION ALL SELECT 2, 'check_total_all_rows', CAST(round((SELECT sum(amount) FROM lines), 2) AS VARCHAR)
  UNION ALL SELECT 3, 'check_total_all_rows_exact', CAST((SELECT sum(amount) FROM lines) AS VARCHAR)
  UNION ALL SELECT 4, 'rows_kept', CAST((SELECT count(*) FROM kept) AS VARCHAR)
  UNION ALL SELECT 5, 'rows_return', CAST((SELECT count(*) FROM kept WHERE is_return) AS VARCHAR)
  UNION ALL SELECT 6, 'customers', CAST((SELECT count(*) FROM per_customer) AS VARCHAR)
  UNION ALL SELECT 7, 'customers_any', CAST((SELECT count(DISTINCT customer) FROM kept) AS VARCHAR)
  UNION ALL SELECT 8, 'orders', CAST((SELECT count(*) FROM (SELECT DISTINCT customer, invoice FROM kept)) AS VARCHAR)
  UNION ALL SELECT 9, 'purchases', CAST((SELECT count(*) FROM purchases) AS VARCHAR)
  UNION ALL SELECT 10, 'purchase_value', CAST(round((SELECT sum(value) FROM purchases), 2) AS VARCHAR)
  UNION ALL SELECT 11, 'purchase_value_exact', CAST((SELECT sum(value) FROM purchases) AS VARCHAR)
  UNION ALL SELECT 12, 'returns', CAST((SELECT count(*) FROM return_orders) AS VARCHAR)
  UNION ALL SELECT 13, 'return_value', CAST(round((SELECT sum(value) FROM return_orders), 2) AS VARCHAR)
  UNION ALL SELECT 14, 'return_value_exact', CAST((SELECT sum(value) FROM return_orders) AS VARCHAR)
  UNION ALL SELECT 15, 'net_revenue', CAST(round((SELECT sum(amount) FROM kept), 2) AS VARCHAR)
  UNION ALL SELECT 16, 'net_revenue_exact', CAST((SELECT sum(amount) FROM kept) AS VARCHAR)
  UNION ALL SELECT 17, 'first_invoice_date', strftime((SELECT min(ts) FROM kept), '%Y-%m-%d %H:%M:%S')
  UNION ALL SELECT 18, 'last_invoice_date', strftime((SELECT max(ts) FROM kept), '%Y-%m-%d %H:%M:%S')
  UNION ALL SELECT 19, 'repeat_customers', CAST((SELECT count(*) FROM per_customer WHERE purchases >= 2) AS VARCHAR)
  UNION ALL SELECT 20, 'purchase_gaps', CAST((SELECT count(*) FROM gaps) AS VARCHAR)
  UNION ALL SELECT 21, 'purchase_gap_days_median', CAST((SELECT median(gap_days) FROM gaps) AS VARCHAR)
  UNION ALL SELECT 22, 'purchase_gap_days_median_lower', CAST((SELECT quantile_disc(gap_days, 0.5) FROM gaps) AS VARCHAR)
  UNION ALL SELECT 23, 'purchase_gap_days_mean', CAST(round((SELECT avg(gap_days) FROM gaps), 4) AS VARCHAR)
  UNION ALL SELECT 24, 'purchase_gaps_zero', CAST((SELECT count(*) FROM gaps WHERE gap_days = 0) AS VARCHAR)
)
ORDER BY k;
