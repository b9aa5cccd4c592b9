#!/usr/bin/env python3
"""tests/lit/Inputs/fact_table.py - each probe's fact-id table against the ids
it really emits.

Usage: fact_table.py --src ABI_CHECKS_DIR --run "PROBE COMMAND" [--run ...]
                     [--probe NAME ...]

Each --run is one variant's probe runner (a lit %probe-<variant>
substitution: the binary, or `env ... qemu-<arch> binary`).  The script asks
each for its probes (--list), runs them all (or the --probe ones), and for every probe compares the
ids it emitted, in any variant, with the table in the opening comment of
ABI_CHECKS_DIR/<probe>.cpp (the README's "Adding a probe" says how to write
one):

  * the table is the lines of the file's first comment block of the form
    `//   <ids>  <description>`: exactly three spaces after `//`, then one
    or more ids separated by ", " (a line ending in "," goes on with the
    next such line), ended by a space or the end of the line; a line whose
    first word is not an id (prose, a capital, a "(") is not an entry;
  * an id is written without the probe's name (`read.bad_fd` for
    `errno.read.bad_fd`; a leading `<probe>.` is allowed and ignored);
    `<name>` stands for any text without a dot, `*` for any text, and
    `[...]` for an optional part;
  * `<probe>.outcome` (the harness's: abi_checks/harness/main.cpp) and
    `<probe>.setup` (the skip a probe states when it cannot make what it
    needs) need no line.

Drift is reported one line per problem, naming the probe, the id and the
file, and makes the exit status 1:
  an id emitted by some variant that no table line matches, and
  a table line that no variant emitted an id for.
Exit status 2 on bad usage or a runner that cannot be run.
"""
import argparse
import json
import os
import re
import shlex
import subprocess
import sys

HARNESS_IDS = {"outcome", "setup"}
ID_LINE = re.compile(r"^//   (?P<rest>[a-z<*].*)$")
# The ids at the start of a table line: "a.b, c.d" up to the first space
# that does not follow a comma (a trailing "," continues the list).
IDS = re.compile(r"^((?:\S+, )*\S+)")
ID_TOKEN = re.compile(r"^[A-Za-z0-9_<>.*\[\]]+$")


def fail_usage(message):
    print("fact_table.py: " + message, file=sys.stderr)
    sys.exit(2)


def opening_comment(path):
    """The lines of the file's first block of // comments."""
    lines = []
    with open(path) as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.startswith("//"):
                break
            lines.append(line)
    return lines


def table(path, probe):
    """[(pattern text, compiled regex, line number)] from the file's table."""
    entries = []
    pending = ""  # ids of a line that ended with ","
    for number, line in enumerate(opening_comment(path), 1):
        m = ID_LINE.match(line)
        if not m:
            pending = ""
            continue
        ids_text = pending + IDS.match(m.group("rest")).group(1)
        if ids_text.endswith(","):
            pending = ids_text + " "
            continue
        pending = ""
        ids = [t.strip() for t in ids_text.split(", ")]
        if not all(ID_TOKEN.match(t) for t in ids):
            continue  # prose at the table's indent, not ids
        for text in ids:
            entries.append((text, compile_pattern(text, probe), number))
    return entries


def compile_pattern(text, probe):
    if text.startswith(probe + "."):
        text = text[len(probe) + 1:]
    out = ""
    i = 0
    while i < len(text):
        c = text[i]
        if c == "<":
            end = text.index(">", i)
            out += r"[^.]+"
            i = end + 1
        elif c == "*":
            out += r".+"
            i += 1
        elif c == "[":
            out += "(?:"
            i += 1
        elif c == "]":
            out += ")?"
            i += 1
        else:
            out += re.escape(c)
            i += 1
    return re.compile(out + r"\Z")


def run(command, args):
    argv = shlex.split(command) + args
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.TimeoutExpired) as e:
        fail_usage("cannot run %s: %s" % (command, e))
    return done.stdout


def emitted_ids(command, only):
    """(variant, {probe: set of ids without the probe's name})."""
    probes = run(command, ["--list"]).split()
    if not probes:
        fail_usage("%s --list names no probe" % command)
    if only:
        probes = [p for p in probes if p in only]
    ids = {p: set() for p in probes}
    variant = command
    done = False
    for line in run(command, probes).splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if "variant" in record:
            variant = record["variant"]
        if record.get("done"):
            done = True
        fact = record.get("id")
        if not fact:
            continue
        probe = next((p for p in probes if fact.startswith(p + ".")), None)
        if probe is None:
            print("fact_table.py: %s: fact %s names no probe of --list" % (variant, fact))
            continue
        ids[probe].add(fact[len(probe) + 1:])
    if not done:
        fail_usage("%s: the run has no trailer line: it was cut short" % command)
    return variant, ids


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--src", required=True, help="the abi_checks directory")
    parser.add_argument("--run", action="append", required=True, help="a probe runner command")
    parser.add_argument("--probe", action="append", default=[], help="only this probe")
    args = parser.parse_args()

    emitted = {}  # probe -> {id: [variants]}
    for command in args.run:
        variant, ids = emitted_ids(command, set(args.probe))
        for probe, probe_ids in ids.items():
            for fact in probe_ids:
                emitted.setdefault(probe, {}).setdefault(fact, []).append(variant)
            emitted.setdefault(probe, {})

    problems = 0
    for probe in sorted(emitted):
        path = os.path.join(args.src, probe + ".cpp")
        shown = os.path.join("abi_checks", probe + ".cpp")
        if not os.path.exists(path):
            print("%s: probe %s: no file %s (a probe's file is named after it)"
                  % (shown, probe, shown))
            problems += 1
            continue
        entries = table(path, probe)
        used = set()
        for fact in sorted(emitted[probe]):
            if fact in HARNESS_IDS:
                continue
            hits = [e for e in entries if e[1].match(fact)]
            if not hits:
                print("%s: probe %s emits %s.%s (in %s), which its table does not list"
                      % (shown, probe, probe, fact, ", ".join(emitted[probe][fact])))
                problems += 1
            used.update(e[0] for e in hits)
        for text, _, number in entries:
            if text not in used and text not in HARNESS_IDS:
                print("%s:%d: probe %s lists %s, which no variant emitted"
                      % (shown, number, probe, text))
                problems += 1
        print("%s: %d ids emitted, %d table entries" % (probe, len(emitted[probe]), len(entries)))
    if problems:
        print("fact_table.py: %d problem(s): the tables and the probes have drifted" % problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
