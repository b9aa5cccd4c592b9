#!/usr/bin/env python3
"""scripts/mutation-test.py - plant named ABI bugs one at a time and record
which test catches each (docs/mutation.md).

Each mutant is one exact text substitution (file, old, new) in the raw layer
or the probes' own assembly.  The script copies the source tree (the working
tree's tracked and untracked-but-not-ignored files) into a scratch directory,
configures it once with the variants the chosen mutants' arches need, builds
it, runs every test once unmutated (the baseline: a test that already fails
cannot be said to catch anything), then for each mutant: applies it (it must
match exactly once, otherwise the mutant is reported as "no longer applies"
or "ambiguous"), rebuilds incrementally, runs the mutant's lit directories
and `sysabi run` over its arch's variants under a time limit, records what
failed, and puts the file back.  The source tree itself is never touched.

    scripts/mutation-test.py --list                 the catalogue (a markdown table)
    scripts/mutation-test.py --check                does every mutant apply exactly once?
    scripts/mutation-test.py [--only NAME ...] [--arch ARCH ...] [--out FILE]
                             [--timeout S] [--keep | --scratch DIR]

Exit status: 0 every mutant that was run was caught; 1 one was not caught or
no longer applies; 2 bad usage or a broken baseline.
"""
import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIT = "/usr/lib/llvm-14/build/utils/lit/lit.py"
ARCHES = ("x86_64", "i386", "aarch64", "arm", "riscv64")

# The variants a mutant's arch is tested with: no libc (the raw layer alone)
# and glibc static (the raw layer beside a libc); x86_64 adds a dynamic glibc
# and a musl variant, which several lit tests need.
VARIANTS = {
    "x86_64": ["x86_64-nolibc-static", "x86_64-glibc-static", "x86_64-glibc-dynamic",
               "x86_64-musl-static"],
    "i386": ["i386-nolibc-static", "i386-glibc-static"],
    "aarch64": ["aarch64-nolibc-static", "aarch64-glibc-static"],
    "arm": ["arm-nolibc-static", "arm-glibc-static"],
    "riscv64": ["riscv64-nolibc-static", "riscv64-glibc-static"],
}
# The lit tests (under tests/lit/) run for a mutant of each arch: those that
# run its variants' probes.  `sysabi run` over the arch's variants runs every
# probe besides.  A test listed here that no longer exists is left out with a
# warning; lit marks one whose variants are not configured UNSUPPORTED.
LIT_TESTS = {
    "x86_64": ["errno/errno.test", "memory/mmap.test", "memory/sharing.test",
               "memory/demand-paging.test", "pipes/pipes.test", "pipes/fifo.test",
               "setjmp/setjmp.test", "harness/isolation.test", "layout/stat-verify.test",
               "linkage/startup-nolibc.test", "raw/freestanding-x86_64.test"],
    "i386": ["errno/errno-foreign.test", "harness/isolation-foreign.test",
             "setjmp/setjmp-other-arches.test", "layout/stat-verify.test",
             "linkage/startup-nolibc.test", "linkage/startup-foreign.test"],
    "aarch64": ["errno/errno-foreign.test", "memory/mmap-qemu.test", "memory/sharing-qemu.test",
                "pipes/pipes-qemu.test", "setjmp/setjmp-aarch64.test",
                "harness/isolation-foreign.test", "linkage/startup-nolibc.test",
                "linkage/startup-foreign.test"],
    "arm": ["errno/errno-foreign.test", "setjmp/setjmp-other-arches.test",
            "linkage/startup-nolibc.test", "linkage/startup-foreign.test"],
    "riscv64": ["errno/errno-foreign.test", "setjmp/setjmp-other-arches.test",
                "linkage/startup-nolibc.test", "linkage/startup-foreign.test"],
}

RAW = "raw_syscalls/include/sysabi/raw/"
CRT = "raw_syscalls/crt/arch/"


@dataclass
class Mutant:
    name: str
    arches: list  # whose variants are rebuilt and tested
    category: str
    path: str
    old: str
    new: str
    why: str  # the bug, in a few words
    results: dict = field(default_factory=dict)


