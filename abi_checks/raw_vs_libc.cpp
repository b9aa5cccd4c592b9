// abi_checks/raw_vs_libc.cpp - the raw layer and libc give the same answers.
//
// LIBC_ONLY: built into the glibc and musl variants.  For each question it
// asks the kernel twice, once through sysabi's raw system calls and once
// through libc, and states whether the answers agree:
//
//   getpid.same, getppid.same
//   uname.<field>.same            every field of struct utsname
//   fstat.file.<field>.same       a file this probe creates under $TMPDIR
//   fstat.dev_null.<field>.same   /dev/null (a character device: st_rdev)
//   clock_gettime.<clock>.raw_between_libc, clock_gettime.<clock>.libc_between_raw
//                                 readings interleave consistently (libc may
//                                 answer from the vDSO, the raw layer never)
//   errno.<case>                  libc returns -1 with errno == -(raw result)
//
// Every fact is a boolean or an errno name, identical on every libc variant.
// libc's struct stat is not the kernel's, so fields are compared by value
// (stat/fields.hpp, shared with the stat probe).  The file is compiled with 64-bit file offsets and
// time, the interface every current program uses on 32-bit arches.
#define _FILE_OFFSET_BITS 64
#define _TIME_BITS 64

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "harness/environment.hpp"
#include "harness/harness.hpp"
#include "harness/scoped.hpp"
#include "stat/fields.hpp"

