// sysabi/raw/kernel/ppc64le.hpp - ppc64le's own kernel structs.
//
// struct stat: arch/powerpc/include/uapi/asm/stat.h (the __powerpc64__
// half).  144 bytes: long-sized st_nlink before st_mode, as on x86_64, but
// no named pad after st_gid (the compiler pads st_rdev to 8) and three
// spare longs at the end.
// struct sigaction: with sa_restorer (powerpc defines SA_RESTORER), which
// the kernel ignores: see sysabi_restore_rt in arch/ppc64le.hpp.
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
  // 4 bytes of padding here: st_rdev is 8-aligned.
  unsigned long st_rdev;
  long st_size;
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
  unsigned long __unused6;
};
static_assert(sizeof(kernel_stat) == 144);

using kernel_sigaction = kernel_sigaction_with_restorer;
inline constexpr bool kernel_sigaction_has_restorer = true;

}  // namespace sysabi::raw
