#!/usr/bin/env bash
# Proves every committed kernel header under results/ again with the current verifier and
# rewrites it, with its kernel file's "; proven max ULP:" line, from that proof alone:
#   results/<t>/ulpforge_<t>.h      <- results/<t>/best.uf      (checked against 1 ULP)
#   results/<t>/ulpforge_<t>_u<U>.h <- results/<t>/best_u<U>.uf (checked against U ULP)
# Each is one exhaustive check over the target's domain (`ulpforge emit --verify
# --program-out`), special values included, recorded in results/<t>/kernels.json (the
# manifest: file, tier, exact proven bound). A kernel that fails keeps its old files and
# manifest entry untouched and is listed at the end (exit 1).
# Usage: scripts/reprove-headers.sh [BUILD_DIR] [TARGET...]   (default: every results/<t>/)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
shift || true
uf="$build/cli/ulpforge"
[ -x "$uf" ] || { echo "reprove-headers: $uf not built" >&2; exit 2; }
cd "$root"  # relative paths in the headers' provenance
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=()
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for d in results/*/; do [ -f "$d/best.uf" ] && targets+=("$(basename "$d")"); done
fi
for t in "${targets[@]}"; do
  d="results/$t"
  for h in "$d"/ulpforge_"$t".h "$d"/ulpforge_"$t"_u*.h; do
    [ -f "$h" ] || continue
    suffix=$(basename "$h" .h)
    suffix=${suffix#ulpforge_"$t"}          # "" or _u<U>
    k="$d/best$suffix.uf"
    [ -f "$k" ] || { echo "reprove-headers: $h has no kernel file $k" >&2; exit 1; }
    u=${suffix#_u}
    [ -n "$suffix" ] || u=1
    seed=$(sed -n 's/^ \*   search seed: *\([0-9][0-9]*\)$/\1/p' "$h" | head -1)
    echo "reprove-headers: $k (<= $u ULP)"
    m="$d/kernels.json"
    cp "$h" "$tmp/h"
    cp "$k" "$tmp/k"
    rm -f "$tmp/m"
    [ -f "$m" ] && cp "$m" "$tmp/m"
    if ! "$uf" emit "$k" --verify --max-ulp "$u" --name "$t$suffix" ${seed:+--seed "$seed"} \
         --out "$h" --program-out "$k" --manifest "$m" --tier "$u" --threads "$(nproc)" > "$tmp/log" 2>&1; then
      grep -E '^(max ULP|declared|  declared|      |ulpforge)' "$tmp/log" || tail -3 "$tmp/log"
      failed+=("$k")
      cp "$tmp/h" "$h"
      cp "$tmp/k" "$k"
      if [ -f "$tmp/m" ]; then cp "$tmp/m" "$m"; else rm -f "$m"; fi
      continue
    fi
    grep -E '^(max ULP|declared|wrote|recorded|note)' "$tmp/log"
  done
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "reprove-headers: not proven (files left as they were): ${failed[*]}" >&2
  exit 1
fi