namespace {

using namespace sysabi;

// --- fstat (the comparison: stat/fields.hpp) -----------------------------------------

// Compares raw and libc fstat of fd, one fact per field: fstat.<what>.<field>.same
void compare_fstat(harness::context& ctx, const char* what, int fd) {
  rt::sbuf<96> id;
  auto fact_id = [&](const char* field) {
    id.clear();
    id.add("fstat.").add(what).add('.').add(field).add(".same");
    return id.c_str();
  };
  raw::kernel_stat_lfs k{};
  struct stat l {};
  auto rr = raw::fstat_lfs(fd, &k);
  errno = 0;
  bool lok = ::fstat(fd, &l) == 0;
  if (!rr.ok() || !lok) {
    rt::sbuf<96> why("fstat failed: raw ");
    why.add(rr.ok() ? "ok" : harness::errno_name(rr.error()));
    why.add(", libc ").add(lok ? "ok" : harness::errno_name(errno));
    for (const char* f : stat_compare::stat_field_ids)
      ctx.fact(fact_id(f), harness::value::none(), true, harness::status::fail, why.c_str(),
               harness::scope::portable);
    return;
  }
  bool same[stat_compare::stat_field_count];
  const auto kf = stat_compare::from_kernel(k), lf = stat_compare::from_libc(l);
  stat_compare::compare(kf, lf, same);
  for (usize i = 0; i < stat_compare::stat_field_count; ++i) {
    // A qemu-user that drops the nanoseconds on one of the two paths: not
    // the kernel's answer (harness/environment.hpp).
    if (!same[i] && stat_compare::nanoseconds_only(kf, lf, i) && harness::qemu_stat_drops_nsec())
      ctx.skip(fact_id(stat_compare::stat_field_ids[i]), harness::qemu_stat_nsec_reason, true);
    else
      ctx.check(fact_id(stat_compare::stat_field_ids[i]), same[i], true);
  }
}

// fstat.<what>.<field>.same skipped, all of them, for `why`.
void skip_fstat(harness::context& ctx, const char* what, const char* why) {
  rt::sbuf<96> id;
  for (const char* f : stat_compare::stat_field_ids) {
    id.clear();
    id.add("fstat.").add(what).add('.').add(f).add(".same");
    ctx.skip(id.c_str(), why, true);
  }
}

// --- uname --------------------------------------------------------------------------

void compare_uname(harness::context& ctx) {
  raw::kernel_utsname r{};
  struct utsname l {};
  auto rr = raw::uname(&r);
  int lr = ::uname(&l);
  if (!rr.ok() || lr != 0) {
    const char* const ids[] = {"uname.sysname.same", "uname.nodename.same",
                               "uname.release.same", "uname.version.same",
                               "uname.machine.same", "uname.domainname.same"};
    for (const char* n : ids) ctx.check(n, false, true);
    return;
  }
  ctx.check("uname.sysname.same", rt::str_eq(r.sysname, l.sysname), true);
  ctx.check("uname.nodename.same", rt::str_eq(r.nodename, l.nodename), true);
  ctx.check("uname.release.same", rt::str_eq(r.release, l.release), true);
  ctx.check("uname.version.same", rt::str_eq(r.version, l.version), true);
  ctx.check("uname.machine.same", rt::str_eq(r.machine, l.machine), true);
  ctx.check("uname.domainname.same", rt::str_eq(r.domainname, l.domainname), true);
}

// --- clock_gettime ------------------------------------------------------------------

i64 ns(i64 sec, i64 nsec) { return sec * 1000000000LL + nsec; }

i64 libc_now(clockid_t clock) {
  struct timespec ts {};
  if (::clock_gettime(clock, &ts) != 0) return -1;
  return ns(ts.tv_sec, ts.tv_nsec);
}

i64 raw_now(int clock) {
  raw::kernel_timespec ts{};
  if (!raw::clock_gettime(clock, &ts).ok()) return -1;
  return ns(ts.tv_sec, ts.tv_nsec);
}

// The two ways of reading one clock interleave: libc, raw, libc gives
// non-decreasing readings, and raw, libc, raw too.  (CLOCK_REALTIME can be
// stepped by an administrator between two readings; that is the one way
// this can fail without either side being wrong, and it is rare enough to
// be worth reporting.)
void compare_clock(harness::context& ctx, const char* name, int clock) {
  rt::sbuf<96> id;
  i64 l1 = libc_now(clock), r = raw_now(clock), l2 = libc_now(clock);
  id.add("clock_gettime.").add(name).add(".raw_between_libc");
  ctx.check(id.c_str(), l1 >= 0 && r >= 0 && l2 >= 0 && l1 <= r && r <= l2, true);
  i64 r1 = raw_now(clock), l = libc_now(clock), r2 = raw_now(clock);
  id.clear();
  id.add("clock_gettime.").add(name).add(".libc_between_raw");
  ctx.check(id.c_str(), r1 >= 0 && l >= 0 && r2 >= 0 && r1 <= l && l <= r2, true);
}

// --- errno --------------------------------------------------------------------------

// errno.<case>: the value is what libc reported ("EBADF", or "returned N"
// when it did not return -1), the expectation the raw layer's error.
void compare_errno(harness::context& ctx, const char* id, long libc_ret, int libc_errno,
                   long raw_ret) {
  rt::sbuf<48> got;
  if (libc_ret == -1) {
    got.add(harness::errno_name(libc_errno));
  } else {
    got.add("returned ").add(libc_ret);
  }
  const char* want = raw::is_error(raw_ret) ? harness::errno_name(static_cast<int>(-raw_ret))
                                            : "raw call succeeded";
  ctx.check(id, got.c_str(), want);
}

void compare_errors(harness::context& ctx) {
  char byte = 0;
  long l, r;

  errno = 0;
  l = ::read(-1, &byte, 1);
  r = raw::read(-1, &byte, 1).raw();
  compare_errno(ctx, "errno.read_bad_fd", l, errno, r);

  errno = 0;
  l = ::close(-1);
  r = raw::close(-1).raw();
  compare_errno(ctx, "errno.close_bad_fd", l, errno, r);

  errno = 0;
  l = ::openat(AT_FDCWD, "/nonexistent/sysabi", O_RDONLY);
  r = raw::openat(AT_FDCWD, "/nonexistent/sysabi", O_RDONLY).raw();
  compare_errno(ctx, "errno.openat_missing", l, errno, r);

  errno = 0;
  struct stat st {};
  l = ::fstat(-1, &st);
  raw::kernel_stat_lfs kst{};
  r = raw::fstat_lfs(-1, &kst).raw();
  compare_errno(ctx, "errno.fstat_bad_fd", l, errno, r);

  // No clock has this number.
  errno = 0;
  struct timespec ts {};
  l = ::clock_gettime(static_cast<clockid_t>(1000), &ts);
  raw::kernel_timespec kts{};
  r = raw::clock_gettime(1000, &kts).raw();
  compare_errno(ctx, "errno.clock_gettime_bad_clock", l, errno, r);

  // Neither MAP_PRIVATE nor MAP_SHARED.  libc's failure value is MAP_FAILED.
  errno = 0;
  void* m = ::mmap(nullptr, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0);
  l = m == MAP_FAILED ? -1 : 0;
  r = raw::mmap(nullptr, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0).raw();
  compare_errno(ctx, "errno.mmap_no_sharing_type", l, errno, r);

  errno = 0;
  l = ::mkdirat(AT_FDCWD, "/", 0755);
  r = raw::mkdirat(AT_FDCWD, "/", 0755).raw();
  compare_errno(ctx, "errno.mkdirat_existing", l, errno, r);

  errno = 0;
  l = ::unlinkat(AT_FDCWD, "/nonexistent/sysabi", 0);
  r = raw::unlinkat(AT_FDCWD, "/nonexistent/sysabi", 0).raw();
  compare_errno(ctx, "errno.unlinkat_missing", l, errno, r);

  // A pipe has no file position.
  harness::scoped_pipe p(O_CLOEXEC);
  if (p.ok()) {
    errno = 0;
    l = ::lseek(p.r, 0, SEEK_CUR);
    r = raw::lseek(p.r, 0, SEEK_CUR).raw();
    compare_errno(ctx, "errno.lseek_pipe", l, errno, r);
  } else {
    ctx.skip("errno.lseek_pipe", "pipe2 failed", "ESPIPE");
  }
}

}  // namespace

