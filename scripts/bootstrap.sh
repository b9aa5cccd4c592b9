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
  python3-psutil  # lit's per-test --timeout (tests/lit/CMakeLists.txt)
  # KTAP read back by an independent consumer; the engine files read as YAML (tests/lit/ktap)
  python3-tap python3-yaml
  # clang (second compiler for the asm pins; libFuzzer and sanitizer runtimes)
  clang-14 libclang-rt-14-dev
  # variants: musl, the cross compilers of every arch but the host's, qemu-user to run them
  musl-tools musl-dev
  gcc-i686-linux-gnu g++-i686-linux-gnu
  gcc-aarch64-linux-gnu g++-aarch64-linux-gnu
  gcc-arm-linux-gnueabihf g++-arm-linux-gnueabihf
  gcc-riscv64-linux-gnu g++-riscv64-linux-gnu
  gcc-powerpc64le-linux-gnu g++-powerpc64le-linux-gnu
  gcc-s390x-linux-gnu g++-s390x-linux-gnu
  gcc-mips64el-linux-gnuabi64 g++-mips64el-linux-gnuabi64
  gcc-sparc64-linux-gnu g++-sparc64-linux-gnu
  # x32: its cross compiler and the x32 glibc (the variants run in an x32-enabled VM)
  gcc-x86-64-linux-gnux32 g++-x86-64-linux-gnux32 libc6-dev-x32
  qemu-user
  # observation: strace for the syscall-sequence cross-check, pahole for layout cross-checks
  strace dwarves
  # kernel-upgrade runner: qemu-system and cpio for the initramfs
  # (qemu-system-misc has s390x, qemu-system-ppc ppc64, qemu-system-mips mips64el)
  qemu-system-x86 qemu-system-arm qemu-system-ppc qemu-system-misc qemu-system-mips cpio
  # the HTML pages of `run --html` / `diff --html`, checked in headless Chromium
  chromium
)

# Optional: musl's headers for i386, aarch64, arm, ppc64le, s390x and
# mips64el, from Debian multiarch,
# for the struct layouts of musl on those arches (struct_layout/).  Where
# they do not install (riscv64 is not a Debian 12 release architecture),
# those layouts are reported as skipped, naming the package.
foreign_arches=(i386 arm64 armhf ppc64el s390x mips64el)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed'; }

missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
missing_foreign=()
for a in "${foreign_arches[@]}"; do
  installed "musl-dev:$a" || missing_foreign+=("$a")
done

if [ ${#missing[@]} -eq 0 ] && [ ${#missing_foreign[@]} -eq 0 ]; then
  echo "bootstrap: all ${#packages[@]} Debian packages present (and musl-dev for ${foreign_arches[*]})"
  exit 0
fi

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

# apt-get update fails as a whole when one index fails (a foreign
# architecture's security index in mid-sync, say); the install that follows
# says clearly if what it needs is really missing.
update() {
  $sudo apt-get update -qq || echo "bootstrap: apt-get update reported errors (above); going on"
}

if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing ${#missing[@]} missing package(s): ${missing[*]}"
  update
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ${#missing_foreign[@]} -gt 0 ]; then
  echo "bootstrap: adding musl-dev for ${missing_foreign[*]} (optional)"
  for a in "${missing_foreign[@]}"; do $sudo dpkg --add-architecture "$a"; done
  update
  for a in "${missing_foreign[@]}"; do
    $sudo apt-get install -y -qq --no-install-recommends "musl-dev:$a" >/dev/null ||
      echo "bootstrap: musl-dev:$a did not install; musl's $a struct layouts will be skipped"
  done
fi
echo "bootstrap: done"
