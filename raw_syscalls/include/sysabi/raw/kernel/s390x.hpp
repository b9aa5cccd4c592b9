// sysabi/raw/kernel/s390x.hpp - s390x's own kernel structs.
//
// struct stat: arch/s390/include/uapi/asm/stat.h (the __s390x__ half).  144
// bytes, like x86_64's in size and in st_nlink before st_mode, but in an
// order of its own: the three timestamps come before st_blksize and
// st_blocks, and st_size is *unsigned* long there (glibc's st_size is a
// signed off_t at the same place).  Big-endian, as everything on s390x.
// struct sigaction: the rt one with sa_restorer (uapi's s390x struct
// sigaction is that one: handler in a union, flags, restorer, mask), and
// s390x honours SA_RESTORER.  uapi's sigset_t is the old one-word mask;
// the rt mask is kernel_sigset (64 signals, one unsigned long here).
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
  unsigned int __pad1;
  unsigned long st_rdev;
  unsigned long st_size;       // uapi: unsigned long (not off_t)
  unsigned long st_atime_sec;  // uapi: st_atime (a macro name in libc)
  unsigned long st_atime_nsec;
  unsigned long st_mtime_sec;  // uapi: st_mtime
  unsigned long st_mtime_nsec;
  unsigned long st_ctime_sec;  // uapi: st_ctime
  unsigned long st_ctime_nsec;
  unsigned long st_blksize;
  long st_blocks;
  unsigned long __unused[3];
};
static_assert(sizeof(kernel_stat) == 144);

using kernel_sigaction = kernel_sigaction_with_restorer;
inline constexpr bool kernel_sigaction_has_restorer = true;
static_assert(sizeof(kernel_sigaction) == 32);

}  // namespace sysabi::raw
