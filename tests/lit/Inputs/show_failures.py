"""show_failures.py REPORT -- COMMAND... - run COMMAND (a `sysabi run ...
--json REPORT`); when it fails, say on stderr which facts failed.

A lit test that only ran `sysabi run` stops at its exit status, and lit shows
"exit 1" and nothing else. Through this wrapper, a failing run also prints
one line per failed fact of REPORT:

    FAIL <id> [<variant>]: value=<value> expect=<expect> reason=<reason>

COMMAND's stdin, stdout and stderr are its own (a RUN line can still pipe its
stdout into FileCheck), and its exit status is this script's exit status (128
+ N when a signal N ended it), so the test fails exactly when it did before.
"""
import json
import os
import subprocess
import sys


def failure_lines(report_path):
    """One `FAIL ...` line per failed fact of the report, or why there are none."""
    try:
        with open(report_path) as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        return [f"show_failures: no report to read at {report_path}: {e}"]
    lines = []
    for fact in report.get("facts", []):
        if fact.get("status") != "fail":
            continue
        lines.append("FAIL {} [{}]: value={} expect={} reason={}".format(
            fact.get("id"), fact.get("variant", "-"), json.dumps(fact.get("value")),
            json.dumps(fact.get("expect")), fact.get("reason", "-")))
    if not lines:
        lines.append(f"show_failures: {report_path} has no failed fact")
    return lines


def main(argv):
    if len(argv) < 4 or argv[2] != "--":
        print("usage: show_failures.py REPORT -- COMMAND...", file=sys.stderr)
        return 2
    report_path, command = argv[1], argv[3:]
    try:
        status = subprocess.run(command).returncode
    except OSError as e:
        print(f"show_failures: cannot run {command[0]}: {e}", file=sys.stderr)
        return 127
    if status != 0:
        sys.stdout.flush()
        for line in failure_lines(report_path):
            print(line, file=sys.stderr)
    return 128 - status if status < 0 else status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
