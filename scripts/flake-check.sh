#!/usr/bin/env bash
# Runs sysabi's main job N times (default 20) and compares the facts of every
# run with the first: id, variant, value, expectation, status and reason must
# be identical (addresses, pids and timings are never facts, so any change is
# a flake).  With --tests, also runs the whole test suite N times through
# ctest (--repeat until-fail:N).
#
#   scripts/flake-check.sh [--tests] [N] [BUILD_DIR] [-- SYSABI-RUN-OPTIONS...]
#
# Options after `--` go to every `sysabi run` (e.g. --variant V,W).
#
# Exit 0: all runs identical; 1: a run differed or failed (the differing
# facts are printed); 2: bad usage.
set -euo pipefail
tests=0
if [ "${1:-}" = "--tests" ]; then tests=1; shift; fi
runs=${1:-20}
build=${2:-$(dirname "$0")/../build}
shift $(( $# < 2 ? $# : 2 ))
if [ "${1:-}" = "--" ]; then shift; fi
run_options=("$@")
case $runs in ''|*[!0-9]*) echo "flake-check: N must be a number, got '$runs'" >&2; exit 2;; esac
[ -x "$build/bin/sysabi" ] || { echo "flake-check: no $build/bin/sysabi (build first)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$runs"); do
  status=0
  "$build/bin/sysabi" run ${run_options[@]+"${run_options[@]}"} --json "$work/run$i.json" > "$work/run$i.out" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "flake-check: run $i exited $status:" >&2
    tail -20 "$work/run$i.out" >&2
    exit 1
  fi
done
python3 - "$work" "$runs" <<'PY'
import json, sys
work, runs = sys.argv[1], int(sys.argv[2])
def facts(i):
    with open(f"{work}/run{i}.json") as f:
        report = json.load(f)
    return {(x["id"], x["variant"]): (x.get("value"), x.get("expect"), x.get("status"), x.get("reason"))
            for x in report["facts"]}
first = facts(1)
bad = 0
for i in range(2, runs + 1):
    other = facts(i)
    for key in sorted(set(first) | set(other)):
        if first.get(key) != other.get(key):
            bad += 1
            print(f"run {i}: {key[0]} [{key[1]}]: {first.get(key)} -> {other.get(key)}")
print(f"flake-check: {runs} runs, {len(first)} facts each, {bad} differences")
sys.exit(1 if bad else 0)
PY
if [ "$tests" = 1 ]; then
  ctest --test-dir "$build" --repeat "until-fail:$runs" --output-on-failure -j2
fi
