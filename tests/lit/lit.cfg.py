# tests/lit/lit.cfg.py - the sysabi lit suite.
#
# Substitutions:
#   %sysabi              the sysabi CLI of this build
#   %probe-<variant>     that variant's probe runner, prefixed with qemu-<arch>
#                        (and QEMU_LD_PREFIX for a foreign dynamic variant)
#                        when it needs emulation (only variants that run here)
#   %libexec             build/libexec/sysabi (the manifest and the probes)
#   %src                 the source tree
#   %{build_root}        the build tree
#   %expect-exit N CMD   succeeds only if CMD exits with status N
#   %cxx-<arch>          the (cross) C++ compiler, %{uapi-<arch>} its uapi headers
#   %python, %cmake
# Features:
#   variant-<variant>    the variant is built and can run here
#   nolibc, glibc, musl  at least one variant of that libc runs here
#   <arch>               a variant of that arch runs here (x86_64, i386, ...)
#   qemu-<arch>          that arch runs under qemu-user
#   cc-<arch>            Debian's (cross) C++ compiler for the arch is installed
#   strace, root, pku, sysabi-cli
#   private-mounts       `unshare -m` works: a mount namespace of its own, private
#                        (not where / is no mount point, as in a plain chroot)
import json
import os
import platform
import shutil
import subprocess

import lit.formats

config.name = "sysabi"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".test"]
config.excludes = ["Inputs"]
config.test_source_root = os.path.dirname(__file__)

