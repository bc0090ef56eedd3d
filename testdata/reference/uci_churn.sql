-- Reference figures for `lifecycle churn` (default rules) and
-- `lifecycle churn --backtest 90d` on UCI Online Retail
-- (shared/data/online-retail-dataset.csv.gz), computed independently of
-- lifecycle's Go code.
-- Tool: DuckDB 1.5.6 via @duckdb/node-api 1.5.6-r.1 (bench/package.json).
-- Date: 2026-11-22.
-- Run: node bench/duckdb.mjs testdata/reference/uci_churn.sql \
--        ../shared/data/online-retail-dataset.csv.gz -o testdata/reference/uci_churn.out.csv
--
-- Reading rules (lifecycle's, as in uci_summary.sql): every column read as
-- text; rows with an empty CustomerID skipped; customer id = CustomerID less
-- a trailing ".0"; line amount = Quantity * UnitPrice, exact decimals; a row
-- is a return if InvoiceNo starts with 'C' or its amount < 0; the non-return
-- rows of one (customer, InvoiceNo) are a purchase, its return rows one
-- return order; an order's day is the calendar day (UTC) of the earliest
-- InvoiceDate of its rows.
--
-- Churn rules (package churn's documentation), at a day AT (the as-of day,
-- the last order's day; and the cut, AT - 90, using only orders on or
-- before it), for each customer with a purchase on or before AT:
--   age of an order = AT - its day; days_since_last = AT - last purchase day;
--   typical gap = median of the gaps between the customer's distinct
--   purchase days (mean of the two middle ones for an even count), or, with
--   one purchase day, the median over customers of the gap from the first
--   purchase day to the second;
--   revenue_90d = sum of order values (purchases and returns) of age < 90,
--   revenue_prev_90d of 90 <= age < 180, purchases_90d / _prev_90d the
--   purchases of those ages; value at risk = revenue of age < 365.
--   overdue (critical): purchases >= 3 and days_since_last > 2 * typical gap
--   dormant (high): days_since_last > 90
--   declining (medium): purchases_90d > 0 and purchases_prev_90d > 0 and
--                       revenue_90d < 0.5 * revenue_prev_90d
--   no-second-purchase (watch): purchases = 1 and days_since_last > 30
--   a customer's level: the highest of its rules.
-- Backtest: at the cut, churned = no purchase after the cut; a rule's hits =
-- flagged and churned; value weights = value at risk at the cut, negative
-- counted as 0.
-- Output: one row per metric, columns metric,value; money exact (3 decimals).

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

CREATE TEMP TABLE ords AS
SELECT customer, invoice, is_return, sum(amount) AS value, CAST(min(ts) AS DATE) AS day
FROM kept
GROUP BY customer, invoice, is_return;

CREATE TEMP TABLE points AS
SELECT 'now' AS point, max(day) AS at_day FROM ords
UNION ALL
SELECT 'cut', max(day) - 90 FROM ords;

-- The orders seen at each point, with their age.
CREATE TEMP TABLE seen AS
SELECT p.point, p.at_day, o.customer, o.is_return, o.value, o.day, p.at_day - o.day AS age
FROM points p JOIN ords o ON o.day <= p.at_day;

CREATE TEMP TABLE cust AS
SELECT point, at_day, customer,
       count(*) FILTER (WHERE NOT is_return)                                AS purchases,
       max(day) FILTER (WHERE NOT is_return)                                AS last_day,
       coalesce(sum(value) FILTER (WHERE age < 90), 0)                      AS r90,
       coalesce(sum(value) FILTER (WHERE age >= 90 AND age < 180), 0)       AS rprev,
       count(*) FILTER (WHERE NOT is_return AND age < 90)                   AS p90,
       count(*) FILTER (WHERE NOT is_return AND age >= 90 AND age < 180)    AS pprev,
       coalesce(sum(value) FILTER (WHERE age < 365), 0)                     AS r365
FROM seen
GROUP BY point, at_day, customer
HAVING count(*) FILTER (WHERE NOT is_return) > 0;

CREATE TEMP TABLE pdays AS
SELECT DISTINCT point, customer, day FROM seen WHERE NOT is_return;

CREATE TEMP TABLE gaps AS
SELECT point, customer,
       day - lag(day) OVER (PARTITION BY point, customer ORDER BY day) AS gap,
       row_number() OVER (PARTITION BY point, customer ORDER BY day)   AS k
FROM pdays;

CREATE TEMP TABLE own AS
SELECT point, customer, median(gap) AS typical FROM gaps WHERE gap IS NOT NULL GROUP BY point, customer;

CREATE TEMP TABLE storegap AS
SELECT point, median(gap) AS gap FROM gaps WHERE k = 2 GROUP BY point;

CREATE TEMP TABLE flags AS
SELECT c.*, c.at_day - c.last_day AS dsl, coalesce(own.typical, s.gap) AS typical,
       c.purchases >= 3 AND (c.at_day - c.last_day) > 2 * coalesce(own.typical, s.gap) AS overdue,
       (c.at_day - c.last_day) > 90                                                 AS dormant,
       c.p90 > 0 AND c.pprev > 0 AND c.r90 < 0.5 * c.rprev                      AS declining,
       c.purchases = 1 AND (c.at_day - c.last_day) > 30                             AS no_second
FROM cust c
LEFT JOIN own USING (point, customer)
JOIN storegap s USING (point);

CREATE TEMP TABLE leveled AS
SELECT *, CASE WHEN overdue THEN 'critical' WHEN dormant THEN 'high'
               WHEN declining THEN 'medium' WHEN no_second THEN 'watch' ELSE 'none' END AS level
FROM flags;

CREATE TEMP TABLE outcome AS
SELECT l.*, greatest(l.r365, 0) AS weight,
       NOT EXISTS (SELECT 1 FROM ords o WHERE o.customer = l.customer AND NOT o.is_return AND o.day > l.at_day) AS churned
FROM leveled l WHERE point = 'cut';

CREATE TEMP TABLE rules AS
SELECT * FROM (VALUES (1, 'overdue'), (2, 'dormant'), (3, 'declining'), (4, 'no_second')) AS r(k, rule);

CREATE TEMP TABLE levels AS
SELECT * FROM (VALUES (1, 'critical'), (2, 'high'), (3, 'medium'), (4, 'watch'), (5, 'none')) AS v(k, level);

-- flag(rule) of a row, by name.
CREATE MACRO flag(r, overdue, dormant, declining, no_second) AS
  CASE r WHEN 'overdue' THEN overdue WHEN 'dormant' THEN dormant
         WHEN 'declining' THEN declining ELSE no_second END;

SELECT metric, value FROM (
  SELECT 0 AS g, 0 AS k, 'as_of' AS metric, strftime((SELECT at_day FROM points WHERE point = 'now'), '%Y-%m-%d') AS value
  UNION ALL SELECT 0, 1, 'customers', CAST((SELECT count(*) FROM leveled WHERE point = 'now') AS VARCHAR)
  UNION ALL SELECT 0, 2, 'store_gap_days', CAST((SELECT gap FROM storegap WHERE point = 'now') AS VARCHAR)
  UNION ALL SELECT 0, 3, 'value_total', CAST(CAST((SELECT sum(r365) FROM leveled WHERE point = 'now') AS DECIMAL(18,3)) AS VARCHAR)
  UNION ALL
  SELECT 1, r.k, 'rule_' || r.rule || '_customers',
         CAST((SELECT count(*) FROM leveled l WHERE point = 'now' AND flag(r.rule, overdue, dormant, declining, no_second)) AS VARCHAR)
  FROM rules r
  UNION ALL
  SELECT 2, r.k, 'rule_' || r.rule || '_value',
         CAST(CAST((SELECT coalesce(sum(r365), 0) FROM leveled l WHERE point = 'now' AND flag(r.rule, overdue, dormant, declining, no_second)) AS DECIMAL(18,3)) AS VARCHAR)
  FROM rules r
  UNION ALL SELECT 3, 0, 'any_rule_customers', CAST((SELECT count(*) FROM leveled WHERE point = 'now' AND level <> 'none') AS VARCHAR)
  UNION ALL
  SELECT 4, v.k, 'level_' || v.level || '_customers',
         CAST((SELECT count(*) FROM leveled l WHERE point = 'now' AND l.level = v.level) AS VARCHAR)
  FROM levels v
  UNION ALL SELECT 5, 0, 'cut', strftime((SELECT at_day FROM points WHERE point = 'cut'), '%Y-%m-%d')
  UNION ALL SELECT 5, 1, 'cut_customers', CAST((SELECT count(*) FROM outcome) AS VARCHAR)
  UNION ALL SELECT 5, 2, 'cut_churned', CAST((SELECT count(*) FROM outcome WHERE churned) AS VARCHAR)
  UNION ALL SELECT 5, 3, 'cut_store_gap_days', CAST((SELECT gap FROM storegap WHERE point = 'cut') AS VARCHAR)
  UNION ALL SELECT 5, 4, 'cut_value', CAST(CAST((SELECT sum(weight) FROM outcome) AS DECIMAL(18,3)) AS VARCHAR)
  UNION ALL SELECT 5, 5, 'cut_churned_value', CAST(CAST((SELECT sum(weight) FROM outcome WHERE churned) AS DECIMAL(18,3)) AS VARCHAR)
  UNION ALL
  SELECT 6, r.k, 'cut_rule_' || r.rule || '_flagged',
         CAST((SELECT count(*) FROM outcome WHERE flag(r.rule, overdue, dormant, declining, no_second)) AS VARCHAR)
  FROM rules r
  UNION ALL
  SELECT 7, r.k, 'cut_rule_' || r.rule || '_hits',
         CAST((SELECT count(*) FROM outcome WHERE churned AND flag(r.rule, overdue, dormant, declining, no_second)) AS VARCHAR)
  FROM rules r
  UNION ALL
  SELECT 8, r.k, 'cut_rule_' || r.rule || '_flagged_value',
         CAST(CAST((SELECT coalesce(sum(weight), 0) FROM outcome WHERE flag(r.rule, overdue, dormant, declining, no_second)) AS DECIMAL(18,3)) AS VARCHAR)
  FROM rules r
  UNION ALL
  SELECT 9, r.k, 'cut_rule_' || r.rule || '_hit_value',
         CAST(CAST((SELECT coalesce(sum(weight), 0) FROM outcome WHERE churned AND flag(r.rule, overdue, dormant, declining, no_second)) AS DECIMAL(18,3)) AS VARCHAR)
  FROM rules r
  UNION ALL SELECT 10, 0, 'cut_any_flagged', CAST((SELECT count(*) FROM outcome WHERE level <> 'none') AS VARCHAR)
  UNION ALL SELECT 10, 1, 'cut_any_hits', CAST((SELECT count(*) FROM outcome WHERE level <> 'none' AND churned) AS VARCHAR)
)
ORDER BY g, k;
