#!/usr/bin/env bash
# Searches each target from an empty core (no --seed-baseline) for several seeds and
# writes results/empty-core/summary-<TIME>s.md: per run the time to the first proof within
# 1 ULP, the proven bound and cost at the end, and per target the median time to the
# first proof (a run that proves nothing counts as not reached: the median is then
# "> TIME" when half or more of the runs failed). The runs' logs stay in
# results/empty-core/<target>-s<seed>-<TIME>s.jsonl.
# Usage: scripts/empty-core.sh [BUILD_DIR] [TIME_S] [SEEDS] [TARGET...]
#   defaults: build, 60 s, "1 2 3", the 8 searched targets
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
time_s=${2:-60}
seeds=${3:-"1 2 3"}
shift 3 || shift $#
uf="$build/cli/ulpforge"
[ -x "$uf" ] || { echo "empty-core: $uf not built" >&2; exit 2; }
command -v jq >/dev/null || { echo "empty-core: needs jq (apt-get install jq)" >&2; exit 2; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(expf exp2f logf log2f sinf cosf tanhf erff)
out="$root/results/empty-core"
mkdir -p "$out"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
grep -qw avx512f /proc/cpuinfo && cpu+=" (AVX-512)" || cpu+=" (no AVX-512)"
{
  echo "# Searches from an empty core"
  echo
  echo "\`scripts/empty-core.sh $(basename "$build") $time_s \"$seeds\" ${targets[*]}\`: \`ulpforge search T --time $time_s --seed S --threads 0 --final-proofs 0\`"
  echo "(no \`--seed-baseline\`), on $cpu, $(nproc) threads, $(git -C "$root" rev-parse --short HEAD)."
  echo "First proof: seconds from the start to the first kernel proven within 1 ULP over the"
  echo "target's whole domain (exhaustive check)."
  echo
  echo "| target | seed | first proof (s) | proven max ULP | cost | generations |"
  echo "|---|---|---|---|---|---|"
} > "$out/summary.new"
declare -A firsts
for t in "${targets[@]}"; do
  for s in $seeds; do
    log="$out/$t-s$s-${time_s}s.jsonl"
    rm -f "$log"
    "$uf" search "$t" --time "$time_s" --seed "$s" --threads 0 --final-proofs 0 --quiet --out "$scratch/$t-$s" --log-json "$log" \
      >/dev/null || true  # exit 1: nothing proven (recorded below)
    done_line=$(grep '"event":"done"' "$log" | tail -n 1)
    first=$(jq -r 'if .best_cost == null then "none" else .first_proven_seconds end' <<<"$done_line")
    gens=$(jq -r '.generations' <<<"$done_line")
    if [ "$first" = none ]; then
      echo "| $t | $s | not reached in $time_s s | - | - | $gens |" >> "$out/summary.new"
      firsts[$t]+="inf "
    else
      ulp=$(jq -r '.best_proven_max_ulp' "$scratch/$t-$s/front.json")
      cost=$(jq -r '.best_cost' <<<"$done_line")
      printf '| %s | %s | %.1f | %.6g | %s | %s |\n' "$t" "$s" "$first" "$ulp" "$cost" "$gens" >> "$out/summary.new"
      firsts[$t]+="$first "
    fi
  done
done
{
  echo
  echo "| target | median first proof (s) | runs proven |"
  echo "|---|---|---|"
  for t in "${targets[@]}"; do
    read -r -a v <<<"${firsts[$t]}"
    n=${#v[@]}
    proven=0
    for x in "${v[@]}"; do [ "$x" != inf ] && proven=$((proven + 1)); done
    med=$(printf '%s\n' "${v[@]}" | sed 's/^inf$/1e300/' | sort -g | sed -n "$((n / 2 + 1))p")  # upper median: > TIME when half failed
    if [ "$med" = 1e300 ]; then med="> $time_s"; else med=$(printf '%.1f' "$med"); fi
    echo "| $t | $med | $proven of $n |"
  done
} >> "$out/summary.new"
mv "$out/summary.new" "$out/summary-${time_s}s.md"
cat "$out/summary-${time_s}s.md"
