#!/usr/bin/env bash
# Writes the headers of each search result from its front: for every
# results/<t>/front.json, the cheapest member proven within 1 ULP becomes
# results/<t>/ulpforge_<t>.h (regenerated with the current code generator), and for U in
# 2 4 16 the cheapest member proven within U ULP (`ulpforge emit front.json --max-ulp
# U`, which verifies unproven members exhaustively, at most MAX_PROOFS failures per
# tier) becomes results/<t>/ulpforge_<t>_u<U>.h, unless it is the same kernel as the
# next tighter tier's header (then no file is written).
# Usage: scripts/make-tiers.sh [BUILD_DIR] [TARGET...]   (default: every results/<t>/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
uf="$build/cli/ulpforge"
[ -x "$uf" ] || { echo "make-tiers: $uf not built" >&2; exit 2; }
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in "$root"/results/*/; do [ -f "$d/front.json" ] && [ -f "$d/best.uf" ] && targets+=("$(basename "$d")"); done
fi
body() { sed '1,/\*\//d' "$1" | grep -v '_MAX_ULP '; }  # kernel code without provenance and bound
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"  # relative paths in the headers' provenance
for t in "${targets[@]}"; do
  d="results/$t"
  prev=""
  for u in 1 2 4 16; do
    out="$d/ulpforge_${t}_u$u.h"
    [ "$u" = 1 ] && out="$d/ulpforge_$t.h"
    [ "$u" = 1 ] || rm -f "$out"
    if ! "$uf" emit "$d/front.json" --max-ulp "$u" --max-proofs "${MAX_PROOFS:-3}" --out "$tmp/h.h" \
         > "$tmp/log" 2>&1; then
      echo "make-tiers: $t <= $u ULP: $(tail -1 "$tmp/log")"
      continue
    fi
    if [ -n "$prev" ] && [ "$(body "$prev")" = "$(body "$tmp/h.h")" ]; then
      echo "make-tiers: $t <= $u ULP: same kernel as $(basename "$prev")"
      continue
    fi
    mv "$tmp/h.h" "$out"
    prev="$out"
    echo "make-tiers: $t <= $u ULP: $(grep -m1 'wrote' "$tmp/log" | sed "s|$tmp/h.h|$out|")"
  done
done
