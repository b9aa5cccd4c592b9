#!/usr/bin/env python3
"""tests/lit/vm/Inputs/only_variants.py - a libexec directory holding only some variants.

    only_variants.py LIBEXEC OUT VARIANT... [--init VARIANT]

Writes OUT/variants.json: LIBEXEC's manifest with only the named variants
(and the --init variant, marked not built, so that `sysabi vm` finds its
sysabi-vm-init but puts none of its probes in the image), and links each
variant's directory into OUT.  With SYSABI_LIBEXEC=OUT a `sysabi vm` boot
runs those variants only.
"""
import argparse
import json
import os

ap = argparse.ArgumentParser()
ap.add_argument("libexec")
ap.add_argument("out")
ap.add_argument("variants", nargs="+")
ap.add_argument("--init", required=True)
a = ap.parse_args()
with open(os.path.join(a.libexec, "variants.json")) as f:
    manifest = json.load(f)
kept = []
for v in manifest["variants"]:
    if v["name"] == a.init:
        v = {k: v[k] for k in ("name", "arch", "libc", "linkage", "runner")}
        v.update(built=False, reason="left out by this test", package="")
    elif v["name"] not in a.variants:
        continue
    kept.append(v)
    os.symlink(os.path.join(os.path.abspath(a.libexec), v["name"]), os.path.join(a.out, v["name"]))
missing = set(a.variants) - {v["name"] for v in kept}
if missing:
    raise SystemExit("only_variants.py: not in the manifest: " + ", ".join(sorted(missing)))
manifest["variants"] = kept
with open(os.path.join(a.out, "variants.json"), "w") as f:
    json.dump(manifest, f)
