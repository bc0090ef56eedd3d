#!/usr/bin/env bash
# reference.sh regenerates every reference output under testdata/reference/
# from its .sql file with DuckDB (bench/duckdb.mjs, @duckdb/node-api pinned in
# bench/package.json). Run from anywhere; needs node and npm (it runs
# `npm ci` once if bench/node_modules is missing) and ../shared/data beside
# the repository (override with SHARED_DATA=/path/to/data).
#
#   uci_summary.sql   -> uci_summary.out.csv     (online-retail-dataset.csv.gz)
#   uci_customers.sql -> uci_customers.csv.gz    (same; gzip -9 -n, kept only
#                                                 if under 150 KB)
#   cdnow_master.sql  -> cdnow_master.out.csv    (CDNOW_master.txt.gz)
#   cdnow_sample.sql  -> cdnow_sample.out.csv    (CDNOW_sample.txt)
#   uci_cohort_month.sql -> uci_cohort_month.out.csv (online-retail-dataset.csv.gz)
#   uci_churn.sql     -> uci_churn.out.csv       (same)
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
ref=$root/testdata/reference
data=${SHARED_DATA:-$root/../shared/data}

if [ ! -d "$bench/node_modules/@duckdb/node-api" ]; then
  (cd "$bench" && npm ci --no-audit --no-fund)
fi

run() { # sql input output
  node "$bench/duckdb.mjs" "$ref/$1" "$2" -o "$3.tmp"
  mv "$3.tmp" "$3"
}

run uci_summary.sql "$data/online-retail-dataset.csv.gz" "$ref/uci_summary.out.csv"
run cdnow_master.sql "$data/CDNOW_master.txt.gz" "$ref/cdnow_master.out.csv"
run cdnow_sample.sql "$data/CDNOW_sample.txt" "$ref/cdnow_sample.out.csv"
run uci_cohort_month.sql "$data/online-retail-dataset.csv.gz" "$ref/uci_cohort_month.out.csv"
run uci_churn.sql "$data/online-retail-dataset.csv.gz" "$ref/uci_churn.out.csv"

tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.gz"' EXIT
node "$bench/duckdb.mjs" "$ref/uci_customers.sql" "$data/online-retail-dataset.csv.gz" -o "$tmp"
gzip -9 -n -c "$tmp" > "$tmp.gz"
size=$(stat -c %s "$tmp.gz")
if [ "$size" -lt $((150 * 1024)) ]; then
  cp "$tmp.gz" "$ref/uci_customers.csv.gz"
  echo "reference.sh: uci_customers.csv.gz $size bytes" >&2
else
  echo "reference.sh: uci_customers.csv.gz would be $size bytes (>= 150 KB): skipped" >&2
fi

# Published figures the outputs must reproduce (a failed check exits non-zero).
check() { # file metric expected
  local got
  got=$(awk -F, -v m="$2" '$1 == m { print $2 }' "$ref/$1")
  if [ "$got" != "$3" ]; then
    echo "reference.sh: $1 $2 = '$got', want '$3'" >&2
    exit 1
  fi
}
check uci_summary.out.csv rows_all 541909
check uci_summary.out.csv check_total_all_rows 9747747.93
check uci_summary.out.csv customers_any 4372
check cdnow_master.out.csv customers 23570
check cdnow_master.out.csv total_value 2500315.63
check cdnow_sample.out.csv customers 2357
check cdnow_sample.out.csv total_value 244091.94
echo "reference.sh: all outputs written to $ref; published figures match" >&2
