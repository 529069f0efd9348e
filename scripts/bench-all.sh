#!/usr/bin/env bash
# Re-measures every results/<target>/ that holds a kernel (best.uf) against the
# baselines, then regenerates results/REPORT.md and its plots.
# Usage: scripts/bench-all.sh [BUILD_DIR]
# (`ulpforge report results/` alone regenerates the report from the committed data.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
# Re-configure so that headers added under results/ are compiled into bench_baselines.
cmake -S "$root" -B "$build" > /dev/null
cmake --build "$build" --target ulpforge bench_baselines
for d in "$root"/results/*/; do
  [ -f "$d/best.uf" ] || continue
  "$build/cli/ulpforge" bench "$d" --min-time 0.05 --repetitions 5 || echo "bench-all: skipped $d"
done
"$build/cli/ulpforge" report "$root/results/"
