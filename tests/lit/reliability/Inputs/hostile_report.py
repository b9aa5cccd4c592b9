"""hostile_report.py BASE OLD NEW - write two reports from report BASE whose
fact ids, variant, values and reasons hold terminal control sequences (ESC
[2J clears the screen, ESC ]0; sets the title, \\x01, the one-character CSI
U+009B): in NEW an existing fact turns into a failure, and a new fact is
added, so every text and JUnit rendering shows them."""
import json
import sys

ESC = "\x1b"
evil_id = "errno.read." + ESC + "[2Jcleared\x01"
evil_reason = "because " + ESC + "]0;owned\x07 and \u009b31m red"
report = json.load(open(sys.argv[1]))
report["facts"].append({"id": evil_id, "variant": "x86_64-nolibc-static", "value": "EBADF",
                        "expect": "EBADF", "status": "pass"})
json.dump(report, open(sys.argv[2], "w"), indent=1)
for f in report["facts"]:
    if f["id"] == evil_id:
        f["value"] = "E" + ESC + "[1mBOLD"
        f["status"] = "fail"
        f["reason"] = evil_reason
report["facts"].append({"id": "added." + ESC + "[Kx", "variant": "x86_64-nolibc-static",
                        "value": 1, "expect": 1, "status": "pass", "reason": evil_reason})
report["summary"]["fail"] = 1
json.dump(report, open(sys.argv[3], "w"), indent=1)
