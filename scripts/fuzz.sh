#!/usr/bin/env bash
# Builds the fuzz targets as libFuzzer binaries (clang-19, ASan + UBSan) and runs each
# for FUZZ_RUNS executions (default 10^6) from its committed seed corpus, several
# targets at once (FUZZ_JOBS, default nproc). Exits non-zero on any finding (crash,
# property violation, sanitizer report, leak, timeout, out-of-memory); the input is
# saved as BUILD_DIR/findings/<target>-crash-* (or leak-, timeout-, oom-).
# FUZZ_MAX_TIME (seconds per target, default 1200) bounds each run: a target stopped by
# it is reported with its execution count and fails the script unless
# FUZZ_REQUIRE_RUNS=0 (then it is only reported).
#   Usage: scripts/fuzz.sh [BUILD_DIR]       (default: build-fuzz)
#   Env:   FUZZ_RUNS, FUZZ_MAX_TIME, FUZZ_JOBS, FUZZ_TARGETS ("uf_parse expr ...")
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-fuzz}
runs=${FUZZ_RUNS:-1000000}
require_runs=${FUZZ_REQUIRE_RUNS:-1}
max_time=${FUZZ_MAX_TIME:-1200}
jobs=${FUZZ_JOBS:-$(nproc)}
targets=${FUZZ_TARGETS:-"uf_parse expr target_file front checkpoint"}

CC=clang-19 CXX=clang++-19 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DULPFORGE_FUZZ_ENGINE=libfuzzer -DULPFORGE_BUILD_TESTS=OFF -DULPFORGE_BUILD_BENCH=OFF
cmake --build "$build" -j"$(nproc)" --target $(for t in $targets; do printf 'fuzz_%s ' "$t"; done)

findings=$build/findings
rm -rf "$findings" "$build/fuzz-work"
mkdir -p "$findings"

# Input size limits: a little above the largest seed of each corpus, so the seeds
# are fuzzed whole but mutations stay cheap. Reference expressions: 256 bytes reach the
# parser's nesting limit (depth 200: about 100 brackets, or 200 signs); longer inputs
# mostly make the MPFR evaluation slower (about 1,300 executions/s with inputs up to
# 512 bytes, against 10,000 at 100), which kept this target from 10^6 in CI's time.
max_len() {
  case $1 in
    expr) echo 256 ;;
    target_file) echo 8448 ;;
    uf_parse) echo 2100 ;;
    *) echo 8192 ;;
  esac
}

run_one() {
  local t=$1 work=$build/fuzz-work/$1 log=$build/fuzz-work/$1.log
  mkdir -p "$work"
  # New inputs go to the scratch directory (first), never into the committed corpus.
  local rc=0
  ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$build/fuzz/fuzz_$t" -runs="$runs" -max_total_time="$max_time" -max_len="$(max_len "$t")" \
      -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$findings/$t-" \
      "$work" "$root/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  local done_runs
  done_runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ "$rc" -ne 0 ]; then
    echo "fuzz: $t: FINDING (exit $rc) after ${done_runs:-?} executions; last lines of $log:"
    tail -40 "$log"
    return 1
  fi
  if [ "${done_runs:-0}" -lt "$runs" ]; then
    echo "fuzz: $t: stopped by the $max_time s limit after ${done_runs:-0} of $runs executions, no findings"
    [ "$require_runs" = 0 ] || return 1
    return 0
  fi
  echo "fuzz: $t: $done_runs executions, no findings"
}
export -f run_one max_len
export build root runs max_time findings require_runs

status=0
printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'run_one {}' || status=1
exit $status
