#!/bin/sh
# ci/engines/sysabi-ktap.sh - every variant of a sysabi probe bundle as one
# KTAP version 1 document on stdout (variant > probe > fact), for a kernel-CI
# engine that runs commands on the device under test (LAVA's test shell,
# TuxRun's `-- COMMAND`).  POSIX sh and sed only: it runs in busybox too.
#
#   sysabi-ktap.sh [BUNDLE]      BUNDLE: a directory holding <variant>/sysabi-probe
#                                (default: the directory this script is in)
#
# Each variant's `sysabi-probe --format ktap` is one nested level, indented
# two spaces; the variant's result follows from the probe's exit status
# (kselftest's: 0 ok, 4 all skipped, anything else not ok).  A variant this
# machine cannot execute (another arch) is `ok N <variant> # SKIP`.  The
# script's own exit status is kselftest's over the variants.
set -u
bundle=${1:-$(dirname "$0")}
variants=$(cd "$bundle" && for d in */; do [ -x "$d/sysabi-probe" ] && echo "${d%/}"; done)
count=$(echo "$variants" | grep -c .)
echo "KTAP version 1"
echo "1..$count"
n=0
failed=0
ran=0
for v in $variants; do
  n=$((n + 1))
  probe="$bundle/$v/sysabi-probe"
  if ! "$probe" --list > /dev/null 2>&1; then
    echo "ok $n $v # SKIP this machine does not execute $v binaries"
    continue
  fi
  # The probe's output, indented one level; its exit status through a file
  # (a pipeline's status is the last command's).
  status_file=$(mktemp)
  { "$probe" --format ktap 2>/dev/null; echo $? > "$status_file"; } | sed 's/^/  /'
  status=$(cat "$status_file")
  rm -f "$status_file"
  case $status in
    0) echo "ok $n $v"; ran=1 ;;
    4) echo "ok $n $v # SKIP every fact skipped" ;;
    *) echo "# reason: sysabi-probe exited $status"; echo "not ok $n $v"; failed=1 ;;
  esac
done
[ $failed = 1 ] && exit 1
[ $ran = 1 ] && exit 0
exit 4
