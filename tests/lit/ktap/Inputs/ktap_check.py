"""ktap_check.py [--fact-depth D] [--report REPORT [--variant V]] [FILE] - reads
KTAP version 1 with Debian's python3-tap (tappy) and checks its structure.

tappy reads TAP 13, one level: it takes `KTAP version 1` for an unknown line
and indented lines for unknown lines too.  So this script splits the
document into its levels by indentation (two spaces per level), checks each
level's version line itself, and hands every line of a level, de-indented, to
tappy's parser: plans, results (ok / not ok, number, name, SKIP directive and
its reason) and diagnostics are tappy's reading.

Checks, at every level: `KTAP version 1` then a plan `1..N`; N results
numbered 1..N; names of [A-Za-z0-9_.-] only, each once in its level; a
nested level directly before its parent's result line; a `not ok` fact (at
--fact-depth, default 2: variant > probe > fact) preceded by `# value:` and
`# expect:` diagnostics.  Lines before the first `KTAP version 1` (a boot
console) are passed over.

Prints the results at the fact depth: `facts: ok=N not_ok=N skip=N`.  With
--report, also checks that every fact of that sysabi JSON report is one
test, at the path docs/kernel-ci.md gives: (variant, probe, id), or for
facts of no variant (prefix, arch or "all", id); with --variant V, only V's
facts (not those of the host-side prefixes, HOST_PREFIXES), as (probe, id):
the output of one variant's sysabi-probe.  Exit 0 when all holds, else 1
with every problem on stderr.
"""
import argparse
import json
import re
import sys

try:
    from tap.parser import Parser
    from tap.line import Diagnostic, Plan, Result
except ImportError:  # a python3 not Debian's (pyenv): Debian's packages
    sys.path.append("/usr/lib/python3/dist-packages")
    from tap.parser import Parser
    from tap.line import Diagnostic, Plan, Result

# Facts `sysabi run` adds itself (docs/report.md): not in sysabi-probe's output.
HOST_PREFIXES = ("harness", "identity", "elf", "trace", "old_kernel", "layout")
NAME = re.compile(r"^[A-Za-z0-9_.-]+$")
problems = []
counts = {"ok": 0, "not_ok": 0, "skip": 0}
leaves = []  # paths (tuples of names) of the results at the fact depth
parser = Parser()


def indent_of(line):
    return len(line) - len(line.lstrip(" "))


def check_level(lines, path, fact_depth):
    """lines: one level, de-indented; returns its results as (name, ok, skip)."""
    where = "/".join(path) or "top"
    if not lines or lines[0].rstrip() != "KTAP version 1":
        problems.append(f"{where}: does not start with 'KTAP version 1'")
        return
    plan = None
    number = 0
    names = set()
    nested = None  # lines of a nested level waiting for its result line
    diagnostics = []
    for line in lines[1:]:
        if line.startswith("  "):
            nested = (nested or []) + [line[2:]]
            continue
        parsed = parser.parse_line(line.rstrip("\n"))
        if isinstance(parsed, Plan):
            if plan is not None or number:
                problems.append(f"{where}: plan '{line.strip()}' not right after the version line")
            plan = parsed.expected_tests
            continue
        if isinstance(parsed, Diagnostic):
            diagnostics.append(line.strip())
            continue
        if not isinstance(parsed, Result):
            problems.append(f"{where}: unexpected line {line.strip()!r}")
            continue
        number += 1
        name = parsed.description.strip()
        if plan is None:
            problems.append(f"{where}: result {name!r} before the plan")
        if parsed.number != number:
            problems.append(f"{where}: result {name!r} numbered {parsed.number}, expected {number}")
        if not NAME.match(name):
            problems.append(f"{where}: name {name!r} has characters outside [A-Za-z0-9_.-]")
        if name in names:
            problems.append(f"{where}: name {name!r} twice")
        names.add(name)
        depth = len(path)
        if nested is not None:
            check_level(nested, path + (name,), fact_depth)
            nested = None
        elif depth < fact_depth and not parsed.skip:
            problems.append(f"{where}: {name!r} has no subtests and is not skipped")
        if depth == fact_depth:
            leaves.append(path + (name,))
            if parsed.skip:
                counts["skip"] += 1
            elif parsed.ok:
                counts["ok"] += 1
            else:
                counts["not_ok"] += 1
                said = " ".join(diagnostics)
                if "# value:" not in said or "# expect:" not in said:
                    problems.append(f"{where}: failed fact {name!r} without value and expectation")
        diagnostics = []
    if nested is not None:
        problems.append(f"{where}: nested lines without a result line after them")
    if plan is None:
        problems.append(f"{where}: no plan")
    elif plan != number:
        problems.append(f"{where}: plan 1..{plan} but {number} results")


