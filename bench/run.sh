#!/usr/bin/env bash
# run.sh: peer benchmark of `lifecycle summary` against DuckDB on a
# 10-million-order genorders file.
#
#   bash bench/run.sh
#
# (a) builds shared/tools/genorders and writes
#     $BENCH_DIR/orders10m.csv (-customers 2500000 -start 2017-01-01
#     -end 2025-01-01 -seed 1; about 9.9 M rows, 445 MB), reused if present;
# (b) runs DuckDB's equivalent of lifecycle summary's core aggregation
#       SELECT customer_id, count(*), sum(amount), min(order_date),
#              max(order_date) FROM read_csv('orders10m.csv') GROUP BY customer_id
#     through bench/duckdb.mjs (see its header for the modes; the default mode
#     `summary` materialises the per-customer table by aggregating every one
#     of its columns into one summary row, so nothing is pruned);
# (c) runs `lifecycle summary -q --format json orders10m.csv > /dev/null`
#     if $LIFECYCLE names a binary, or else if ./cmd/lifecycle builds;
#     skipped (with a note) otherwise.
# Every command runs $RUNS times under /usr/bin/time -v, in rounds (each
# round runs every command once, in turn, so that all see the same drift of
# the machine's speed), after one untimed read of the files so that every
# run sees them in the page cache; the table shows the median wall time and
# the median peak RSS (Maximum resident set size) of the runs. MB = 10^6 bytes; MB/s = file size / wall; rows/s = data
# rows / wall; cpu s = median user+sys seconds. Wall time is the whole process (node start-up and DuckDB
# loading included, about 0.1 s).
#
# Environment:
#   BENCH_DIR     cache directory (default /tmp/lifecycle-bench)
#   RUNS          runs per command (default 3)
#   DUCKDB_MODES  duckdb.mjs modes to time (default "summary summary-typed rfm
#                 cohort"; rfm and cohort write their result to a CSV file)
#   COMMANDS      lifecycle commands timed beside summary, each writing its
#                 per-customer or per-cohort result to a CSV file with -o
#                 (default "rfm cohort ltv churn"; those the binary lacks are
#                 skipped)
#   LIFECYCLE     path to a lifecycle binary (default: build ./cmd/lifecycle;
#                 "none" skips lifecycle)
#   SHARED        the shared/ folder (default: ../shared beside the repository)
#   HYPERFINE=1   also time each command with hyperfine (wall time only)
#   SCALE=100m    the 99-million-order file instead (orders100m.csv: genorders
#                 -customers 25000000 -start 2017-01-01 -end 2025-01-01
#                 -seed 2; 4.5 GB, 25 M customers, made once, about 15 min),
#                 with DuckDB's group-by (summary) and lifecycle summary, rfm
#                 and cohort by default, and no Parquet or gzip variants
#   VARIANTS=0    skip the Parquet and gzip copies of the file (made once
#                 with bench/toparquet and gzip, then cached beside it)
#   BEFORE        path to an earlier lifecycle binary: every lifecycle
#                 command is also run with it, in the same rounds, and a
#                 second table gives for each the median over rounds of the
#                 paired ratios after/before (wall, peak RSS, cpu), the
#                 measure of a change's cost on a machine whose speed drifts
set -euo pipefail

bench=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$bench")
shared=${SHARED:-$root/../shared}
dir=${BENCH_DIR:-/tmp/lifecycle-bench}
runs=${RUNS:-3}
scale=${SCALE:-10m}
case $scale in
10m)
  modes=${DUCKDB_MODES:-summary summary-typed rfm cohort}
  commands=${COMMANDS:-rfm cohort ltv churn}
  gen=(-customers 2500000 -start 2017-01-01 -end 2025-01-01 -seed 1)
  ;;
100m)
  modes=${DUCKDB_MODES:-summary}
  commands=${COMMANDS:-rfm cohort}
  gen=(-customers 25000000 -start 2017-01-01 -end 2025-01-01 -seed 2)
  VARIANTS=${VARIANTS:-0}
  ;;
*)
  echo "run.sh: SCALE is 10m or 100m, not $scale" >&2
  exit 2
  ;;
esac
csv=$dir/orders$scale.csv

say() { echo "run.sh: $*" >&2; }

if [ ! -x /usr/bin/time ] || { [ "${HYPERFINE:-0}" = 1 ] && ! command -v hyperfine >/dev/null; }; then
  say "installing time and hyperfine"
  apt-get update -qq && apt-get install -y -qq time hyperfine >/dev/null
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$dir"

