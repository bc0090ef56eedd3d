-- Reference figures for CDNOW (sample), computed independently of lifecycle's
-- Go code.
-- Tool: DuckDB 1.5.6 via @duckdb/node-api 1.5.6-r.1 (bench/package.json).
-- Date: 2026-11-22.
-- Regenerate: bash bench/reference.sh   (this file -> cdnow_sample.out.csv)
-- Run by hand: node bench/duckdb.mjs testdata/reference/cdnow_sample.sql ../shared/data/CDNOW_sample.txt
--
-- Input: CDNOW_sample.txt. Format: whitespace-separated, no header, CRLF; fields
-- masterid sampleid date(yyyymmdd) cds value. The customer is the master id
-- (sampleid maps 1:1 to it; checked below as sample_ids).
-- Each line is one order (same-day rows of a customer are NOT merged, except
-- in customer_days and customers_2plus_days). Money is exact DECIMAL(18,2).
-- Output: one row per metric, columns metric,value.

CREATE TEMP TABLE raw AS
SELECT regexp_split_to_array(trim(replace(line, chr(13), '')), '\s+') AS f
FROM read_csv({{CSV}}, header = false, delim = '|', quote = '', escape = '',
              columns = {'line': 'VARCHAR'}, auto_detect = false)
WHERE trim(replace(line, chr(13), '')) <> '';

CREATE TEMP TABLE rows AS
SELECT f[1] AS customer, f[2] AS sample_id, strptime(f[3], '%Y%m%d')::DATE AS day, CAST(f[4] AS INTEGER) AS cds, CAST(f[5] AS DECIMAL(18,2)) AS value
FROM raw
WHERE regexp_full_match(f[1], '[0-9]+') AND len(f) = 5;

CREATE TEMP TABLE per_customer AS
SELECT customer, count(*) AS orders, count(DISTINCT day) AS days
FROM rows GROUP BY customer;

SELECT metric, value FROM (
  SELECT 1 AS k, 'lines_skipped' AS metric, CAST((SELECT count(*) FROM raw) - (SELECT count(*) FROM rows) AS VARCHAR) AS value
  UNION ALL SELECT 2, 'customers', CAST((SELECT count(*) FROM per_customer) AS VARCHAR)
  UNION ALL SELECT 3, 'sample_ids', CAST((SELECT count(DISTINCT sample_id) FROM rows) AS VARCHAR)
  UNION ALL SELECT 4, 'customer_sample_id_pairs', CAST((SELECT count(*) FROM (SELECT DISTINCT customer, sample_id FROM rows)) AS VARCHAR)
  UNION ALL SELECT 5, 'rows', CAST((SELECT count(*) FROM rows) AS VARCHAR)
  UNION ALL SELECT 6, 'total_value', CAST((SELECT sum(value) FROM rows) AS VARCHAR)
  UNION ALL SELECT 7, 'total_cds', CAST((SELECT sum(cds) FROM rows) AS VARCHAR)
  UNION ALL SELECT 8, 'zero_value_rows', CAST((SELECT count(*) FROM rows WHERE value = 0) AS VARCHAR)
  UNION ALL SELECT 9, 'repeat_customers', CAST((SELECT count(*) FROM per_customer WHERE orders >= 2) AS VARCHAR)
  UNION ALL SELECT 10, 'customer_days', CAST((SELECT sum(days) FROM per_customer) AS VARCHAR)
  UNION ALL SELECT 11, 'customers_2plus_days', CAST((SELECT count(*) FROM per_customer WHERE days >= 2) AS VARCHAR)
  UNION ALL SELECT 12, 'first_date', strftime((SELECT min(day) FROM rows), '%Y-%m-%d')
  UNION ALL SELECT 13, 'last_date', strftime((SELECT max(day) FROM rows), '%Y-%m-%d')
  UNION ALL SELECT 14, 'first_purchase_last', strftime((SELECT max(d) FROM (SELECT min(day) AS d FROM rows GROUP BY customer)), '%Y-%m-%d')
)
ORDER BY k;
