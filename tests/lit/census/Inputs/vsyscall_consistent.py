#!/usr/bin/env python3
"""tests/lit/census/Inputs/vsyscall_consistent.py - the vsyscall facts agree with each other.

    vsyscall_consistent.py FACTS.jsonl

mapped/perms/mode/time as abi_checks/vsyscall.cpp records them: not mapped
is mode none, perms none and time() killed by SIGSEGV; xonly is "--xp" and
emulate "r-xp", both with a working time().  Prints one line; exit 1 with
the disagreement otherwise.
"""
import json
import sys

facts = {}
with open(sys.argv[1]) as f:
    for line in f:
        d = json.loads(line)
        if "id" in d:
            facts[d["id"]] = d["value"]
mapped, perms, mode, time = (facts.get("vsyscall." + k) for k in ("mapped", "perms", "mode", "time"))
expected = {"none": (False, "none", "killed by SIGSEGV"),
            "xonly": (True, "--xp", "works"),
            "emulate": (True, "r-xp", "works")}
if mode not in expected or expected[mode] != (mapped, perms, time):
    sys.exit("vsyscall facts disagree: mapped=%s perms=%s mode=%s time=%s" % (mapped, perms, mode, time))
print("vsyscall facts consistent: mode %s" % mode)
