// abi_checks/vm_init.cpp - /init of the initramfs `sysabi vm` boots
// (cli/src/vm.cpp): built in the nolibc variants only, as sysabi-vm-init.
//
// As PID 1 it mounts /proc, /dev (devtmpfs), /tmp and /sys, takes /dev/console as
// stdin/stdout/stderr, says which kernel this is, runs each variant's
// sysabi-probe named in /vm-variants (one per line) with its output going
// straight to the console, and powers the machine off.  Its own lines start
// with "@@sysabi-vm " so the host can tell them from probe output:
//
//   @@sysabi-vm uname <release>|<version>|<machine>
//   @@sysabi-vm cmdline <the kernel command line, /proc/cmdline>
//   @@sysabi-vm cpuinfo <the flags/Features line of /proc/cpuinfo>
//   @@sysabi-vm cpumodel <the first "model name" line of /proc/cpuinfo>
//   @@sysabi-vm begin <variant>
//   ...the probe's JSON lines...
//   @@sysabi-vm refused <variant> <errno>   (only if execve failed, or an x32
//                                           system call did: refused_before_exec)
//   @@sysabi-vm end <variant> <wait status>
//   @@sysabi-vm done
//
// The host's reader is cli/src/vm/console_protocol.cpp
// (sysabi/host/vm_console.hpp).
//
// KTAP mode, for engines that read the serial line (docs/kernel-ci.md): when
// the image holds /vm-format saying "ktap" (`sysabi initramfs --format
// ktap`) or the kernel command line holds sysabi.ktap=1, the begin/end lines
// give way to one KTAP version 1 document, variant > probe > fact: the plan
// (one test per variant), each variant's `sysabi-probe --format ktap
// --ktap-depth 1` and its result line from the exit status (0 ok, 4 `# SKIP`,
// else `not ok`; a binary the kernel refuses to execute is `# SKIP` with the
// errno).  The uname/cmdline/cpuinfo lines before it and "done" after it stay.
#include <linux/fcntl.h>
#include <linux/memfd.h>
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