def m(name, arches, category, path, old, new, why):
    return Mutant(name, arches.split(), category, path, old, new, why)


CATALOGUE = [
    # --- x86_64 ---------------------------------------------------------------
    m("x86_64.args-swapped", "x86_64", "argument registers", RAW + "arch/x86_64.hpp",
      '''asm volatile("syscall" : "=a"(ret) : "a"(n), "D"(a1), "S"(a2) : "rcx", "r11", "memory");''',
      '''asm volatile("syscall" : "=a"(ret) : "a"(n), "D"(a2), "S"(a1) : "rcx", "r11", "memory");''',
      "2-argument calls get their arguments in rsi, rdi (swapped)"),
    m("x86_64.arg5-in-r9", "x86_64", "argument registers", RAW + "arch/x86_64.hpp",
      '''  register long r8 asm("r8") = a5;\n  asm volatile("syscall"''',
      '''  register long r8 asm("r9") = a5;\n  asm volatile("syscall"''',
      "the 5th argument of a 5-argument call goes in r9, not r8"),
    m("x86_64.no-memory-clobber", "x86_64", "clobbers", RAW + "arch/x86_64.hpp",
      '''"d"(a3)\n               : "rcx", "r11", "memory");''',
      '''"d"(a3)\n               : "rcx", "r11");''',
      'the 3-argument call drops its "memory" clobber (read/write buffers)'),
    m("x86_64.no-r11-clobber", "x86_64", "clobbers", RAW + "arch/x86_64.hpp",
      '''"d"(a3)\n               : "rcx", "r11", "memory");''',
      '''"d"(a3)\n               : "rcx", "memory");''',
      "the 3-argument call forgets that syscall overwrites r11 (rflags)"),
    m("x86_64.sigreturn-number", "x86_64", "sigreturn trampoline", RAW + "arch/x86_64.hpp",
      '''SYSABI_STR(__NR_rt_sigreturn) R"(, %eax''',
      '''SYSABI_STR(__NR_getpid) R"(, %eax''',
      "the signal trampoline calls getpid instead of rt_sigreturn"),
    m("x86_64.start-misaligned", "x86_64", "_start stack alignment", CRT + "x86_64/start.S",
      '''        and     $-16, %rsp ''',
      '''        and     $-16, %rsp\n        sub     $8, %rsp ''',
      "_start calls into C with rsp % 16 == 8 instead of 0"),
    m("x86_64.start-frame-pointer", "x86_64", "_start frame pointer", CRT + "x86_64/start.S",
      '''xor     %ebp, %ebp ''',
      '''mov     %rsp, %rbp ''',
      "the outermost frame pointer is the stack pointer, not 0"),
    m("x86_64.stat-uid-gid-swapped", "x86_64", "kernel struct members", RAW + "kernel/x86_64.hpp",
      '''  unsigned int st_uid;\n  unsigned int st_gid;''',
      '''  unsigned int st_gid;\n  unsigned int st_uid;''',
      "struct stat's st_uid and st_gid in each other's place"),
    m("x86_64.setjmp-rbx", "x86_64", "setjmp/longjmp registers", "abi_checks/setjmp/x86_64.S",
      '''mov     SJ_RBX(%rdi), %rbx ''',
      '''mov     SJ_RBX(%rdi), %r11 ''',
      "our longjmp does not restore rbx"),
    m("x86_64.sigsetjmp-mask-slot", "x86_64", "signal masks", "abi_checks/setjmp/x86_64.S",
      '''lea     SJ_MASK(%rdi), %rdx ''',
      '''lea     SJ_MASK+8(%rdi), %rdx ''',
      "our sigsetjmp saves the signal mask past the slot siglongjmp restores"),
    m("x86_64.cc-mxcsr-leak", "x86_64", "FP control", "abi_checks/calling_convention/x86_64.S",
      '''ldmxcsr MISC(CC_M_FPCTL_SAVED)(%rax)''',
      '''nop''',
      "the calling-convention helper leaves its distinctive mxcsr behind"),
    # --- common code, tested on x86_64 --------------------------------------------
    m("common.errno-range-short", "x86_64", "result/errno decoding", RAW + "result.hpp",
      '''static_cast<unsigned long>(-max_errno - 1)''',
      '''static_cast<unsigned long>(-max_errno)''',
      "-4095 is taken for a successful result"),
    m("common.errno-sign", "x86_64", "result/errno decoding", RAW + "result.hpp",
      '''return ok() ? 0 : static_cast<int>(-raw_);''',
      '''return ok() ? 0 : static_cast<int>(raw_);''',
      "error() returns -errno instead of errno"),
    m("common.sigset-size", "x86_64", "signal masks", RAW + "kernel/common.hpp",
      '''kernel_sigset_size = sizeof(kernel_sigset);''',
      '''kernel_sigset_size = 2 * sizeof(kernel_sigset);''',
      "rt_sigprocmask/rt_sigaction are told the sigset is twice its size"),
    m("common.sigaction-restorer-order", "x86_64", "kernel struct members", RAW + "kernel/common.hpp",
      '''  unsigned long sa_flags;\n  void (*sa_restorer)();''',
      '''  void (*sa_restorer)();\n  unsigned long sa_flags;''',
      "struct sigaction's sa_flags and sa_restorer swapped"),
    m("common.dirent-reclen-type", "x86_64", "kernel struct members", RAW + "kernel/common.hpp",
      '''  u16 d_reclen;\n  u8 d_type;''',
      '''  u8 d_type;\n  u16 d_reclen;''',
      "struct linux_dirent64's d_reclen and d_type swapped"),
    m("common.vdso-functions-ignored", "x86_64", "vDSO lookup", RAW + "vdso.hpp",
      '''if (type != 2 /* STT_FUNC */ && type != 1 /* STT_OBJECT */) continue;''',
      '''if (type != 1 /* STT_OBJECT */) continue;''',
      "the vDSO symbol lookup skips every function"),
    # --- i386 -------------------------------------------------------------------
    m("i386.args-2-3-swapped", "i386", "argument registers", RAW + "arch/i386.hpp",
      ''': "0"(n), "D"(a1), "c"(a2), "d"(a3)\n''',
      ''': "0"(n), "D"(a1), "c"(a3), "d"(a2)\n''',
      "3-argument calls pass arguments 2 and 3 in edx, ecx"),
    m("i386.arg6-is-arg1", "i386", "argument registers", RAW + "arch/i386.hpp",
      '''"mov 8(%%eax), %%ebp\\n\\t"''',
      '''"mov 4(%%eax), %%ebp\\n\\t"''',
      "6-argument calls (mmap2) pass the 1st argument as the 6th"),
    m("i386.sigreturn-old", "i386", "sigreturn trampoline", RAW + "arch/i386.hpp",
      '''SYSABI_STR(__NR_rt_sigreturn) R"(, %eax''',
      '''SYSABI_STR(__NR_sigreturn) R"(, %eax''',
      "the trampoline calls the old sigreturn on an rt_sigframe"),
    m("i386.start-misaligned", "i386", "_start stack alignment", CRT + "i386/start.S",
      '''sub     $12, %esp ''',
      '''sub     $8, %esp ''',
      "_start calls into C with esp % 16 == 4 after the return address"),
    m("i386.stat64-no-pad3", "i386", "kernel struct padding", RAW + "kernel/i386.hpp",
      '''  unsigned char __pad3[4];\n  long long st_size;''',
      '''  long long st_size;\n  unsigned char __pad3[4];''',
      "stat64 has its padding after st_size instead of before"),
    m("i386.mmap2-offset-units", "i386 arm", "64-bit values", RAW + "calls.hpp",
      '''offset >> 12));''',
      '''offset >> 13));''',
      "mmap2's offset in 8 KiB units, not 4 KiB pages"),
    m("i386.llseek-halves-swapped", "i386 arm", "64-bit values in two registers", RAW + "calls.hpp",
      '''static_cast<unsigned long>(u >> 32),\n                          static_cast<unsigned long>(u),''',
      '''static_cast<unsigned long>(u),\n                          static_cast<unsigned long>(u >> 32),''',
      "_llseek gets the low word of the offset first"),
    # --- aarch64 ----------------------------------------------------------------
    m("aarch64.arg3-in-x3", "aarch64", "argument registers", RAW + "arch/aarch64.hpp",
      '''  register long x2 asm("x2") = a3;\n  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");''',
      '''  register long x2 asm("x3") = a3;\n  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");''',
      "3-argument calls pass the 3rd argument in x3"),
    m("aarch64.number-in-x7", "aarch64", "syscall numbers", RAW + "arch/aarch64.hpp",
      '''  register long x8 asm("x8") = n;\n  register long x0 asm("x0") = a1;\n  asm volatile''',
      '''  register long x8 asm("x7") = n;\n  register long x0 asm("x0") = a1;\n  asm volatile''',
      "1-argument calls put the number in x7"),
    m("aarch64.no-memory-clobber", "aarch64", "clobbers", RAW + "arch/aarch64.hpp",
      '''"r"(x1), "r"(x2) : "memory");''',
      '''"r"(x1), "r"(x2));''',
      'the 3-argument call drops its "memory" clobber'),
    m("aarch64.sigreturn-number", "aarch64", "sigreturn trampoline", RAW + "arch/aarch64.hpp",
      '''mov     x8, #)" SYSABI_STR(__NR_rt_sigreturn)''',
      '''mov     x8, #)" SYSABI_STR(__NR_getpid)''',
      "the signal trampoline calls getpid instead of rt_sigreturn"),
    m("aarch64.start-frame-pointer", "aarch64", "_start frame pointer", CRT + "aarch64/start.S",
      '''mov     x29, #0 ''',
      '''mov     x29, sp ''',
      "the outermost frame record pointer is sp, not 0"),
    m("aarch64.start-misaligned", "aarch64", "_start stack alignment", CRT + "aarch64/start.S",
      '''and     sp, x0, #-16 ''',
      '''sub     sp, x0, #8 ''',
      "_start calls into C with sp % 16 == 8"),
    m("aarch64.setjmp-d9", "aarch64", "setjmp/longjmp registers", "abi_checks/setjmp/aarch64.S",
      '''stp     d8, d9, [x0, #SJ_D8] ''',
      '''stp     d8, d8, [x0, #SJ_D8] ''',
      "our setjmp saves d8 twice and never d9"),
    m("generic.stat-blksize-pad", "aarch64 riscv64", "kernel struct padding", RAW + "kernel/generic.hpp",
      '''  int st_blksize;\n  int __pad2;''',
      '''  int __pad2;\n  int st_blksize;''',
      "asm-generic stat's st_blksize and its padding swapped"),
    # --- arm --------------------------------------------------------------------
    m("arm.arg2-in-r2", "arm", "argument registers", RAW + "arch/arm.hpp",
      '''  register long r1 asm("r1") = a2;\n  asm volatile''',
      '''  register long r1 asm("r2") = a2;\n  asm volatile''',
      "2-argument calls pass the 2nd argument in r2"),
    m("arm.no-memory-clobber", "arm", "clobbers", RAW + "arch/arm.hpp",
      '''"r"(r1), "r"(r2)\n               : "memory");''',
      '''"r"(r1), "r"(r2)\n               : );''',
      'the 3-argument call drops its "memory" clobber'),
    m("arm.sigreturn-old", "arm", "sigreturn trampoline", RAW + "arch/arm.hpp",
      '''mov     r7, #)" SYSABI_STR(__NR_rt_sigreturn)''',
      '''mov     r7, #)" SYSABI_STR(__NR_sigreturn)''',
      "the trampoline calls the old sigreturn on an rt_sigframe"),
    m("arm.start-frame-pointer", "arm", "_start frame pointer", CRT + "arm/start.S",
      '''mov     fp, #0 ''',
      '''mov     fp, sp ''',
      "the outermost ARM frame pointer is sp, not 0"),
    m("arm.setjmp-d15", "arm", "setjmp/longjmp registers", "abi_checks/setjmp/arm.S",
      '''vstmia  r1, {d8-d15} ''',
      '''vstmia  r1, {d8-d14} ''',
      "our setjmp does not save d15"),
    # --- riscv64 ----------------------------------------------------------------
    m("riscv64.arg2-in-a2", "riscv64", "argument registers", RAW + "arch/riscv64.hpp",
      '''  register long r1 asm("a1") = a2;\n  asm volatile("ecall" : "+r"(a0) : "r"(a7), "r"(r1) : "memory");''',
      '''  register long r1 asm("a2") = a2;\n  asm volatile("ecall" : "+r"(a0) : "r"(a7), "r"(r1) : "memory");''',
      "2-argument calls pass the 2nd argument in a2"),
    m("riscv64.no-memory-clobber", "riscv64", "clobbers", RAW + "arch/riscv64.hpp",
      '''"r"(r1), "r"(r2) : "memory");''',
      '''"r"(r1), "r"(r2));''',
      'the 3-argument call drops its "memory" clobber'),
    m("riscv64.sigreturn-number", "riscv64", "sigreturn trampoline", RAW + "arch/riscv64.hpp",
      '''li      a7, )" SYSABI_STR(__NR_rt_sigreturn)''',
      '''li      a7, )" SYSABI_STR(__NR_getpid)''',
      "the signal trampoline calls getpid instead of rt_sigreturn"),
    m("riscv64.start-no-gp", "riscv64", "_start registers", CRT + "riscv64/start.S",
      '''lla     gp, __global_pointer$''',
      '''li      gp, 0''',
      "_start leaves gp 0 instead of __global_pointer$"),
    m("riscv64.start-misaligned", "riscv64", "_start stack alignment", CRT + "riscv64/start.S",
      '''andi    sp, sp, -16 ''',
      '''addi    sp, sp, -8 ''',
      "_start calls into C with sp % 16 == 8"),
    m("riscv64.setjmp-fs1", "riscv64", "setjmp/longjmp registers", "abi_checks/setjmp/riscv64.S",
      '''fsd     fs1, SJ_FS0+8(a0)''',
      '''fsd     fs0, SJ_FS0+8(a0)''',
      "our setjmp saves fs0 where fs1 belongs"),
]


