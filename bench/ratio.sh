#!/usr/bin/env bash
# ratio.sh: the wall time of lifecycle's commands against that of
# `lifecycle summary` on the 10M-order file, the measure of the speed
# targets of rfm (< 1.3x), churn (< 1.5x), ltv (< 2x) and report (< 3x:
# one read, every analysis).
#
#   bash bench/ratio.sh [ROUNDS]
#   COMMANDS=report bash bench/ratio.sh 3
#
# On a shared machine the speed of the whole machine drifts by 20-30% from
# one minute to the next, more than the differences measured. So the
# commands are run in rounds, each round running summary, then each command
# once (writing its per-customer CSV with -o, as a nightly job would; report
# writes its HTML page), and
# the table gives for each command its median wall time, the median of its
# per-round ratios to summary, and the ratio of the medians.
#
# Environment: BENCH_DIR (default /tmp/lifecycle-bench; bench/run.sh makes
# the file there), BENCH_FILE (another file in place of orders10m.csv, e.g.
# a 1M-order one for a quick look), LIFECYCLE (a binary; default: build ./cmd/lifecycle),
# COMMANDS (default "rfm churn ltv"), BEFORE (an earlier binary: its
# summary and commands run in the same rounds, and the tables are given for
# both, with the paired ratios after/before of each command's wall time).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${BENCH_DIR:-/tmp/lifecycle-bench}
csv=${BENCH_FILE:-$dir/orders10m.csv}
rounds=${1:-11}
commands=${COMMANDS:-rfm churn ltv}
if [ ! -s "$csv" ]; then
  echo "ratio.sh: no $csv: run bench/run.sh first, which makes it" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${LIFECYCLE:-}
if [ -z "$bin" ]; then
  (cd "$root" && go build -o "$tmp/lifecycle" ./cmd/lifecycle)
  bin=$tmp/lifecycle
fi
cat "$csv" >/dev/null # warm the page cache

# wall CMD...: the wall seconds of CMD, its output discarded.
wall() {
  /usr/bin/time -f %e -o "$tmp/t" "$@" >/dev/null 2>&1
  cat "$tmp/t"
}

before=${BEFORE:-}
for ((i = 1; i <= rounds; i++)); do
  for b in "$bin" $before; do
    line=$(wall "$b" summary -q --format json "$csv")
    for c in $commands; do
      out=$tmp/out.$c.csv
      if [ "$c" = report ]; then out=$tmp/out.html; fi
      line="$line $(wall "$b" "$c" -q "$csv" -o "$out")"
    done
    if [ "$b" = "$bin" ]; then out=walls; else out=walls.before; fi
    echo "$line" | tee -a "$tmp/$out" >&2
  done
done

python3 - "$tmp" summary $commands <<'PY'
import os, statistics as st, sys
def table(path, title):
    rows = [list(map(float, l.split())) for l in open(path)]
    base = [r[0] for r in rows]
    print(f"{title}: {len(rows)} rounds")
    print(f"{'command':8} {'median s':>9} {'ratio (median of rounds)':>25} {'ratio of medians':>17}")
    for j, name in enumerate(names):
        col = [r[j] for r in rows]
        if j == 0:
            print(f"{name:8} {st.median(col):9.2f}")
            continue
        per = st.median(c / b for c, b in zip(col, base))
        print(f"{name:8} {st.median(col):9.2f} {per:25.2f} {st.median(col) / st.median(base):17.2f}")
    return rows
names = sys.argv[2:]
after = table(os.path.join(sys.argv[1], "walls"), "this binary")
b = os.path.join(sys.argv[1], "walls.before")
if os.path.exists(b):
    before = table(b, "BEFORE")
    print("paired ratios after/before of wall time, median over rounds")
    for j, name in enumerate(names):
        print(f"{name:8} {st.median(x[j] / y[j] for x, y in zip(after, before)):6.3f}")
PY
