#!/usr/bin/env python3
"""Write the generated part of docs/setjmp.md: each arch's jmp_buf layout
(from abi_checks/setjmp/jmp_buf.h) next to its annotated implementation
(abi_checks/setjmp/<arch>.S), so the document cannot drift from the code.

    scripts/setjmp_doc.py            rewrite docs/setjmp.md between its markers
    scripts/setjmp_doc.py --check    exit 1 if docs/setjmp.md is not fresh
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(ROOT, "abi_checks", "setjmp")
DOC = os.path.join(ROOT, "docs", "setjmp.md")
ARCHES = [("x86_64", "__x86_64__"), ("aarch64", "__aarch64__"), ("i386", "__i386__"),
          ("arm", "__arm__"), ("riscv64", "__riscv"), ("ppc64le", "__powerpc64__"), ("s390x", "__s390x__"), ("sparc64", "__sparc__")]
BEGIN, END = "<!-- generated: begin -->", "<!-- generated: end -->"


def layout(arch_macro):
    """The #define lines of jmp_buf.h's block for one arch, as a table."""
    text = open(os.path.join(SRC, "jmp_buf.h")).read()
    blocks = re.split(r"^#(?:el)?if ", text, flags=re.M)
    block = next(b for b in blocks if b.startswith("defined(%s)" % arch_macro))
    rows = []
    for m in re.finditer(r"^#define SJ_(\w+) (\d+)(.*)$", block, flags=re.M):
        name, off, note = m.group(1), m.group(2), m.group(3).strip()
        note = re.sub(r"^/\*\s*|\s*\*/$", "", note)
        rows.append("| %s | %s | %s |" % (off, name.lower(), note))
    return "| offset | slot | note |\n|---|---|---|\n" + "\n".join(rows)


def listing(arch):
    """The code of <arch>.S from .text to the GNU-stack note."""
    text = open(os.path.join(SRC, arch + ".S")).read()
    start = text.index("        .text")
    end = text.index("        .section .note.GNU-stack")
    return text[start:end].rstrip()


def generated():
    out = []
    for arch, macro in ARCHES:
        out.append("### %s\n" % arch)
        out.append("Layout ([jmp_buf.h](../abi_checks/setjmp/jmp_buf.h)):\n")
        out.append(layout(macro) + "\n")
        out.append("Implementation ([%s.S](../abi_checks/setjmp/%s.S)):\n" % (arch, arch))
        out.append("```asm\n" + listing(arch) + "\n```\n")
    return "\n".join(out)


def main():
    with open(DOC) as f:
        doc = f.read()
    if BEGIN not in doc or END not in doc:
        print("setjmp_doc.py: %s has no generated markers" % DOC, file=sys.stderr)
        return 2
    fresh = re.sub(re.escape(BEGIN) + ".*" + re.escape(END),
                   lambda m: BEGIN + "\n" + generated() + "\n" + END, doc, flags=re.S)
    if "--check" in sys.argv[1:]:
        if fresh != doc:
            print("setjmp_doc.py: docs/setjmp.md is stale: run scripts/setjmp_doc.py", file=sys.stderr)
            return 1
        print("docs/setjmp.md is fresh")
        return 0
    with open(DOC + ".tmp", "w") as f:
        f.write(fresh)
    os.replace(DOC + ".tmp", DOC)
    return 0


if __name__ == "__main__":
    sys.exit(main())
