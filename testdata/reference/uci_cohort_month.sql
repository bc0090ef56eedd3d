-- Reference cells for `lifecycle cohort` (monthly cohorts; metrics customers
-- --absolute, orders and revenue) on UCI Online Retail
-- (shared/data/online-retail-dataset.csv.gz), computed independently of
-- lifecycle's Go code.
-- Tool: DuckDB 1.5.6 via @duckdb/node-api 1.5.6-r.1 (bench/package.json).
-- Date: 2026-11-22.
-- Run: node bench/duckdb.mjs testdata/reference/uci_cohort_month.sql \
--        ../shared/data/online-retail-dataset.csv.gz -o testdata/reference/uci_cohort_month.out.csv
--
-- Reading rules: those of uci_summary.sql (lifecycle's), restated:
--   * every column is read as text; rows with an empty CustomerID are skipped;
--   * customer id = CustomerID with a trailing ".0" removed (text);
--   * line amount = Quantity * UnitPrice in exact decimals
--     (DECIMAL(18,0) * DECIMAL(18,6), never DOUBLE);
--   * a row is a return if InvoiceNo starts with 'C' or its amount < 0;
--   * an order is a distinct (customer, InvoiceNo); an order with at least one
--     non-return row is a purchase, its value the sum of its non-return rows
--     and its time the earliest InvoiceDate among those rows; the return rows
--     of one (customer, InvoiceNo) are one return order, its time the
--     earliest of its rows;
--   * InvoiceDate has no zone and is taken as UTC; an order's day is the
--     calendar day of its time. The as-of day is the last order's day,
--     2011-12-09, so no order is left out.
-- Cohort rules (package cohort's documentation):
--   * a customer's cohort is the calendar month of the first purchase;
--     customers with only returns have none and are left out;
--   * the age of an order is the number of calendar months from the cohort's
--     month to the order's month; a return dated before the customer's first
--     purchase counts at age 0;
--   * customers = distinct customers of the cohort with a purchase at that
--     age; orders = purchases; revenue = purchases' value plus the (negative)
--     returns at that age, exact.
-- Output: one row per (cohort, age) with any purchase or return, ordered by
-- cohort and age: cohort (YYYY-MM), age, cohort_size, customers, orders,
-- revenue. Cells with neither (ages a cohort has reached with no order) are
-- absent: their values are 0.

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
SELECT customer, invoice, sum(amount) AS value, CAST(min(ts) AS DATE) AS day
FROM kept WHERE NOT is_return
GROUP BY customer, invoice;

CREATE TEMP TABLE return_orders AS
SELECT customer, invoice, sum(amount) AS value, CAST(min(ts) AS DATE) AS day
FROM kept WHERE is_return
GROUP BY customer, invoice;

CREATE TEMP TABLE firsts AS
SELECT customer, date_trunc('month', min(day)) AS cohort
FROM purchases GROUP BY customer;

CREATE TEMP TABLE sizes AS
SELECT cohort, count(*) AS cohort_size FROM firsts GROUP BY cohort;

CREATE TEMP TABLE bought AS
SELECT f.cohort, datediff('month', f.cohort, date_trunc('month', p.day)) AS age,
       count(DISTINCT p.customer) AS customers, count(*) AS orders, sum(p.value) AS value
FROM purchases p JOIN firsts f USING (customer)
GROUP BY ALL;

CREATE TEMP TABLE returned AS
SELECT f.cohort, greatest(datediff('month', f.cohort, date_trunc('month', r.day)), 0) AS age,
       sum(r.value) AS value
FROM return_orders r JOIN firsts f USING (customer)
GROUP BY ALL;

SELECT strftime(cohort, '%Y-%m')              AS cohort,
       age,
       s.cohort_size,
       coalesce(b.customers, 0)               AS customers,
       coalesce(b.orders, 0)                  AS orders,
       CAST(coalesce(b.value, 0) + coalesce(r.value, 0) AS DECIMAL(18,6)) AS revenue
FROM bought b FULL OUTER JOIN returned r USING (cohort, age)
JOIN sizes s USING (cohort)
ORDER BY cohort, age;
