// sysabi/raw/kernel/common.hpp - kernel structs whose layout is the same
// on every arch (modulo the width of `long`: the kernel's, kernel_long, is
// 64 bits on x32 where C's is 32).
//
// These are the kernel's own definitions, as the kernel reads and writes them,
// not any libc's.  Each is checked against the uapi header in
// raw_syscalls/check/uapi_layout.cpp.
#pragma once

#include "sysabi/raw/types.hpp"

namespace sysabi::raw {

// struct __kernel_timespec (linux/time_types.h): 64-bit time on every arch.
struct kernel_timespec {
  i64 tv_sec;
  long long tv_nsec;
};

// struct __kernel_old_timeval (linux/time_types.h): `long` seconds
// (__kernel_long_t: 64 bits on x32).  sparc64's
// microseconds are an int ("this piece of asymmetry from the v9 ABI",
// asm/posix_types.h): on a big-endian arch a `long` read of them would be
// the value times 2^32.
struct kernel_old_timeval {
  kernel_long tv_sec;
#if defined(__sparc__) && defined(__arch64__)
  int tv_usec;
#else
  kernel_long tv_usec;
#endif
};

// struct statx (linux/stat.h), filled by statx(2).
struct kernel_statx_timestamp {
  i64 tv_sec;
  u32 tv_nsec;
  i32 __reserved;
};

struct kernel_statx {
  u32 stx_mask;
  u32 stx_blksize;
  u64 stx_attributes;
  u32 stx_nlink;
  u32 stx_uid;
  u32 stx_gid;
  u16 stx_mode;
  u16 __spare0[1];
  u64 stx_ino;
  u64 stx_size;
  u64 stx_blocks;
  u64 stx_attributes_mask;
  kernel_statx_timestamp stx_atime;
  kernel_statx_timestamp stx_btime;
  kernel_statx_timestamp stx_ctime;
  kernel_statx_timestamp stx_mtime;
  u32 stx_rdev_major;
  u32 stx_rdev_minor;
  u32 stx_dev_major;
  u32 stx_dev_minor;
  u64 stx_mnt_id;
  u32 stx_dio_mem_align;
  u32 stx_dio_offset_align;
  u64 __spare3[12];
};

// struct new_utsname (linux/utsname.h), filled by uname(2).
struct kernel_utsname {
  char sysname[65];
  char nodename[65];
  char release[65];
  char version[65];
  char machine[65];
  char domainname[65];
};

// struct rusage (linux/resource.h), filled by getrusage(2) and wait4(2).
struct kernel_rusage {
  kernel_old_timeval ru_utime;
  kernel_old_timeval ru_stime;
  kernel_long ru_maxrss;
  kernel_long ru_ixrss;
  kernel_long ru_idrss;
  kernel_long ru_isrss;
  kernel_long ru_minflt;
  kernel_long ru_majflt;
  kernel_long ru_nswap;
  kernel_long ru_inblock;
  kernel_long ru_oublock;
  kernel_long ru_msgsnd;
  kernel_long ru_msgrcv;
  kernel_long ru_nsignals;
  kernel_long ru_nvcsw;
  kernel_long ru_nivcsw;
};

// The kernel's sigset_t (include/uapi/asm-generic/signal.h; the kernel's
// own on x86 and arm, whose uapi sigset_t is the old one-word mask): _NSIG
// (64; 128 on mips) bits in `unsigned long` words, signal n at bit n-1.  The words are
// unsigned long, not one u64, because the struct sits at a 4-byte boundary
// inside arm's and i386's kernel_sigaction.  rt_sigprocmask and rt_sigaction
// take its size (8; 16 on mips) as their last argument; libc's sigset_t is
// 128 bytes.
#if defined(__mips__)
inline constexpr int kernel_nsig = 128;  // arch/mips/include/uapi/asm/signal.h
#else
inline constexpr int kernel_nsig = 64;
#endif
struct kernel_sigset {
  unsigned long sig[kernel_nsig / (8 * sizeof(unsigned long))];

