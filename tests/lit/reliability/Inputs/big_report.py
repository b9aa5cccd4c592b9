"""big_report.py BASE OUT N - report BASE with N more facts (so that its
HTML diff is bigger than a pipe buffer)."""
import json
import sys

report = json.load(open(sys.argv[1]))
for i in range(int(sys.argv[3])):
    report["facts"].append({"id": f"filler.fact_{i:05d}", "variant": "x86_64-nolibc-static",
                            "value": i, "expect": i, "status": "pass"})
report["facts"].sort(key=lambda f: (f["id"], f["variant"]))
report["summary"]["facts"] += int(sys.argv[3])
report["summary"]["pass"] += int(sys.argv[3])
json.dump(report, open(sys.argv[2], "w"), indent=1)
