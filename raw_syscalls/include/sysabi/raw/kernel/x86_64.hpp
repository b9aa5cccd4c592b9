// sysabi/raw/kernel/x86_64.hpp - x86_64's own kernel structs.
//
// struct stat: arch/x86/include/uapi/asm/stat.h (the 64-bit half).  144 bytes,
// st_nlink before st_mode, an explicit pad after st_gid and three spare longs.
#pragma once

#include "sysabi/raw/kernel/common.hpp"

namespace sysabi::raw {

struct kernel_stat {
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
  unsigned long st_atime_sec;  // uapi: st_atime (a macro name in libc)
  unsigned long st_atime_nsec;
  unsigned long st_mtime_sec;  // uapi: st_mtime
  unsigned long st_mtime_nsec;
  unsigned long st_ctime_sec;  // uapi: st_ctime
  unsigned long st_ctime_nsec;
  long __unused[3];
};
static_assert(sizeof(kernel_stat) == 144);

// struct sigaction as rt_sigaction(2) reads it: handler, flags, restorer,
// mask (uapi's x86_64 struct sigaction has the same layout).  x86_64
// requires SA_RESTORER: the kernel returns from a handler through
// sa_restorer, which must issue rt_sigreturn (see sysabi_restore_rt).
using kernel_sigaction = kernel_sigaction_with_restorer;
inline constexpr bool kernel_sigaction_has_restorer = true;

}  // namespace sysabi::raw
