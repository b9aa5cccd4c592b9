// abi_checks/stat.cpp - struct stat at run time: the bytes the kernel writes
// into it, and libc's stat/lstat/fstat against the kernel's own answer.
//
// The kernel (every variant, through the raw layer).  Each call gets a
// buffer larger than its struct twice, once filled with 0xA5 bytes and once
// with 0x5A: a byte the kernel wrote is one that did not keep its pattern in
// both fills (a byte the kernel sets to 0xA5 is caught by the 0x5A fill).
//
//   kernel.fstat.call             the calls that fill the arch's large-file
//   kernel.fstatat.call           struct stat: fstat and newfstatat on 64-bit
//                                 arches, fstat64 and fstatat64 on i386 and
//                                 arm (whose plain fstat fills the old struct,
//                                 32-bit sizes and inode numbers)          [arch]
//   kernel.fstat.bytes_written    one past the last byte written: the size of
//   kernel.fstatat.bytes_written  sysabi's kernel_stat (kernel_stat64 on i386
//                                 and arm), and nothing beyond it           [arch]
//   kernel.fstat.padding_zeroed   the struct's bytes that belong to no member
//   kernel.fstatat.padding_zeroed (pad members, alignment gaps) are 0 after
//                                 the call.  Expected false for i386 binaries
//                                 on an x86_64 kernel: its 32-bit fstat64
//                                 (arch/x86/kernel/sys_ia32.c, cp_stat64)
//                                 stores member by member and never touches
//                                 the pads                                  [arch]
//   kernel.fstat.padding_no_leak  every pad byte is 0 or what the caller had
//   kernel.fstatat.padding_no_leak  there: no kernel memory reaches the caller
//   kernel.statx.bytes_written    256: all of struct statx, its spare space too
//   kernel.statx.padding_zeroed   __spare0 and the timestamps' __reserved are 0
//
// libc (glibc and musl variants), each libc call against the raw call that
// answers the same question (stat: newfstatat/fstatat64, lstat: the same
// with AT_SYMLINK_NOFOLLOW, fstat: fstat/fstat64), field by field, by value
// (libc's struct stat is not the kernel's).  The value is "same", or the
// first call and field that differ:
//
//   verify.regular, verify.directory, verify.fifo, verify.dev_null
//                                 stat, lstat and fstat; the kernel's file type
//                                 is the one made (a check of the setup)
//   verify.symlink                lstat and fstat of an O_PATH|O_NOFOLLOW
//                                 descriptor give the link, stat its target
//   large_file.lfs_size           stat with 64-bit off_t (this file) on a
//                                 3 GiB sparse file: its size
//   large_file.off_t_bits         off_t without _FILE_OFFSET_BITS: 32 on i386
//                                 and arm glibc, 64 on 64-bit arches and on
//                                 musl, whose off_t is always 64 bits   [variant]
//   large_file.off32_eoverflow    stat with a 32-bit off_t on that file fails
//                                 with EOVERFLOW; a skip where off_t is 64
//                                 bits                                  [variant]
//   large_file.off64_default_size stat without _FILE_OFFSET_BITS gives the
//                                 full size where off_t is 64 bits; a skip
//                                 where it is 32                        [variant]
//
// libc's conversion, field by field (libc variants).  libc's struct stat is
// the kernel's on some arches and not on others (mips64el: the kernel's is
// 104 bytes with 32-bit st_dev and 32-bit timestamps, glibc's 216 and musl's
// 208; glibc and musl fill it from statx there).  For one regular file, the
// raw newfstatat (fstatat64 on i386/arm) bytes, the raw statx bytes and
// libc's stat() answer, each decoded by its own layout:
//
//   conversion.kernel_size        sizeof the kernel's large-file struct stat [arch]
//   conversion.libc_size          sizeof libc's struct stat                [variant]
//   conversion.libc_layout_is_kernels  libc's struct is byte for byte the
//                                 kernel's: same size, every compared field
//                                 at the same offset with the same size    [variant]
//   conversion.<field>.bytes      the field's bytes on each side, "newfstatat
//                                 <offset>+<size>; statx <offset>+<size>,...;
//                                 libc <offset>+<size>" (a timestamp: seconds
//                                 and nanoseconds)                         [variant]
//   conversion.<field>.from_fstatat     libc's value is the one in the raw
//   conversion.<field>.from_statx       call's bytes: "same", or both values
//
// <field> is each of POSIX's ten and st_atime, st_mtime, st_ctime
// (stat/fields.hpp's ids).
//
// The 32-bit-off_t calls are in stat/off32.cpp: this file must be compiled
// with _FILE_OFFSET_BITS=64 (the interface every current program uses on
// 32-bit arches), that one without.  The comparison of two answers is in
// stat/fields.hpp (shared with raw_vs_libc).  The files live in a scratch
// directory under $TMPDIR, removed at the end (harness/scoped.hpp).
#define _FILE_OFFSET_BITS 64
#define _TIME_BITS 64

