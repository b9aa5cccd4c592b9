// abi_checks/harness/environment.cpp - see environment.hpp.
#include "harness/environment.hpp"

#include <linux/fcntl.h>

#include "harness/harness.hpp"
#include "sysabi/raw/calls.hpp"

#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | O_DIRECTORY)
#endif

namespace sysabi::harness {

bool bytes_equal(const void* a, const void* b, usize n) {
  auto* x = static_cast<const u8*>(a);
  auto* y = static_cast<const u8*>(b);
  for (usize i = 0; i < n; ++i)
    if (x[i] != y[i]) return false;
  return true;
}

bool str_equal(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}

const char* str_find(const char* hay, const char* needle) {
  for (; *hay; ++hay) {
    const char* h = hay;
    const char* n = needle;
    while (*n && *h == *n) ++h, ++n;
    if (!*n) return hay;
  }
  return *needle ? nullptr : hay;
}

long read_file(const char* path, char* buf, usize size) {
  auto fd = raw::openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
  if (!fd.ok()) return -fd.error();
  usize got = 0;
  while (got + 1 < size) {
    auto n = raw::read(fd.value(), buf + got, size - 1 - got);
    if (!n.ok()) {
      raw::close(fd.value());
      return -n.error();
    }
    if (n.value() == 0) break;
    got += static_cast<usize>(n.value());
  }
  raw::close(fd.value());
  buf[got] = 0;
  return static_cast<long>(got);
}

int anonymous_file(usize size, char fill) {
  const char* dir = getenv("TMPDIR");
  if (dir == nullptr || *dir == 0) dir = "/tmp";
  auto fd = raw::openat(AT_FDCWD, dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (!fd.ok()) {
    if (is_environment_errno(fd.error())) environment_problem("a file under TMPDIR", fd.error());
    return -fd.error();
  }
  static char chunk[4096];
  for (char& c : chunk) c = fill;
  for (usize done = 0; done < size;) {
    auto w = raw::write(fd.value(), chunk, size - done < sizeof chunk ? size - done : sizeof chunk);
    if (!w.ok()) {
      raw::close(fd.value());
      if (is_environment_errno(w.error())) environment_problem("writing under TMPDIR", w.error());
      return -w.error();
    }
    done += static_cast<usize>(w.value());
  }
  return fd.value();
}

bool under_qemu_user() {
  char by_path[256], by_dirfd[256];
  auto a = raw::readlinkat(AT_FDCWD, "/proc/self/exe", by_path, sizeof by_path);
  auto dir = raw::openat(AT_FDCWD, "/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (a.ok() && dir.ok()) {
    auto b = raw::readlinkat(dir.value(), "exe", by_dirfd, sizeof by_dirfd);
    raw::close(dir.value());
    if (b.ok() &&
        (a.value() != b.value() || !bytes_equal(by_path, by_dirfd, static_cast<usize>(a.value()))))
      return true;
  }
  // "<pid> (<comm>) <state> ...": the state is a letter on a real kernel.
  char buf[512];
  if (read_file("/proc/self/stat", buf, sizeof buf) > 0) {
    const char* close_paren = nullptr;
    for (const char* p = buf; *p; ++p)
      if (*p == ')') close_paren = p;
    if (close_paren && close_paren[1] == ' ' && close_paren[2] >= '0' && close_paren[2] <= '9')
      return true;
  }
  return false;
}

bool qemu_stat_drops_nsec() {
  static int known = -1;  // -1: not asked yet
  if (known >= 0) return known;
  known = 0;
  if (!under_qemu_user()) return false;
  auto fd = raw::openat(AT_FDCWD, "/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (!fd.ok()) return false;
  raw::kernel_stat_lfs by_fd{}, by_path{};
  bool a = raw::fstat_lfs(fd.value(), &by_fd).ok();
  bool b = raw::fstatat_lfs(fd.value(), "", &by_path, AT_EMPTY_PATH).ok();
  raw::close(fd.value());
  known = a && b && by_fd.st_ino == by_path.st_ino && by_path.st_mtime_nsec != 0 &&
          by_fd.st_mtime_nsec == 0 && by_fd.st_atime_nsec == 0 && by_fd.st_ctime_nsec == 0;
  return known;
}

bool cpu_has_flag(const char* flag) {
  static char info[65536];  // /proc/cpuinfo of a few CPUs; the first one is enough
  if (read_file("/proc/cpuinfo", info, sizeof info) <= 0) return false;
  const char* line = str_find(info, "\nflags");
  if (!line) line = str_find(info, "\nFeatures");
  if (!line) line = str_find(info, "\nOptions implemented");  // mips: tlb ... rixi ...
  if (!line) return false;
  const char* p = line + 1;
  while (*p && *p != ':' && *p != '\n') ++p;
  if (*p != ':') return false;
  ++p;
  usize n = 0;
  while (flag[n]) ++n;
  while (*p && *p != '\n') {
    while (*p == ' ' || *p == '\t') ++p;
    const char* word = p;
    while (*p && *p != ' ' && *p != '\t' && *p != '\n') ++p;
    if (static_cast<usize>(p - word) == n && bytes_equal(word, flag, n)) return true;
  }
  return false;
}

bool running_as_root() {
#ifdef __NR_geteuid32
  return raw::call(__NR_geteuid32) == 0;
#else
  return raw::call(__NR_geteuid) == 0;
#endif
}

namespace {

// The value of "Name:   value kB" in a /proc file's text.
long field_kb(const char* text, const char* name) {
  for (const char* line = text; *line;) {
    const char* n = name;
    const char* p = line;
    while (*n && *p == *n) ++p, ++n;
    if (!*n && *p == ':') {
      ++p;
      while (*p == ' ' || *p == '\t') ++p;
      long v = 0;
      while (*p >= '0' && *p <= '9') v = v * 10 + (*p++ - '0');
      return v;
    }
    while (*line && *line != '\n') ++line;
    if (*line) ++line;
  }
  return -1;
}

}  // namespace

long proc_status_kb(const char* name) {
  static char status[8192];
  if (read_file("/proc/self/status", status, sizeof status) <= 0) return -1;
  return field_kb(status, name);
}

long resident_kb() {
  static char rollup[4096];
  if (read_file("/proc/self/smaps_rollup", rollup, sizeof rollup) <= 0) return -1;
  // The first line names the range; the fields follow.
  return field_kb(rollup, "Rss");
}

}  // namespace sysabi::harness
