// abi_checks/trace_ops.cpp - the operations `sysabi trace` watches each
// variant perform (cli/src/trace.cpp), as one helper program:
//
//   sysabi-probe --helper trace_op OP PATH
//
//   startup   nothing: the trace before the first mark is start-up to main
//   stat      stat(PATH)              (libc; nolibc: the raw layer's choice)
//   fstat     fstat on PATH opened before the first mark
//   lstat     lstat(PATH)
//   print     one line to stdout, flushed
//   exit      exit(0): everything after the first mark is the way out
//
// The operation sits between two marks, write(-1, "sysabi-trace-mark", 17):
// a call no libc makes (it fails with EBADF and has no effect), which the
// tracer finds by its descriptor and length.  Not a probe: no facts here.
#if SYSABI_HAS_LIBC
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#else
#include <linux/fcntl.h>
#endif

#include "harness/harness.hpp"
#include "sysabi/rt/str.hpp"

using namespace sysabi;

namespace {

void mark() {
  static const char text[] = "sysabi-trace-mark";
  raw::write(-1, text, sizeof text - 1);
}

#if SYSABI_HAS_LIBC
using file_status = struct stat;
bool do_stat(const char* p, file_status* st) { return ::stat(p, st) == 0; }
bool do_lstat(const char* p, file_status* st) { return ::lstat(p, st) == 0; }
int do_open(const char* p) { return ::open(p, O_RDONLY | O_CLOEXEC); }
bool do_fstat(int fd, file_status* st) { return ::fstat(fd, st) == 0; }
bool do_print() { return ::puts("sysabi trace line") >= 0 && ::fflush(stdout) == 0; }
[[noreturn]] void do_exit() { ::exit(0); }
#else
// Without libc the raw layer's own choices (raw/calls.hpp).
using file_status = raw::kernel_stat_lfs;
bool stat_at(const char* p, file_status* st, int flags) {
  return raw::fstatat_lfs(AT_FDCWD, p, st, flags).ok();
}
bool do_fstat(int fd, file_status* st) { return raw::fstat_lfs(fd, st).ok(); }
bool do_stat(const char* p, file_status* st) { return stat_at(p, st, 0); }
bool do_lstat(const char* p, file_status* st) { return stat_at(p, st, AT_SYMLINK_NOFOLLOW); }
int do_open(const char* p) {
  auto r = raw::openat(AT_FDCWD, p, O_RDONLY | O_CLOEXEC, 0);
  return r.ok() ? static_cast<int>(r.value()) : -1;
}
bool do_print() {
  static const char line[] = "sysabi trace line\n";
  return raw::write(1, line, sizeof line - 1).ok();
}
[[noreturn]] void do_exit() { raw::exit_group(0); }
#endif

}  // namespace

SYSABI_HELPER(trace_op) {
  if (argc != 2) return 2;
  const char* op = argv[0];
  const char* path = argv[1];
  file_status st;
  bool ok = true;
  if (rt::str_eq(op, "startup")) {
    mark();
    mark();
  } else if (rt::str_eq(op, "stat")) {
    mark();
    ok = do_stat(path, &st);
    mark();
  } else if (rt::str_eq(op, "fstat")) {
    int fd = do_open(path);
    mark();
    ok = fd >= 0 && do_fstat(fd, &st);
    mark();
  } else if (rt::str_eq(op, "lstat")) {
    mark();
    ok = do_lstat(path, &st);
    mark();
  } else if (rt::str_eq(op, "print")) {
    mark();
    ok = do_print();
    mark();
  } else if (rt::str_eq(op, "exit")) {
    mark();
    do_exit();
  } else {
    return 2;
  }
  return ok ? 0 : 1;
}
