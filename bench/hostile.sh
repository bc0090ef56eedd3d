#!/usr/bin/env bash
# hostile.sh: peak memory of `lifecycle summary` on inputs made to blow it up.
#
#   bash bench/hostile.sh
#
# Writes, with bench/hostile (see its header), into a temporary directory:
#   wide.csv           10,000 order rows, 60 of them with 4,000,000 empty
#                      fields (240 MB): wide rows in the detection sample;
#   dups.csv.zst       one order row repeated 100,000,000 times (a few hundred
#                      KB of zstd for 4.5 GB of text): whole-row duplicates;
#   zeros.parquet.zst  3 GB of zeros, zstd-compressed (about 100 KB), named
#                      as Parquet: a decompression bomb;
# builds ./cmd/lifecycle, runs `lifecycle summary -q` on each and prints its
# wall time, exit code and peak resident set size (from /usr/bin/time -v,
# else from polling /proc/PID/status for VmHWM). It fails (exit 1) if any
# peak reaches LIMIT_MB; a non-zero exit of lifecycle itself is reported,
# not a failure (the decompression bomb must fail, at once).
#
# Environment:
#   LIMIT_MB   the peak allowed, in MB of 10^6 bytes (default 500)
#   DUP_ROWS   copies of the duplicated row (default 100000000)
#   ZERO_BYTES bytes of zeros (default 3000000000)
#   KEEP=1     keep the temporary directory (its path is printed)
set -euo pipefail

cd "$(dirname "$0")/.."
LIMIT_MB=${LIMIT_MB:-500}
DUP_ROWS=${DUP_ROWS:-100000000}
ZERO_BYTES=${ZERO_BYTES:-3000000000}
dir=$(mktemp -d "${TMPDIR:-/tmp}/lifecycle-hostile.XXXXXX")
if [[ "${KEEP:-}" != 1 ]]; then
	trap 'rm -rf "$dir"' EXIT
else
	echo "files in $dir"
fi

go build -o "$dir/hostile" ./bench/hostile
go build -o "$dir/lifecycle" ./cmd/lifecycle
"$dir/hostile" -kind wide -o "$dir/wide.csv"
"$dir/hostile" -kind dups -rows "$DUP_ROWS" -o "$dir/dups.csv.zst"
"$dir/hostile" -kind zeros -bytes "$ZERO_BYTES" -o "$dir/zeros.parquet.zst"

# measure FILE: runs lifecycle summary on FILE; sets wall, code, peak_kb.
measure() {
	local out="$dir/time.txt" start end
	start=$(date +%s.%N)
	if [[ -x /usr/bin/time ]] && /usr/bin/time -v true >/dev/null 2>&1; then
		code=0
		/usr/bin/time -v -o "$out" "$dir/lifecycle" summary -q "$1" >/dev/null 2>"$dir/stderr.txt" || code=$?
		peak_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out")
		# time -v reports the command's own exit status.
		code=$(awk -F': ' '/Exit status/ {print $2}' "$out")
	else
		"$dir/lifecycle" summary -q "$1" >/dev/null 2>"$dir/stderr.txt" &
		local pid=$! hwm
		peak_kb=0
		while kill -0 "$pid" 2>/dev/null; do
			hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
			[[ -n "$hwm" && "$hwm" -gt "$peak_kb" ]] && peak_kb=$hwm
			sleep 0.05
		done
		code=0
		wait "$pid" || code=$?
	fi
	end=$(date +%s.%N)
	wall=$(echo "$end $start" | awk '{printf "%.2f", $1 - $2}')
}

fail=0
printf '%-18s %12s %8s %6s %10s  %s\n' file "file MB" "wall s" exit "peak MB" note
for f in wide.csv dups.csv.zst zeros.parquet.zst; do
	measure "$dir/$f"
	size=$(stat -c %s "$dir/$f" | awk '{printf "%.2f", $1 / 1e6}')
	peak=$(echo "$peak_kb" | awk '{printf "%.1f", $1 * 1024 / 1e6}')
	note=""
	if awk -v p="$peak" -v l="$LIMIT_MB" 'BEGIN {exit !(p >= l)}'; then
		note="OVER ${LIMIT_MB} MB"
		fail=1
	fi
	[[ "$code" != 0 ]] && note="$note $(head -c 120 "$dir/stderr.txt" | head -1)"
	printf '%-18s %12s %8s %6s %10s  %s\n' "$f" "$size" "$wall" "$code" "$peak" "$note"
done
exit $fail