config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, os.environ.get("PATH", "/usr/bin:/bin")])
for var in ("TMPDIR", "HOME"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

config.substitutions.append(("%sysabi", config.sysabi_bin))
config.substitutions.append(("%libexec", config.sysabi_libexec))
config.substitutions.append(("%src", config.sysabi_source_root))
config.substitutions.append(("%{build_root}", config.sysabi_build_root))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%cmake", config.cmake_command))
# %expect-exit N CMD: succeeds only if CMD exits with exactly N.
config.substitutions.append(("%expect-exit", "%s %s" % (
    config.python_executable, os.path.join(config.test_source_root, "Inputs/exit_status.py"))))

if os.access(config.sysabi_bin, os.X_OK):
    config.available_features.add("sysabi-cli")
if shutil.which("strace"):
    config.available_features.add("strace")
if os.geteuid() == 0:
    config.available_features.add("root")
try:
    with open("/proc/cpuinfo") as f:
        flags = next((l.split(":", 1)[1].split() for l in f if l.startswith("flags")), [])
    if "pku" in flags:
        config.available_features.add("pku")
except OSError:
    pass


def runs_natively(path):
    """True if the kernel executes this binary itself (e.g. i386 via IA32 emulation)."""
    try:
        return subprocess.run([path, "--list"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


host_arch = platform.machine()
manifest_path = os.path.join(config.sysabi_libexec, "variants.json")
manifest = {"variants": []}
if os.path.exists(manifest_path):
    with open(manifest_path) as f:
        manifest = json.load(f)

probe_subs = []
for v in manifest["variants"]:
    name, arch = v["name"], v["arch"]
    if not v.get("built"):
        continue
    probe = os.path.join(config.sysabi_libexec, v["probe"])
    if not os.access(probe, os.X_OK):
        continue
    command = None
    if v["runner"] == "native" and runs_natively(probe):
        command = probe
    else:
        emulator = v["runner"] if v["runner"] != "native" else v.get("fallback_runner")
        if emulator and shutil.which(emulator):
            # SYSABI_EMULATOR: how probes that re-execute themselves start the
            # emulator again (`sysabi run` sets it the same way).
            # QEMU_LD_PREFIX: where a foreign dynamic variant's loader and
            # libraries are (its manifest entry's ld_prefix).
            prefix = " QEMU_LD_PREFIX=" + v["ld_prefix"] if v.get("ld_prefix") else ""
            command = "env SYSABI_EMULATOR=%s%s %s %s" % (shutil.which(emulator), prefix, emulator, probe)
            config.available_features.add("qemu-" + arch)
    if command is None:
        continue
    probe_subs.append(("%probe-" + name, command))
    config.available_features.update(["variant-" + name, v["libc"], arch])

# Longest names first: %probe-x86_64-glibc-static-pie before %probe-x86_64-glibc-static.
probe_subs.sort(key=lambda s: len(s[0]), reverse=True)
config.substitutions[:0] = probe_subs

# Compilers, for the tests that compile the raw layer themselves.
triples = {"x86_64": "x86_64-linux-gnu", "i386": "i686-linux-gnu",
           "aarch64": "aarch64-linux-gnu", "arm": "arm-linux-gnueabihf",
           "riscv64": "riscv64-linux-gnu", "ppc64le": "powerpc64le-linux-gnu", "s390x": "s390x-linux-gnu", "mips64el": "mips64el-linux-gnuabi64", "sparc64": "sparc64-linux-gnu", "x32": "x86_64-linux-gnux32"}
for arch, triple in triples.items():
    cc = "g++" if arch == host_arch else triple + "-g++"
    if shutil.which(cc):
        config.available_features.add("cc-" + arch)
        config.substitutions.append(("%cxx-" + arch, cc))
        # The arch's kernel uapi headers, as the variant build gathered them.
        uapi = os.path.join(config.sysabi_build_root, "variants", "%s-nolibc-static" % arch, "uapi")
        config.substitutions.append(("%{uapi-" + arch + "}", uapi))

# --- struct layouts ------------------------------------------------------------
# layout-<arch>-<source> for every layout object the build made.
layout_sources = os.path.join(config.sysabi_libexec, "layout", "sources.json")
if os.path.exists(layout_sources):
    with open(layout_sources) as f:
        for entry in json.load(f)["sources"]:
            if "object" in entry:
                config.available_features.add("layout-%s-%s" % (entry["arch"], entry["source"]))
if shutil.which("pahole"):
    config.available_features.add("pahole")

# --- VMs: qemu-system for `sysabi vm`, apt-get for --debian ----------------------
for program in ("qemu-system-x86_64", "qemu-system-aarch64", "qemu-system-ppc64", "apt-get",
                "chromium"):
    if shutil.which(program):
        config.available_features.add(program)

# --- reliability ---------------------------------------------------------------
if shutil.which("setpriv"):
    config.available_features.add("setpriv")
if shutil.which("unshare"):
    try:
        if subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=10).returncode == 0:
            config.available_features.add("private-mounts")
    except (OSError, subprocess.TimeoutExpired):
        pass

# --- ABI assembly (tests/lit/asm/) ----------------------------------------------
# abi-<arch>            the build made <arch>'s syscall table and raw stubs
#                       (libexec/sysabi/abi/, cli/targets/)
# nolibc-probe-<arch>   <arch>-nolibc-static/sysabi-probe is built (to read, not run)
# glibc-probe-<arch>    <arch>-glibc-static/sysabi-probe is built (likewise)
# clang-<arch>          clang-14 compiles for the arch; %clang-<arch> is
#                       clang-14 --target=<triple> with only its own headers and
#                       the arch's uapi headers (-nostdinc)
abi_arches = os.path.join(config.sysabi_libexec, "abi", "arches.json")
if os.path.exists(abi_arches):
    with open(abi_arches) as f:
        for entry in json.load(f)["arches"]:
            if "syscalls" in entry:
                config.available_features.add("abi-" + entry["arch"])
for arch in triples:
    if os.path.exists(os.path.join(config.sysabi_libexec, arch + "-nolibc-static", "sysabi-probe")):
        config.available_features.add("nolibc-probe-" + arch)
    if os.path.exists(os.path.join(config.sysabi_libexec, arch + "-glibc-static", "sysabi-probe")):
        config.available_features.add("glibc-probe-" + arch)
# Debian's armhf is ARMv7-A, Thumb-2 by default in gcc; clang needs the
# version spelled out (the bare arm- triple means ARMv4T).
clang_triples = dict(triples, arm="armv7a-linux-gnueabihf")
clang = shutil.which("clang-14")
if clang:
    resource = subprocess.run([clang, "-print-resource-dir"], capture_output=True,
                              text=True).stdout.strip()
    for arch, triple in clang_triples.items():
        uapi = os.path.join(config.sysabi_build_root, "variants", "%s-nolibc-static" % arch, "uapi")
        if not os.path.isdir(uapi):
            continue
        probe = subprocess.run([clang, "--target=" + triple, "-x", "c", "-c", "/dev/null",
                                "-o", "/dev/null"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        if probe.returncode == 0:
            config.available_features.add("clang-" + arch)
            config.substitutions.append((
                "%clang-" + arch, "%s --target=%s -nostdinc -isystem %s/include -isystem %s"
                % (clang, triple, resource, uapi)))
