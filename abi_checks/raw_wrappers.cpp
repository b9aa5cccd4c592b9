// abi_checks/raw_wrappers.cpp - the raw wrappers (raw/calls.hpp) that no
// other probe checks, and the per-arch kernel structs (raw/kernel/<arch>.hpp)
// that no other probe compares with the kernel, called in every variant with
// arguments whose answer shows the ABI detail went right.
//
// 64-bit file offsets, on a sparse file of 5 GiB + 1 page in a scratch
// directory, with a marker at 0x1_2345_6000 (high word 1, low word
// 0x23456000: halves swapped or dropped land elsewhere).  The file is made
// through the seek under test: a seek that fails or lands elsewhere there
// fails every seek fact; only a write the file system refuses (ENOSPC,
// EFBIG) is a skip, naming the errno:
//
//   llseek.offset                 _llseek(SEEK_SET) to the marker: the 64-bit
//                                 offset it writes back (i386, arm; a skip on
//                                 64-bit arches without _llseek; ppc64le
//                                 and sparc64 have both)                [arch]
//   llseek.read_at_offset         ... and a read there finds the marker  [arch]
//   llseek.negative_offset        _llseek(SEEK_CUR, -(4 GiB + 0x1000)): the
//                                 high word carries the sign              [arch]
//   llseek.seek_end               _llseek(SEEK_END, 0): the file's size   [arch]
//   lseek.offset_above_4g         lseek(SEEK_SET) to the marker and a read
//                                 there (64-bit arches; a skip on i386 and
//                                 arm, whose lseek offset is a 32-bit long)  [arch]
//   mmap.offset_above_4g          a page mapped at the marker's offset holds
//                                 the marker (mmap2 on i386 and arm: the
//                                 offset in 4096-byte units, the 6th
//                                 argument).  A skip when a qemu-user for a
//                                 32-bit guest maps the offset mod 4 GiB  [arch]
//
// The stat family against statx (struct statx is the same on every arch):
// each call's struct, read through sysabi's definition of it, gives the
// same inode, mode, link count, owner, size, blocks, block size, device
// and mtime as statx on the same 5000-byte file (owned by uid 1, gid 2
// when the probe's uid and gid are the same and it may chown: root).  The value is "same" or
// the first member that differs:
//
//   fstat.agrees_with_statx       fstat: the old `struct stat` on i386 and
//                                 arm (kernel_stat), sparc64's seconds-only
//                                 one, the only one elsewhere (a skip under
//                                 qemu-user on sparc64, which stores
//                                 st_nlink as an int, not the kernel's short)
//   fstat.large_file              fstat on the 5 GiB file: EOVERFLOW on
//                                 i386 and arm, whose old struct has a
//                                 32-bit st_size (a skip under qemu-user,
//                                 which stores the truncated size instead);
//                                 the size elsewhere                      [arch]
//   fstat64.agrees_with_statx     fstat64 and fstatat64 (kernel_stat64):
//   fstatat64.agrees_with_statx   i386 and arm; skips elsewhere           [arch]
//   newfstatat.agrees_with_statx  newfstatat: 64-bit arches; a skip on
//                                 i386 and arm                            [arch]
//
// Directory entries, in a scratch directory holding a file, a directory and
// a FIFO with names of different lengths:
//
//   getdents64.names              every name, "." and ".." included, once
//   getdents64.d_reclen           each record's length is the kernel's
//                                 ALIGN(offsetof(d_name) + strlen + 1, 8)
//                                 read at sysabi's d_reclen, and the records
//                                 add up to the count the call returned
//   getdents64.d_type             DT_REG, DT_DIR, DT_FIFO, as made
//   getdents64.d_ino              each d_ino is the entry's st_ino (fstatat)
//   getdents64.d_off_resumes      seeking the directory to an entry's d_off
//                                 makes the next read start at the entry after
//
// Signals:
//
//   rt_sigaction.old_action       the action installed (handler, flags, a
//                                 mask of SIGUSR2 and SIGWINCH) comes back
//                                 member by member as the old action
//   sigaltstack.old_stack         the alternate stack set comes back as the
//                                 old one: ss_sp, ss_size, and ss_flags 0
//   sigaltstack.disable           SS_DISABLE comes back as ss_flags
//   rt_sigtimedwait_time64.pending  a blocked SIGUSR1 sent with tgkill(getpid,
//                                 gettid) is taken by rt_sigtimedwait_time64
//                                 (64-bit timespec): the signal number
//   rt_sigtimedwait_time64.timeout  with nothing pending, a 10 ms timeout
//                                 ends it with EAGAIN
//   gettid.main_thread            gettid == getpid in a single-threaded process
//
// Time:
//
//   clock_nanosleep.relative      a 20 ms sleep (64-bit timespec: the
//                                 *_time64 call on i386 and arm) lasts at
//                                 least 20 ms and less than 5 s
//   clock_nanosleep.abstime_past  TIMER_ABSTIME with a time already past
//                                 returns at once, 0
//   clock_nanosleep.bad_nsec      tv_nsec = 1000000000: EINVAL
//   nanosleep.relative            the same 20 ms with `long` timespec
//   nanosleep.bad_nsec            EINVAL
//   getrandom.fills               getrandom(64) returns 64 and writes all 64
//                                 bytes (the buffer, filled twice, differs)
//   uname.release_matches_proc    uname's release is /proc/sys/kernel/osrelease
//                                 (a skip under a qemu-user given another
//                                 release in QEMU_UNAME)
//
// The raw layer's clobber lists:
//
//   trap_clobbers.survive         twenty values live across one raw call of
//                                 each arity, 0 to 6 (more than the
//                                 registers: the compiler puts them in every
//                                 register the call's asm leaves it), are
//                                 unchanged after it: the clobber lists cover
//                                 what the trap writes (x86_64's rcx, r11).
//                                 "all", or the first arity that lost one
//
// The initial stack:
//
//   start.initial_sp_mod16        the address of argc, where the kernel points
//                                 sp at the first instruction of _start
//                                 (argv - 1 word): 16-byte aligned on every
//                                 arch (fs/binfmt_elf.c STACK_ROUND); the
//                                 startup probe's stack.entry_sp_mod16 is the
//                                 alignment _start then hands on to C
//
// What the other kernel structs are checked by: kernel_stat_lfs by stat
// (bytes written, padding), kernel_statx by stat, kernel_sigaction and
// kernel_sigset by every probe that installs a handler or blocks a signal
// (fifo, pipes, setjmp), kernel_rusage by demand_paging, kernel_utsname by
// raw_vs_libc, kernel_old_timespec by the harness's rt_sigtimedwait.
#include <asm/errno.h>
#include <asm/signal.h>  // SIGUSR1 ...: mips numbers them its own way
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/stat.h>

