// sysabi/raw/kernel/i386.hpp - i386's own kernel structs.
//
// struct stat: arch/x86/include/uapi/asm/stat.h (the __i386__ half), the old
// 64-byte one that fstat(2) (__NR_fstat, sys_newfstat) writes: 32-bit
// st_dev, st_ino and st_size, 16-bit st_mode/st_nlink/st_uid/st_gid.
// struct stat64: the same file, 96 bytes, what fstat64/fstatat64 write:
// 64-bit sizes, the old 32-bit inode number in __st_ino and the full one
// last.  On i386 a 64-bit integer is only 4-byte aligned inside a struct, so
// st_size follows __pad3 directly (arm inserts 4 more bytes there).
#pragma once

#include "sysabi/raw/kernel/common.hpp"

namespace sysabi::raw {

struct kernel_stat {
  unsigned long st_dev;
  unsigned long st_ino;
  unsigned short st_mode;
  unsigned short st_nlink;
  unsigned short st_uid;
  unsigned short st_gid;
  unsigned long st_rdev;
  unsigned long st_size;
  unsigned long st_blksize;
  unsigned long st_blocks;
  unsigned long st_atime_sec;  // uapi: st_atime (a macro name in libc)
  unsigned long st_atime_nsec;
  unsigned long st_mtime_sec;  // uapi: st_mtime
  unsigned long st_mtime_nsec;
  unsigned long st_ctime_sec;  // uapi: st_ctime
  unsigned long st_ctime_nsec;
  unsigned long __unused4;
  unsigned long __unused5;
};
static_assert(sizeof(kernel_stat) == 64);

struct kernel_stat64 {
  unsigned long long st_dev;
  unsigned char __pad0[4];
  unsigned long __st_ino;  // the inode number truncated to 32 bits
  unsigned int st_mode;
  unsigned int st_nlink;
  unsigned long st_uid;
  unsigned long st_gid;
  unsigned long long st_rdev;
  unsigned char __pad3[4];
  long long st_size;
  unsigned long st_blksize;
  unsigned long long st_blocks;
  unsigned long st_atime_sec;  // uapi: st_atime
  unsigned long st_atime_nsec;
  unsigned long st_mtime_sec;  // uapi: st_mtime
  unsigned int st_mtime_nsec;  // (unsigned int in uapi; the others are unsigned long)
  unsigned long st_ctime_sec;  // uapi: st_ctime
  unsigned long st_ctime_nsec;
  unsigned long long st_ino;
};
static_assert(sizeof(kernel_stat64) == 96);

// struct sigaction as rt_sigaction(2) reads it: the kernel's own
// (include/linux/signal_types.h), 20 bytes: handler, flags, restorer, mask.
// Not uapi's i386 struct sigaction, which is the old sigaction(2)'s.
// SA_RESTORER is optional on i386: without it the kernel returns through
// the vDSO's __kernel_rt_sigreturn.
using kernel_sigaction = kernel_sigaction_with_restorer;
inline constexpr bool kernel_sigaction_has_restorer = true;
static_assert(sizeof(kernel_sigaction) == 20);

}  // namespace sysabi::raw