SYSABI_PROBE(raw_vs_libc) {
  ctx.check("getpid.same", raw::getpid().raw() == static_cast<long>(::getpid()), true);
  ctx.check("getppid.same", raw::getppid().raw() == static_cast<long>(::getppid()), true);

  compare_uname(ctx);

  // A regular file this probe creates in a scratch directory under $TMPDIR
  // (removed at the end): 5000 bytes, so that st_size and st_blocks are not
  // trivially zero.
  harness::scratch_dir dir("sysabi-raw_vs_libc.");
  harness::scoped_fd fd(dir.ok() ? raw::openat(AT_FDCWD, dir.path("file").c_str(),
                                               O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600)
                                 : raw::result<int>(-dir.error()));
  if (fd.ok()) {
    char block[1000];
    for (usize i = 0; i < sizeof block; ++i) block[i] = static_cast<char>('a' + i % 26);
    for (int i = 0; i < 5; ++i) raw::write(fd.get(), block, sizeof block);
    compare_fstat(ctx, "file", fd.get());
  } else {
    rt::sbuf<96> why("cannot create a file under TMPDIR: ");
    why.add(harness::errno_name(fd.error()));
    skip_fstat(ctx, "file", why.c_str());
  }

  harness::scoped_fd null(raw::openat(AT_FDCWD, "/dev/null", O_RDONLY | O_CLOEXEC));
  if (null.ok())
    compare_fstat(ctx, "dev_null", null.get());
  else
    skip_fstat(ctx, "dev_null", "cannot open /dev/null");

  compare_clock(ctx, "realtime", CLOCK_REALTIME);
  compare_clock(ctx, "monotonic", CLOCK_MONOTONIC);

  compare_errors(ctx);
}