def log(msg):
    print(f"mutation-test: {msg}", file=sys.stderr, flush=True)


def run(cmd, cwd, timeout, env=None):
    """(exit status or "timeout", combined output). The command gets its own
    process group, killed whole on timeout."""
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors="replace", start_new_session=True)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        return "timeout", out
    except BaseException:  # interrupted: take the command's whole group with us
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        raise


def copy_tree(dest):
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=REPO, check=True, capture_output=True).stdout.split(b"\0")
    for rel in files:
        if not rel:
            continue
        rel = rel.decode()
        src = os.path.join(REPO, rel)
        if not os.path.isfile(src) or rel.startswith("build"):
            continue
        dst = os.path.join(dest, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)


def applies(text, mutant):
    """None if the mutant applies exactly once, else why not."""
    n = text.count(mutant.old)
    if n == 0:
        return "no longer applies (the text to replace is not in the file)"
    if n > 1:
        return f"ambiguous (the text to replace is in the file {n} times)"
    return None


def check_catalogue(mutants, root):
    bad = 0
    for mu in mutants:
        path = os.path.join(root, mu.path)
        why = "no longer applies (file missing)" if not os.path.exists(path) else \
            applies(open(path).read(), mu)
        print(f"{mu.name:36} {'ok' if why is None else why}")
        bad += why is not None
    return bad


