"""plant_kernel.py BOOT_ERR CACHE CASE - make CACHE a private (0700) kernel
cache for `sysabi vm --debian --cache CACHE` holding a copy of the entry
that a run which printed BOOT_ERR booted ("sysabi: booting
<cache>/<image>/root/boot/vmlinuz-... under ..."): its .deb and its
root/boot/vmlinuz-*, then changed as CASE says - what another user, or a
disk error, could have left there:

  good            unchanged
  vmlinuz-changed one byte appended to the kernel
  vmlinuz-link    the kernel replaced by a symbolic link to a copy of it
  boot-link       root/boot replaced by a symbolic link to a copy of it
  vmlinuz-0666    the kernel writable by everyone
  deb-changed     one byte appended to the .deb
  lock-link       no entry; <image>.lock a symbolic link to CACHE/../victim

Prints the image's name."""
import os
import re
import shutil
import sys

boot_err, cache, case = sys.argv[1:4]
m = re.search(r"sysabi: booting (\S+/root/boot/vmlinuz-\S+) under", open(boot_err).read())
if not m:
    sys.exit("plant_kernel.py: %s names no booted kernel" % boot_err)
vmlinuz = m.group(1)
entry = os.path.dirname(os.path.dirname(os.path.dirname(vmlinuz)))
image = os.path.basename(entry)
os.makedirs(cache, mode=0o700, exist_ok=True)
os.chmod(cache, 0o700)
# apt's binary package cache, which sysabi keeps beside the kernels, is
# linked in, not rebuilt (about 4 s and 170 MB a cache here).
pkgcache = os.path.join(os.path.dirname(entry), "apt-pkgcache.bin")
if os.path.exists(pkgcache):
    os.link(pkgcache, os.path.join(cache, "apt-pkgcache.bin"))

if case == "lock-link":
    os.symlink(os.path.join(os.path.dirname(os.path.abspath(cache)), "victim"),
               os.path.join(cache, image + ".lock"))
    print(image)
    sys.exit(0)

to = os.path.join(cache, image)
os.makedirs(os.path.join(to, "root", "boot"))
for name in os.listdir(entry):
    if name.endswith(".deb"):
        shutil.copy2(os.path.join(entry, name), os.path.join(to, name))
        deb = os.path.join(to, name)
kernel = os.path.join(to, "root", "boot", os.path.basename(vmlinuz))
shutil.copy2(vmlinuz, kernel)

if case == "vmlinuz-changed":
    with open(kernel, "ab") as f:
        f.write(b"\0")
elif case == "vmlinuz-link":
    os.rename(kernel, kernel + ".real")
    os.symlink(kernel + ".real", kernel)
elif case == "boot-link":
    boot = os.path.join(to, "root", "boot")
    os.rename(boot, boot + ".real")
    os.symlink(boot + ".real", boot)
elif case == "vmlinuz-0666":
    os.chmod(kernel, 0o666)
elif case == "deb-changed":
    with open(deb, "ab") as f:
        f.write(b"\0")
elif case != "good":
    sys.exit("plant_kernel.py: unknown case %s" % case)
print(image)