#include "harness/environment.hpp"
#include "harness/harness.hpp"
#include "harness/scoped.hpp"
#include "sysabi/rt/str.hpp"

#ifndef STATX_BASIC_STATS
#define STATX_BASIC_STATS 0x7ffU
#endif

using namespace sysabi;
using harness::scope;

namespace {

constexpr int seek_set = 0, seek_cur = 1, seek_end = 2;
constexpr int sigusr1 = SIGUSR1, sigusr2 = SIGUSR2, sigwinch = SIGWINCH;  // 10 12 28; 16 17 20 on mips
constexpr int sig_block = SIG_BLOCK, sig_setmask = SIG_SETMASK;  // 0 and 2; 1 and 3 on mips
constexpr int ss_disable = 2;  // SS_DISABLE, the same on every arch
constexpr int clock_monotonic = 1, timer_abstime = 1;
// d_type values (include/linux/fs_types.h, not uapi): the same everywhere.
constexpr u8 dt_fifo = 1, dt_dir = 4, dt_reg = 8;

constexpr i64 marker_offset = 0x123456000LL;      // 4.55 GiB: both words non-zero
constexpr i64 large_size = (5LL << 30) + 4096;    // the sparse file's size
constexpr char marker[] = "sysabi-llseek-marker";

// --- 64-bit file offsets -----------------------------------------------------

// Which 64-bit seeks the arch has: lseek itself where `long` is 64 bits;
// _llseek (the offset in two registers) where the uapi headers number it -
// i386 and arm, and ppc64le and sparc64, which kept it beside their 64-bit
// lseek.
#ifdef __NR__llseek
#define SYSABI_HAS_LLSEEK 1
#else
#define SYSABI_HAS_LLSEEK 0
#endif
// x32: lseek's offset is a 64-bit kernel long (kernel_long), though `long` is 32 bits.
#if __SIZEOF_LONG__ == 8 || (defined(__x86_64__) && defined(__ILP32__))
#define SYSABI_LSEEK_64 1
#else
#define SYSABI_LSEEK_64 0
#endif

// The sparse file: the marker written at marker_offset through the arch's
// 64-bit seek, and the size set by a byte written at its end.  Returns 0 or
// an errno.
#if !SYSABI_LSEEK_64
int seek64(int fd, i64 offset, int whence, i64* at) {
  auto r = raw::llseek(fd, offset, at, whence);
  return r.ok() ? 0 : r.error();
}
#else
int seek64(int fd, i64 offset, int whence, i64* at) {
  auto r = raw::lseek(fd, static_cast<kernel_long>(offset), whence);
  if (r.ok()) *at = r.value();
  return r.ok() ? 0 : r.error();
}
#endif

// The facts about 64-bit offsets on this arch: _llseek's where it exists,
// lseek's where `long` is 64 bits (the others are skips naming why).
const char* const seek_ids[] = {
#ifdef __NR__llseek
    "llseek.offset", "llseek.read_at_offset", "llseek.negative_offset", "llseek.seek_end",
#endif
#if SYSABI_LSEEK_64
    "lseek.offset_above_4g",
#endif
    "mmap.offset_above_4g",
};

// Makes the sparse file through the wrapper under test: the marker at
// marker_offset, and the size set by one byte written at its end.  A seek
// that fails or lands elsewhere is that wrapper's failure (every seek fact
// fails with it); a write the file system refuses (ENOSPC, EFBIG) is this
// machine's limit: a skip naming it.  True when the file was made.
bool make_large_file(harness::context& ctx, int fd) {
  const i64 targets[] = {marker_offset, large_size - 1};
  const char* const data[] = {marker, ""};
  const usize sizes[] = {sizeof marker, 1};
  for (int k = 0; k < 2; ++k) {
    i64 at = -1;
    int e = seek64(fd, targets[k], seek_set, &at);
    if (e != 0 || at != targets[k]) {
      harness::value got = e != 0 ? harness::value(harness::errno_name(e)) : harness::value(at);
      for (const char* id : seek_ids)
        ctx.fact(id, got, targets[k], harness::status::fail,
                 "the seek that makes the sparse file failed or landed elsewhere", scope::arch);
      return false;
    }
    auto w = raw::write(fd, data[k], sizes[k]);
    if (!w.ok()) {
      rt::sbuf<96> why("cannot write past 4 GiB in a sparse file under TMPDIR: ");
      why.add(harness::errno_name(w.error()));
      for (const char* id : seek_ids) ctx.skip(id, why.c_str(), harness::value::none(), scope::arch);
      return false;
    }
  }
  return true;
}

// "marker" when `sizeof marker` bytes read at the current position are the
// marker, else what was found.
const char* read_marker(int fd) {
  char got[sizeof marker] = {};
  auto r = raw::read(fd, got, sizeof got);
  if (!r.ok()) return harness::errno_name(r.error());
  if (r.value() != static_cast<long>(sizeof got)) return "short read";
  return harness::bytes_equal(got, marker, sizeof got) ? "marker" : "other bytes";
}

// The seek facts this arch has no call for: skips naming why.
void other_arch_seek_skips(harness::context& ctx) {
#if !SYSABI_LSEEK_64
  ctx.skip("lseek.offset_above_4g",
           "lseek's offset is a 32-bit long on this arch: _llseek carries 64-bit offsets "
           "(llseek.*)",
           "marker", scope::arch);
#endif
#ifndef __NR__llseek
  constexpr const char* why = "no _llseek on a 64-bit arch: lseek takes 64-bit offsets";
  ctx.skip("llseek.offset", why, marker_offset, scope::arch);
  ctx.skip("llseek.read_at_offset", why, "marker", scope::arch);
  ctx.skip("llseek.negative_offset", why, marker_offset - ((1LL << 32) + 0x1000), scope::arch);
  ctx.skip("llseek.seek_end", why, large_size, scope::arch);
#endif
}

void offset_facts(harness::context& ctx, int fd) {
#if SYSABI_HAS_LLSEEK
  i64 at = -1;
  auto r = raw::llseek(fd, marker_offset, &at, seek_set);
  if (r.ok()) {
    ctx.check("llseek.offset", at, marker_offset, scope::arch);
    ctx.check("llseek.read_at_offset", read_marker(fd), "marker", scope::arch);
  } else {
    ctx.check("llseek.offset", harness::errno_name(r.error()), marker_offset, scope::arch);
    ctx.check("llseek.read_at_offset", "no seek", "marker", scope::arch);
  }
  constexpr i64 back = -((1LL << 32) + 0x1000);
  at = -1;
  raw::llseek(fd, marker_offset, &at, seek_set);
  r = raw::llseek(fd, back, &at, seek_cur);
  ctx.check("llseek.negative_offset", r.ok() ? harness::value(at) : harness::errno_name(r.error()),
            marker_offset + back, scope::arch);
  at = -1;
  r = raw::llseek(fd, 0, &at, seek_end);
  ctx.check("llseek.seek_end", r.ok() ? harness::value(at) : harness::errno_name(r.error()),
            large_size, scope::arch);
#endif
#if SYSABI_LSEEK_64
  auto l = raw::lseek(fd, marker_offset, seek_set);
  if (!l.ok())
    ctx.check("lseek.offset_above_4g", harness::errno_name(l.error()), "marker", scope::arch);
  else if (l.value() != marker_offset)
    ctx.check("lseek.offset_above_4g", l.value(), "marker", scope::arch);
  else
    ctx.check("lseek.offset_above_4g", read_marker(fd), "marker", scope::arch);
#endif

  // mmap at the marker's offset, rounded down to the kernel's page (AT_PAGESZ:
  // 64 KiB on Debian's ppc64el kernel): on i386 and arm mmap2, whose 6th
  // argument counts 4096-byte units.  The marker is then `lead` bytes in.
  i64 page_size = 4096;
  if (unsigned long p = harness::getauxval(6 /* AT_PAGESZ */)) page_size = static_cast<i64>(p);
  const i64 map_offset = marker_offset & ~(page_size - 1);
  const usize lead = static_cast<usize>(marker_offset - map_offset);
  auto map = raw::mmap(nullptr, lead + 4096, PROT_READ, MAP_SHARED, fd, map_offset);
  if (!map.ok()) {
    ctx.check("mmap.offset_above_4g", harness::errno_name(map.error()), "marker", scope::arch);
    return;
  }
  const u8* page = static_cast<const u8*>(map.value()) + lead;
  bool zeros = true;
  for (usize i = 0; i < 4096; ++i) zeros = zeros && page[i] == 0;
  const char* got = harness::bytes_equal(page, marker, sizeof marker) ? "marker"
                    : zeros                                          ? "zeros"
                                                                     : "other bytes";
  raw::munmap(map.value(), lead + 4096);
  // qemu-user (7.2) for a 32-bit guest keeps only the low 32 bits of the
  // byte offset mmap2's page count makes: the page it maps is the file's
  // hole at the marker's offset mod 4 GiB.
  if (sizeof(long) == 4 && harness::under_qemu_user() && got[0] == 'z')
    ctx.fact("mmap.offset_above_4g", got, "marker", harness::status::skip,
             "qemu-user maps mmap2's offset mod 4 GiB (a hole of zeros here)", scope::arch);
  else
    ctx.check("mmap.offset_above_4g", got, "marker", scope::arch);
}

// --- the stat family against statx -------------------------------------------

// What every struct stat and struct statx can say about a file.
struct file_facts {
  u64 ino, size, blocks, dev;
  unsigned mode, nlink, uid, gid, blksize;
  i64 mtime_sec;
  u32 mtime_nsec;
  bool has_nsec = true;  // false for sparc64's struct stat: whole seconds only
};

// The kernel's encoding of a device number in struct stat (new_encode_dev).
u64 encode_dev(u32 major, u32 minor) {
  return (minor & 0xffu) | (static_cast<u64>(major) << 8) | (static_cast<u64>(minor & ~0xffu) << 12);
}

file_facts from_statx(const raw::kernel_statx& x) {
  return {x.stx_ino,  x.stx_size,    x.stx_blocks, encode_dev(x.stx_dev_major, x.stx_dev_minor),
          x.stx_mode, x.stx_nlink,   x.stx_uid,    x.stx_gid,
          x.stx_blksize, x.stx_mtime.tv_sec, x.stx_mtime.tv_nsec};
}

template <class S>
file_facts from_stat(const S& s) {
  file_facts f{static_cast<u64>(s.st_ino),
               static_cast<u64>(s.st_size),
               static_cast<u64>(s.st_blocks),
               static_cast<u64>(s.st_dev),
               static_cast<unsigned>(s.st_mode),
               static_cast<unsigned>(s.st_nlink),
               static_cast<unsigned>(s.st_uid),
               static_cast<unsigned>(s.st_gid),
               static_cast<unsigned>(s.st_blksize),
               static_cast<i64>(s.st_mtime_sec),
               0};
  if constexpr (requires { s.st_mtime_nsec; })
    f.mtime_nsec = static_cast<u32>(s.st_mtime_nsec);
  else
    f.has_nsec = false;
  return f;
}

// "same", or the first member that differs.
const char* first_difference(const file_facts& a, const file_facts& b) {
  if (a.ino != b.ino) return "st_ino";
  if (a.mode != b.mode) return "st_mode";
  if (a.nlink != b.nlink) return "st_nlink";
  if (a.uid != b.uid) return "st_uid";
  if (a.gid != b.gid) return "st_gid";
  if (a.size != b.size) return "st_size";
  if (a.blocks != b.blocks) return "st_blocks";
  if (a.blksize != b.blksize) return "st_blksize";
  if (a.dev != b.dev) return "st_dev";
  if (a.mtime_sec != b.mtime_sec) return "st_mtime";
  if (a.has_nsec && b.has_nsec && a.mtime_nsec != b.mtime_nsec) return "st_mtime_nsec";
  return "same";
}

template <class S>
void agree(harness::context& ctx, const char* id, raw::result<int> r, const S& s,
           const file_facts& want, scope sc) {
  if (!r.ok()) {
    ctx.check(id, harness::errno_name(r.error()), "same", sc);
    return;
  }
  const file_facts got = from_stat(s);
  const char* diff = first_difference(got, want);
  // A qemu-user whose fstat drops the nanoseconds (harness/environment.hpp):
  // not the kernel's answer.
  if (rt::str_eq(diff, "st_mtime_nsec") && harness::qemu_stat_drops_nsec()) {
    ctx.skip(id, harness::qemu_stat_nsec_reason, "same", sc);
    return;
  }
  ctx.check(id, diff, "same", sc);
}

// sparc64's struct stat has a 16-bit st_nlink (then 2 bytes of padding);
// qemu-user's copy of the struct has an int there.  Detected: the call
// worked, the short is 0, and the 32-bit word at its offset is statx's
// link count.
bool qemu_nlink_as_int(raw::result<int> r, const raw::kernel_stat& st, const file_facts& want) {
#if defined(__sparc__)
  if (!r.ok() || !harness::under_qemu_user() || st.st_nlink != 0) return false;
  u32 word;
  __builtin_memcpy(
      &word, reinterpret_cast<const char*>(&st) + __builtin_offsetof(raw::kernel_stat, st_nlink),
      sizeof word);
  return word == want.nlink;
#else
  (void)r, (void)st, (void)want;
  return false;
#endif
}

void stat_facts(harness::context& ctx, const char* file, int large_fd) {
  raw::kernel_statx x{};
  auto rx = raw::statx(AT_FDCWD, file, 0, STATX_BASIC_STATS, &x);
  harness::scoped_fd fd(raw::openat(AT_FDCWD, file, O_RDONLY | O_CLOEXEC));
  if (!rx.ok() || !fd.ok()) {
    rt::sbuf<96> why("statx or open of the test file failed: ");
    why.add(harness::errno_name(rx.ok() ? fd.error() : rx.error()));
    const char* ids[] = {"fstat.agrees_with_statx", "fstat64.agrees_with_statx",
                         "fstatat64.agrees_with_statx", "newfstatat.agrees_with_statx"};
    for (const char* id : ids)
      ctx.fact(id, harness::value::none(), "same", harness::status::fail, why.c_str(),
               scope::arch);
    return;
  }
  const file_facts want = from_statx(x);

  raw::kernel_stat st{};
  auto rs = raw::fstat(fd.get(), &st);
  if (qemu_nlink_as_int(rs, st, want))
    ctx.skip("fstat.agrees_with_statx",
             "qemu-user writes sparc64's 16-bit st_nlink as a 32-bit int (its target_stat): "
             "the kernel's short reads 0 on a big-endian arch",
             "same");
  else
    agree(ctx, "fstat.agrees_with_statx", rs, st, want, scope::portable);

#ifdef __NR_fstat64
  raw::kernel_stat64 st64{};
  agree(ctx, "fstat64.agrees_with_statx", raw::fstat64(fd.get(), &st64), st64, want, scope::arch);
  raw::kernel_stat64 at64{};
  agree(ctx, "fstatat64.agrees_with_statx", raw::fstatat64(AT_FDCWD, file, &at64, 0), at64, want,
        scope::arch);
  ctx.skip("newfstatat.agrees_with_statx",
           "no newfstatat on this arch (32-bit arches, sparc64): fstatat64 instead", "same",
           scope::arch);
#else
  constexpr const char* why = "no fstat64/fstatat64 on a 64-bit arch: struct stat is already "
                              "the large-file one";
  ctx.skip("fstat64.agrees_with_statx", why, "same", scope::arch);
  ctx.skip("fstatat64.agrees_with_statx", why, "same", scope::arch);
  raw::kernel_stat at{};
  agree(ctx, "newfstatat.agrees_with_statx", raw::newfstatat(AT_FDCWD, file, &at, 0), at, want,
        scope::arch);
#endif

  // The old struct's 32-bit st_size cannot hold the large file's size.
  if (large_fd < 0) {
    ctx.skip("fstat.large_file", "no large file (see llseek.*)", "EOVERFLOW",
             scope::arch);
    return;
  }
  raw::kernel_stat big{};
  auto rb = raw::fstat(large_fd, &big);
  if constexpr (sizeof(big.st_size) < 8) {
    if (harness::under_qemu_user() && rb.ok())
      ctx.fact("fstat.large_file", static_cast<long long>(big.st_size), "EOVERFLOW",
               harness::status::skip,
               "qemu-user: its fstat stores the host's size truncated, with no EOVERFLOW check",
               scope::arch);
    else
      ctx.check("fstat.large_file", rb.ok() ? "ok" : harness::errno_name(rb.error()),
                "EOVERFLOW", scope::arch);
  } else {
    ctx.check("fstat.large_file",
              rb.ok() ? harness::value(static_cast<i64>(big.st_size))
                      : harness::value(harness::errno_name(rb.error())),
              large_size, scope::arch);
  }
}

// --- directory entries ----------------------------------------------------------

struct entry_want {
  const char* name;
  u8 type;
  bool seen;
  u64 ino;
};

void dirent_facts(harness::context& ctx, const harness::scratch_dir& dir) {
  entry_want want[] = {{".", dt_dir, false, 0},
                       {"..", dt_dir, false, 0},
                       {"f", dt_reg, false, 0},
                       {"a_longer_file_name_of_31_chars", dt_reg, false, 0},
                       {"subdir", dt_dir, false, 0},
                       {"fifo_x", dt_fifo, false, 0}};
  bool made = true;
  for (auto& w : want) {
    if (w.name[0] == '.') continue;
    auto path = dir.path(w.name);
    if (w.type == dt_reg) {
      harness::scoped_fd f(raw::openat(AT_FDCWD, path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
      made = made && f.ok();
    } else if (w.type == dt_dir) {
      made = made && raw::mkdirat(AT_FDCWD, path.c_str(), 0700).ok();
    } else {
      made = made && raw::mknodat(AT_FDCWD, path.c_str(), S_IFIFO | 0600, 0).ok();
    }
  }
  harness::scoped_fd d(raw::openat(AT_FDCWD, dir.path(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  const char* ids[] = {"getdents64.names", "getdents64.d_reclen", "getdents64.d_type",
                       "getdents64.d_ino", "getdents64.d_off_resumes"};
  if (!made || !d.ok()) {
    for (const char* id : ids)
      ctx.skip(id, "cannot make the entries in the scratch directory under TMPDIR", true);
    return;
  }
  for (auto& w : want) {
    raw::kernel_stat_lfs st{};
    if (raw::fstatat_lfs(d.get(), w.name, &st, AT_SYMLINK_NOFOLLOW).ok()) w.ino = st.st_ino;
  }

  alignas(8) char buf[4096];
  auto n = raw::getdents64(d.get(), buf, sizeof buf);
  if (!n.ok()) {
    for (const char* id : ids) ctx.check(id, harness::errno_name(n.error()), true);
    return;
  }
  constexpr usize name_at = __builtin_offsetof(raw::kernel_dirent64, d_name);
  static_assert(name_at == 19, "linux_dirent64: d_name after 8+8+2+1 bytes");
  bool names_ok = true, reclen_ok = true, type_ok = true, ino_ok = true;
  rt::sbuf<96> bad_name;
  long sum = 0;
  int records = 0;
  i64 second_off = -1;  // the first record's d_off: where the second starts
  const char* second_name = nullptr;
  for (long at = 0; at < n.value() && records < 64; ++records) {
    auto* e = reinterpret_cast<const raw::kernel_dirent64*>(buf + at);
    usize len = rt::str_len(e->d_name);
    usize reclen = (name_at + len + 1 + 7) & ~static_cast<usize>(7);
    if (e->d_reclen != reclen || e->d_reclen == 0) {
      reclen_ok = false;
      if (e->d_reclen == 0) break;
    }
    if (records == 0) second_off = e->d_off;
    if (records == 1) second_name = e->d_name;
    entry_want* w = nullptr;
    for (auto& c : want)
      if (rt::str_eq(c.name, e->d_name)) w = &c;
    if (w == nullptr || w->seen) {
      names_ok = false;
      if (bad_name.size() == 0) bad_name.add(w ? "twice: " : "unexpected: ").add(e->d_name);
    } else {
      w->seen = true;
      if (e->d_type != w->type) type_ok = false;
      if (e->d_ino != w->ino || w->ino == 0) ino_ok = false;
    }
    sum += e->d_reclen;
    at += e->d_reclen;
  }
  for (auto& w : want) {
    if (!w.seen && names_ok) {
      names_ok = false;
      bad_name.add("missing: ").add(w.name);
    }
  }
  if (sum != n.value()) reclen_ok = false;
  ctx.check("getdents64.names", names_ok ? "all, once" : bad_name.c_str(), "all, once");
  ctx.check("getdents64.d_reclen", reclen_ok, true);
  ctx.check("getdents64.d_type", type_ok, true);
  ctx.check("getdents64.d_ino", ino_ok, true);

  // Resume at the first record's d_off: the next read starts at the second.
  bool resumes = false;
  rt::sbuf<64> second;
  if (second_name) second.add(second_name);
  i64 at = -1;
  if (second_off >= 0 && second_name && seek64(d.get(), second_off, seek_set, &at) == 0) {
    alignas(8) char again[4096];
    auto m = raw::getdents64(d.get(), again, sizeof again);
    resumes = m.ok() && m.value() > 0 &&
              rt::str_eq(reinterpret_cast<const raw::kernel_dirent64*>(again)->d_name,
                         second.c_str());
  }
  ctx.check("getdents64.d_off_resumes", resumes, true);
}

// --- signals ---------------------------------------------------------------------

void on_signal(int, void*, void*) {}

// Whether an action read back names another restorer than the one
// install_handler set (arches with sa_restorer; riscv64 has none).  A
// template, so the member is only named where it exists.
template <class Action>
bool restorer_differs(const Action& got) {
  if constexpr (requires { got.sa_restorer; })
    return (got.sa_flags & raw::kernel_sa_restorer) != 0 &&
           reinterpret_cast<void*>(got.sa_restorer) != reinterpret_cast<void*>(sysabi_restore_rt);
  else
    return false;
}

void signal_facts(harness::context& ctx) {
  // rt_sigaction: what was installed comes back as the old action.
  raw::kernel_sigset mask{};
  mask.add(sigusr2).add(sigwinch);
  auto installed = raw::install_handler(sigusr1, on_signal, raw::kernel_sa_restart, &mask);
  raw::kernel_sigaction got{};
  auto r = raw::set_disposition(sigusr1, 0, &got);
  bool mask_same = true;
  for (usize i = 0; i < sizeof mask.sig / sizeof mask.sig[0]; ++i)
    mask_same = mask_same && got.sa_mask.sig[i] == mask.sig[i];
  const char* diff = nullptr;
  if (!installed.ok() || !r.ok()) {
    diff = harness::errno_name(installed.ok() ? r.error() : installed.error());
  } else if (reinterpret_cast<void*>(got.sa_handler_fn) !=
             reinterpret_cast<void*>(reinterpret_cast<void (*)()>(on_signal))) {
    diff = "sa_handler";
  } else if ((got.sa_flags & (raw::kernel_sa_restart | raw::kernel_sa_siginfo)) !=
             (raw::kernel_sa_restart | raw::kernel_sa_siginfo)) {
    diff = "sa_flags";
  } else if (!mask_same) {
    diff = "sa_mask";
  } else {
    diff = restorer_differs(got) ? "sa_restorer" : "same";
  }
  ctx.check("rt_sigaction.old_action", diff, "same");

  // sigaltstack: the stack set comes back as the old one.
  static char alt[65536];
  raw::kernel_sigaltstack ss{}, old{};  // members by name: mips orders them differently
  ss.ss_sp = alt;
  ss.ss_size = sizeof alt;
  auto s = raw::sigaltstack(&ss, nullptr);
  auto o = raw::sigaltstack(nullptr, &old);
  if (!s.ok() || !o.ok())
    diff = harness::errno_name(s.ok() ? o.error() : s.error());
  else if (old.ss_sp != alt)
    diff = "ss_sp";
  else if (old.ss_size != sizeof alt)
    diff = "ss_size";
  else if (old.ss_flags != 0)
    diff = "ss_flags";
  else
    diff = "same";
  ctx.check("sigaltstack.old_stack", diff, "same");
  raw::kernel_sigaltstack off{};
  off.ss_flags = ss_disable;
  raw::sigaltstack(&off, nullptr);
  old = {};
  o = raw::sigaltstack(nullptr, &old);
  ctx.check("sigaltstack.disable", o.ok() ? harness::value(old.ss_flags) : harness::errno_name(o.error()),
            ss_disable);

  // rt_sigtimedwait_time64: a blocked, pending SIGUSR1 is taken.
  int pid = raw::getpid().value(), tid = raw::gettid().value();
  ctx.check("gettid.main_thread", tid == pid, true);
  raw::kernel_sigset usr1{}, saved{};
  usr1.add(sigusr1);
  raw::rt_sigprocmask(sig_block, &usr1, &saved);
  raw::tgkill(pid, tid, sigusr1);
  raw::kernel_timespec wait{1, 0};
  auto w = raw::rt_sigtimedwait_time64(&usr1, nullptr, &wait);
  ctx.check("rt_sigtimedwait_time64.pending",
            w.ok() ? harness::value(w.value()) : harness::errno_name(w.error()), sigusr1,
            scope::arch);  // SIGUSR1's number: 16 on mips, 30 on sparc64, 10 elsewhere
  raw::kernel_timespec brief{0, 10000000};
  w = raw::rt_sigtimedwait_time64(&usr1, nullptr, &brief);
  ctx.check_errno("rt_sigtimedwait_time64.timeout", w, EAGAIN);
  raw::rt_sigprocmask(sig_setmask, &saved, nullptr);
}

// --- time ------------------------------------------------------------------------

i64 now_ns() {
  raw::kernel_timespec t{};
  raw::clock_gettime(clock_monotonic, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

constexpr i64 sleep_ns = 20000000;  // 20 ms

// "20ms..5s" when the sleep lasted that long, else what happened.
template <class Sleep>
harness::value timed(Sleep sleep, rt::sbuf<48>& out) {
  i64 t0 = now_ns();
  auto r = sleep();
  i64 took = now_ns() - t0;
  if (!r.ok()) return harness::errno_name(r.error());
  if (took >= sleep_ns && took < 5000000000LL) return "20ms..5s";
  out.add("took ").add(static_cast<long long>(took)).add(" ns");
  return out.c_str();
}

void time_facts(harness::context& ctx) {
  rt::sbuf<48> a, b;
  raw::kernel_timespec req{0, sleep_ns};
  ctx.check("clock_nanosleep.relative",
            timed([&] { return raw::clock_nanosleep(clock_monotonic, 0, &req, nullptr); }, a),
            "20ms..5s");
  raw::kernel_timespec past{};
  raw::clock_gettime(clock_monotonic, &past);
  past.tv_sec -= 1;
  i64 t0 = now_ns();
  auto r = raw::clock_nanosleep(clock_monotonic, timer_abstime, &past, nullptr);
  i64 took = now_ns() - t0;
  ctx.check("clock_nanosleep.abstime_past",
            !r.ok() ? harness::errno_name(r.error()) : took < 1000000000LL ? "at once" : "slept",
            "at once");
  raw::kernel_timespec bad{0, 1000000000};
  ctx.check_errno("clock_nanosleep.bad_nsec",
                  raw::clock_nanosleep(clock_monotonic, 0, &bad, nullptr), EINVAL);

  raw::kernel_old_timespec old_req{0, sleep_ns};
  ctx.check("nanosleep.relative", timed([&] { return raw::nanosleep(&old_req, nullptr); }, b),
            "20ms..5s");
  raw::kernel_old_timespec old_bad{0, 1000000000};
  ctx.check_errno("nanosleep.bad_nsec", raw::nanosleep(&old_bad, nullptr), EINVAL);

  // Four fills, alternately 0x00 and 0xff: a byte the kernel did not write
  // keeps its fill in all four; random bytes that happen to match all four
  // fills have a chance of 2^-32 each (a two-fill version failed about once
  // in a thousand runs: a zero in one and 0xff in the other).
  u8 bufs[4][64];
  for (usize k = 0; k < 4; ++k)
    for (usize i = 0; i < 64; ++i) bufs[k][i] = k % 2 ? 0xff : 0x00;
  auto g1 = raw::getrandom(bufs[0], 64, 0);
  bool calls_ok = g1.ok() && g1.value() == 64;
  for (usize k = 1; k < 4; ++k) {
    auto g = raw::getrandom(bufs[k], 64, 0);
    calls_ok = calls_ok && g.ok() && g.value() == 64;
  }
  bool all_written = true;
  for (usize i = 0; i < 64; ++i)
    if (bufs[0][i] == 0 && bufs[1][i] == 0xff && bufs[2][i] == 0 && bufs[3][i] == 0xff)
      all_written = false;
  ctx.check("getrandom.fills",
            !g1.ok()     ? harness::value(harness::errno_name(g1.error()))
            : !calls_ok  ? harness::value("short")
            : all_written ? harness::value(64)
                          : harness::value("bytes untouched"),
            64);

  if (harness::under_qemu_user() && harness::getenv("QEMU_UNAME") != nullptr) {
    ctx.skip("uname.release_matches_proc", "qemu-user told to answer another release (QEMU_UNAME)",
             true);
  } else {
    raw::kernel_utsname u{};
    char release[80] = {};
    long len = harness::read_file("/proc/sys/kernel/osrelease", release, sizeof release);
    if (len > 0 && release[len - 1] == '\n') release[len - 1] = 0;
    if (len <= 0)
      ctx.skip("uname.release_matches_proc", "cannot read /proc/sys/kernel/osrelease", true);
    else
      ctx.check("uname.release_matches_proc", raw::uname(&u).ok() && rt::str_eq(u.release, release),
                true);
  }
}

}  // namespace

// --- the raw layer's clobber lists ------------------------------------------------

// Twenty values the compiler cannot see through, live across one raw call:
// more than the registers it has, so it keeps them in every register the
// call's asm does not declare clobbered (and spills the rest).  A register
// the trap writes but the asm does not declare (x86_64's rcx and r11) then
// holds one, and the value read back after the call differs.  Nothing here
// names a register: what is checked is that the raw layer's clobber lists
// cover what the kernel and CPU write, on every arch.
#define SYSABI_CANARIES(X) \
  X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15) X(16) X(17) X(18) X(19)
// Small values (short instructions: the nolibc runner's size is pinned by
// nolibc/elf.test); what the trap writes (an address, rflags) is not one.
constexpr unsigned long canary_base = 0x40;

template <class F>
[[gnu::noinline]] bool canaries_survive(F raw_call) {
#define SYSABI_LOAD(i) \
  unsigned long c##i;  \
  asm volatile("" : "=r"(c##i) : "0"(canary_base + i));  // opaque: must be kept
  SYSABI_CANARIES(SYSABI_LOAD)
  raw_call();
  unsigned long changed = 0;
#define SYSABI_COMPARE(i) changed |= c##i ^ (canary_base + i);
  SYSABI_CANARIES(SYSABI_COMPARE)
#undef SYSABI_LOAD
#undef SYSABI_COMPARE
  return changed == 0;
}
#undef SYSABI_CANARIES

void clobber_facts(harness::context& ctx) {
  // getpid takes no argument and ignores the registers of the others.
  const bool kept[] = {
      canaries_survive([] { raw::call(__NR_getpid); }),
      canaries_survive([] { raw::call(__NR_getpid, 0); }),
      canaries_survive([] { raw::call(__NR_getpid, 0, 0); }),
      canaries_survive([] { raw::call(__NR_getpid, 0, 0, 0); }),
      canaries_survive([] { raw::call(__NR_getpid, 0, 0, 0, 0); }),
      canaries_survive([] { raw::call(__NR_getpid, 0, 0, 0, 0, 0); }),
      canaries_survive([] { raw::call(__NR_getpid, 0, 0, 0, 0, 0, 0); }),
  };
  const char* const lost[] = {"arity 0", "arity 1", "arity 2", "arity 3",
                              "arity 4", "arity 5", "arity 6"};
  const char* got = "all";
  for (int n = 6; n >= 0; --n)
    if (!kept[n]) got = lost[n];
  ctx.check("trap_clobbers.survive", got, "all");
}

SYSABI_PROBE(raw_wrappers) {
  // The kernel's initial stack pointer is where argc is: one word below argv.
  auto initial_sp = reinterpret_cast<uptr>(harness::env().argv) - sizeof(long);
  ctx.check("start.initial_sp_mod16", static_cast<long>(initial_sp % 16), 0L);
  clobber_facts(ctx);

  harness::scratch_dir dir("sysabi-raw-wrappers.");
  if (!dir.ok()) {
    ctx.skip("setup", "cannot make a scratch directory under TMPDIR", true);
    return;
  }
  auto small = dir.path("small");
  {
    harness::scoped_fd f(raw::openat(AT_FDCWD, small.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    char block[1000];
    for (usize i = 0; i < sizeof block; ++i) block[i] = static_cast<char>('a' + i % 26);
    for (int i = 0; f.ok() && i < 5; ++i) raw::write(f.get(), block, sizeof block);
  }
  // Owner and group made to differ where they are the same (root: 0 and 0),
  // so that the two members read in each other's place show: uid 1, gid 2.
  // Where this cannot be done the facts still compare every member.
  if (raw::call(__NR_getuid) == raw::call(__NR_getgid))
    raw::call(__NR_fchownat, AT_FDCWD, small.c_str(), 1, 2, 0);

  // O_LARGEFILE: a 32-bit process's descriptor may not pass 2 GiB without it.
  auto large = dir.path("large");
  harness::scoped_fd fd(
      raw::openat(AT_FDCWD, large.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_LARGEFILE, 0600));
  other_arch_seek_skips(ctx);
  if (!fd.ok()) {
    rt::sbuf<96> why("cannot create a file under TMPDIR: ");
    why.add(harness::errno_name(fd.error()));
    for (const char* id : seek_ids) ctx.skip(id, why.c_str(), harness::value::none(), scope::arch);
  } else if (make_large_file(ctx, fd.get())) {
    offset_facts(ctx, fd.get());
  } else {
    fd.reset();
  }
  stat_facts(ctx, small.c_str(), fd.ok() ? fd.get() : -1);
  fd.reset();

  harness::scratch_dir entries("sysabi-raw-dirents.");
  dirent_facts(ctx, entries);
  signal_facts(ctx);
  time_facts(ctx);
}
