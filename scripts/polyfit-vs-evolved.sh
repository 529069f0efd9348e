#!/usr/bin/env bash
# Does the search add something? For each target, the committed searched kernel
# (results/T/best.uf) beside the fitted-polynomial kernel of the same template
# (`ulpforge polyfit T`: each hole r^m P(r^s), the cheapest fit that proves within the
# bound), both proven exhaustively, timed in the same run on the host JIT. Writes
# results/T/polyfit.{uf,json}, results/T/polyfit-speed.txt and
# results/polyfit-vs-evolved.md.
# Usage: scripts/polyfit-vs-evolved.sh [BUILD_DIR] [BOUND] [TARGET...]
#   defaults: build, 1 ULP, the 8 searched targets
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
bound=${2:-1}
shift 2 || shift $#
uf="$build/cli/ulpforge"
[ -x "$uf" ] || { echo "polyfit-vs-evolved: $uf not built" >&2; exit 2; }
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(expf exp2f logf log2f sinf cosf tanhf erff)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
grep -qw avx512f /proc/cpuinfo && cpu+=" (AVX-512)" || cpu+=" (no AVX-512)"
out="$root/results/polyfit-vs-evolved.md"
{
  echo "# Searched kernel vs the fitted polynomial of the same template"
  echo
  echo "\`scripts/polyfit-vs-evolved.sh $(basename "$build") $bound ${targets[*]}\` on $cpu, $(nproc) threads,"
  echo "$(git -C "$root" rev-parse --short HEAD). Fitted: \`ulpforge polyfit T --max-ulp $bound\` (each hole's core"
  echo "r^m P(r^s), m <= 3, s in {1, 2}, with no head, an exact head (r, 1) or a double-float head (c, c r),"
  echo "fitted by the search's own fitter and rounding-aware tuning; the"
  echo "cheapest that proves). Searched: the committed results/T/best.uf. Both bounds are exhaustive proofs."
  echo "Speed: host-JIT cycles per element on 4096 inputs spread over the domain, median of 15 alternating"
  echo "rounds (\`ulpforge eval results/T/best.uf --speed --speed-vs results/T/polyfit.uf\`); the ratio is"
  echo "fitted / searched, above 1 when the searched kernel is faster. Static cost: the search's AVX-512 model."
  echo
  echo "| target | searched: cost, proven ULP | fitted polynomial: shape, cost, proven ULP | searched vs fitted speed |"
  echo "|---|---|---|---|"
} >"$out.new"
for t in "${targets[@]}"; do
  d="$root/results/$t"
  "$uf" polyfit "$t" --max-ulp "$bound" --out "$d" --quiet >"$d/polyfit.out" 2>&1 || true
  eulp=$(sed -n 's/^; proven max ULP: \([0-9.e+-]*\).*/\1/p' "$d/best.uf" | head -n 1)
  # Today's cost model for both (best.uf's own comment has the model of its search).
  ecost=$("$uf" eval "$d/best.uf" --samples 4096 | sed -n 's/.*static cost \([0-9.]*\).*/\1/p')
  if [ -f "$d/polyfit.uf" ] && grep -q '"proven": true' "$d/polyfit.json"; then
    "$uf" eval "$d/best.uf" --speed --rounds 15 --speed-vs "$d/polyfit.uf" >"$d/polyfit-speed.txt"
    ratio=$(sed -n 's/.*PROGRAM is \([0-9.]*\)x as fast.*/\1/p' "$d/polyfit-speed.txt")
    fshape=$(sed -n 's/.*"shapes": "\(.*\)",*$/\1/p' "$d/polyfit.json")
    fcost=$(sed -n 's/^; static cost \([0-9.]*\).*/\1/p' "$d/polyfit.uf")
    fulp=$(sed -n 's/^; proven max ULP: \([0-9.e+-]*\).*/\1/p' "$d/polyfit.uf")
    echo "| $t | $ecost, $eulp | $fshape; $fcost, $fulp | ${ratio}× |" >>"$out.new"
  else
    rm -f "$d/polyfit.uf"
    echo "| $t | $ecost, $eulp | none proven within $bound ULP (results/$t/polyfit.json) | - |" >>"$out.new"
  fi
done
mv "$out.new" "$out"
cat "$out"
