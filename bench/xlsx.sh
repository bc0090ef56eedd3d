#!/usr/bin/env bash
# xlsx.sh: the cost of reading an Excel workbook against the same orders in
# CSV: `lifecycle summary` on a Shopify-like export of order lines, as CSV
# and as .xlsx, its peak memory and wall time.
#
#   bash bench/xlsx.sh
#
# (a) builds shared/tools/genorders and writes $BENCH_DIR/lines1m.csv
#     (-lines -customers $CUSTOMERS -seed 1: one row per line item, about
#     5.5 rows per customer, a million rows by default: order_id,
#     customer_id, order_date in UTC, sku, quantity, unit_price), reused if
#     present;
# (b) converts it with bench/toxlsx to lines1m.xlsx (one sheet; number
#     cells, date cells, text cells as inline strings, as excelize writes)
#     and lines1m-sst.xlsx (text in a shared string table, as Excel
#     writes), reused if newer than the CSV;
# (c) runs `lifecycle summary -q --format json FILE > /dev/null` on each
#     $RUNS times, in turn, under /usr/bin/time -v, and prints the median
#     wall time and the median peak RSS (Maximum resident set size) of each,
#     and the ratios to the CSV's.
#
# It fails (exit 1) when a workbook's median peak RSS is not below
# $MAX_RATIO (default 2) times the CSV's, or when a workbook's summary
# differs from the CSV's (but for the name of the file).
#
# Environment:
#   BENCH_DIR  cache directory (default /tmp/lifecycle-bench)
#   CUSTOMERS  genorders -customers (default 181500: about 1,000,000 rows)
#   RUNS       runs per file (default 3)
#   MAX_RATIO  the largest peak-RSS ratio xlsx/csv that passes (default 2)
#   LIFECYCLE  a lifecycle binary (default: build ./cmd/lifecycle)
#   SHARED     the shared/ folder (default: ../shared beside the repository)
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
shared=${SHARED:-$root/../shared}
dir=${BENCH_DIR:-/tmp/lifecycle-bench}
customers=${CUSTOMERS:-181500}
runs=${RUNS:-3}
max_ratio=${MAX_RATIO:-2}
base=$dir/lines1m
if [ "$customers" != 181500 ]; then
  base=$dir/lines-$customers
fi
csv=$base.csv
xlsx=$base.xlsx
sst=$base-sst.xlsx

say() { echo "xlsx.sh: $*" >&2; }

if [ ! -x /usr/bin/time ]; then
  say "installing time"
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dir"

if [ ! -s "$csv" ]; then
  say "building genorders"
  go build -C "$shared/tools/genorders" -o "$tmp/genorders" .
  say "generating $csv"
  "$tmp/genorders" -lines -customers "$customers" -seed 1 -out "$csv.tmp"
  mv "$csv.tmp" "$csv"
fi
(cd "$root" && go build -o "$tmp/toxlsx" ./bench/toxlsx)
if [ ! -s "$xlsx" ] || [ "$csv" -nt "$xlsx" ]; then
  say "converting to $xlsx"
  "$tmp/toxlsx" "$csv" "$xlsx.tmp"
  mv "$xlsx.tmp" "$xlsx"
fi
if [ ! -s "$sst" ] || [ "$csv" -nt "$sst" ]; then
  say "converting to $sst"
  "$tmp/toxlsx" -shared "$csv" "$sst.tmp"
  mv "$sst.tmp" "$sst"
fi
lifecycle=${LIFECYCLE:-}
if [ -z "$lifecycle" ]; then
  say "building lifecycle"
  (cd "$root" && go build -o "$tmp/lifecycle" ./cmd/lifecycle)
  lifecycle=$tmp/lifecycle
fi

# One untimed read of each, so that both are in the page cache.
cat "$csv" "$xlsx" "$sst" >/dev/null

# run FILE N: times one run, appends "wall_s rss_kb" to $tmp/FILE.times and
# keeps the summary in $tmp/FILE.json.
run() {
  local f=$1 name
  name=$(basename "$f")
  /usr/bin/time -v -o "$tmp/time.txt" "$lifecycle" summary -q --format json "$f" >"$tmp/$name.json"
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s }
    /Maximum resident set size/ { rss = $2 }
    END { print wall, rss }' "$tmp/time.txt" >>"$tmp/$name.times"
}
for i in $(seq "$runs"); do
  say "round $i of $runs"
  run "$csv"
  run "$xlsx"
  run "$sst"
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
rows=$(($(wc -l <"$csv") - 1))
status=0
csvname=$(basename "$csv")
csv_wall=$(cut -d' ' -f1 "$tmp/$csvname.times" | median)
csv_rss=$(cut -d' ' -f2 "$tmp/$csvname.times" | median)
printf '%-18s %8s %8s %8s %8s %9s %8s\n' file MB rows wall_s x_csv peak_MB x_csv
for f in "$csv" "$xlsx" "$sst"; do
  name=$(basename "$f")
  wall=$(cut -d' ' -f1 "$tmp/$name.times" | median)
  rss=$(cut -d' ' -f2 "$tmp/$name.times" | median)
  rw=$(awk -v a="$wall" -v b="$csv_wall" 'BEGIN { printf "%.2f", a / b }')
  rr=$(awk -v a="$rss" -v b="$csv_rss" 'BEGIN { printf "%.2f", a / b }')
  printf '%-18s %8.1f %8d %8.2f %8s %9.1f %8s\n' "$name" "$(stat -c %s "$f" | awk '{ print $1 / 1e6 }')" "$rows" "$wall" "$rw" \
    "$(echo "$rss" | awk '{ print $1 * 1024 / 1e6 }')" "$rr"
  [ "$f" = "$csv" ] && continue
  if ! diff <(grep -v '"files"' "$tmp/$csvname.json") <(grep -v '"files"' "$tmp/$name.json") >/dev/null; then
    say "FAIL: the summaries of $csvname and $name differ"
    status=1
  fi
  if ! awk -v r="$rr" -v m="$max_ratio" 'BEGIN { exit !(r < m) }'; then
    say "FAIL: the peak RSS of $name is not below $max_ratio x the CSV's"
    status=1
  fi
done
exit $status
