"""ran_what_it_can.py MANIFEST REPORT ARCHES - did a `sysabi vm` guest run
every variant of the build that its kernel can run?

ARCHES: the comma-separated arches whose variants the guest runs, ":static"
after one whose static variants only it runs (x86_64,i386:static on an
x86_64 kernel; aarch64,arm:static on an arm64 one, whose image carries no
armhf loader).  x32 is not among them: it needs a kernel parameter
(vm/x32.test).  Prints "every built variant of
ARCHES ran", or which were expected and which ran: the count of a build with
fewer variants (-DSYSABI_VARIANTS=...) differs, and that is no failure."""
import json
import sys

manifest, report, spec = sys.argv[1], sys.argv[2], sys.argv[3]
arches = dict((a.split(":") + [""])[:2] for a in spec.split(","))
built = sorted(v["name"] for v in json.load(open(manifest))["variants"]
               if v.get("built") and v["arch"] in arches
               and (arches[v["arch"]] != "static" or v["linkage"].startswith("static")))
ran = sorted(v["name"] for v in json.load(open(report))["variants"] if v["status"] == "ran")
if built and ran == built:
    print("every built variant of %s ran (%d)" % (spec, len(ran)))
else:
    print("built for %s: %s; ran: %s" % (spec, built, ran))