// Where a probe's stderr goes in KTAP mode: an anonymous file (memfd_create,
// else O_TMPFILE), so no name in /tmp anyone could plant; -errno if neither.
long open_stderr_file() {
  long fd = raw::call(__NR_memfd_create, "sysabi-probe-stderr", MFD_CLOEXEC);
  if (fd >= 0) return fd;
  auto t = raw::openat(AT_FDCWD, "/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  return t.ok() ? t.value() : -t.error();
}

// Each line the probe wrote to stderr (the file `fd`, then closed), as
// "# stderr: <line>" (bytes outside printable ASCII as '?').
void say_stderr(long fd) {
  static char text[8192];
  if (fd < 0) return;
  raw::call(__NR_lseek, fd, 0, 0 /* SEEK_SET */);
  auto n = raw::read(static_cast<int>(fd), text, sizeof text - 1);
  raw::close(static_cast<int>(fd));
  long len = n.ok() ? n.value() : 0;
  rt::line l;
  for (long i = 0, start = 0; i <= len; ++i) {
    if (i < len && text[i] != '\n') continue;
    if (i > start) {
      l.add("# stderr: ");
      for (long k = start; k < i; ++k) l.add(text[k] >= ' ' && text[k] < 127 ? text[k] : '?');
      l.emit(1);
    }
    start = i + 1;
  }
}

// An x32 program (an ELFCLASS32 file for EM_X86_64) on an x86_64 kernel
// whose x32 system calls are off: Debian's kernel executes the file but
// answers each of its system calls with ENOSYS, so the program could not
// even exit.  /init asks first, with an x32 getpid of its own, and where
// the kernel has that switch treats the answer's errno as the refusal
// execve would have given.  0: go ahead.
int refused_before_exec(const char* path) {
#if defined(__x86_64__) && !defined(__ILP32__)
  unsigned char ehdr[20] = {};
  auto fd = raw::openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
  if (!fd.ok()) return 0;  // execve says why
  auto n = raw::read(fd.value(), ehdr, sizeof ehdr);
  raw::close(fd.value());
  const bool x32 = n.ok() && n.value() == sizeof ehdr && ehdr[4] == 1 /* ELFCLASS32 */ &&
                   ehdr[18] == 62 && ehdr[19] == 0 /* e_machine EM_X86_64, little-endian */;
  if (!x32) return 0;
  raw::result<long> pid(raw::call(0x40000000 /* __X32_SYSCALL_BIT */ | __NR_getpid));
  if (pid.ok()) return 0;
  // Without Debian's switch (/sys/module/syscall/parameters/x32) the kernel
  // has no x32 at all, and execve says so (ENOEXEC): let it.
  auto param = raw::openat(AT_FDCWD, "/sys/module/syscall/parameters/x32", O_RDONLY | O_CLOEXEC, 0);
  if (!param.ok()) return 0;
  raw::close(param.value());
  return pid.error();
#else
  (void)path;
  return 0;
#endif
}

// In KTAP mode a child whose execve failed exits with this plus the errno
// (sysabi-probe itself exits 0, 1, 2 or 4).
constexpr int refused_base = 100;

void run_variant(const char* variant, bool ktap, unsigned number) {
  rt::sbuf<256> path;
  path.add("/variants/").add(variant).add("/sysabi-probe");
  // 30 s a probe, not sysabi-probe's 10: a TCG guest of a slow board (mips
  // malta) needs close to 10 s for the syscall census alone.
  char* json_argv[] = {const_cast<char*>("sysabi-probe"), const_cast<char*>("--timeout-ms"),
                       const_cast<char*>("30000"), nullptr};
  char* ktap_argv[] = {const_cast<char*>("sysabi-probe"), const_cast<char*>("--timeout-ms"),
                       const_cast<char*>("30000"), const_cast<char*>("--format"),
                       const_cast<char*>("ktap"), const_cast<char*>("--ktap-depth"),
                       const_cast<char*>("1"), nullptr};
  char* envp[] = {const_cast<char*>("TMPDIR=/tmp"), const_cast<char*>("PATH=/"), nullptr};
  if (!ktap) say("begin", variant);
  const long err_fd = ktap ? open_stderr_file() : -1;
  auto pid = raw::clone_fork();
  if (pid.ok() && pid.value() == 0) {
    // In KTAP mode the probe's stderr would land between KTAP lines; it goes
    // to a file, said afterwards as diagnostics.
    if (err_fd >= 0) raw::dup3(static_cast<int>(err_fd), 2, 0);
    int err = refused_before_exec(path.c_str());
    if (err == 0) err = raw::execve(path.c_str(), ktap ? ktap_argv : json_argv, envp).error();
    // The kernel would not run it (ENOEXEC: no support for its format;
    // ENOSYS: x32 system calls are off).
    if (ktap) raw::exit_group(refused_base + (err < 100 ? err : 99));
    rt::sbuf<16> e;
    e.add(err);
    say("refused", variant, e.c_str());
    raw::exit_group(127);
  }
  int status = 0;
  if (pid.ok()) raw::wait4(pid.value(), &status, 0, nullptr);
  if (!ktap) {
    rt::sbuf<16> s;
    s.add(pid.ok() ? status : 127 << 8);
    say("end", variant, s.c_str());
    return;
  }
  say_stderr(err_fd);
  // The variant's result line, from how its sysabi-probe ended.
  const int sig = status & 0x7f, code = (status >> 8) & 0xff;
  rt::line l;
  if (!pid.ok()) {
    l.add("# reason: cannot fork: errno ").add(pid.error());
    l.emit(1);
    l.add("not ok ").add_unsigned(number).add(' ').add(variant);
    l.emit(1);
    return;
  }
  if (sig == 0 && code == 0) {
    l.add("ok ").add_unsigned(number).add(' ').add(variant);
  } else if (sig == 0 && code == 4) {
    l.add("ok ").add_unsigned(number).add(' ').add(variant).add(" # SKIP every probe skipped");
  } else if (sig == 0 && code >= refused_base) {
    l.add("ok ").add_unsigned(number).add(' ').add(variant).add(" # SKIP this kernel refused to execute it (errno ");
    l.add(code - refused_base).add(')');
  } else {
    rt::line why;
    why.add("# reason: sysabi-probe ");
    if (sig) why.add("killed by signal ").add(sig);
    else why.add("exited ").add(code);
    why.emit(1);
    l.add("not ok ").add_unsigned(number).add(' ').add(variant);
  }
  l.emit(1);
}

// Reads up to size - 1 bytes of `path` into buf, NUL-terminated; false if
// it cannot be opened.
bool read_file(const char* path, char* buf, long size) {
  auto fd = raw::openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC, 0);
  long n = 0;
  if (fd.ok()) {
    auto r = raw::read(fd.value(), buf, size - 1);
    n = r.ok() ? r.value() : 0;
    raw::close(fd.value());
  }
  buf[n] = 0;
  return fd.ok();
}

