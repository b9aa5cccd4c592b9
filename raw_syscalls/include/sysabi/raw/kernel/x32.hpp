// sysabi/raw/kernel/x32.hpp - x32's kernel structs.
//
// x32 reaches the kernel's 64-bit system calls for most things, so its
// struct stat is x86_64's: arch/x86/include/uapi/asm/stat.h's 64-bit half,
// written in __kernel_ulong_t/__kernel_long_t (64 bits on x32, where C's
// long is 32), 144 bytes.  rt_sigaction is one of the calls x32 has its own
// number for (512): the kernel reads the compat struct sigaction, 32-bit
// handler, flags and restorer before the 64-bit mask - the ILP32 layout of
// kernel_sigaction_with_restorer.
#pragma once

#include "sysabi/raw/kernel/common.hpp"

namespace sysabi::raw {

struct kernel_stat {
  kernel_ulong st_dev;
  kernel_ulong st_ino;
  kernel_ulong st_nlink;
  unsigned int st_mode;
  unsigned int st_uid;
  unsigned int st_gid;
  unsigned int __pad0;
  kernel_ulong st_rdev;
  kernel_long st_size;
  kernel_long st_blksize;
  kernel_long st_blocks;
  kernel_ulong st_atime_sec;  // uapi: st_atime (a macro name in libc)
  kernel_ulong st_atime_nsec;
  kernel_ulong st_mtime_sec;  // uapi: st_mtime
  kernel_ulong st_mtime_nsec;
  kernel_ulong st_ctime_sec;  // uapi: st_ctime
  kernel_ulong st_ctime_nsec;
  kernel_long __unused[3];
};
static_assert(sizeof(kernel_stat) == 144);

// struct sigaction as x32's rt_sigaction reads it (compat_sigaction: 20
// bytes, the mask at offset 12).  x32 requires SA_RESTORER as x86_64 does.
using kernel_sigaction = kernel_sigaction_with_restorer;
inline constexpr bool kernel_sigaction_has_restorer = true;
static_assert(sizeof(kernel_sigaction) == 20);

}  // namespace sysabi::raw
