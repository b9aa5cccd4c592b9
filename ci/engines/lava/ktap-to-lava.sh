#!/bin/sh
# ci/engines/lava/ktap-to-lava.sh - reports each fact of a sysabi KTAP
# document (ci/engines/sysabi-ktap.sh's: variant > probe > fact) to LAVA, one
# `lava-test-case` per fact, named <variant>.<fact id> (fact ids repeat
# across variants; LAVA wants names unique within a test run).  KTAP names
# are already limited to [A-Za-z0-9_.-], which LAVA accepts as they are.
#
#   ktap-to-lava.sh < sysabi.ktap
#
# A fact's result line comes before its variant's, so the facts of one
# variant are held until its result line names it.  Outside LAVA (no
# lava-test-case on PATH) the calls are printed instead, for a dry run.
set -u
if command -v lava-test-case > /dev/null 2>&1; then report=lava-test-case; else report="echo lava-test-case"; fi
pending=$(mktemp)
trap 'rm -f "$pending"' EXIT
# The fact level: four spaces of indentation.
sed -n 's/^    \(not ok\|ok\) [0-9][0-9]* \([A-Za-z0-9_.-]*\)\( # SKIP.*\)\{0,1\}$/\1|\2|\3/p; s/^\(not ok\|ok\) [0-9][0-9]* \([A-Za-z0-9_.-]*\).*$/VARIANT|\2/p' |
while IFS='|' read -r what name directive; do
  if [ "$what" = VARIANT ]; then
    while IFS='|' read -r result fact; do
      $report "$name.$fact" --result "$result"
    done < "$pending"
    : > "$pending"
    continue
  fi
  case $what in
    "not ok") result=fail ;;
    *) if [ -n "$directive" ]; then result=skip; else result=pass; fi ;;
  esac
  echo "$result|$name" >> "$pending"
done
