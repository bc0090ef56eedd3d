-- Per-customer reference table for UCI Online Retail
-- (shared/data/online-retail-dataset.csv.gz), computed independently of
-- lifecycle's Go code.
-- Tool: DuckDB 1.5.6 via @duckdb/node-api 1.5.6-r.1 (bench/package.json).
-- Date: 2026-11-22.
-- Regenerate: bash bench/reference.sh   (this file -> uci_customers.csv.gz)
--
-- Same rules as uci_summary.sql (rows with an empty CustomerID skipped; id =
-- CustomerID less a trailing ".0"; amount = Quantity * UnitPrice exact; a
-- return is InvoiceNo starting 'C' or amount < 0; a purchase is a (customer,
-- InvoiceNo) with at least one non-return row, its time the earliest
-- InvoiceDate of those rows, taken as UTC).
--
-- One row per customer id seen on any kept row (customers_any), sorted by id:
--   customer        id as text
--   purchases       number of purchases (0 for a customer with only returns)
--   net_revenue     sum of all the customer's rows (purchases and returns),
--                   exact, printed with 3 decimals (the data has at most 3)
--   first_purchase  calendar day (YYYY-MM-DD) of the earliest purchase time,
--                   empty if purchases = 0
--   last_purchase   calendar day of the latest purchase time, empty if 0

WITH kept AS (
  SELECT InvoiceNo AS invoice,
         regexp_replace(CustomerID, '\.0$', '') AS customer,
         CAST(InvoiceDate AS TIMESTAMP) AS ts,
         CAST(Quantity AS DECIMAL(18,0)) * CAST(UnitPrice AS DECIMAL(18,6)) AS amount
  FROM read_csv({{CSV}}, header = true, all_varchar = true)
  WHERE CustomerID IS NOT NULL AND CustomerID <> ''
),
flagged AS (
  SELECT *, (invoice LIKE 'C%' OR amount < 0) AS is_return FROM kept
),
purchases AS (
  SELECT customer, invoice, min(ts) AS ts
  FROM flagged WHERE NOT is_return
  GROUP BY customer, invoice
),
p AS (
  SELECT customer, count(*) AS purchases,
         CAST(min(ts) AS DATE) AS first_purchase, CAST(max(ts) AS DATE) AS last_purchase
  FROM purchases GROUP BY customer
),
n AS (
  SELECT customer, sum(amount) AS net_revenue FROM flagged GROUP BY customer
)
SELECT n.customer,
       coalesce(p.purchases, 0) AS purchases,
       CAST(CAST(n.net_revenue AS DECIMAL(18,3)) AS VARCHAR) AS net_revenue,
       strftime(p.first_purchase, '%Y-%m-%d') AS first_purchase,
       strftime(p.last_purchase, '%Y-%m-%d') AS last_purchase
FROM n LEFT JOIN p USING (customer)
ORDER BY n.customer;
