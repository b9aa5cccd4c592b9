#!/usr/bin/env bash
# Installs every Debian package sysabi needs (and only the missing ones).
# Safe to run again: it does nothing when everything is present.
# Usage: scripts/bootstrap.sh            (as root, or with sudo available)
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config git python3 file
  # host-side libraries: JSON, CLI parsing, formatting, ELF, disassembly, seccomp, XML
  nlohmann-json3-dev libcli11-dev libfmt-dev libelf-dev libcapstone-dev libseccomp-dev
  libtinyxml2-dev  # JUnit XML from `sysabi diff --format junit`
  # tests: GoogleTest/GoogleMock, Google Benchmark, lit + FileCheck + not + split-file
  libgtest-dev libgmock-dev libbenchmark-dev llvm-14 llvm-14-tools
  # clang (second compiler for the asm pins; libFuzzer and sanitizer runtimes)
  clang-14 libclang-rt-14-dev
  # variants: musl, the i386/aarch64/arm/riscv64 cross compilers, qemu-user to run them
  musl-tools musl-dev
  gcc-i686-linux-gnu g++-i686-linux-gnu
  gcc-aarch64-linux-gnu g++-aarch64-linux-gnu
  gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf
  gcc-riscv64-linux-gnu g++-riscv64-linux-gnu
  qemu-user
  # observation: strace for the syscall-sequence cross-check, pahole for layout cross-checks
  strace dwarves
  # kernel-upgrade runner: qemu-system and cpio for the initramfs
  qemu-system-x86 qemu-system-arm cpio
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all ${#packages[@]} Debian packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
echo "bootstrap: installing ${#missing[@]} missing package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "bootstrap: done"
