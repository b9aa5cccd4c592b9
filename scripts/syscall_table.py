#!/usr/bin/env python3
"""scripts/syscall_table.py - one arch's system-call numbers, from its uapi headers.

    syscall_table.py --cxx aarch64-linux-gnu-g++ --arch aarch64 -o syscalls.txt

Run by the build (cli/targets/CMakeLists.txt) once per arch with that arch's
(cross) compiler: the compiler preprocesses `#include <asm/unistd.h>` with
-dM, so the numbers are exactly the ones a program built for the arch gets,
including the asm-generic table aarch64 and riscv64 share and arm's
__NR_SYSCALL_BASE arithmetic.  Nothing here knows a number.

Output, one call per line, by number:

    # aarch64: <asm/unistd.h> of the Linux 6.1 uapi headers, as aarch64-linux-gnu-g++-12 sees it
    io_setup 0
    ...

Kept: every __NR_<name> and arm's private __ARM_NR_<name> (written
ARM_<name>, as the kernel's own tables name them).  Dropped: the macros that
are not calls - __NR_syscalls (a count), __NR_arch_specific_syscall (a base
other numbers add to), mips's __NR_Linux and __NR_Linux_syscalls (the same
two) and every upper-case name (calls are lower-case;
__NR_SYSCALL_BASE, __NR_OABI_SYSCALL_BASE, __NR_SYSCALL_MASK, __ARM_NR_BASE
are bases and masks).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

# mips: __NR_Linux is the table's base (5000 for n64), __NR_Linux_syscalls
# its count.
NOT_CALLS = {"__NR_syscalls", "__NR_arch_specific_syscall", "__NR_Linux", "__NR_Linux_syscalls"}
UPPER_CASE = re.compile(r"^[A-Z0-9_]+$")
DEFINE = re.compile(r"#define\s+(\w+)\s+(.*)$")
# What is left of a number's definition once every name in it is replaced:
# integers, + - << | and parentheses.  Anything else is refused, not guessed.
ARITHMETIC = re.compile(r"^[\s0-9a-fA-FxXuUlL()+\-<|]*$")


def macros(cxx, extra=()):
    """The macros <asm/unistd.h> defines for this compiler (a command line, e.g.
    "i686-linux-gnu-g++"), with `extra` flags (the census adds -D__ILP32__)."""
    out = subprocess.run(cxx.split() + list(extra) + ["-dM", "-E", "-x", "c", "-"],
                         input="#include <asm/unistd.h>\n",
                         capture_output=True, text=True, check=True).stdout
    defs = {}
    for line in out.splitlines():
        m = DEFINE.match(line)
        if m:
            defs[m.group(1)] = m.group(2).strip()
    return defs


def evaluate(name, defs, seen=()):
    if name in seen:
        raise ValueError("%s is defined in terms of itself" % name)
    body = defs[name]
    text = re.sub(r"[A-Za-z_]\w*",
                  lambda m: "(%d)" % evaluate(m.group(0), defs, seen + (name,)) if m.group(0) in defs
                  else m.group(0), body)
    text = re.sub(r"(?<=[0-9a-fA-F])[uUlL]+\b", "", text)
    if not ARITHMETIC.match(text):
        raise ValueError("%s: cannot evaluate '%s'" % (name, body))
    return int(eval(text, {"__builtins__": {}}))  # only integer arithmetic passes the check above


def headers_version(cxx):
    """"Linux 6.1": which kernel's uapi headers the compiler finds."""
    out = subprocess.run([cxx, "-E", "-P", "-x", "c", "-"],
                         input="#include <linux/version.h>\nLINUX_VERSION_CODE\n",
                         capture_output=True, text=True, check=True).stdout.split()
    code = int(out[-1]) if out and out[-1].isdigit() else 0
    return "Linux %d.%d" % (code >> 16, (code >> 8) & 255) if code else "unknown"


def rows_of(defs):
    """(number, name) of every system call the macros define, sorted."""
    rows = []
    for name in defs:
        if name.startswith("__NR_"):
            call = name[len("__NR_"):]
        elif name.startswith("__ARM_NR_"):
            call = "ARM_" + name[len("__ARM_NR_"):]
        else:
            continue
        if name in NOT_CALLS or UPPER_CASE.match(call.removeprefix("ARM_")):
            continue
        rows.append((evaluate(name, defs), call))
    rows.sort()
    return rows


def table(cxx):
    return rows_of(macros(cxx))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cxx", required=True, help="the arch's (cross) C++ compiler")
    ap.add_argument("--arch", required=True)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--depfile", help="write the headers read, for the build to depend on")
    a = ap.parse_args()
    try:
        rows = table(a.cxx)
    except (subprocess.CalledProcessError, ValueError) as e:
        sys.exit("syscall_table.py: %s: %s" % (a.arch, e))
    if not rows:
        sys.exit("syscall_table.py: %s: <asm/unistd.h> defines no __NR_* (uapi headers missing?)"
                 % a.arch)
    if a.depfile:
        # The compiler's own dependency list, with the table as the target.
        deps = subprocess.run([a.cxx, "-M", "-MT", a.output, "-x", "c", "-"],
                              input="#include <asm/unistd.h>\n#include <linux/version.h>\n",
                              capture_output=True, text=True, check=True).stdout
        with open(a.depfile, "w") as f:
            f.write(deps.replace(" - ", " ").replace(" -\n", "\n"))
    compiler = os.path.basename(os.path.realpath(shutil.which(a.cxx) or a.cxx))
    with open(a.output, "w") as f:
        f.write("# %s: <asm/unistd.h> of the %s uapi headers, as %s sees it\n"
                % (a.arch, headers_version(a.cxx), compiler))
        for number, call in rows:
            f.write("%s %d\n" % (call, number))


if __name__ == "__main__":
    main()
