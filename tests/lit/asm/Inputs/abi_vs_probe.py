#!/usr/bin/env python3
"""abi_vs_probe.py ABI_JSON < probe output: the table against the kernel.

ABI_JSON is `sysabi abi --arch A --format json`; stdin is the JSON lines of
`sysabi-probe calling_convention` on that arch.  The probe's own table
(calling_convention.convention) is what its register checks used, and the
checks say whether the kernel honoured it (args.*_reaches_kernel) and what
the trap really overwrote (clobbered, return_register).  Prints one line per
comparison and exits 1 on any disagreement.
"""
import json
import re
import sys

abi = json.load(open(sys.argv[1]))["arches"][0]
facts = {}
for line in sys.stdin:
    line = line.strip()
    if line.startswith("{"):
        f = json.loads(line)
        if "id" in f:
            facts[f["id"]] = f

bad = 0


def compare(what, probe, table):
    global bad
    ok = probe == table
    bad += not ok
    print("%-16s %s  probe=%s table=%s" % (what, "agree" if ok else "DISAGREE", probe, table))


conv = facts["calling_convention.convention"]["value"]
m = re.match(r"trap=(.*) nr=(\S+) args=(\S+) ret=(\S+)$", conv)
compare("trap", m.group(1), abi["trap"])
compare("number", m.group(2), abi["number"])
compare("arguments", m.group(3).split(","), abi["arguments"])
compare("return", m.group(4), abi["result"])
clobbered = facts["calling_convention.clobbered"]
compare("clobbered", sorted(clobbered["value"].split()) if clobbered["value"] != "none" else [],
        sorted(c["register"] for c in abi["clobbered"]))
compare("result seen in", facts["calling_convention.return_register"]["value"], abi["result"])
for n in range(1, 7):
    f = facts.get("calling_convention.args.arg%d_reaches_kernel" % n, {})
    status = f.get("status", "missing")
    ok = status in ("pass", "skip")
    bad += not ok
    print("%-16s %s  the kernel read argument %d from %s (%s)" % (
        "argument %d" % n, "agree" if ok else "DISAGREE", n, abi["arguments"][n - 1], status))
print("%s: calling_convention and sysabi abi %s" % (abi["arch"], "agree" if not bad else "DISAGREE"))
sys.exit(1 if bad else 0)
