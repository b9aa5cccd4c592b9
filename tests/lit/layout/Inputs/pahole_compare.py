"""Reads every struct of one layout object twice - as `sysabi layout` states
it (offsetof/sizeof compiled into the object) and as pahole reads it from the
object's DWARF - and prints one line per disagreement, then a summary.

    pahole_compare.py SYSABI ARCH SOURCE OBJECT

A struct agrees when its size matches and every member sysabi lists is found
in pahole's top-level members at the same offset with the same size (by name,
or - for members that are macros, like glibc's sa_handler - by position).
Every top-level member pahole sees that sysabi does not list must be a
reserved one (a name in the implementation's namespace: __pad0,
__glibc_reserved, __unused4): those bytes are what sysabi calls padding.
"""
import json
import re
import subprocess
import sys

sysabi, arch, source, obj = sys.argv[1:5]

MEMBER = re.compile(r"^\t(?P<decl>[^\t/].*?);\s*/\*\s*(?P<off>\d+)(?::\d+)?\s+(?P<size>\d+)\s*\*/")
SIZE = re.compile(r"/\* size: (\d+),")


def pahole(type_name):
    out = subprocess.run(["pahole", "-C", type_name, obj], capture_output=True, text=True).stdout
    members, size = [], None
    for line in out.splitlines():
        m = MEMBER.match(line)
        if m:
            decl = m.group("decl")
            fn = re.search(r"\(\*(\w+)\)", decl)  # function pointer: void (*name)(...)
            plain = re.search(r"(\w+)(\[\d+\])*$", decl)
            # An anonymous struct or union ("};") has no name of its own.
            name = fn.group(1) if fn else plain.group(1) if plain else ""
            members.append((name, int(m.group("off")), int(m.group("size"))))
        s = SIZE.search(line)
        if s:
            size = int(s.group(1))
    return members, size



# Every struct this source declares: ask for a name sysabi does not know and
# read the list out of the error.
err = subprocess.run([sysabi, "layout", "no-such-struct"], capture_output=True, text=True).stderr
known = re.search(r"known: ([^)]*)\)", err).group(1).split(", ")

problems, checked = 0, 0
for name in known:
    r = subprocess.run([sysabi, "layout", name, "--arch", arch, "--source", source, "--format",
                        "json"], capture_output=True, text=True, check=True)
    entry = json.loads(r.stdout)["arches"][0]["sources"][0]
    if "missing" in entry:
        continue
    members = entry["members"]
    if len(members) == 1 and members[0]["name"] == entry["type"]:
        continue  # opaque (sigset_t, jmp_buf): a typedef pahole -C may not find
    type_name = entry["type"].removeprefix("struct ")
    theirs, size = pahole(type_name)
    checked += 1
    if size != entry["size"]:
        print(f"{arch} {source} {name}: sysabi says {entry['size']} bytes, pahole {size}")
        problems += 1
        continue
    matched = set()
    for m in members:
        hit = [t for t in theirs if t[0] == m["name"]] or \
              [t for t in theirs if t[1] == m["offset"] and t[2] == m["size"]]
        if not hit or (hit[0][1], hit[0][2]) != (m["offset"], m["size"]):
            print(f"{arch} {source} {name}.{m['name']}: sysabi offset {m['offset']} size "
                  f"{m['size']}, pahole {hit[0][1:] if hit else 'none'}")
            problems += 1
        else:
            matched.add(hit[0])
    for t in theirs:
        if t not in matched and t[0] and not t[0].startswith("__"):
            print(f"{arch} {source} {name}: pahole sees {t[0]} (offset {t[1]}, {t[2]} bytes), "
                  f"which sysabi neither lists nor counts as reserved")
            problems += 1

print(f"{arch} {source}: {checked} structs, {problems} disagreements")
sys.exit(1 if problems else 0)
