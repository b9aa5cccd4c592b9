"""engine_files_check.py LAVA_YAML WORKFLOW_YAML - the engine files of
ci/engines/ read as YAML (python3-yaml) with the keys their engines need:
the LAVA test definition's metadata (format, name, description) and run
steps; the GitHub Actions workflow's jobs with a kernel x arch matrix whose
every entry names a baseline that exists, and the steps that boot and diff.
Prints what it found; exit 1 with the first thing missing.
"""
import os
import sys

try:
    import yaml
except ImportError:  # a python3 not Debian's (pyenv): Debian's packages
    sys.path.append("/usr/lib/python3/dist-packages")
    import yaml


def need(cond, what):
    if not cond:
        sys.exit("engine_files_check: " + what)


lava = yaml.safe_load(open(sys.argv[1]))
meta = lava.get("metadata", {})
need(meta.get("format") == "Lava-Test Test Definition 1.0", "LAVA: metadata.format")
need(meta.get("name") and meta.get("description"), "LAVA: metadata.name/description")
steps = lava.get("run", {}).get("steps", [])
need(steps and all(isinstance(s, str) for s in steps), "LAVA: run.steps, a list of commands")
need(any("lava-test-case" in s or "ktap-to-lava" in s for s in steps), "LAVA: no step reports test cases")
need(all(p in lava.get("params", {}) for p in ("BUNDLE", "KTAP_FILE")), "LAVA: params")
print("lava: %s, %d steps, params %s" % (meta["name"], len(steps), " ".join(sorted(lava["params"]))))

flow = yaml.safe_load(open(sys.argv[2]))
jobs = flow.get("jobs", {})
need(len(jobs) == 1, "workflow: one job")
job = next(iter(jobs.values()))
matrix = job.get("strategy", {}).get("matrix", {})
need(job["strategy"].get("fail-fast") is False, "workflow: fail-fast off")
shards = [(k, a) for k in matrix["kernel"] for a in matrix["arch"]]
for extra in matrix.get("include", []):
    if "kernel" in extra and (extra["kernel"], extra["arch"]) not in shards:
        shards.append((extra["kernel"], extra["arch"]))
root = os.path.join(os.path.dirname(sys.argv[2]), "..", "..", "..")
for entry in matrix.get("include", []):
    need(os.path.exists(os.path.join(root, entry["baseline"])), "workflow: no " + entry["baseline"])
runs = " ".join(s.get("run", "") for s in job["steps"])
need("sysabi vm" in runs and "sysabi diff" in runs, "workflow: steps boot (sysabi vm) and diff")
print("workflow: %d shards: %s" % (len(shards), ", ".join("%s/%s" % s for s in shards)))