class Suite:
    """The scratch tree, its build, and the tests run against it."""

    def __init__(self, scratch, variants, timeout):
        self.scratch = scratch
        self.src = os.path.join(scratch, "src")
        # The raw layer's GoogleTest programs (tests/unit/raw_*_test.cpp) run
        # on the host, x86_64: built and run for the mutants that touch it.
        unit_dir = os.path.join(REPO, "tests", "unit")
        self.unit = sorted(f[:-4] for f in os.listdir(unit_dir)
                           if f.startswith("raw_") and f.endswith("_test.cpp")) \
            if any(v.startswith("x86_64-") for v in variants) else []
        self.build = os.path.join(self.src, "build")
        self.variants = variants
        self.timeout = timeout

    def configure(self):
        status, out = run(["nice", "-n", "10", "cmake", "--preset", "default",
                           "-DSYSABI_VARIANTS=" + ";".join(self.variants),
                           "-DSYSABI_BUILD_FUZZ=OFF", "-DSYSABI_BUILD_BENCH=OFF"],
                          self.src, 1800)
        if status != 0:
            sys.exit(f"mutation-test: configure failed:\n{out[-3000:]}")

    def rebuild(self):
        """None if the build succeeded, else its first error line.  Only what
        the tests run here use: the CLI, the ABI tables, the struct layouts
        and the variants' probes (not the unit tests, benchmarks or fuzzers)."""
        targets = (["sysabi", "abi_targets", "struct_layouts"] + self.unit
                   + ["variant-" + v for v in self.variants])
        status, out = run(["nice", "-n", "10", "cmake", "--build", "build", "-j2", "--target"]
                          + targets, self.src, 1800)
        if status == 0:
            return None
        errors = [l for l in out.splitlines() if re.search(r"error|Error \d", l)]
        return (errors[0] if errors else f"build exited {status}").strip()[:200]

    def tests(self, arches):
        """{test name: "pass" | "fail" | "timeout"} for the lit directories and
        `sysabi run` over the arches' variants."""
        results = {}
        tests = []
        for arch in arches:
            for t in LIT_TESTS[arch]:
                if not os.path.exists(os.path.join(self.src, "tests", "lit", t)):
                    log(f"warning: tests/lit/{t} is gone; left out")
                elif t not in tests:
                    tests.append(t)
        paths = [os.path.join(self.build, "tests", "lit", t) for t in tests]
        status, out = run([sys.executable, LIT, "-v", "--no-progress-bar"] + paths,
                          self.src, self.timeout)
        if status == "timeout":
            results["lit (whole run)"] = f"timeout after {self.timeout} s"
        for mt in re.finditer(r"^(FAIL|XPASS|TIMEOUT|UNRESOLVED): sysabi :: (\S+)", out, re.M):
            results["lit " + mt.group(2)] = mt.group(1).lower()
        if "x86_64" in arches:
            for name in self.unit:
                status, out = run([os.path.join(self.build, "tests", "unit", name)], self.src,
                                  self.timeout)
                if status != 0:
                    failed = re.findall(r"^\[  FAILED  \] (\S+\.\S+)", out, re.M)
                    results["unit " + name] = ("timeout" if status == "timeout" else
                                               "fail: " + ", ".join(sorted(set(failed))[:3]))
        variants = [v for a in arches for v in VARIANTS[a] if v in self.variants]
        report = os.path.join(self.build, "mutation-run.json")
        status, out = run([os.path.join(self.build, "bin", "sysabi"), "run", "--variant",
                           ",".join(variants), "--json", report, "--timeout-ms", "10000"],
                          self.src, self.timeout)
        if status != 0:
            fails = [l.split(":")[0].split()[1] + " " + l.split("[")[1].split("]")[0]
                     for l in out.splitlines() if l.startswith("FAIL ") and "[" in l]
            first = ", ".join(fails[:3]) + (f" (+{len(fails) - 3} more)" if len(fails) > 3 else "")
            results["sysabi run"] = (f"timeout after {self.timeout} s" if status == "timeout"
                                     else f"exit {status}: {first}")
        return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", action="store_true", help="print the catalogue and exit")
    ap.add_argument("--check", action="store_true",
                    help="only say whether each mutant applies exactly once to this tree")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="these mutants only")
    ap.add_argument("--arch", nargs="+", choices=ARCHES, help="mutants tested on these arches only")
    ap.add_argument("--timeout", type=int, default=600,
                    help="seconds for each test command (lit, sysabi run) per mutant (default 600)")
    ap.add_argument("--out", default=None, help="write the markdown table here (default: stdout)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch directory")
    ap.add_argument("--scratch", metavar="DIR",
                    help="use (and keep) this scratch directory; a second run with the same "
                         "DIR rebuilds incrementally")
    args = ap.parse_args()

    mutants = CATALOGUE
    if args.only:
        known = {mu.name for mu in CATALOGUE}
        for name in args.only:
            if name not in known:
                print(f"mutation-test: unknown mutant '{name}' (see --list)", file=sys.stderr)
                return 2
        mutants = [mu for mu in mutants if mu.name in args.only]
    if args.arch:
        mutants = [mu for mu in mutants if set(mu.arches) & set(args.arch)]

    if args.list:  # a markdown table, as docs/mutation.md shows it
        print("| mutant | arches | category | file | the bug |")
        print("|---|---|---|---|---|")
        for mu in mutants:
            print(f"| `{mu.name}` | {'+'.join(mu.arches)} | {mu.category} | `{mu.path}` | {mu.why} |")
        return 0
    if args.check:
        return 1 if check_catalogue(mutants, REPO) else 0

    arches = [a for a in ARCHES if any(a in mu.arches for mu in mutants)]
    variants = [v for a in arches for v in VARIANTS[a]]
    if args.scratch:
        scratch = os.path.abspath(args.scratch)
        os.makedirs(scratch, exist_ok=True)
        args.keep = True
    else:
        scratch = tempfile.mkdtemp(prefix="sysabi-mutation-")
    # SIGTERM/SIGHUP end the run like ^C: the running command's group is
    # killed, the mutated file put back and the scratch tree removed.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, signal.default_int_handler)
    started = time.time()
    rows = []
    try:
        suite = Suite(scratch, variants, args.timeout)
        log(f"copying the tree to {suite.src}")
        copy_tree(suite.src)
        log(f"configuring with {len(variants)} variants: {', '.join(variants)}")
        suite.configure()
        log("building the unmutated tree")
        err = suite.rebuild()
        if err:
            sys.exit(f"mutation-test: the unmutated tree does not build: {err}")
        log("baseline: the tests on the unmutated tree")
        baseline = suite.tests(arches)
        if baseline:
            log(f"baseline failures (ignored below): {baseline}")
        for i, mu in enumerate(mutants, 1):
            t0 = time.time()
            path = os.path.join(suite.src, mu.path)
            original = open(path).read() if os.path.exists(path) else None
            why = "no longer applies (file missing)" if original is None else applies(original, mu)
            if why:
                log(f"[{i}/{len(mutants)}] mutant {mu.name} {why}")
                rows.append((mu, "NOT RUN: mutant " + why, 0))
                continue
            log(f"[{i}/{len(mutants)}] {mu.name}: {mu.why}")
            with open(path, "w") as f:
                f.write(original.replace(mu.old, mu.new, 1))
            try:
                err = suite.rebuild()
                if err:
                    caught = "the build: " + err
                else:
                    found = {k: v for k, v in suite.tests(mu.arches).items() if k not in baseline}
                    caught = "; ".join(f"{k} ({v})" for k, v in sorted(found.items())) \
                        or "NOT CAUGHT"
            finally:
                with open(path, "w") as f:
                    f.write(original)
            log(f"    -> {caught}")
            rows.append((mu, caught, time.time() - t0))
        log("restoring: rebuilding the unmutated tree")
        suite.rebuild()
    finally:
        if args.keep:
            log(f"scratch tree kept at {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    total = time.time() - started
    lines = ["| mutant | arches | category | file | bug | caught by | seconds |",
             "|---|---|---|---|---|---|---|"]
    for mu, caught, secs in rows:
        cell = caught.replace("|", "\\|")
        lines.append(f"| `{mu.name}` | {'+'.join(mu.arches)} | {mu.category} | `{mu.path}` | "
                     f"{mu.why} | {cell} | {secs:.0f} |")
    caught_n = sum(1 for _, c, _ in rows if not c.startswith(("NOT CAUGHT", "NOT RUN")))
    lines.append("")
    lines.append(f"{caught_n} of {len(rows)} mutants caught; {total / 60:.1f} minutes in all "
                 f"(variants: {', '.join(variants)}).")
    text = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    print(text, end="")
    return 0 if caught_n == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
