#!/usr/bin/env bash
# Writes the headers of each search result and its manifest results/<t>/kernels.json
# (report/manifest.h: each header, its kernel file, tier and exact proven bound):
# - results/<t>/ulpforge_<t>.h from results/<t>/best.uf, proved again by `emit --verify`
#   (which also rewrites best.uf's "; proven max ULP:" line), with the current code
#   generator;
# - for U in 2 4 16, the cheapest front member proven within U ULP (`ulpforge emit
#   front.json --max-ulp U`, which verifies unproven members exhaustively, giving up after
#   MAX_PROOFS failures per tier) as results/<t>/ulpforge_<t>_u<U>.h plus its kernel
#   results/<t>/best_u<U>.uf, unless it is the same kernel as the tighter tier's
#   (`--unless-same-as`: then no files are written for U).
# Usage: scripts/make-tiers.sh [BUILD_DIR] [TARGET...]   (default: every results/<t>/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
uf="$build/cli/ulpforge"
[ -x "$uf" ] || { echo "make-tiers: $uf not built" >&2; exit 2; }
cd "$root"  # relative paths in the headers' provenance
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in results/*/; do [ -f "$d/front.json" ] && [ -f "$d/best.uf" ] && targets+=("$(basename "$d")"); done
fi
for t in "${targets[@]}"; do
  d="results/$t"
  # The search writes best.uf only for a kernel it proved (its seed is in the file).
  if [ ! -f "$d/best.uf" ]; then echo "make-tiers: $t: the search proved nothing; skipped"; continue; fi
  rm -f "$d/kernels.json"
  # Proved again here (one exhaustive check), so the header's bound is this proof's.
  "$uf" emit "$d/best.uf" --verify --max-ulp 1 --out "$d/ulpforge_$t.h" \
    --program-out "$d/best.uf" --manifest "$d/kernels.json" --tier 1 2>/dev/null |
    sed "s/^/make-tiers: $t <= 1 ULP: /"
  prev="$d/best.uf"
  for u in 2 4 16; do
    rm -f "$d/ulpforge_${t}_u$u.h" "$d/best_u$u.uf"
    if ! out=$("$uf" emit "$d/front.json" --max-ulp "$u" --max-proofs "${MAX_PROOFS:-3}" --name "${t}_u$u" \
                 --out "$d/ulpforge_${t}_u$u.h" --program-out "$d/best_u$u.uf" --unless-same-as "$prev" \
                 --manifest "$d/kernels.json" --tier "$u" 2>&1); then
      echo "make-tiers: $t <= $u ULP: $(echo "$out" | tail -1)"
      continue
    fi
    if echo "$out" | grep -q '^same kernel as'; then
      echo "make-tiers: $t <= $u ULP: same kernel as $(basename "$prev")"
      continue
    fi
    prev="$d/best_u$u.uf"
    echo "make-tiers: $t <= $u ULP: $(echo "$out" | grep -m1 '^wrote')"
  done
done
