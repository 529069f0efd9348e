#!/usr/bin/env bash
# The main job: build ulpforge, search for a kernel from an empty core (expf by default)
# and end with its proven C header. The search proves its best kernel on every float32
# input of the domain and writes the header with that proof's bound (UF_<T>_MAX_ULP), so
# nothing is proven twice. Installs missing Debian packages first.
# Usage: scripts/run-main.sh [TARGET] [SECONDS]   (defaults: expf 120)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-expf}
seconds=${2:-120}
build=$root/build
bash "$root/scripts/setup-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" -j"$(nproc)" --target ulpforge
out=$root/out/$target
uf=$build/cli/ulpforge
status=0
"$uf" search "$target" --max-ulp 1 --time "$seconds" --seed 1 --threads "$(nproc)" --out "$out" || status=$?
longer="$uf search $target --resume $out --time $((seconds * 5)) --threads $(nproc)"
if [ "$status" -ne 0 ]; then
  echo "run-main: no kernel proven within 1 ULP in ${seconds} s (exit $status)" >&2
  echo "run-main: search longer (continues this run): $longer" >&2
  exit "$status"
fi
header=$out/ulpforge_$target.h
macro=$(grep -m1 -E '^#define UF_[A-Z0-9_]+_MAX_ULP ' "$header" || true)
if [ -z "$macro" ]; then
  echo "run-main: $header carries no proven bound (UF_*_MAX_ULP)" >&2
  exit 1
fi
echo
echo "proven kernel: $out/best.uf"
echo "C header:      $header"
echo "               ${macro#\#define }"
echo "search longer (cheaper kernels may appear): $longer"