#if SYSABI_HAS_LIBC
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#else
#include <asm/errno.h>
#include <linux/fcntl.h>
#include <linux/stat.h>
#endif

#include "harness/environment.hpp"
#include "harness/harness.hpp"
#include "harness/scoped.hpp"
#include "stat/posix_fields.h"
#include "sysabi/rt/str.hpp"
#if SYSABI_HAS_LIBC
#include "stat/fields.hpp"
#endif

using namespace sysabi;

#ifndef STATX_BASIC_STATS  // musl before 1.2.5 has no statx in <sys/stat.h>
#define STATX_BASIC_STATS 0x7ffU
#endif

namespace {

// The struct the fstat facts are about: the large-file one (raw/calls.hpp).
using kstat = raw::kernel_stat_lfs;
constexpr const char* fstat_call = raw::fstat_lfs_name;
constexpr const char* fstatat_call = raw::fstatat_lfs_name;
raw::result<int> kernel_fstat(int fd, kstat* st) { return raw::fstat_lfs(fd, st); }
raw::result<int> kernel_fstatat(const char* path, kstat* st, int flags) {
  return raw::fstatat_lfs(AT_FDCWD, path, st, flags);
}

// The files the facts are about, in a scratch directory (harness/scoped.hpp)
// that the probe's scope removes.
struct files {
  harness::scratch_dir dir{"sysabi-stat."};
  rt::sbuf<256> file = dir.path("file"), subdir = dir.path("dir"), fifo = dir.path("fifo"),
                link = dir.path("link"), large = dir.path("large");
};

bool make_files(const files& f) {
  if (!f.dir.ok()) return false;
  // A regular file of 5000 bytes: st_size and st_blocks are not trivially 0.
  harness::scoped_fd fd(
      raw::openat(AT_FDCWD, f.file.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  if (!fd.ok()) return false;
  char block[1000];
  for (usize i = 0; i < sizeof block; ++i) block[i] = static_cast<char>('a' + i % 26);
  for (int i = 0; i < 5; ++i) raw::write(fd.get(), block, sizeof block);
  return raw::mkdirat(AT_FDCWD, f.subdir.c_str(), 0700).ok() &&
         raw::mknodat(AT_FDCWD, f.fifo.c_str(), S_IFIFO | 0600, 0).ok();
}

// --- what the kernel writes -----------------------------------------------------------

// Marks the bytes of one member as belonging to a member.
#define SYSABI_MEMBER(S, m) \
  mark(is_member, __builtin_offsetof(S, m), sizeof(static_cast<S*>(nullptr)->m))

template <usize N>
void mark(bool (&is_member)[N], usize offset, usize size) {
  for (usize i = offset; i < offset + size && i < N; ++i) is_member[i] = true;
}

// The bytes of a struct stat that carry a value; the rest (pad members and
// alignment gaps) is padding.  i386's and arm's stat64 also carry the inode
// number truncated to 32 bits in __st_ino.
template <class S>
void stat_members(bool (&is_member)[sizeof(S)]) {
#define SYSABI_MARK_POSIX(m, position) SYSABI_MEMBER(S, m);
  SYSABI_STAT_POSIX_FIELDS(SYSABI_MARK_POSIX)  // stat/posix_fields.h
#undef SYSABI_MARK_POSIX
  SYSABI_MEMBER(S, st_atime_sec);
  SYSABI_MEMBER(S, st_atime_nsec);
  SYSABI_MEMBER(S, st_mtime_sec);
  SYSABI_MEMBER(S, st_mtime_nsec);
  SYSABI_MEMBER(S, st_ctime_sec);
  SYSABI_MEMBER(S, st_ctime_nsec);
  if constexpr (requires(S s) { s.__st_ino; }) SYSABI_MEMBER(S, __st_ino);
}

// struct statx's padding: __spare0 and each timestamp's __reserved.
// __spare3 is not padding but room for new fields (stx_subvol, the atomic
// write limits, ...), which newer kernels fill.
void statx_members(bool (&is_member)[sizeof(raw::kernel_statx)]) {
  using S = raw::kernel_statx;
  for (bool& b : is_member) b = true;
  auto unmark = [&](usize offset, usize size) {
    for (usize i = offset; i < offset + size; ++i) is_member[i] = false;
  };
  unmark(__builtin_offsetof(S, __spare0), sizeof(S::__spare0));
  constexpr usize reserved = sizeof(raw::kernel_statx_timestamp::__reserved);
  constexpr usize at = __builtin_offsetof(raw::kernel_statx_timestamp, __reserved);
  unmark(__builtin_offsetof(S, stx_atime) + at, reserved);
  unmark(__builtin_offsetof(S, stx_btime) + at, reserved);
  unmark(__builtin_offsetof(S, stx_ctime) + at, reserved);
  unmark(__builtin_offsetof(S, stx_mtime) + at, reserved);
}

constexpr u8 fill_a = 0xA5, fill_b = 0x5A;
constexpr usize slack = 64;  // bytes past the struct that must stay untouched

struct fill_outcome {
  int error = 0;           // the errno of a failed call, or 0
  usize written_end = 0;   // one past the last byte the kernel wrote
  bool pads_zero = true;   // every pad byte 0 after both calls
  bool pads_clean = true;  // every pad byte 0 or the caller's pattern
};

// Calls `fill(S*)` on both patterns and compares.
template <class S, class Fill>
fill_outcome observe(const bool (&is_member)[sizeof(S)], Fill fill) {
  alignas(16) u8 a[sizeof(S) + slack];
  alignas(16) u8 b[sizeof(S) + slack];
  for (usize i = 0; i < sizeof a; ++i) a[i] = fill_a, b[i] = fill_b;
  fill_outcome o;
  auto ra = fill(reinterpret_cast<S*>(a));
  auto rb = fill(reinterpret_cast<S*>(b));
  if (!ra.ok() || !rb.ok()) {
    o.error = ra.ok() ? rb.error() : ra.error();
    return o;
  }
  for (usize i = 0; i < sizeof a; ++i) {
    bool kept = a[i] == fill_a && b[i] == fill_b;
    if (!kept) o.written_end = i + 1;
    if (i < sizeof(S) && !is_member[i]) {
      if (a[i] != 0 || b[i] != 0) o.pads_zero = false;
      if ((a[i] != 0 && a[i] != fill_a) || (b[i] != 0 && b[i] != fill_b)) o.pads_clean = false;
    }
  }
  return o;
}

// True when the fstat64 family leaves the pads alone: an i386 binary run
// directly by an x86_64 kernel (not by qemu-i386, which zeroes the whole
// struct before converting its host's answer).  /proc/sys/kernel/arch names
// the kernel's arch whatever the process's personality; uname's machine is
// the fallback for kernels without it.
bool compat_fstat64_leaves_pads() {
#ifdef __i386__
  if (harness::under_qemu_user()) return false;
  char arch[32];
  if (harness::read_file("/proc/sys/kernel/arch", arch, sizeof arch) > 0)
    return rt::starts_with(arch, "x86_64");
  raw::kernel_utsname u{};
  return raw::uname(&u).ok() && rt::str_eq(u.machine, "x86_64");
#else
  return false;
#endif
}

// kernel.<call>.{bytes_written,padding_zeroed,padding_no_leak}
void report_fill(harness::context& ctx, const char* call, const fill_outcome& o, usize size,
                 harness::scope sc, bool with_no_leak, bool zeroed_expected,
                 const char* zeroed_reason) {
  rt::sbuf<64> id;
  auto fact_id = [&](const char* what) {
    id.clear();
    id.add("kernel.").add(call).add('.').add(what);
    return id.c_str();
  };
  if (o.error != 0) {
    rt::sbuf<64> why("the call failed: ");
    why.add(harness::errno_name(o.error));
    ctx.fact(fact_id("bytes_written"), harness::value::none(), size, harness::status::fail,
             why.c_str(), sc);
    ctx.fact(fact_id("padding_zeroed"), harness::value::none(), zeroed_expected,
             harness::status::fail, why.c_str(), sc);
    if (with_no_leak)
      ctx.fact(fact_id("padding_no_leak"), harness::value::none(), true, harness::status::fail,
               why.c_str(), harness::scope::portable);
    return;
  }
  ctx.check(fact_id("bytes_written"), o.written_end, size, sc);
  if (zeroed_reason != nullptr) {
    bool pass = o.pads_zero == zeroed_expected;
    ctx.fact(fact_id("padding_zeroed"), o.pads_zero, zeroed_expected,
             pass ? harness::status::pass : harness::status::fail, zeroed_reason, sc);
  } else {
    ctx.check(fact_id("padding_zeroed"), o.pads_zero, zeroed_expected, sc);
  }
  if (with_no_leak) ctx.check(fact_id("padding_no_leak"), o.pads_clean, true);
}

void kernel_facts(harness::context& ctx, const files& f) {
  ctx.record("kernel.fstat.call", fstat_call, harness::scope::arch);
  ctx.record("kernel.fstatat.call", fstatat_call, harness::scope::arch);

  bool is_member[sizeof(kstat)] = {};
  stat_members<kstat>(is_member);
  const bool leaves_pads = compat_fstat64_leaves_pads();
  const char* why = leaves_pads ? "an i386 binary on an x86_64 kernel: the compat fstat64 "
                                  "(arch/x86/kernel/sys_ia32.c cp_stat64) stores member by "
                                  "member and leaves the pads as the caller had them"
                                : nullptr;

  harness::scoped_fd fd(raw::openat(AT_FDCWD, f.file.c_str(), O_RDONLY | O_CLOEXEC));
  auto by_fd = observe<kstat>(is_member, [&](kstat* st) {
    return fd.ok() ? kernel_fstat(fd.get(), st) : raw::result<int>(fd.get());
  });
  fd.reset();
  report_fill(ctx, "fstat", by_fd, sizeof(kstat), harness::scope::arch, true, !leaves_pads, why);

  auto by_path =
      observe<kstat>(is_member, [&](kstat* st) { return kernel_fstatat(f.file.c_str(), st, 0); });
  report_fill(ctx, "fstatat", by_path, sizeof(kstat), harness::scope::arch, true, !leaves_pads,
              why);

  bool statx_member[sizeof(raw::kernel_statx)];
  statx_members(statx_member);
  auto by_statx = observe<raw::kernel_statx>(statx_member, [&](raw::kernel_statx* stx) {
    return raw::statx(AT_FDCWD, f.file.c_str(), 0, STATX_BASIC_STATS, stx);
  });
  report_fill(ctx, "statx", by_statx, sizeof(raw::kernel_statx), harness::scope::portable, false,
              true, nullptr);
}

#if SYSABI_HAS_LIBC

// --- libc against the kernel (stat/fields.hpp)
// ------------------------------------------------------------

const char* type_name(u64 mode) {
  switch (mode & S_IFMT) {
    case S_IFREG:
      return "regular file";
    case S_IFDIR:
      return "directory";
    case S_IFIFO:
      return "fifo";
    case S_IFCHR:
      return "character device";
    case S_IFLNK:
      return "symlink";
    case S_IFBLK:
      return "block device";
    case S_IFSOCK:
      return "socket";
  }
  return "unknown type";
}

// One libc call against its raw twin.  Appends what is wrong to `out` and
// returns false; returns true when both agree and the type is `want_type`.
// Under a qemu-user that drops the timestamps' nanoseconds on one of the
// two paths (harness::qemu_stat_drops_nsec), a difference in nothing else
// counts as agreement and sets *nsec_lost.
bool agree(rt::sbuf<160>& out, const char* call, raw::result<int> kr, const kstat& k, int lr,
           int lerr, const struct stat& l, unsigned want_type, bool* nsec_lost) {
  if (!kr.ok() || lr != 0) {
    out.add(call).add(" failed: kernel ").add(kr.ok() ? "ok" : harness::errno_name(kr.error()));
    out.add(", libc ").add(lr == 0 ? "ok" : harness::errno_name(lerr));
    return false;
  }
  auto kf = stat_compare::from_kernel(k), lf = stat_compare::from_libc(l);
  if ((kf.st_mode & S_IFMT) != want_type) {
    out.add(call).add(": the kernel says ").add(type_name(kf.st_mode)).add(", not ");
    out.add(type_name(want_type));
    return false;
  }
  if (stat_compare::differ_only_in_nanoseconds(kf, lf) && harness::qemu_stat_drops_nsec()) {
    *nsec_lost = true;
    return true;
  }
  if (const char* field = stat_compare::first_difference(kf, lf)) {
    out.add(call).add(": ").add(field).add(" differs from the kernel's");
    return false;
  }
  return true;
}

// verify.<what>: stat (following links), lstat and fstat of `path`, opened
// with `open_flags`.  stat must find `type`, lstat and fstat `own_type`.
void verify(harness::context& ctx, const char* what, const char* path, int open_flags,
            unsigned type, unsigned own_type) {
  rt::sbuf<160> v;
  rt::sbuf<64> id("verify.");
  id.add(what);
  bool ok = true, nsec_lost = false;
  {
    kstat k{};
    struct stat l {};
    auto kr = kernel_fstatat(path, &k, 0);
    errno = 0;
    int lr = ::stat(path, &l);
    ok = agree(v, "stat", kr, k, lr, errno, l, type, &nsec_lost);
  }
  if (ok) {
    kstat k{};
    struct stat l {};
    auto kr = kernel_fstatat(path, &k, AT_SYMLINK_NOFOLLOW);
    errno = 0;
    int lr = ::lstat(path, &l);
    ok = agree(v, "lstat", kr, k, lr, errno, l, own_type, &nsec_lost);
  }
  if (ok) {
    harness::scoped_fd fd(raw::openat(AT_FDCWD, path, open_flags | O_CLOEXEC));
    if (!fd.ok()) {
      v.add("cannot open: ").add(harness::errno_name(fd.error()));
      ok = false;
    } else {
      kstat k{};
      struct stat l {};
      auto kr = kernel_fstat(fd.get(), &k);
      errno = 0;
      int lr = ::fstat(fd.get(), &l);
      ok = agree(v, "fstat", kr, k, lr, errno, l, own_type, &nsec_lost);
    }
  }
  if (ok && nsec_lost) {
    rt::sbuf<128> why(harness::qemu_stat_nsec_reason);
    why.add(": every other field agrees");
    ctx.skip(id.c_str(), why.c_str(), "same");
  }
  else
    ctx.check(id.c_str(), ok ? "same" : v.c_str(), "same");
}


// The 32-bit-off_t side, compiled without _FILE_OFFSET_BITS (stat/off32.cpp).
}  // namespace
namespace sysabi::stat_off32 {
int off_t_bits();
int stat_size(const char* path, long long* size);
}  // namespace sysabi::stat_off32
namespace {

constexpr long long large_size = 3LL << 30;  // 3 GiB: past 2^31 - 1

void large_file_facts(harness::context& ctx, const files& f) {
  const int bits = stat_off32::off_t_bits();
  ctx.record("large_file.off_t_bits", bits, harness::scope::variant);

  errno = 0;
  harness::scoped_fd fd(::open(f.large.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  bool made = fd.ok() && ::ftruncate(fd.get(), large_size) == 0;
  int err = errno;
  fd.reset();
  if (!made) {
    rt::sbuf<96> why("cannot make a 3 GiB sparse file under TMPDIR: ");
    why.add(harness::errno_name(err));
    ctx.skip("large_file.lfs_size", why.c_str(), large_size);
    ctx.skip("large_file.off32_eoverflow", why.c_str(), "EOVERFLOW", harness::scope::variant);
    ctx.skip("large_file.off64_default_size", why.c_str(), large_size, harness::scope::variant);
    return;
  }

  struct stat st {};
  errno = 0;
  if (::stat(f.large.c_str(), &st) == 0)
    ctx.check("large_file.lfs_size", static_cast<long long>(st.st_size), large_size);
  else
    ctx.check("large_file.lfs_size", harness::errno_name(errno), large_size);

  long long size = 0;
  int r = stat_off32::stat_size(f.large.c_str(), &size);
  if (bits < 64) {
    ctx.check("large_file.off32_eoverflow", r == 0 ? "ok" : harness::errno_name(r), "EOVERFLOW",
              harness::scope::variant);
    ctx.skip("large_file.off64_default_size",
             "off_t is 32 bits without _FILE_OFFSET_BITS here: see off32_eoverflow", large_size,
             harness::scope::variant);
  } else {
    ctx.skip("large_file.off32_eoverflow",
             "off_t is 64 bits without _FILE_OFFSET_BITS here (a 64-bit arch, or musl): "
             "no 32-bit stat to overflow",
             "EOVERFLOW", harness::scope::variant);
    if (r == 0)
      ctx.check("large_file.off64_default_size", size, large_size, harness::scope::variant);
    else
      ctx.check("large_file.off64_default_size", harness::errno_name(r), large_size,
                harness::scope::variant);
  }
}

// --- libc's conversion, field by field ------------------------------------------------

// Bytes [off, off + size) of a struct, for the byte maps.
struct span {
  usize off = 0, size = 0;
};
struct field_bytes {
  span kernel[2], statx[2], libc;  // a second span: a timestamp's nanoseconds, dev's minor
};

#define SYSABI_SPAN(S, m) \
  span { __builtin_offsetof(S, m), sizeof(static_cast<S*>(nullptr)->m) }
#define SYSABI_K(m) SYSABI_SPAN(kstat, m)
#define SYSABI_X(m) SYSABI_SPAN(raw::kernel_statx, m)
#define SYSABI_L(m) SYSABI_SPAN(struct stat, m)
#define SYSABI_XT(t, part) \
  span { __builtin_offsetof(raw::kernel_statx, t) + __builtin_offsetof(raw::kernel_statx_timestamp, part), \
         sizeof(raw::kernel_statx_timestamp::part) }

// In stat_compare::stat_field_ids' order.
const field_bytes byte_map[stat_compare::stat_field_count] = {
    {{SYSABI_K(st_dev)}, {SYSABI_X(stx_dev_major), SYSABI_X(stx_dev_minor)}, SYSABI_L(st_dev)},
    {{SYSABI_K(st_ino)}, {SYSABI_X(stx_ino)}, SYSABI_L(st_ino)},
    {{SYSABI_K(st_mode)}, {SYSABI_X(stx_mode)}, SYSABI_L(st_mode)},
    {{SYSABI_K(st_nlink)}, {SYSABI_X(stx_nlink)}, SYSABI_L(st_nlink)},
    {{SYSABI_K(st_uid)}, {SYSABI_X(stx_uid)}, SYSABI_L(st_uid)},
    {{SYSABI_K(st_gid)}, {SYSABI_X(stx_gid)}, SYSABI_L(st_gid)},
    {{SYSABI_K(st_rdev)}, {SYSABI_X(stx_rdev_major), SYSABI_X(stx_rdev_minor)}, SYSABI_L(st_rdev)},
    {{SYSABI_K(st_size)}, {SYSABI_X(stx_size)}, SYSABI_L(st_size)},
    {{SYSABI_K(st_blksize)}, {SYSABI_X(stx_blksize)}, SYSABI_L(st_blksize)},
    {{SYSABI_K(st_blocks)}, {SYSABI_X(stx_blocks)}, SYSABI_L(st_blocks)},
    {{SYSABI_K(st_atime_sec), SYSABI_K(st_atime_nsec)},
     {SYSABI_XT(stx_atime, tv_sec), SYSABI_XT(stx_atime, tv_nsec)},
     SYSABI_L(st_atim)},
    {{SYSABI_K(st_mtime_sec), SYSABI_K(st_mtime_nsec)},
     {SYSABI_XT(stx_mtime, tv_sec), SYSABI_XT(stx_mtime, tv_nsec)},
     SYSABI_L(st_mtim)},
    {{SYSABI_K(st_ctime_sec), SYSABI_K(st_ctime_nsec)},
     {SYSABI_XT(stx_ctime, tv_sec), SYSABI_XT(stx_ctime, tv_nsec)},
     SYSABI_L(st_ctim)},
};
#undef SYSABI_XT
#undef SYSABI_L
#undef SYSABI_X
#undef SYSABI_K
#undef SYSABI_SPAN

void add_spans(rt::sbuf<128>& out, const span (&s)[2]) {
  for (int k = 0; k < 2 && s[k].size; ++k) {
    if (k) out.add(',');
    out.add(static_cast<long long>(s[k].off)).add('+').add(static_cast<long long>(s[k].size));
  }
}

// libc's struct is the kernel's: the same size, each field where the kernel
// has it.  (A timestamp: libc's timespec starts at the kernel's seconds and
// covers both halves.)
bool libc_layout_is_kernels() {
  if (sizeof(struct stat) != sizeof(kstat)) return false;
  for (const auto& b : byte_map) {
    usize end = b.kernel[1].size ? b.kernel[1].off + b.kernel[1].size : b.kernel[0].off + b.kernel[0].size;
    if (b.libc.off != b.kernel[0].off || b.libc.size != end - b.kernel[0].off) return false;
  }
  return true;
}

// "same", or "<call> <value>, libc <value>" for field i.
void judge(rt::sbuf<128>& out, const char* call, const stat_compare::stat_fields& k,
           const stat_compare::stat_fields& l, usize i, bool timestamp) {
  out.clear();
  bool same = stat_compare::field_value(k, i) == stat_compare::field_value(l, i) &&
              (!timestamp || stat_compare::field_value(k, i, true) == stat_compare::field_value(l, i, true));
  if (same) {
    out.add("same");
    return;
  }
  out.add(call).add(' ').add(static_cast<long long>(stat_compare::field_value(k, i)));
  if (timestamp) out.add('.').add(static_cast<long long>(stat_compare::field_value(k, i, true)));
  out.add(", libc ").add(static_cast<long long>(stat_compare::field_value(l, i)));
  if (timestamp) out.add('.').add(static_cast<long long>(stat_compare::field_value(l, i, true)));
}

void conversion_facts(harness::context& ctx, const files& f) {
  ctx.record("conversion.kernel_size", static_cast<long>(sizeof(kstat)), harness::scope::arch);
  ctx.record("conversion.libc_size", static_cast<long>(sizeof(struct stat)),
             harness::scope::variant);
  ctx.record("conversion.libc_layout_is_kernels", libc_layout_is_kernels(),
             harness::scope::variant);

  kstat k{};
  raw::kernel_statx x{};
  struct stat l {};
  auto kr = kernel_fstatat(f.file.c_str(), &k, 0);
  auto xr = raw::statx(AT_FDCWD, f.file.c_str(), 0, STATX_BASIC_STATS, &x);
  errno = 0;
  int lr = ::stat(f.file.c_str(), &l);
  int lerr = errno;
  const auto kf = stat_compare::from_kernel(k), xf = stat_compare::from_statx(x),
             lf = stat_compare::from_libc(l);

  rt::sbuf<64> id;
  rt::sbuf<128> v;
  for (usize i = 0; i < stat_compare::stat_field_count; ++i) {
    const char* name = stat_compare::stat_field_ids[i];
    const field_bytes& b = byte_map[i];
    const bool timestamp = i >= 10;  // st_atime, st_mtime, st_ctime: seconds and nanoseconds
    id.clear();
    id.add("conversion.").add(name).add(".bytes");
    v.clear();
    v.add(fstatat_call).add(' ');
    add_spans(v, b.kernel);
    v.add("; statx ");
    add_spans(v, b.statx);
    v.add("; libc ").add(static_cast<long long>(b.libc.off)).add('+');
    v.add(static_cast<long long>(b.libc.size));
    ctx.record(id.c_str(), v.c_str(), harness::scope::variant);

    struct side {
      const char* suffix;
      const char* call;
      int error;
      const stat_compare::stat_fields* fields;
    } sides[2] = {{".from_fstatat", fstatat_call, kr.ok() ? 0 : kr.error(), &kf},
                  {".from_statx", "statx", xr.ok() ? 0 : xr.error(), &xf}};
    for (const side& sd : sides) {
      id.clear();
      id.add("conversion.").add(name).add(sd.suffix);
      if (sd.error == ENOSYS && lr == 0) {
        // `sysabi run --enosys statx` (seccomp) or a kernel before 4.11:
        // libc's answer then comes from newfstatat alone.
        v.clear();
        v.add(sd.call).add(" fails with ENOSYS here (a seccomp filter, or a kernel without it)");
        ctx.skip(id.c_str(), v.c_str(), "same");
        continue;
      }
      if (sd.error != 0 || lr != 0) {
        v.clear();
        v.add(sd.call).add(' ').add(sd.error ? harness::errno_name(sd.error) : "ok");
        v.add(", libc stat ").add(lr == 0 ? "ok" : harness::errno_name(lerr));
        ctx.check(id.c_str(), v.c_str(), "same");
        continue;
      }
      judge(v, sd.call, *sd.fields, lf, i, timestamp);
      // A qemu-user that drops the nanoseconds on libc's path (s390x's
      // stat family under qemu 7.2): not the kernel's answer.
      if (!rt::str_eq(v.c_str(), "same") && timestamp &&
          stat_compare::nanoseconds_only(*sd.fields, lf, i) && harness::qemu_stat_drops_nsec())
        ctx.skip(id.c_str(), harness::qemu_stat_nsec_reason, "same");
      else
        ctx.check(id.c_str(), v.c_str(), "same");
    }
  }
}

void libc_facts(harness::context& ctx, const files& f) {
  conversion_facts(ctx, f);
  verify(ctx, "regular", f.file.c_str(), O_RDONLY, S_IFREG, S_IFREG);
  verify(ctx, "directory", f.subdir.c_str(), O_RDONLY | O_DIRECTORY, S_IFDIR, S_IFDIR);
  verify(ctx, "fifo", f.fifo.c_str(), O_RDONLY | O_NONBLOCK, S_IFIFO, S_IFIFO);
  verify(ctx, "dev_null", "/dev/null", O_RDONLY, S_IFCHR, S_IFCHR);
  if (::symlink("file", f.link.c_str()) == 0) {
    verify(ctx, "symlink", f.link.c_str(), O_PATH | O_NOFOLLOW, S_IFREG, S_IFLNK);
  } else {
    rt::sbuf<64> why("symlink failed: ");
    why.add(harness::errno_name(errno));
    ctx.skip("verify.symlink", why.c_str(), "same");
  }
  large_file_facts(ctx, f);
}

#endif  // SYSABI_HAS_LIBC

}  // namespace

SYSABI_PROBE(stat) {
  files f;
  if (!make_files(f)) {
    ctx.skip("setup", "cannot make a directory, file and FIFO under TMPDIR", true);
    return;
  }
  kernel_facts(ctx, f);
#if SYSABI_HAS_LIBC
  libc_facts(ctx, f);
#endif
}
