#!/usr/bin/env bash
# Regenerates the committed baselines (baselines/*.json) and the example
# diff between this machine's kernel and Debian 12's 6.1 (docs/):
#
#   baselines/host.json                 `sysabi run` on this machine's kernel
#   baselines/debian-6.1-amd64.json     `sysabi vm --debian --arch x86_64`
#   baselines/debian-6.1-arm64.json     `sysabi vm --debian --arch aarch64`
#   baselines/debian-6.1-i386.json      `sysabi vm --debian --arch i386` (686-pae)
#   baselines/debian-6.1-armhf.json     `sysabi vm --debian --arch armhf` (armmp)
#   baselines/debian-6.1-ppc64el.json   `sysabi vm --debian --arch ppc64le` (powerpc64le, pseries)
#   baselines/debian-6.1-s390x.json     `sysabi vm --debian --arch s390x` (s390-ccw-virtio)
#   baselines/debian-6.1-mips64el.json  `sysabi vm --debian --arch mips64el` (5kc-malta)
#   docs/kernel-upgrade-host-vs-6.1.txt `sysabi diff` of the first two
#
# Run after a change that adds, renames or removes facts, from the source
# tree with the project built (cmake --build --preset default).  The lit
# test tests/lit/vm/debian.test boots both VMs and diffs against these.
set -euo pipefail
cd "$(dirname "$0")/.."
sysabi=build/bin/sysabi
"$sysabi" run --json baselines/host.json > /dev/null
"$sysabi" vm --debian --arch x86_64 --json baselines/debian-6.1-amd64.json > /dev/null
"$sysabi" vm --debian --arch aarch64 --json baselines/debian-6.1-arm64.json > /dev/null
# i386's 686-pae guest fails mmap.nx.call_rw_page under TCG (docs/kernel-upgrade.md):
# exit 1 is expected there, the report is written all the same.
"$sysabi" vm --debian --arch i386 --json baselines/debian-6.1-i386.json > /dev/null || [ $? -eq 1 ]
"$sysabi" vm --debian --arch armhf --json baselines/debian-6.1-armhf.json > /dev/null
"$sysabi" vm --debian --arch ppc64le --json baselines/debian-6.1-ppc64el.json > /dev/null
"$sysabi" vm --debian --arch s390x --json baselines/debian-6.1-s390x.json > /dev/null
# mips64el: the malta board under TCG, about two minutes.
"$sysabi" vm --debian --arch mips64el --timeout 600 --json baselines/debian-6.1-mips64el.json > /dev/null
# Exit 1 (incompatible changes) is expected here: that is what the file shows.
"$sysabi" diff baselines/host.json baselines/debian-6.1-amd64.json \
  > docs/kernel-upgrade-host-vs-6.1.txt || { s=$?; [ $s -eq 1 ] || [ $s -eq 3 ]; }
echo "baselines: $(ls baselines)"
