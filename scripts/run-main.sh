#!/usr/bin/env bash
# The main job: build ulpforge, search for an expf kernel from an empty core, prove it
# on every float32 input, and emit its C header. Installs missing Debian packages first.
# Usage: scripts/run-main.sh [TARGET] [SECONDS]   (defaults: expf 300)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-expf}
seconds=${2:-300}
build=$root/build
bash "$root/scripts/setup-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build "$build" -j"$(nproc)" --target ulpforge
out=$root/out/$target
status=0
"$build/cli/ulpforge" search "$target" --max-ulp 1 --time "$seconds" --seed 1 --threads "$(nproc)" --out "$out" || status=$?
if [ "$status" -ne 0 ]; then
  echo "run-main: search found no kernel proven within 1 ULP in ${seconds} s (exit $status);" >&2
  echo "run-main: continue it with: $build/cli/ulpforge search $target --resume $out --time $seconds" >&2
  exit "$status"
fi
"$build/cli/ulpforge" verify "$out/best.uf" --max-ulp 1
"$build/cli/ulpforge" emit "$out/best.uf" --out "$out/ulpforge_$target.h"
echo "verified kernel: $out/best.uf"
echo "C header:        $out/ulpforge_$target.h"
