// abi_checks/vm_init.cpp - /init of the initramfs `sysabi vm` boots
// (cli/src/vm.cpp): built in the nolibc variants only, as sysabi-vm-init.
//
// As PID 1 it mounts /proc, /dev (devtmpfs) and /tmp, takes /dev/console as
// stdin/stdout/stderr, says which kernel this is, runs each variant's
// sysabi-probe named in /vm-variants (one per line) with its output going
// straight to the console, and powers the machine off.  Its own lines start
// with "@@sysabi-vm " so the host can tell them from probe output:
//
//   @@sysabi-vm uname <release>|<version>|<machine>
//   @@sysabi-vm cpuinfo <the flags/Features line of /proc/cpuinfo>
//   @@sysabi-vm begin <variant>
//   ...the probe's JSON lines...
//   @@sysabi-vm end <variant> <wait status>
//   @@sysabi-vm done
#include <linux/fcntl.h>
#include <linux/reboot.h>

#include "sysabi/raw/calls.hpp"
#include "sysabi/rt/out.hpp"
#include "sysabi/rt/str.hpp"

using namespace sysabi;

namespace {

void say(const char* what, const char* a = nullptr, const char* b = nullptr) {
  rt::line l;
  l.add("@@sysabi-vm ").add(what);
  if (a) l.add(' ').add(a);
  if (b) l.add(' ').add(b);
  l.emit(1);
}

void mount(const char* source, const char* target, const char* type) {
  raw::mkdirat(AT_FDCWD, target, 0755);
  raw::call(__NR_mount, source, target, type, 0, 0);
}

[[noreturn]] void power_off() {
  raw::call(__NR_sync);
  raw::call(__NR_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF,
            0);
  // Only if the kernel refused: PID 1 exiting panics it, and the host's
  // qemu (-no-reboot, panic=-1) ends either way.
  raw::exit_group(1);
}

void run_variant(const char* variant) {
  rt::sbuf<256> path;
  path.add("/variants/").add(variant).add("/sysabi-probe");
  char* argv[] = {const_cast<char*>("sysabi-probe"), nullptr};
  char* envp[] = {const_cast<char*>("TMPDIR=/tmp"), const_cast<char*>("PATH=/"), nullptr};
  say("begin", variant);
  auto pid = raw::clone_fork();
  if (pid.ok() && pid.value() == 0) {
    raw::execve(path.c_str(), argv, envp);
    raw::exit_group(127);
  }
  int status = 0;
  if (pid.ok()) raw::wait4(pid.value(), &status, 0, nullptr);
  rt::sbuf<16> s;
  s.add(pid.ok() ? status : 127 << 8);
  say("end", variant, s.c_str());
}

}  // namespace

int sysabi_main(int, char**, char**, unsigned long*) {
  mount("proc", "/proc", "proc");
  mount("devtmpfs", "/dev", "devtmpfs");
  mount("tmpfs", "/tmp", "tmpfs");
  auto console = raw::openat(AT_FDCWD, "/dev/console", O_RDWR, 0);
  if (console.ok())
    for (int fd = 0; fd < 3; ++fd) raw::dup3(console.value(), fd, 0);

  raw::kernel_utsname u;
  if (raw::uname(&u).ok()) {
    rt::sbuf<512> s;
    s.add(u.release).add('|').add(u.version).add('|').add(u.machine);
    say("uname", s.c_str());
  }

  // The CPU's feature line ("flags" on x86, "Features" on arm64), for the
  // report's cpu_features: TCG's "max" CPU is not the host's.
  static char cpuinfo[8192];
  auto ci = raw::openat(AT_FDCWD, "/proc/cpuinfo", O_RDONLY, 0);
  if (ci.ok()) {
    auto r = raw::read(ci.value(), cpuinfo, sizeof cpuinfo - 1);
    cpuinfo[r.ok() ? r.value() : 0] = 0;
    for (char* p = cpuinfo; *p;) {
      char* end = p;
      while (*end && *end != '\n') ++end;
      bool last = *end == 0;
      *end = 0;
      if (rt::starts_with(p, "flags") || rt::starts_with(p, "Features")) {
        say("cpuinfo", p);
        break;
      }
      if (last) break;
      p = end + 1;
    }
  }

  // /vm-variants: one variant name per line.
  static char list[4096];
  long n = 0;
  auto fd = raw::openat(AT_FDCWD, "/vm-variants", O_RDONLY, 0);
  if (fd.ok()) {
    auto r = raw::read(fd.value(), list, sizeof list - 1);
    n = r.ok() ? r.value() : 0;
  }
  list[n] = 0;
  for (char* p = list; *p;) {
    char* end = p;
    while (*end && *end != '\n') ++end;
    bool last = *end == 0;
    *end = 0;
    if (*p) run_variant(p);
    if (last) break;
    p = end + 1;
  }
  say("done");
  power_off();
}