// Says the first line of `text` starting with `a` or `b`, if there is one.
void say_first_line(const char* what, const char* text, const char* a, const char* b) {
  static char line[4096];
  for (const char* p = text; *p;) {
    long len = 0;
    while (p[len] && p[len] != '\n') ++len;
    if (rt::starts_with(p, a) || rt::starts_with(p, b)) {
      long n = len < static_cast<long>(sizeof line) - 1 ? len : static_cast<long>(sizeof line) - 1;
      for (long i = 0; i < n; ++i) line[i] = p[i];
      line[n] = 0;
      say(what, line);
      return;
    }
    if (!p[len]) return;
    p += len + 1;
  }
}

}  // namespace

int sysabi_main(int, char**, char**, unsigned long*) {
  mount("proc", "/proc", "proc");
  mount("devtmpfs", "/dev", "devtmpfs");
  mount("tmpfs", "/tmp", "tmpfs");
  // sysfs: the probes read the current clocksource there (startup.cpp).
  mount("sysfs", "/sys", "sysfs");
  auto console = raw::openat(AT_FDCWD, "/dev/console", O_RDWR, 0);
  if (console.ok())
    for (int fd = 0; fd < 3; ++fd) raw::dup3(console.value(), fd, 0);

  raw::kernel_utsname u;
  if (raw::uname(&u).ok()) {
    rt::sbuf<512> s;
    s.add(u.release).add('|').add(u.version).add('|').add(u.machine);
    say("uname", s.c_str());
  }

  // The command line as this kernel took it (`sysabi vm --append` adds to it).
  static char cmdline[4096];
  if (read_file("/proc/cmdline", cmdline, sizeof cmdline)) {
    for (char* p = cmdline; *p; ++p)
      if (*p == '\n') *p = 0;
    say("cmdline", cmdline);
  }

  // The CPU's feature line ("flags" on x86, "Features" on arm) for the
  // report's cpu_features, and its model name (x86, arm32; arm64 has none):
  // TCG's CPU is not the host's.
  static char cpuinfo[16384];
  if (read_file("/proc/cpuinfo", cpuinfo, sizeof cpuinfo)) {
    say_first_line("cpuinfo", cpuinfo, "flags", "Features");
    say_first_line("cpumodel", cpuinfo, "model name", "model name");
  }

  // KTAP on the console: /vm-format says so, or the command line does.
  static char format[64];
  read_file("/vm-format", format, sizeof format);
  bool ktap = rt::starts_with(format, "ktap");
  for (const char* p = cmdline; *p; ++p)
    if ((p == cmdline || p[-1] == ' ') && rt::starts_with(p, "sysabi.ktap=1")) ktap = true;

  // /vm-variants: one variant name per line.
  static char list[4096];
  read_file("/vm-variants", list, sizeof list);
  if (ktap) {
    unsigned planned = 0;
    for (const char* p = list; *p; ++p)
      if (*p != '\n' && (p[1] == '\n' || p[1] == 0)) ++planned;
    rt::line l;
    l.add("KTAP version 1");
    l.emit(1);
    l.add("1..").add_unsigned(planned);
    l.emit(1);
  }
  unsigned number = 0;
  for (char* p = list; *p;) {
    char* end = p;
    while (*end && *end != '\n') ++end;
    bool last = *end == 0;
    *end = 0;
    if (*p) run_variant(p, ktap, ++number);
    if (last) break;
    p = end + 1;
  }
  say("done");
  power_off();
}
