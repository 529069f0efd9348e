#!/usr/bin/env bash
# How well the search's static cost ranks kernels by speed, per target: `ulpforge
# costmodel` over KERNELS distinct kernels of each of the 8 searched targets' templates,
# timed with the host JIT and predicted by llvm-mca for znver3, znver4, skylake-avx512,
# neoverse-n1 and the host CPU's model. Writes results/cost-model/<target>.{txt,json}
# and results/cost-model/summary.md.
# Usage: scripts/cost-model.sh [BUILD_DIR] [KERNELS] [SEED] [TARGET...]
#   defaults: build, 300, seed 1, the 8 searched targets
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
kernels=${2:-300}
seed=${3:-1}
shift 3 || shift $#
uf="$build/cli/ulpforge"
[ -x "$uf" ] || { echo "cost-model: $uf not built" >&2; exit 2; }
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(expf exp2f logf log2f sinf cosf tanhf erff)
out="$root/results/cost-model"
mkdir -p "$out"
for n in "${names[@]}"; do
  echo "cost-model: $n" >&2
  "$uf" costmodel "$n" --kernels "$kernels" --seed "$seed" --json "$out/$n.json" --quiet >"$out/$n.txt"
done

# rho of a row of TARGET.txt whose label starts with $2 ("host JIT", "llvm-mca znver3 ", ...).
rho() { grep -F "  $2" "$out/$1.txt" | head -1 | sed -E 's/.* rho +([-0-9.na]+) .*/\1/'; }
{
  echo "# Cost model against measured and modelled speed"
  echo
  echo "Spearman rank correlation of \`ir::static_cost\` (the search's cost) with host-JIT cycles per"
  echo "element and with llvm-mca's cycles per element on LLVM's scheduling models, over distinct kernels"
  echo "of each target's template drawn around its baseline (\`engine/cost_study.h\`). Host: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'),"
  echo "LLVM CPU \`$(jq -r .host_cpu "$out/${names[0]}.json" 2>/dev/null || echo '?')\`."
  echo
  echo "Command: \`scripts/cost-model.sh build $kernels $seed\` ($(date -u +%Y-%m-%d))."
  echo
  echo "| target | kernels | host JIT | znver3 (AVX2) | znver4 (AVX-512) | skylake-avx512 | neoverse-n1 (NEON) | host model vs JIT |"
  echo "|---|---|---|---|---|---|---|---|"
  for n in "${names[@]}"; do
    k=$(sed -nE 's/^[a-z0-9_]+: ([0-9]+) distinct kernels.*/\1/p' "$out/$n.txt")
    host=$(grep -F "against the host JIT timing" "$out/$n.txt" | sed -E 's/.*rho ([-0-9.na]+).*/\1/')
    echo "| $n | $k | $(rho "$n" "host JIT") | $(rho "$n" "llvm-mca znver3 ") | $(rho "$n" "llvm-mca znver4 ") | $(rho "$n" "llvm-mca skylake-avx512 ") | $(rho "$n" "llvm-mca neoverse-n1 ") | $host |"
  done
} >"$out/summary.md"
cat "$out/summary.md"