# (a) the input file.
if [ ! -s "$csv" ]; then
  say "building genorders"
  go build -C "$shared/tools/genorders" -o "$tmp/genorders" .
  say "generating $csv"
  "$tmp/genorders" "${gen[@]}" -out "$csv.tmp"
  mv "$csv.tmp" "$csv"
  rm -f "$dir/orders$scale.rows"
else
  say "reusing $csv"
fi
if [ ! -s "$dir/orders$scale.rows" ]; then
  echo $(($(wc -l <"$csv") - 1)) >"$dir/orders$scale.rows"
fi
rows=$(cat "$dir/orders$scale.rows")
bytes=$(stat -c %s "$csv")
say "input: $bytes bytes, $rows rows"

if [ ! -d "$bench/node_modules/@duckdb/node-api" ]; then
  (cd "$bench" && npm ci --no-audit --no-fund)
fi

results=$tmp/results.tsv
load0=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$results"

# The tools are timed in rounds: each round runs every tool once, in turn,
# so that all see the same drift of a shared machine's speed (20-30% from
# one minute to the next here), where timing one tool's runs together
# gave each the speed of its own minute.
names=()
cmds=()
# add NAME CMD...: times CMD (stdout to /dev/null) under NAME.
add() {
  names+=("$1")
  shift
  cmds+=("$(printf '%q ' "$@")")
}
# (b) DuckDB.
node "$bench/duckdb.mjs" summary "$csv" >"$tmp/duckdb-summary.csv" 2>/dev/null
say "duckdb summary row: $(tail -n 1 "$tmp/duckdb-summary.csv")"
for mode in $modes; do
  add "duckdb $mode" env DUCKDB_OUT="$tmp/duckdb-$mode.csv" node "$bench/duckdb.mjs" "$mode" "$csv"
done

# (c) lifecycle.
lifecycle=${LIFECYCLE:-}
if [ "$lifecycle" = none ]; then
  say "lifecycle: skipped (LIFECYCLE=none)"
  lifecycle=
elif [ -z "$lifecycle" ]; then
  if compgen -G "$root/cmd/lifecycle/*.go" >/dev/null &&
    (cd "$root" && go build -o "$tmp/lifecycle" ./cmd/lifecycle) 2>"$tmp/build.log"; then
    lifecycle=$tmp/lifecycle
  else
    say "lifecycle: skipped (no \$LIFECYCLE, and ./cmd/lifecycle is missing or does not build)"
    [ -s "$tmp/build.log" ] && head -n 20 "$tmp/build.log" >&2
  fi
fi
if [ -n "$lifecycle" ]; then
  if [ ! -x "$lifecycle" ]; then
    say "lifecycle: $lifecycle is not an executable file"
    exit 1
  fi
  "$lifecycle" summary -q --format json "$csv" >"$tmp/lifecycle-summary.json"
  say "lifecycle summary: $(head -c 600 "$tmp/lifecycle-summary.json")"
  before=${BEFORE:-}
  if [ -n "$before" ] && [ ! -x "$before" ]; then
    say "BEFORE: $before is not an executable file"
    exit 1
  fi
  add "lifecycle summary" "$lifecycle" summary -q --format json "$csv"
  [ -n "$before" ] && add "before summary" "$before" summary -q --format json "$csv"
  for c in $commands; do
    if "$lifecycle" help "$c" >/dev/null 2>&1 && "$lifecycle" "$c" --help 2>/dev/null | grep -q "^Usage:"; then
      add "lifecycle $c" "$lifecycle" "$c" -q -o "$tmp/lifecycle-$c.csv" "$csv"
      [ -n "$before" ] && add "before $c" "$before" "$c" -q -o "$tmp/before-$c.csv" "$csv"
    else
      say "lifecycle $c: skipped (not in this binary)"
    fi
  done
  # The same orders as Parquet (Snappy) and as gzip, made once and cached.
  if [ "${VARIANTS:-1}" = 1 ]; then
    if [ ! -s "$dir/orders$scale.parquet" ]; then
      say "writing $dir/orders$scale.parquet"
      (cd "$root" && go run ./bench/toparquet "$csv" "$dir/orders$scale.parquet")
    fi
    if [ ! -s "$dir/orders$scale.csv.gz" ]; then
      say "writing $dir/orders$scale.csv.gz"
      gzip -c "$csv" >"$dir/orders$scale.csv.gz.tmp" && mv "$dir/orders$scale.csv.gz.tmp" "$dir/orders$scale.csv.gz"
    fi
    add "lifecycle parquet" "$lifecycle" summary -q --format json "$dir/orders$scale.parquet"
    [ -n "$before" ] && add "before parquet" "$before" summary -q --format json "$dir/orders$scale.parquet"
    add "lifecycle csv.gz" "$lifecycle" summary -q --format json "$dir/orders$scale.csv.gz"
    add "zcat csv.gz" zcat "$dir/orders$scale.csv.gz"
  fi
