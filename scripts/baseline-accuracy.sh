#!/usr/bin/env bash
# Exhaustive accuracy of the baseline libraries on the benchmark domains, written to
# results/baselines/*.json (existing results are kept; delete a file to redo it).
# Each (function, domain, library, ISA) checks ~2^31 inputs: 1-3 minutes on 2 cores.
# Usage: scripts/baseline-accuracy.sh [BUILD_DIR] [all]
#   default: the baselines that decide the <= 1 ULP comparisons first (SLEEF u10,
#   xsimd, glibc scalar), then the rest when `all` is given.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
bin=$build/bench/baselines/baseline_accuracy
[ -x "$bin" ] || cmake --build "$build" --target baseline_accuracy
out=$root/results/baselines
funcs="expf exp2f exp10f expm1f logf log2f log10f log1pf sinf cosf tanhf sinhf coshf erff
       erfcf atanf asinf acosf atanhf asinhf acoshf cbrtf tanf sincosf"
run() { "$bin" --out "$out" "$@"; }
for isa in avx512 avx2; do
  for f in $funcs; do run --func "$f" --library sleef-u10 --isa "$isa"; done
  run --func erfcf --library sleef-u15 --isa "$isa"  # SLEEF's only erfc
done
for isa in avx512 avx2; do
  for f in $funcs; do run --func "$f" --library xsimd --isa "$isa"; done
done
for f in $funcs; do run --func "$f" --library glibc; done
if [ "${2:-}" = "all" ]; then
  run
fi