def test_name(s):
    """The name mapping of docs/kernel-ci.md, written again here."""
    out = []
    data = s.encode()
    for i, c in enumerate(data):
        ok = chr(c).isascii() and (chr(c).isalnum() or chr(c) in "_.-")
        if not ok or (c == ord("_") and data[i + 1:i + 2] == b"X"):
            out.append("_X%02X" % c)
        else:
            out.append(chr(c))
    return "".join(out)


def expected_paths(report, variant):
    names = {v["name"] for v in report["variants"]}
    paths = []
    for f in report["facts"]:
        probe = f["id"].split(".", 1)[0]
        if variant is not None:
            if f["variant"] == variant and probe not in HOST_PREFIXES:
                paths.append((test_name(probe), test_name(f["id"])))
        elif f["variant"] in names:
            paths.append((test_name(f["variant"]), test_name(probe), test_name(f["id"])))
        else:
            group = "all" if f["variant"] == "*" else f["variant"].removesuffix("-*")
            paths.append((test_name(probe), test_name(group), test_name(f["id"])))
    return paths


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default="-")
    ap.add_argument("--fact-depth", type=int, default=2)
    ap.add_argument("--report")
    ap.add_argument("--variant")
    args = ap.parse_args()
    text = (sys.stdin if args.file == "-" else open(args.file, errors="replace")).read()
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if l == "KTAP version 1"), None)
    if start is None:
        sys.exit("no 'KTAP version 1' line at the start of a line")
    # The top level ends with its last planned result; a console goes on.
    document = []
    for line in lines[start:]:
        document.append(line)
        if indent_of(line) == 0 and re.match(r"^(not )?ok (\d+)", line):
            plan = next((l for l in document if re.match(r"^1\.\.\d+$", l)), None)
            if plan and int(re.match(r"^(not )?ok (\d+)", line).group(2)) == int(plan[3:]):
                break
    check_level(document, (), args.fact_depth)
    if args.report:
        report = json.load(open(args.report))
        want = sorted(expected_paths(report, args.variant))
        got = sorted(leaves)
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        if missing:
            problems.append(f"{len(missing)} facts of the report are not tests, first {missing[0]}")
        if extra:
            problems.append(f"{len(extra)} tests are not facts of the report, first {extra[0]}")
        facts = [f for f in report["facts"] if args.variant is None or
                 (f["variant"] == args.variant and f["id"].split(".", 1)[0] not in HOST_PREFIXES)]
        wanted = {"ok": sum(f["status"] in ("pass", "info") for f in facts),
                  "not_ok": sum(f["status"] == "fail" for f in facts),
                  "skip": sum(f["status"] == "skip" for f in facts)}
        if wanted != counts:
            problems.append(f"counts {counts} differ from the report's {wanted}")
    print("facts: ok=%d not_ok=%d skip=%d" % (counts["ok"], counts["not_ok"], counts["skip"]))
    for p in problems:
        print("ktap_check: " + p, file=sys.stderr)
    sys.exit(1 if problems else 0)


main()
