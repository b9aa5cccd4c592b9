#!/bin/sh
# ci/engines/tuxrun/boot-candidate.sh - boots a candidate kernel under TuxRun
# (Linaro's qemu-system runner, `pip install tuxrun`; it runs qemu in a
# podman or docker container) and runs sysabi's probes in it, KTAP on the
# console (docs/kernel-ci.md, "TuxRun").
#
#   boot-candidate.sh KERNEL [ARCH] [BUILD]
#     KERNEL  the candidate kernel: a path or an http(s) URL (bzImage, Image)
#     ARCH    x86_64 (default) or aarch64: the TuxRun device qemu-x86_64 / qemu-arm64
#     BUILD   sysabi's build tree (default: build)
#
# TuxRun boots KERNEL with its own root file system; sysabi's static
# variants of ARCH and ci/engines/sysabi-ktap.sh go in as an overlay tarball
# extracted at /opt/sysabi, and TuxRun runs the script after boot (the
# command after `--`).  TuxRun keeps the console log; tests/lit/ktap/Inputs/
# ktap_check.py reads the KTAP in it.  Exit status: tuxrun's.
set -eu
kernel=$1
arch=${2:-x86_64}
build=${3:-build}
case $arch in
  x86_64) device=qemu-x86_64 ;;
  aarch64) device=qemu-arm64 ;;
  *) echo "boot-candidate.sh: unknown arch '$arch' (x86_64, aarch64)" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")/.." && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/opt/sysabi"
# Static variants only: TuxRun's root file system has its own libc, not
# necessarily the one a dynamic variant was linked against.
for probe in "$build"/libexec/sysabi/"$arch"-*-static/sysabi-probe; do
  v=$(basename "$(dirname "$probe")")
  mkdir -p "$stage/opt/sysabi/$v"
  cp "$probe" "$stage/opt/sysabi/$v/"
done
cp "$here/sysabi-ktap.sh" "$stage/opt/sysabi/"
tar -C "$stage" -cJf "$stage/sysabi-overlay.tar.xz" opt
tuxrun --device "$device" --kernel "$kernel" \
  --overlay "$stage/sysabi-overlay.tar.xz" / \
  --log-file-text sysabi-console.txt --results sysabi-tuxrun.json \
  -- /opt/sysabi/sysabi-ktap.sh /opt/sysabi
