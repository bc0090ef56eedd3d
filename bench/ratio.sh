#!/usr/bin/env bash
# ratio.sh: the wall time of lifecycle's commands against that of
# `lifecycle summary` on the 10M-order file, the measure of the speed
# targets of rfm (< 1.3x), churn (< 1.5x) and ltv (< 2x).
#
#   bash bench/ratio.sh [ROUNDS]
#
# On a shared machine the speed of the whole machine drifts by 20-30% from
# one minute to the next, more than the differences measured. So the
# commands are run in rounds, each round running summary, then each command
# once (writing its per-customer CSV with -o, as a nightly job would), and
# the table gives for each command its median wall time, the median of its
# per-round ratios to summary, and the ratio of the medians.
#
# Environment: BENCH_DIR (default /tmp/lifecycle-bench; bench/run.sh makes
# the file there), LIFECYCLE (a binary; default: build ./cmd/lifecycle),
# COMMANDS (default "rfm churn ltv").
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
dir=${BENCH_DIR:-/tmp/lifecycle-bench}
csv=$dir/orders10m.csv
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

for ((i = 1; i <= rounds; i++)); do
  line=$(wall "$bin" summary -q --format json "$csv")
  for c in $commands; do
    line="$line $(wall "$bin" "$c" -q "$csv" -o "$tmp/out.$c.csv")"
  done
  echo "$line" | tee -a "$tmp/walls" >&2
done

python3 - "$tmp/walls" summary $commands <<'PY'
import statistics as st, sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
names = sys.argv[2:]
base = [r[0] for r in rows]
print(f"{len(rows)} rounds")
print(f"{'command':8} {'median s':>9} {'ratio (median of rounds)':>25} {'ratio of medians':>17}")
for j, name in enumerate(names):
    col = [r[j] for r in rows]
    if j == 0:
        print(f"{name:8} {st.median(col):9.2f}")
        continue
    per = st.median(c / b for c, b in zip(col, base))
    print(f"{name:8} {st.median(col):9.2f} {per:25.2f} {st.median(col) / st.median(base):17.2f}")
PY
