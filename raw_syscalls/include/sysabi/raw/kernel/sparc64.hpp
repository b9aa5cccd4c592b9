// sysabi/raw/kernel/sparc64.hpp - sparc64's own kernel structs.
//
// struct stat: arch/sparc/include/uapi/asm/stat.h (the __arch64__ half),
// 104 bytes, what fstat(2) (__NR_fstat, sys_newfstat) writes: a 32-bit
// st_dev and st_rdev, a 16-bit st_nlink, and whole seconds only (no
// nanoseconds at all).
// struct stat64: the same file, 144 bytes, what fstat64/fstatat64 write (and
// what glibc asks for: sparc64 has no newfstatat): 64-bit st_dev, st_rdev
// and st_nlink (before st_mode, as on x86_64), long st_blksize, and the
// nanoseconds.  glibc's own struct stat (144 bytes) is neither: glibc
// converts field by field (the stat probe's conversion.* facts).
// struct sigaction: asm-generic's shape with an sa_restorer member that
// the kernel never reads ("not used by Linux/SPARC yet"): the restorer is
// rt_sigaction's 4th argument instead, and there is no SA_RESTORER flag.
// The SA_* values are sparc's own (SA_SIGINFO 0x200, SA_ONSTACK 1, ...).
#pragma once

#include "sysabi/raw/kernel/common.hpp"

namespace sysabi::raw {

struct kernel_stat {
  unsigned int st_dev;
  unsigned long st_ino;
  unsigned int st_mode;
  short st_nlink;
  unsigned int st_uid;
  unsigned int st_gid;
  unsigned int st_rdev;
  long st_size;
  long st_atime_sec;  // uapi: st_atime (a macro name in libc)
  long st_mtime_sec;  // uapi: st_mtime
  long st_ctime_sec;  // uapi: st_ctime
  long st_blksize;
  long st_blocks;
  unsigned long __unused4[2];
};
static_assert(sizeof(kernel_stat) == 104);

struct kernel_stat64 {
  unsigned long st_dev;
  unsigned long st_ino;
  unsigned long st_nlink;
  unsigned int st_mode;
  unsigned int st_uid;
  unsigned int st_gid;
  unsigned int __pad0;
  unsigned long st_rdev;
  long st_size;
  long st_blksize;
  long st_blocks;
  unsigned long st_atime_sec;  // uapi: st_atime
  unsigned long st_atime_nsec;
  unsigned long st_mtime_sec;  // uapi: st_mtime
  unsigned long st_mtime_nsec;
  unsigned long st_ctime_sec;  // uapi: st_ctime
  unsigned long st_ctime_nsec;
  long __unused[3];
};
static_assert(sizeof(kernel_stat64) == 144);

// struct __new_sigaction (asm/signal.h): sa_restorer is there but unused;
// named so that the raw layer never sets it (calls.hpp passes the restorer
// as rt_sigaction's 4th argument).
struct kernel_sigaction {
  void (*sa_handler_fn)(int);  // void (*)(int, siginfo*, void*) with SA_SIGINFO
  unsigned long sa_flags;
  void (*sa_restorer_unused)();
  kernel_sigset sa_mask;
};
static_assert(sizeof(kernel_sigaction) == 32);
inline constexpr bool kernel_sigaction_has_restorer = false;

}  // namespace sysabi::raw
