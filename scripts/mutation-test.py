#!/usr/bin/env python3
"""scripts/mutation-test.py - plant named ABI bugs one at a time and record
which test catches each (docs/mutation.md).

Each mutant is one exact text substitution (file, old, new) in the raw layer
or the probes' own assembly, with the probes that can see it.  The script
copies the source tree (the working tree's tracked and untracked-but-not-
ignored files) into a scratch directory (mktemp -d; the source tree is never
touched), configures it once with the variants of the chosen mutants'
arches (ARCHES below), builds the CLI and those variants, runs every test
once unmutated (the baseline: a test that already fails there cannot be said
to catch anything), then for each mutant: applies it (it must match as many
times as it says, otherwise it is reported as "no longer applies"),
rebuilds only its arches' variants (and any variant a previous mutant left
built from mutated sources), runs its tests each under a time limit - the
lit tests of its probes on its arches, and `sysabi run --variant <its
variants> --probe <its probes>` - records what failed, and puts the file
back.  A mutant the compiler rejects (a static_assert on a struct layout)
is recorded as caught by the build, and is then run once more with
raw_syscalls/check/uapi_layout.cpp emptied in the scratch copy, so that the
run-time tests must catch it too.

    scripts/mutation-test.py --list                 the catalogue (a markdown table)
    scripts/mutation-test.py --check                does every mutant apply to this tree?
    scripts/mutation-test.py [--only NAME ...] [--arch ARCH ...] [--out FILE]
                             [--timeout S] [--keep | --scratch DIR]

Exit status: 0 every mutant that was run was caught; 1 one was not caught or
no longer applies; 2 bad usage or a broken baseline.
"""
import argparse
import json
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
# lit's --timeout needs psutil: Debian's python3-psutil (scripts/bootstrap.sh)
# is in /usr/bin/python3's path, not necessarily in this interpreter's.
LIT_PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
UAPI_CHECK = "raw_syscalls/check/uapi_layout.cpp"


@dataclass
class Arch:
    """What a mutant of this arch is tested with."""
    variants: list  # rebuilt per mutant and run by `sysabi run`: the raw layer alone
    lit: dict       # probe -> the lit tests (under tests/lit/) that run it on this arch
    also: list      # configured too, for those lit tests, and left unmutated


# One entry per arch.  A new arch adds its line here and its mutants to
# CATALOGUE (a section of its own); lit tests that do not exist (yet) are
# left out with a warning, and lit marks one whose variants are not
# configured UNSUPPORTED.  A mutant is rebuilt and run in its arches' nolibc
# variant only (one variant builds in seconds; every mutant here is in code
# the nolibc variant runs); the libc variants are configured for the lit
# tests that compare them with it, and stay unmutated.
_FOREIGN_LIT = {"errno": ["errno/errno-foreign.test"],
                "startup": ["linkage/startup-nolibc.test", "linkage/startup-foreign.test"],
                "setjmp": ["setjmp/setjmp-other-arches.test"]}
ARCHES = {
    "x86_64": Arch(["x86_64-nolibc-static"],
                   {"errno": ["errno/errno.test"],
                    "raw_wrappers": ["probes/raw-wrappers.test"],
                    "startup": ["linkage/startup-nolibc.test"],
                    "setjmp": ["setjmp/setjmp.test"],
                    "pipes": ["pipes/pipes.test"],
                    "fifo": ["pipes/fifo.test"],
                    "mmap": ["memory/mmap.test"],
                    "mmap_sharing": ["memory/sharing.test"],
                    "stat": ["layout/stat-verify.test"],
                    "vdso_census": ["census/vdso.test"]},
                   ["x86_64-glibc-static", "x86_64-glibc-dynamic", "x86_64-musl-static"]),
    "i386": Arch(["i386-nolibc-static"],
                 dict(_FOREIGN_LIT, raw_wrappers=["probes/raw-wrappers-i386.test"],
                      stat=["layout/stat-verify.test"], vdso_census=["census/vdso-i386.test"]),
                 ["i386-glibc-static"]),
    "aarch64": Arch(["aarch64-nolibc-static"],
                    dict(_FOREIGN_LIT, raw_wrappers=["probes/raw-wrappers-aarch64.test"],
                         setjmp=["setjmp/setjmp-aarch64.test"], pipes=["pipes/pipes-qemu.test"],
                         mmap=["memory/mmap-qemu.test"],
                         mmap_sharing=["memory/sharing-qemu.test"]),
                    ["aarch64-glibc-static"]),
    "arm": Arch(["arm-nolibc-static"],
                dict(_FOREIGN_LIT, raw_wrappers=["probes/raw-wrappers-arm.test"]),
                ["arm-glibc-static"]),
    "riscv64": Arch(["riscv64-nolibc-static"],
                    dict(_FOREIGN_LIT, raw_wrappers=["probes/raw-wrappers-riscv64.test"]),
                    ["riscv64-glibc-static"]),
}

