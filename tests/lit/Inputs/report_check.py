"""report_check.py REPORT MIN_RAN - structural checks on a sysabi report.

Checks: valid JSON; at least MIN_RAN variants ran; no fact failed; every
portable fact has one value across all variants that report it (the
identity `sysabi run` promises, checked again independently here).
"""
import json
import sys

report = json.load(open(sys.argv[1]))
min_ran = int(sys.argv[2])
ran = [v["name"] for v in report["variants"] if v["status"] == "ran"]
if len(ran) < min_ran:
    sys.exit(f"only {len(ran)} variants ran: {ran}")
failed = [f for f in report["facts"] if f["status"] == "fail"]
if failed:
    sys.exit(f"{len(failed)} facts failed, first: {failed[0]}")
values = {}
for f in report["facts"]:
    # Skipped facts take no part (docs/report.md, "Scope and the identity check").
    if "scope" not in f and f["status"] != "skip" and not f["id"].startswith(("harness.", "identity.")):
        values.setdefault(f["id"], set()).add(json.dumps(f["value"]))
diverging = {k: v for k, v in values.items() if len(v) > 1}
if diverging:
    sys.exit(f"portable facts diverge: {diverging}")
print("report ok")
