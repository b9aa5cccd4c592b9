"""flip_check.py TEST ORIGINAL FLIPPED - TEST's own FileCheck commands must
accept a probe's real output and reject it with one fact flipped to fail.

TEST is a lit test whose RUN lines pipe `sysabi-probe` into FileCheck.  Each
distinct `| FileCheck ...` command of TEST (its arguments as written, with %s
and %S substituted) is run on ORIGINAL, real probe output.  The commands that
accept it are the ones written for that variant; there must be at least one,
and every one of them must reject FLIPPED - the same output with one passing
fact's status turned into "fail" (by sed in the calling test) - wherever in
the output that fact is.  Prints one line per command and exits 1 if a
command let the flipped output through or none applied.
"""
import os
import re
import shlex
import subprocess
import sys

STOP = {"<", ">", "|", "||", "&&", ";", "2>", "2>&1"}


def filecheck_commands(test_path):
    """The argument lists of every `| FileCheck ...` in TEST's RUN lines."""
    text = open(test_path).read()
    runs, current = [], ""
    for line in text.splitlines():
        m = re.match(r"\s*RUN:\s?(.*)$", line)
        if not m:
            continue
        part = m.group(1)
        if part.rstrip().endswith("\\"):
            current += part.rstrip()[:-1] + " "
            continue
        runs.append(current + part)
        current = ""
    test_dir = os.path.dirname(test_path)
    commands = []
    for run in runs:
        if "| FileCheck" not in run:
            continue
        tokens = shlex.split(run.split("| FileCheck", 1)[1])
        args = []
        for tok in tokens:
            if tok in STOP or tok.startswith((">", "<", "2>")):
                break
            args.append(tok.replace("%s", test_path).replace("%S", test_dir))
        if args not in commands:
            commands.append(args)
    return commands


def accepts(args, input_path):
    with open(input_path) as f:
        return subprocess.run(["FileCheck"] + args, stdin=f, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0


def main(argv):
    if len(argv) != 4:
        print("usage: flip_check.py TEST ORIGINAL FLIPPED", file=sys.stderr)
        return 2
    test, original, flipped = argv[1:]
    name = os.path.relpath(test, os.path.dirname(os.path.dirname(test)))
    flipped_lines = [l for l in open(flipped) if '"status":"fail"' in l]
    if len(flipped_lines) != 1 or any('"status":"fail"' in l for l in open(original)):
        print(f"{name}: the flipped output must have exactly one failed fact and the "
              f"original none (flipped has {len(flipped_lines)})")
        return 1
    applied, bad = 0, 0
    for args in filecheck_commands(test):
        shown = "FileCheck " + " ".join(shlex.quote(a) for a in args)
        if not accepts(args, original):
            continue  # written for another variant's output
        applied += 1
        if accepts(args, flipped):
            bad += 1
            print(f"{name}: MISSED the flipped fact: {shown}")
        else:
            print(f"{name}: rejects the flipped fact: {shown}")
    if applied == 0:
        print(f"{name}: none of its FileCheck commands accepts the original output")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