RAW = "raw_syscalls/include/sysabi/raw/"
CRT = "raw_syscalls/crt/arch/"


@dataclass
class Mutant:
    name: str
    arches: list    # whose variants are rebuilt and tested
    category: str
    path: str
    old: str
    new: str
    why: str        # the bug, in a few words
    probes: list    # the probes that can see it (sysabi run --probe; their lit tests)
    count: int = 1  # how many times `old` is in the file (all are replaced)
    suite: bool = False  # also the whole lit suite (the hung-suite demonstration)


def m(name, arches, category, path, old, new, why, probes, count=1, suite=False):
    return Mutant(name, arches.split(), category, path, old, new, why, probes.split(), count,
                  suite)


CATALOGUE = [
    # --- x86_64 ---------------------------------------------------------------
    m("x86_64.args-swapped", "x86_64", "argument registers", RAW + "arch/x86_64.hpp",
      '''asm volatile("syscall" : "=a"(ret) : "a"(n), "D"(a1), "S"(a2) : "rcx", "r11", "memory");''',
      '''asm volatile("syscall" : "=a"(ret) : "a"(n), "D"(a2), "S"(a1) : "rcx", "r11", "memory");''',
      "2-argument calls get their arguments in rsi, rdi (swapped)",
      "errno raw_wrappers"),
    m("x86_64.arg5-in-r9", "x86_64", "argument registers", RAW + "arch/x86_64.hpp",
      '''  register long r8 asm("r8") = a5;\n  asm volatile("syscall"''',
      '''  register long r8 asm("r9") = a5;\n  asm volatile("syscall"''',
      "the 5th argument of a 5-argument call goes in r9, not r8",
      "raw_wrappers stat"),
    # The bug that once hung the whole suite: run with every probe and the
    # whole lit suite, to show both end with failures within their limits.
    m("x86_64.no-memory-clobber", "x86_64", "clobbers", RAW + "arch/x86_64.hpp",
      '''"rcx", "r11", "memory");''',
      '''"rcx", "r11");''',
      'all seven calls drop their "memory" clobber: the compiler may keep buffers the kernel reads or writes in registers',
      "*", count=7, suite=True),
    m("x86_64.no-r11-clobber", "x86_64", "clobbers", RAW + "arch/x86_64.hpp",
      '''"d"(a3)\n               : "rcx", "r11", "memory");''',
      '''"d"(a3)\n               : "rcx", "memory");''',
      "the 3-argument call forgets that syscall overwrites r11 (rflags)",
      "raw_wrappers"),
    m("x86_64.sigreturn-number", "x86_64", "sigreturn trampoline", RAW + "arch/x86_64.hpp",
      '''" SYSABI_STR(__NR_rt_sigreturn) ", %eax   /* rax''',
      '''" SYSABI_STR(__NR_getpid) ", %eax   /* rax''',
      "the signal trampoline calls getpid instead of rt_sigreturn",
      "fifo pipes raw_wrappers"),
    m("x86_64.start-misaligned", "x86_64", "_start stack alignment", CRT + "x86_64/start.S",
      '''        and     $-16, %rsp ''',
      '''        and     $-16, %rsp\n        sub     $8, %rsp ''',
      "_start calls into C with rsp % 16 == 8 instead of 0",
      "startup"),
    m("x86_64.start-frame-pointer", "x86_64", "_start frame pointer", CRT + "x86_64/start.S",
      '''xor     %ebp, %ebp ''',
      '''mov     %rsp, %rbp ''',
      "the outermost frame pointer is the stack pointer, not 0",
      "startup"),
    m("x86_64.stat-uid-gid-swapped", "x86_64", "kernel struct members", RAW + "kernel/x86_64.hpp",
      '''  unsigned int st_uid;\n  unsigned int st_gid;''',
      '''  unsigned int st_gid;\n  unsigned int st_uid;''',
      "struct stat's st_uid and st_gid in each other's place",
      "raw_wrappers stat"),
    m("x86_64.setjmp-rbx", "x86_64", "setjmp/longjmp registers", "abi_checks/setjmp/x86_64.S",
      '''mov     SJ_RBX(%rdi), %rbx ''',
      '''mov     SJ_RBX(%rdi), %r11 ''',
      "our longjmp does not restore rbx",
      "setjmp"),
    m("x86_64.sigsetjmp-mask-slot", "x86_64", "signal masks", "abi_checks/setjmp/x86_64.S",
      '''lea     SJ_MASK(%rdi), %rdx ''',
      '''lea     SJ_MASK+8(%rdi), %rdx ''',
      "our sigsetjmp saves the signal mask past the slot siglongjmp restores",
      "setjmp"),
    m("x86_64.cc-mxcsr-leak", "x86_64", "FP control", "abi_checks/calling_convention/x86_64.S",
      '''ldmxcsr MISC(CC_M_FPCTL_SAVED)(%rax)''',
      '''nop''',
      "the calling-convention helper leaves its distinctive mxcsr behind",
      "calling_convention"),
    # --- common code, tested on x86_64 --------------------------------------------
    m("common.errno-range-short", "x86_64", "result/errno decoding", RAW + "result.hpp",
      '''static_cast<ureg>(-max_errno - 1)''',
      '''static_cast<ureg>(-max_errno)''',
      "-4095 is taken for a successful result",
      "errno"),
    m("common.errno-sign", "x86_64", "result/errno decoding", RAW + "result.hpp",
      '''return ok() ? 0 : static_cast<int>(-raw_);''',
      '''return ok() ? 0 : static_cast<int>(raw_);''',
      "error() returns -errno instead of errno",
      "errno"),
    m("common.sigset-size", "x86_64", "signal masks", RAW + "kernel/common.hpp",
      '''kernel_sigset_size = sizeof(kernel_sigset);''',
      '''kernel_sigset_size = 2 * sizeof(kernel_sigset);''',
      "rt_sigprocmask/rt_sigaction are told the sigset is twice its size",
      "raw_wrappers fifo"),
    m("common.sigaction-restorer-order", "x86_64", "kernel struct members", RAW + "kernel/common.hpp",
      '''  unsigned long sa_flags;\n  void (*sa_restorer)();''',
      '''  void (*sa_restorer)();\n  unsigned long sa_flags;''',
      "struct sigaction's sa_flags and sa_restorer swapped",
      "raw_wrappers fifo"),
    m("common.dirent-reclen-type", "x86_64", "kernel struct members", RAW + "kernel/common.hpp",
      '''  u16 d_reclen;\n  u8 d_type;''',
      '''  u8 d_type;\n  u16 d_reclen;''',
      "struct linux_dirent64's d_reclen and d_type swapped",
      "raw_wrappers"),
    m("common.vdso-functions-ignored", "x86_64", "vDSO lookup", RAW + "vdso.hpp",
      '''if (type != 2 /* STT_FUNC */ && type != 1 /* STT_OBJECT */) continue;''',
      '''if (type != 1 /* STT_OBJECT */) continue;''',
      "the vDSO symbol lookup skips every function",
      "startup vdso_census"),
    # --- i386 -------------------------------------------------------------------
    m("i386.args-2-3-swapped", "i386", "argument registers", RAW + "arch/i386.hpp",
      ''': "0"(n), "D"(a1), "c"(a2), "d"(a3)\n''',
      ''': "0"(n), "D"(a1), "c"(a3), "d"(a2)\n''',
      "3-argument calls pass arguments 2 and 3 in edx, ecx",
      "errno raw_wrappers"),
    m("i386.arg6-is-arg1", "i386", "argument registers", RAW + "arch/i386.hpp",
      '''"mov 8(%%eax), %%ebp\\n\\t"''',
      '''"mov 4(%%eax), %%ebp\\n\\t"''',
      "6-argument calls (mmap2) pass the 1st argument as the 6th",
      "mmap raw_wrappers"),
    m("i386.sigreturn-old", "i386", "sigreturn trampoline", RAW + "arch/i386.hpp",
      '''" SYSABI_STR(__NR_rt_sigreturn) ", %eax''',
      '''" SYSABI_STR(__NR_sigreturn) ", %eax''',
      "the trampoline calls the old sigreturn on an rt_sigframe",
      "fifo pipes raw_wrappers"),
    m("i386.start-misaligned", "i386", "_start stack alignment", CRT + "i386/start.S",
      '''sub     $12, %esp ''',
      '''sub     $8, %esp ''',
      "_start calls into C with esp % 16 == 4 after the return address",
      "startup"),
    m("i386.start-frame-pointer", "i386", "_start frame pointer", CRT + "i386/start.S",
      '''xor     %ebp, %ebp ''',
      '''mov     %esp, %ebp ''',
      "the outermost frame pointer is the stack pointer, not 0",
      "startup"),
    m("i386.stat64-no-pad3", "i386", "kernel struct padding", RAW + "kernel/i386.hpp",
      '''  unsigned char __pad3[4];\n  long long st_size;''',
      '''  long long st_size;\n  unsigned char __pad3[4];''',
      "stat64 has its padding after st_size instead of before",
      "raw_wrappers stat"),
    m("i386.mmap2-offset-units", "i386 arm", "64-bit values", RAW + "calls.hpp",
      '''offset >> 12));''',
      '''offset >> 13));''',
      "mmap2's offset in 8 KiB units, not 4 KiB pages",
      "mmap raw_wrappers"),
    m("i386.llseek-halves-swapped", "i386 arm", "64-bit values in two registers", RAW + "calls.hpp",
      '''static_cast<unsigned long>(u >> 32),\n                          static_cast<unsigned long>(u),''',
      '''static_cast<unsigned long>(u),\n                          static_cast<unsigned long>(u >> 32),''',
      "_llseek gets the low word of the offset first",
      "raw_wrappers"),
    # --- aarch64 ----------------------------------------------------------------
    m("aarch64.arg3-in-x3", "aarch64", "argument registers", RAW + "arch/aarch64.hpp",
      '''  register long x2 asm("x2") = a3;\n  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");''',
      '''  register long x2 asm("x3") = a3;\n  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");''',
      "3-argument calls pass the 3rd argument in x3",
      "errno raw_wrappers"),
    m("aarch64.number-in-x7", "aarch64", "syscall numbers", RAW + "arch/aarch64.hpp",
      '''  register long x8 asm("x8") = n;\n  register long x0 asm("x0") = a1;\n  asm volatile''',
      '''  register long x8 asm("x7") = n;\n  register long x0 asm("x0") = a1;\n  asm volatile''',
      "1-argument calls put the number in x7",
      "errno raw_wrappers"),
    m("aarch64.no-memory-clobber", "aarch64", "clobbers", RAW + "arch/aarch64.hpp",
      '''"r"(x1), "r"(x2) : "memory");''',
      '''"r"(x1), "r"(x2));''',
      'the 3-argument call drops its "memory" clobber',
      "pipes fifo mmap_sharing raw_wrappers"),
    m("aarch64.sigreturn-number", "aarch64", "sigreturn trampoline", RAW + "arch/aarch64.hpp",
      '''mov     x8, #" SYSABI_STR(__NR_rt_sigreturn)''',
      '''mov     x8, #" SYSABI_STR(__NR_getpid)''',
      "the signal trampoline calls getpid instead of rt_sigreturn",
      "fifo pipes raw_wrappers"),
    m("aarch64.start-frame-pointer", "aarch64", "_start frame pointer", CRT + "aarch64/start.S",
      '''mov     x29, #0 ''',
      '''mov     x29, sp ''',
      "the outermost frame record pointer is sp, not 0",
      "startup"),
    m("aarch64.start-misaligned", "aarch64", "_start stack alignment", CRT + "aarch64/start.S",
      '''and     sp, x0, #-16 ''',
      '''sub     sp, x0, #8 ''',
      "_start calls into C with sp % 16 == 8",
      "startup"),
    m("aarch64.setjmp-d9", "aarch64", "setjmp/longjmp registers", "abi_checks/setjmp/aarch64.S",
      '''stp     d8, d9, [x0, #SJ_D8] ''',
      '''stp     d8, d8, [x0, #SJ_D8] ''',
      "our setjmp saves d8 twice and never d9",
      "setjmp"),
    m("generic.stat-blksize-pad", "aarch64 riscv64", "kernel struct padding", RAW + "kernel/generic.hpp",
      '''  int st_blksize;\n  int __pad2;''',
      '''  int __pad2;\n  int st_blksize;''',
      "asm-generic stat's st_blksize and its padding swapped",
      "raw_wrappers stat"),
    # --- arm --------------------------------------------------------------------
    m("arm.arg2-in-r2", "arm", "argument registers", RAW + "arch/arm.hpp",
      '''  register long r1 asm("r1") = a2;\n  asm volatile''',
      '''  register long r1 asm("r2") = a2;\n  asm volatile''',
      "2-argument calls pass the 2nd argument in r2",
      "errno raw_wrappers"),
    m("arm.no-memory-clobber", "arm", "clobbers", RAW + "arch/arm.hpp",
      '''"r"(r1), "r"(r2)\n               : "memory");''',
      '''"r"(r1), "r"(r2)\n               : );''',
      'the 3-argument call drops its "memory" clobber',
      "pipes fifo mmap_sharing raw_wrappers"),
    m("arm.sigreturn-old", "arm", "sigreturn trampoline", RAW + "arch/arm.hpp",
      '''mov     r7, #" SYSABI_STR(__NR_rt_sigreturn)''',
      '''mov     r7, #" SYSABI_STR(__NR_sigreturn)''',
      "the trampoline calls the old sigreturn on an rt_sigframe",
      "fifo pipes raw_wrappers"),
    m("arm.start-frame-pointer", "arm", "_start frame pointer", CRT + "arm/start.S",
      '''mov     fp, #0 ''',
      '''mov     fp, sp ''',
      "the outermost ARM frame pointer is sp, not 0",
      "startup"),
    m("arm.setjmp-d15", "arm", "setjmp/longjmp registers", "abi_checks/setjmp/arm.S",
      '''vstmia  r1, {d8-d15} ''',
      '''vstmia  r1, {d8-d14} ''',
      "our setjmp does not save d15",
      "setjmp"),
    # --- riscv64 ----------------------------------------------------------------
    m("riscv64.arg2-in-a2", "riscv64", "argument registers", RAW + "arch/riscv64.hpp",
      '''  register long r1 asm("a1") = a2;\n  asm volatile("ecall" : "+r"(a0) : "r"(a7), "r"(r1) : "memory");''',
      '''  register long r1 asm("a2") = a2;\n  asm volatile("ecall" : "+r"(a0) : "r"(a7), "r"(r1) : "memory");''',
      "2-argument calls pass the 2nd argument in a2",
      "errno raw_wrappers"),
    m("riscv64.no-memory-clobber", "riscv64", "clobbers", RAW + "arch/riscv64.hpp",
      '''"r"(r1), "r"(r2) : "memory");''',
      '''"r"(r1), "r"(r2));''',
      'the 3-argument call drops its "memory" clobber',
      "pipes fifo mmap_sharing raw_wrappers"),
    # No sigreturn mutant on riscv64: it has no SA_RESTORER, the kernel always
    # returns through the vDSO's trampoline, and sysabi_restore_rt is never
    # run there (a mutant of it is not observable at run time).
    m("riscv64.arg6-in-a6", "riscv64", "argument registers", RAW + "arch/riscv64.hpp",
      '''  register long r5 asm("a5") = a6;''',
      '''  register long r5 asm("a6") = a6;''',
      "6-argument calls (mmap) pass the 6th argument in a6, not a5",
      "mmap raw_wrappers"),
    m("riscv64.start-no-gp", "riscv64", "_start registers", CRT + "riscv64/start.S",
      '''lla     gp, __global_pointer$''',
      '''li      gp, 0''',
      "_start leaves gp 0 instead of __global_pointer$",
      "startup"),
    m("riscv64.start-misaligned", "riscv64", "_start stack alignment", CRT + "riscv64/start.S",
      '''andi    sp, sp, -16 ''',
      '''addi    sp, sp, -8 ''',
      "_start calls into C with sp % 16 == 8",
      "startup"),
    m("riscv64.start-frame-pointer", "riscv64", "_start frame pointer", CRT + "riscv64/start.S",
      '''li      s0, 0 ''',
      '''mv      s0, sp ''',
      "the outermost frame pointer (s0) is sp, not 0",
      "startup"),
    m("riscv64.setjmp-fs1", "riscv64", "setjmp/longjmp registers", "abi_checks/setjmp/riscv64.S",
      '''fsd     fs1, SJ_FS0+8(a0)''',
      '''fsd     fs0, SJ_FS0+8(a0)''',
      "our setjmp saves fs0 where fs1 belongs",
      "setjmp"),
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
        # A file already there with the same bytes is left alone; any other
        # is copied with a new mtime, so that a reused --scratch build sees
        # it changed (copy2's old mtime could hide it behind an output built
        # later from a mutated copy).
        if os.path.isfile(dst):
            with open(src, "rb") as a, open(dst, "rb") as b:
                if a.read() == b.read():
                    continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
        shutil.copymode(src, dst)


def applies(text, mutant):
    """None if the mutant's text is in the file as many times as it says, else why not."""
    n = text.count(mutant.old)
    if n == 0:
        return "no longer applies (the text to replace is not in the file)"
    if n != mutant.count:
        return f"no longer applies (the text to replace is in the file {n} times, not {mutant.count})"
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


def lit_tests(mu):
    """The lit tests of the mutant's probes on its arches, in order, once each."""
    tests = []
    for arch in mu.arches:
        table = ARCHES[arch].lit
        for probe in (table if mu.probes == ["*"] else mu.probes):
            for t in table.get(probe, []):
                if t not in tests:
                    tests.append(t)
    return tests


class Suite:
    """The scratch tree, its build, and the tests run against it."""

    def __init__(self, scratch, variants, timeout):
        self.src = os.path.join(scratch, "src")
        self.build = os.path.join(self.src, "build")
        self.variants = variants
        self.timeout = timeout
        self.dirty = set()  # variants last built from a mutated tree
        self.suite_baseline = set()  # the whole lit suite's failures, unmutated

    def configure(self):
        status, out = run(["nice", "-n", "10", "cmake", "--preset", "default",
                           "-DSYSABI_VARIANTS=" + ";".join(self.variants),
                           "-DSYSABI_BUILD_FUZZ=OFF", "-DSYSABI_BUILD_BENCH=OFF"],
                          self.src, 1800)
        if status != 0:
            sys.exit(f"mutation-test: configure failed:\n{out[-3000:]}")

    def rebuild(self, variants=None, extra=()):
        """None if the build succeeded, else its first error line.  Only the
        variants named (default: all), and those a previous mutant left built
        from mutated sources."""
        variants = set(self.variants if variants is None else variants) | self.dirty
        targets = list(extra) + ["variant-" + v for v in self.variants if v in variants]
        status, out = run(["nice", "-n", "10", "cmake", "--build", "build", "-j2", "--target"]
                          + targets, self.src, 1800)
        self.dirty -= variants
        if status == 0:
            return None
        errors = [l for l in out.splitlines() if re.search(r"error|Error \d", l)]
        first = (errors[0] if errors else f"build exited {status}").strip()
        return first.replace(self.src + "/", "")[:300]

    def lit(self, tests, per_test):
        """{"lit <test>": "fail" | "timeout" | ...} for the tests that did not pass."""
        results = {}
        paths = []
        for t in tests:
            if os.path.exists(os.path.join(self.src, "tests", "lit", t)):
                paths.append(os.path.join(self.build, "tests", "lit", t))
            else:
                log(f"warning: tests/lit/{t} is not there; left out")
        if not paths:
            return results
        status, out = run([LIT_PYTHON, LIT, "-v", "--no-progress-bar", f"--timeout={per_test}"]
                          + paths, self.src, self.timeout)
        if status == "timeout":
            results["lit (whole run)"] = f"timeout after {self.timeout} s"
        for mt in re.finditer(r"^(FAIL|XPASS|TIMEOUT|UNRESOLVED): sysabi :: (\S+)", out, re.M):
            results["lit " + mt.group(2)] = mt.group(1).lower()
        return results

    def sysabi_run(self, variants, probes, known=frozenset()):
        """{"sysabi run": "exit N ...: <failed facts>"} when it did not exit 0
        with a fact failing that is not in `known` (the baseline's failures),
        or ran over its time limit; and the set of (fact id, variant) failed."""
        report = os.path.join(self.build, "mutation-run.json")
        if os.path.exists(report):
            os.unlink(report)
        cmd = [os.path.join(self.build, "bin", "sysabi"), "run", "--variant", ",".join(variants),
               "--json", report, "--timeout-ms", "10000"]
        if probes != ["*"]:
            cmd += ["--probe", ",".join(probes)]
        t0 = time.time()
        status, out = run(cmd, self.src, self.timeout)
        secs = time.time() - t0
        if status == "timeout":
            return {"sysabi run": f"timeout after {self.timeout} s"}, set()
        failed = set()
        ended = {}
        try:
            with open(report) as f:
                facts = json.load(f)["facts"]
            failed = {(x["id"], x.get("variant", "")) for x in facts if x.get("status") == "fail"}
            # How a runner ended, when the host had to say it (timed out, killed).
            ended = {x["id"]: x.get("value") for x in facts
                     if x.get("status") == "fail" and x["id"].endswith(".completed")}
        except (OSError, ValueError, KeyError):
            pass
        new = sorted(failed - known)
        if status == 0 or (failed and not new):
            return {}, failed
        ids = []
        for fid, _ in new:
            if fid not in ids:
                ids.append(fid)
        first = ", ".join(ids[:3]) + (f" (+{len(ids) - 3} more)" if len(ids) > 3 else "")
        if ended:
            first += "; " + "; ".join(f"{k}: {v}" for k, v in sorted(ended.items()))
        if not first:  # no report, or no fact failed: how it ended
            first = (out.strip().splitlines() or ["no output"])[-1][:200]
        return {"sysabi run": f"exit {status} after {secs:.0f} s, {len(new)} failed facts: "
                              f"{first}"}, failed

    def tests(self, mu, known=frozenset()):
        """What failed among the mutant's tests: its lit tests, `sysabi run`
        over its arches' variants and probes, and for a `suite` mutant the
        whole lit suite."""
        variants = [v for a in mu.arches for v in ARCHES[a].variants]
        results = self.lit(lit_tests(mu), 120)
        results.update(self.sysabi_run(variants, mu.probes, known)[0])
        if mu.suite:
            results["whole lit suite"] = self.whole_suite(self.suite_baseline)[0]
        return results

    def baseline(self, arches):
        """The lit tests of every arch and `sysabi run` of every variant, on
        the unmutated tree: (lit tests that fail, facts that fail)."""
        base = Mutant("baseline", arches, "", "", "", "", "", ["*"])
        lit = self.lit(lit_tests(base), 300)
        run_result, failed = self.sysabi_run(self.variants, ["*"])
        return lit, failed, run_result

    def whole_suite(self, known=None):
        """The whole lit suite, with lit's own time limit per test (300 s,
        as ctest runs it): what hung before the watchdogs existed must now
        end.  (A one-line account, the tests that failed or timed out.)
        With `known` (the unmutated tree's failures) the account names the
        tests that fail only with the mutant."""
        t0 = time.time()
        status, out = run([LIT_PYTHON, LIT, "-s", "--no-progress-bar", "--timeout=300",
                           os.path.join(self.build, "tests", "lit")], self.src, 3600)
        secs = time.time() - t0
        bad = set(re.findall(r"^(?:FAIL|TIMEOUT|UNRESOLVED): sysabi :: (\S+)", out, re.M))
        timeouts = re.findall(r"^TIMEOUT: sysabi :: (\S+)", out, re.M)
        counts = "; ".join(re.sub(r"\s+", " ", m.group(0).strip()) for m in
                           re.finditer(r"^\s*(?:Passed|Failed|Unsupported|Timed Out|Unresolved)"
                                       r"\s*:\s*\d+", out, re.M))
        text = f"lit ended after {secs:.0f} s, status {status} ({counts})"
        if timeouts:
            text += f"; timed out: {', '.join(timeouts)}"
        if known is not None:
            new = sorted(bad - known)
            text += (f"; failing only with the mutant: {', '.join(new)}" if new else
                     "; no test fails that did not fail unmutated")
        return text, bad


def disable_check(src, err, saved):
    """Takes the compile-time check that rejected a mutant out of the scratch
    copy: first raw_syscalls/check/uapi_layout.cpp (emptied), then the
    static_assert the error names (made `static_assert(true || ...)`).  The
    files' original text goes into `saved`; what was taken out is returned,
    or None when there is nothing more to take out."""
    if UAPI_CHECK not in saved:
        path = os.path.join(src, UAPI_CHECK)
        saved[UAPI_CHECK] = open(path).read()
        with open(path, "w") as f:
            f.write("// emptied by scripts/mutation-test.py\n")
        return UAPI_CHECK + " emptied"
    mt = re.match(r"(\S+?):(\d+):\d+: error: static assertion failed", err or "")
    if not mt or not os.path.isfile(os.path.join(src, mt.group(1))):
        return None
    rel, line = mt.group(1), int(mt.group(2))
    path = os.path.join(src, rel)
    text = open(path).read()
    saved.setdefault(rel, text)
    lines = text.split("\n")
    for i in range(line - 1, max(line - 8, -1), -1):  # the statement starts on or above it
        if "static_assert(" in lines[i]:
            lines[i] = lines[i].replace("static_assert(", "static_assert(true || ", 1)
            with open(path, "w") as f:
                f.write("\n".join(lines))
            return f"the static_assert at {rel}:{i + 1} disabled"
    return None


def run_mutant(suite, mu, baseline):
    """Applies the mutant, rebuilds, tests, puts the file back: (caught by, note)."""
    path = os.path.join(suite.src, mu.path)
    original = open(path).read()
    variants = [v for a in mu.arches for v in ARCHES[a].variants]
    with open(path, "w") as f:
        f.write(original.replace(mu.old, mu.new))
    saved = {}
    try:
        err = suite.rebuild(variants)
        suite.dirty |= set(variants)
        caught = []
        if err:
            # The compiler rejected it: caught by the build.  Then again
            # without the compile-time checks that rejected it, so that the
            # run-time tests must catch it too.
            caught.append("the build: " + err)
            taken = []
            while err:
                what = disable_check(suite.src, err, saved)
                if what is None:
                    caught.append(f"(no run-time test: still rejected: {err})")
                    return caught, ""
                taken.append(what)
                err = suite.rebuild(variants)
            caught.append("then at run time, with " + " and ".join(taken) + ":")
        base_lit, base_facts = baseline
        found = {k: v for k, v in suite.tests(mu, base_facts).items()
                 if k not in base_lit or k == "whole lit suite"}
        runtime = [f"{k} ({v})" for k, v in found.items() if k != "whole lit suite"]
        if caught and not runtime:
            runtime = ["NOT CAUGHT at run time"]
        caught += runtime
        note = found.get("whole lit suite", "")
        return caught, note
    finally:
        # The disabled checks first: one may be in the mutated file itself,
        # saved with the mutant applied; the file's original text goes last.
        for rel, text in saved.items():
            with open(os.path.join(suite.src, rel), "w") as f:
                f.write(text)
        with open(path, "w") as f:
            f.write(original)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", action="store_true", help="print the catalogue and exit")
    ap.add_argument("--check", action="store_true",
                    help="only say whether each mutant applies to this tree")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="these mutants only")
    ap.add_argument("--arch", nargs="+", choices=list(ARCHES),
                    help="mutants tested on these arches only")
    ap.add_argument("--timeout", type=int, default=300,
                    help="seconds for each test command (lit, sysabi run) per mutant (default 300)")
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
        print("| mutant | arches | category | file | the bug | probes |")
        print("|---|---|---|---|---|---|")
        for mu in mutants:
            print(f"| `{mu.name}` | {'+'.join(mu.arches)} | {mu.category} | `{mu.path}` | {mu.why} "
                  f"| {' '.join(mu.probes) if mu.probes != ['*'] else 'all'} |")
        return 0
    if args.check:
        return 1 if check_catalogue(mutants, REPO) else 0

    arches = [a for a in ARCHES if any(a in mu.arches for mu in mutants)]
    variants = [v for a in arches for v in ARCHES[a].variants + ARCHES[a].also]
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
    notes = []
    try:
        suite = Suite(scratch, variants, args.timeout)
        log(f"copying the tree to {suite.src}")
        copy_tree(suite.src)
        log(f"configuring with {len(variants)} variants: {', '.join(variants)}")
        suite.configure()
        log("building the unmutated tree (the CLI and the variants)")
        err = suite.rebuild(extra=["sysabi", "abi_targets", "struct_layouts"])
        if err:
            sys.exit(f"mutation-test: the unmutated tree does not build: {err}")
        setup = time.time() - started
        log(f"baseline: the tests on the unmutated tree ({setup:.0f} s so far)")
        base_lit, base_facts, base_run = suite.baseline(arches)
        if any(mu.suite for mu in mutants):
            log("baseline: the whole lit suite on the unmutated tree")
            text, suite.suite_baseline = suite.whole_suite()
            log("    " + text)
            notes.append(("unmutated", text))
        baseline = (base_lit, base_facts)
        if base_lit or base_facts:
            log(f"baseline failures (ignored below): {base_lit} {base_run}")
        for i, mu in enumerate(mutants, 1):
            t0 = time.time()
            path = os.path.join(suite.src, mu.path)
            why = ("no longer applies (file missing)" if not os.path.exists(path)
                   else applies(open(path).read(), mu))
            if why:
                log(f"[{i}/{len(mutants)}] mutant {mu.name} {why}")
                rows.append((mu, ["NOT RUN: mutant " + why], 0))
                continue
            log(f"[{i}/{len(mutants)}] {mu.name}: {mu.why}")
            caught, note = run_mutant(suite, mu, baseline)
            if not caught:
                caught = ["NOT CAUGHT"]
            if note:
                notes.append((mu.name, note))
            log(f"    -> {'; '.join(caught)}" + (f" [{note}]" if note else ""))
            rows.append((mu, caught, time.time() - t0))
        log("restoring: rebuilding the unmutated variants")
        suite.rebuild([])
    finally:
        if args.keep:
            log(f"scratch tree kept at {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)

    total = time.time() - started
    lines = ["| mutant | arches | category | the bug | caught by | seconds |",
             "|---|---|---|---|---|---|"]
    for mu, caught, secs in rows:
        cell = "<br>".join(c.replace("|", "\\|") for c in caught)
        lines.append(f"| `{mu.name}` | {'+'.join(mu.arches)} | {mu.category} | {mu.why} | {cell} "
                     f"| {secs:.0f} |")
    caught_n = sum(1 for _, c, _ in rows
                   if not any(x.startswith(("NOT CAUGHT", "NOT RUN")) for x in c))
    lines.append("")
    for name, note in notes:
        lines.append(f"The whole lit suite, {'' if name == 'unmutated' else 'with '}`{name}`: "
                     f"{note}.")
        lines.append("")
    lines.append(f"{caught_n} of {len(rows)} mutants caught; {total / 60:.1f} minutes in all, "
                 f"{setup / 60:.1f} of them copying, configuring and building "
                 f"(variants: {', '.join(variants)}; baseline failures ignored: "
                 f"{', '.join(sorted(base_lit) + sorted(f'{i} [{v}]' for i, v in base_facts)) or 'none'}).")
    text = "\n".join(lines) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    print(text, end="")
    return 0 if caught_n == len(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
