#!/usr/bin/env bash
# Measures, on this machine, the figures docs/distributed.md's model starts from:
#  1. `verify` of committed kernels: one process with --threads 1 against
#     `mpirun -np 2 ... --threads 1`, alternated, REPEATS times each;
#  2. `search exp2f` for TIME seconds with one process (--threads 1) and with
#     `mpirun -np 2` (--threads 1 each), for each seed in SEEDS: candidates/s, time to
#     first proof, and each rank's communication (wall time in MPI calls, bytes, migrants).
# Raw figures go to stdout (one line per run) and DIR (default /tmp/uf-dist); take the
# medians from them. Needs jq (Debian: jq) and an MPI build (build/cli/ulpforge).
#   bash scripts/measure-distributed.sh [DIR]      env: TIME=60 SEEDS="1 2 3" REPEATS=3
set -euo pipefail
cd "$(dirname "$0")/.."
U=${ULPFORGE:-build/cli/ulpforge}
MPI=(mpirun --allow-run-as-root --oversubscribe)
OUT=${1:-/tmp/uf-dist}
TIME=${TIME:-60}
SEEDS=${SEEDS:-"1 2 3"}
REPEATS=${REPEATS:-3}
command -v jq >/dev/null || { echo "measure-distributed: needs jq (apt-get install jq)"; exit 2; }
mkdir -p "$OUT"
echo "cpu:$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc) cores, $(date -u +%FT%TZ)"

seconds() {  # seconds COMMAND...: wall seconds of the command (its output discarded)
  local t0 t1
  t0=$(date +%s.%N)
  "$@" > /dev/null 2>&1 || true
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}

for k in exp2f expf logf; do
  for r in $(seq "$REPEATS"); do
    one=$(seconds "$U" verify "results/$k/best.uf" --threads 1 --quiet)
    two=$(seconds "${MPI[@]}" -np 2 "$U" verify "results/$k/best.uf" --threads 1 --quiet)
    echo "verify $k run $r: 1 rank $one s, 2 ranks $two s, ratio $(echo "scale=3; $two / $one" | bc)"
  done
done
"${MPI[@]}" -np 2 "$U" verify results/exp2f/best.uf --threads 1 --quiet | grep '^ranks'

done_event() {  # done_event FILE.jsonl: the figures of its "done" event
  jq -c 'select(.event == "done") | {generations, evaluations, seconds, first_proven_seconds,
         cand_per_s: (.evaluations / .seconds), wall_comm, wall_messages, bytes_sent, bytes_received,
         migrants_sent, migrants_received, proof_notes_received, messages_sent, messages_received}' "$1"
}

for s in $SEEDS; do
  d1="$OUT/one-$s" d2="$OUT/two-$s"
  rm -rf "$d1" "$d2"
  "$U" search exp2f --threads 1 --time "$TIME" --seed "$s" --final-proofs 0 --quiet --out "$d1" \
    --log-json "$d1.jsonl" > /dev/null || true
  echo "search seed $s, 1 rank: $(done_event "$d1.jsonl")"
  "${MPI[@]}" -np 2 "$U" search exp2f --threads 1 --time "$TIME" --seed "$s" --final-proofs 0 --quiet \
    --out "$d2" --log-json "$d2.jsonl" > /dev/null || true
  echo "search seed $s, 2 ranks, rank 0: $(done_event "$d2.jsonl")"
  echo "search seed $s, 2 ranks, rank 1: $(done_event "$d2/rank-1/search.jsonl")"
done