fi

# The rounds, after one read of every input so that all are in the page
# cache.
if [ "$scale" = 10m ]; then cat "$dir"/orders10m.* >/dev/null; else cat "$csv" >/dev/null; fi
for ((i = 1; i <= runs; i++)); do
  for k in "${!names[@]}"; do
    log=$tmp/time.$k.$i.log
    if ! eval "/usr/bin/time -v -o \"\$log\" ${cmds[k]}" >/dev/null 2>"$tmp/stderr.$k.$i"; then
      say "${names[k]}: run $i failed:"
      cat "$tmp/stderr.$k.$i" "$log" >&2
      exit 1
    fi
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
      n = split($2, p, ":"); s = 0; for (j = 1; j <= n; j++) s = s * 60 + p[j]; print s }' "$log")
    rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
    cpu=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { print s }' "$log")
    say "${names[k]} run $i: wall ${wall}s, cpu ${cpu}s, peak RSS $((rss / 1024)) MiB $(tr '\n' ' ' <"$tmp/stderr.$k.$i")"
    printf '%s %s %s\n' "$wall" "$rss" "$cpu" >>"$tmp/runs.$k"
  done
done
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for k in "${!names[@]}"; do
  printf '%s\t%s\t%s\t%s\n' "${names[k]}" "$(cut -d' ' -f1 "$tmp/runs.$k" | median)" \
    "$(cut -d' ' -f2 "$tmp/runs.$k" | median)" "$(cut -d' ' -f3 "$tmp/runs.$k" | median)" >>"$results"
  if [ "${HYPERFINE:-0}" = 1 ]; then
    eval "hyperfine --runs $runs --warmup 1 --output=null $(printf '%q' "${cmds[k]}")" >&2
  fi
done

# The table.
{
  echo "input: $csv ($bytes bytes, $rows rows); $runs rounds of every tool in turn, medians; $(nproc) cores"
  echo "load average before: $load0; after: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews wall time)"
  printf '%-24s %8s %12s %8s %12s %8s %9s\n' tool "wall s" "peak RSS MB" "MB/s" "rows/s" "cpu s" "B/order"
  awk -F'\t' -v bytes="$bytes" -v rows="$rows" '{
    printf "%-24s %8.2f %12.0f %8.0f %12.0f %8.2f %9.1f\n", $1, $2, $3 * 1024 / 1e6, bytes / 1e6 / $2, rows / $2, $4, $3 * 1024 / rows }' "$results"
}

# Paired ratios of each command to the same command of $BEFORE, round by
# round (the two ran a few seconds apart, at the same speed of the machine).
if [ -n "${before:-}" ]; then
  for k in "${!names[@]}"; do printf '%s\t%s\n' "${names[k]}" "$tmp/runs.$k"; done >"$tmp/index"
  python3 - "$tmp/index" <<'PY'
import statistics as st, sys
runs = {}
for line in open(sys.argv[1]):
    name, path = line.rstrip("\n").split("\t")
    runs[name] = [list(map(float, l.split())) for l in open(path)]
print()
print(f"paired ratios after/before, median over {len(next(iter(runs.values())))} rounds (1.00 = no change)")
print(f"{'command':24} {'wall':>6} {'peak RSS':>9} {'cpu':>6}  {'rounds faster':>13}")
for name, after in runs.items():
    if not name.startswith("lifecycle "):
        continue
    b = runs.get("before " + name.split(" ", 1)[1])
    if b is None:
        continue
    r = [[x / y for x, y in zip(ra, rb)] for ra, rb in zip(after, b)]
    faster = sum(1 for x in r if x[0] < 1)
    print(f"{name:24} {st.median(x[0] for x in r):6.3f} {st.median(x[1] for x in r):9.3f} {st.median(x[2] for x in r):6.3f}  {faster:>6}/{len(r)}")
PY
fi
