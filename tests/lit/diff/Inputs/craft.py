"""craft.py BASE OUT CHANGE... - write a copy of report BASE with changes:
   set:ID:VARIANT:FIELD=JSON   set a fact's field
   drop:ID:VARIANT             remove a fact
   add:ID:VARIANT:STATUS       add a fact with value 1
   host:FIELD=JSON             set a host field
"""
import json
import sys

report = json.load(open(sys.argv[1]))
for change in sys.argv[3:]:
    kind, rest = change.split(":", 1)
    if kind == "host":
        field, value = rest.split("=", 1)
        report["host"][field] = json.loads(value)
    elif kind == "set":
        fid, variant, assignment = rest.split(":", 2)
        field, value = assignment.split("=", 1)
        for f in report["facts"]:
            if f["id"] == fid and f["variant"] == variant:
                f[field] = json.loads(value)
    elif kind == "drop":
        fid, variant = rest.split(":", 1)
        report["facts"] = [f for f in report["facts"] if (f["id"], f["variant"]) != (fid, variant)]
    elif kind == "add":
        fid, variant, status = rest.split(":", 2)
        report["facts"].append({"id": fid, "variant": variant, "value": 1, "expect": 1, "status": status})
json.dump(report, open(sys.argv[2], "w"), indent=1)
