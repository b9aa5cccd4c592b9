// sysabi/raw/kernel/mips64el.hpp - mips64 n64's own kernel structs.
//
// struct stat: arch/mips/include/uapi/asm/stat.h, the _MIPS_SIM_ABI64 half.
// 104 bytes, older than asm-generic's and unlike any libc's: a 32-bit st_dev
// and st_rdev each followed by three spare words, and the timestamps as six
// 32-bit unsigned ints (seconds run out in 2106).  glibc's struct stat on
// mips64 is not this one (64-bit dev_t, timespec timestamps): glibc asks
// statx, or newfstatat and converts (docs/layout.md, "mips64el").
// struct sigaction: flags first (unsigned int), then the handler, then a
// 128-signal mask; no sa_restorer: a handler returns through the vDSO's
// sigreturn trampoline.
#pragma once

#include "sysabi/raw/kernel/common.hpp"

namespace sysabi::raw {

struct kernel_stat {
  unsigned int st_dev;
  unsigned int st_pad0[3];  // uapi: reserved for st_dev expansion
  unsigned long st_ino;
  unsigned int st_mode;
  unsigned int st_nlink;
  unsigned int st_uid;
  unsigned int st_gid;
  unsigned int st_rdev;
  unsigned int st_pad1[3];  // uapi: reserved for st_rdev expansion
  long st_size;
  unsigned int st_atime_sec;  // uapi: st_atime (a macro name in libc)
  unsigned int st_atime_nsec;
  unsigned int st_mtime_sec;  // uapi: st_mtime
  unsigned int st_mtime_nsec;
  unsigned int st_ctime_sec;  // uapi: st_ctime
  unsigned int st_ctime_nsec;
  unsigned int st_blksize;
  unsigned int st_pad2;
  unsigned long st_blocks;
};
static_assert(sizeof(kernel_stat) == 104, "mips n64 struct stat");

using kernel_sigaction = kernel_sigaction_flags_first;
inline constexpr bool kernel_sigaction_has_restorer = false;

}  // namespace sysabi::raw