  // Adds signal `signo` (1..64) to the set.
  constexpr kernel_sigset& add(int signo) {
    unsigned bit = static_cast<unsigned>(signo - 1);
    sig[bit / (8 * sizeof(unsigned long))] |= 1UL << (bit % (8 * sizeof(unsigned long)));
    return *this;
  }
  // Whether signal `signo` (1..64) is in the set.
  constexpr bool has(int signo) const {
    unsigned bit = static_cast<unsigned>(signo - 1);
    return (sig[bit / (8 * sizeof(unsigned long))] >> (bit % (8 * sizeof(unsigned long)))) & 1;
  }
};
inline constexpr unsigned long kernel_sigset_size = sizeof(kernel_sigset);

// rt_sigprocmask's `how` (asm-generic/signal-defs.h; sparc's asm/signal.h
// has its own: 1, 2, 4, and mips's: 1, 2, 3).  Named here because libc's <signal.h> and the uapi
// <asm/signal.h> cannot both be included.
#if defined(__sparc__)
inline constexpr int kernel_sig_block = 1, kernel_sig_unblock = 2, kernel_sig_setmask = 4;
#elif defined(__mips__)
inline constexpr int kernel_sig_block = 1, kernel_sig_unblock = 2, kernel_sig_setmask = 3;
#else
inline constexpr int kernel_sig_block = 0, kernel_sig_unblock = 1, kernel_sig_setmask = 2;
#endif
static_assert(kernel_sigset_size == kernel_nsig / 8);

// SIGCHLD, the exit signal clone_fork asks for: 17 everywhere but mips
// (18: mips numbers its signals as IRIX did) and sparc (20, as SunOS did).
#if defined(__mips__)
inline constexpr long kernel_sigchld = 18;
#elif defined(__sparc__)
inline constexpr long kernel_sigchld = 20;
#else
inline constexpr long kernel_sigchld = 17;
#endif

#if defined(__sparc__)
// sparc's SA_* flags (arch/sparc/include/uapi/asm/signal.h): SunOS's sigvec
// bits for the old ones, 0x20 and 0x200 for the newer ones.
inline constexpr unsigned long kernel_sa_siginfo = 0x200;  // SA_SIGINFO
inline constexpr unsigned long kernel_sa_onstack = 0x1;  // SA_ONSTACK (_SV_SSTACK)
inline constexpr unsigned long kernel_sa_restart = 0x2;  // SA_RESTART (_SV_INTR)
inline constexpr unsigned long kernel_sa_nodefer = 0x20;  // SA_NODEFER
inline constexpr unsigned long kernel_sa_resethand = 0x4;  // SA_RESETHAND (_SV_RESET)
#else
// The SA_* flags the other supported arches share (asm-generic/signal-defs.h
// and the x86/arm asm/signal.h agree on these values; mips's SA_SIGINFO is
// its own).
#if defined(__mips__)
inline constexpr unsigned long kernel_sa_siginfo = 0x00000008;  // SA_SIGINFO (mips)
#else
inline constexpr unsigned long kernel_sa_siginfo = 0x00000004;  // SA_SIGINFO
#endif
inline constexpr unsigned long kernel_sa_onstack = 0x08000000;  // SA_ONSTACK
inline constexpr unsigned long kernel_sa_restart = 0x10000000;  // SA_RESTART
inline constexpr unsigned long kernel_sa_nodefer = 0x40000000;  // SA_NODEFER
inline constexpr unsigned long kernel_sa_resethand = 0x80000000;  // SA_RESETHAND
#endif
// SA_RESTORER: only on the arches whose kernel_sigaction has sa_restorer.
inline constexpr unsigned long kernel_sa_restorer = 0x04000000;

// struct sigaction as rt_sigaction(2) reads it, in its two shapes: the
// kernel's include/linux/signal_types.h, with sa_restorer where the arch
// defines SA_RESTORER (x86_64, i386, arm, aarch64, s390x) and without it elsewhere
// (riscv64).  Each arch's header names its shape kernel_sigaction.  This is
// also uapi's struct sigaction on x86_64 and asm-generic arches; on i386 and
// arm uapi's struct sigaction is the old one (one-word mask before sa_flags)
// that only the old sigaction(2) reads.
//
// sa_handler is spelled sa_handler_fn: sa_handler is a macro in libc's
// <signal.h> (and in i386's and arm's uapi <asm/signal.h>).
struct kernel_sigaction_with_restorer {
  void (*sa_handler_fn)(int);  // void (*)(int, siginfo*, ucontext*) with SA_SIGINFO
  unsigned long sa_flags;
  void (*sa_restorer)();
  kernel_sigset sa_mask;
};
// mips: flags first, and an `unsigned int` (arch/mips/include/uapi/asm/signal.h).
struct kernel_sigaction_flags_first {
  unsigned int sa_flags;
  void (*sa_handler_fn)(int);  // void (*)(int, siginfo*, ucontext*) with SA_SIGINFO
  kernel_sigset sa_mask;
};
struct kernel_sigaction_without_restorer {
  void (*sa_handler_fn)(int);  // void (*)(int, siginfo*, ucontext*) with SA_SIGINFO
  unsigned long sa_flags;
  kernel_sigset sa_mask;
};

// stack_t (asm-generic/signal.h, and x86's and arm's asm/signal.h), for
// sigaltstack(2).  mips's asm/signal.h has ss_size before ss_flags.
#if defined(__mips__)
struct kernel_sigaltstack {
  void* ss_sp;
  usize ss_size;
  int ss_flags;
};
#else
struct kernel_sigaltstack {
  void* ss_sp;
  int ss_flags;
  usize ss_size;
};
#endif

// struct __kernel_old_timespec (linux/time_types.h): `long` seconds and
// nanoseconds (nanosleep, the 32-bit-time variants of rt_sigtimedwait);
// __kernel_long_t, so 64 bits on x32.
struct kernel_old_timespec {
  kernel_long tv_sec;
  kernel_long tv_nsec;
};

// struct linux_dirent64, as getdents64(2) writes it (d_name is flexible).
struct kernel_dirent64 {
  u64 d_ino;
  i64 d_off;
  u16 d_reclen;
  u8 d_type;
  char d_name[1];
};

}  // namespace sysabi::raw
