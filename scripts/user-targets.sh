#!/usr/bin/env bash
# User targets (examples/targets/*.toml): searches each expression from its starting
# kernel (the composition of targets/compose.h, or a catalog template whose range
# reduction fits, engine/transplant.h) with a 4 ULP bound, proves the starting kernel
# exhaustively, times the evolved kernel against it in the same run, and writes
# results/user-targets/summary.md.
# Usage: scripts/user-targets.sh [BUILD_DIR] [TIME_S] [SEED] [NAME...]
#   defaults: build, 240 s, seed 1, every file in examples/targets/
#   ULPFORGE_KEEP_RUNS=1 keeps a run whose results/user-targets/NAME/front.json exists
#   (the composed proof, the timing and the summary are redone).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
time_s=${2:-240}
seed=${3:-1}
shift 3 || shift $#
uf="$build/cli/ulpforge"
[ -x "$uf" ] || { echo "user-targets: $uf not built" >&2; exit 2; }
command -v jq >/dev/null || { echo "user-targets: needs jq (apt-get install jq)" >&2; exit 2; }
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for f in "$root"/examples/targets/*.toml; do names+=("$(basename "$f" .toml)"); done
fi
out="$root/results/user-targets"
mkdir -p "$out"
for n in "${names[@]}"; do
  tf="$root/examples/targets/$n.toml"
  d="$out/$n"
  if [ "${ULPFORGE_KEEP_RUNS:-0}" != 1 ] || [ ! -f "$d/front.json" ]; then
    rm -rf "$d"
    mkdir -p "$d"
    start=$(date +%s.%N)
    "$uf" search --target-file "$tf" --max-ulp 4 --time "$time_s" --seed "$seed" --threads 0 --out "$d" \
      >"$d/run.out" 2>&1 || true  # exit 1: nothing proven (the summary says so)
    end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "wall %.1f s\n", b - a }' >>"$d/run.out"
    rm -f "$d/checkpoint.json"  # 2-3 MB of search state; front.json and best.uf are the results
  fi
  "$uf" targets --target-file "$tf" --baseline "$n" >"$d/composed.uf"
  "$uf" verify "$d/composed.uf" --target-file "$tf" --quiet --json "$d/composed-verify.json" >/dev/null || true
  if [ -f "$d/best.uf" ]; then
    "$uf" eval "$d/best.uf" --target-file "$tf" --speed --rounds 15 --speed-vs "$d/composed.uf" >"$d/speed.txt"
  fi
done
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
grep -qw avx512f /proc/cpuinfo && cpu+=" (AVX-512)" || cpu+=" (no AVX-512)"
{
  echo "# User targets: expressions made into kernels, then searched"
  echo
  echo "\`scripts/user-targets.sh $(basename "$build") $time_s $seed\`: per file of examples/targets/,"
  echo "\`ulpforge search --target-file F --max-ulp 4 --time $time_s --seed $seed --threads 0\`, which starts from"
  echo "the composed kernel or a catalog template whose range reduction fits, whichever starts better"
  echo "(\`ulpforge targets --target-file F\` lists both; \`--baseline NAME\` prints the start, proven here too)."
  echo "On $cpu, $(nproc) threads, $(git -C "$root" rev-parse --short HEAD). Every bound is an exhaustive"
  echo "proof over every float32 of the domain. Speed: host-JIT cycles per element on 4096 inputs"
  echo "spread over the domain, median of 15 alternating rounds (\`ulpforge eval --speed --speed-vs\`);"
  echo "the ratio is start / evolved (above 1: the evolved kernel is faster)."
  echo
  echo "| target | expression | domain | start | start: cost, proven ULP | evolved: cost, proven ULP | first proof (s) | whole run (s) | evolved vs start speed |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for n in "${names[@]}"; do
    tf="$root/examples/targets/$n.toml"
    d="$out/$n"
    expr=$(sed -n 's/^reference *= *"\(.*\)".*/\1/p' "$tf")
    dom=$(sed -n 's/^domain *= *\(.*\)/\1/p' "$tf")
    parts=$("$uf" targets --target-file "$tf" | sed -n -e 's/.*(composed of \(.*\))$/composed of \1/p' \
      -e 's/.*(template \([a-z0-9]*\): its range reduction fits)$/template \1 (its reduction fits)/p')
    ccost=$("$uf" eval "$d/composed.uf" --target-file "$tf" --samples 4096 | sed -n 's/.*static cost \([0-9.]*\).*/\1/p')
    culp=$(jq -r '.max_ulp' "$d/composed-verify.json")
    if [ -f "$d/best.uf" ]; then
      # Both costs from the same model (front.json keeps the one of the run's build).
      ecost=$("$uf" eval "$d/best.uf" --target-file "$tf" --samples 4096 | sed -n 's/.*static cost \([0-9.]*\).*/\1/p')
      eulp=$(jq -r '.best_proven_max_ulp' "$d/front.json")
      first=$(sed -n 's/.*first proof at \([0-9.]*\) s.*/\1/p' "$d/run.out")
      ratio=$(sed -n 's/.*PROGRAM is \([0-9.]*\)x as fast.*/\1/p' "$d/speed.txt")
      printf '| %s | `%s` | %s | %s | %s, %.4g | %s, %.4g | %s | %s | %s× |\n' "$n" "$expr" "$dom" "$parts" \
        "$ccost" "$culp" "$ecost" "$eulp" "$first" "$(sed -n 's/^wall \([0-9]*\).*/\1/p' "$d/run.out")" "$ratio"
    else
      printf '| %s | `%s` | %s | %s | %s, %.4g | nothing proven | - | %s | - |\n' "$n" "$expr" "$dom" "$parts" \
        "$ccost" "$culp" "$(sed -n 's/^wall \([0-9]*\).*/\1/p' "$d/run.out")"
    fi
  done
} >"$out/summary.new"
mv "$out/summary.new" "$out/summary.md"
cat "$out/summary.md"
