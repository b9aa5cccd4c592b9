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
// (__kernel_long_t: 64 bits on x32).
struct kernel_old_timeval {
  kernel_long tv_sec;
  kernel_long tv_usec;
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
// (64) bits in `unsigned long` words, signal n at bit n-1.  The words are
// unsigned long, not one u64, because the struct sits at a 4-byte boundary
// inside arm's and i386's kernel_sigaction.  rt_sigprocmask and rt_sigaction
// take its size (8) as their last argument; libc's sigset_t is 128 bytes.
inline constexpr int kernel_nsig = 64;
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
static_assert(kernel_sigset_size == kernel_nsig / 8);

// The SA_* flags every supported arch shares (asm-generic/signal-defs.h and
// the x86/arm asm/signal.h agree on these values).
inline constexpr unsigned long kernel_sa_siginfo = 0x00000004;  // SA_SIGINFO
inline constexpr unsigned long kernel_sa_onstack = 0x08000000;  // SA_ONSTACK
inline constexpr unsigned long kernel_sa_restart = 0x10000000;  // SA_RESTART
inline constexpr unsigned long kernel_sa_nodefer = 0x40000000;  // SA_NODEFER
inline constexpr unsigned long kernel_sa_resethand = 0x80000000;  // SA_RESETHAND
// SA_RESTORER: only on the arches whose kernel_sigaction has sa_restorer.
inline constexpr unsigned long kernel_sa_restorer = 0x04000000;

// struct sigaction as rt_sigaction(2) reads it, in its two shapes: the
// kernel's include/linux/signal_types.h, with sa_restorer where the arch
// defines SA_RESTORER (x86_64, i386, arm, aarch64) and without it elsewhere
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
struct kernel_sigaction_without_restorer {
  void (*sa_handler_fn)(int);  // void (*)(int, siginfo*, ucontext*) with SA_SIGINFO
  unsigned long sa_flags;
  kernel_sigset sa_mask;
};

// stack_t (asm-generic/signal.h, and x86's and arm's asm/signal.h), for
// sigaltstack(2).
struct kernel_sigaltstack {
  void* ss_sp;
  int ss_flags;
  usize ss_size;
};

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
