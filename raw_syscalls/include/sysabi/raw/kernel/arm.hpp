// sysabi/raw/kernel/arm.hpp - 32-bit Arm (EABI, little-endian) kernel structs.
//
// struct stat: arch/arm/include/uapi/asm/stat.h, the old 64-byte one that
// fstat(2) (__NR_fstat, sys_newfstat) writes; on little-endian Arm st_dev
// and st_rdev are unsigned long (big-endian splits them into short + pad).
// struct stat64: the same file, what fstat64/fstatat64 write.  EABI aligns
// 64-bit integers to 8 bytes, so the compiler inserts 4 bytes before
// st_size and before st_blocks: 104 bytes where i386's is 96.
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
  // (4 bytes of alignment padding: long long is 8-aligned in EABI)
  long long st_size;
  unsigned long st_blksize;
  // (4 bytes of alignment padding)
  unsigned long long st_blocks;
  unsigned long st_atime_sec;  // uapi: st_atime
  unsigned long st_atime_nsec;
  unsigned long st_mtime_sec;  // uapi: st_mtime
  unsigned long st_mtime_nsec;
  unsigned long st_ctime_sec;  // uapi: st_ctime
  unsigned long st_ctime_nsec;
  unsigned long long st_ino;
};
static_assert(sizeof(kernel_stat64) == 104);

// struct sigaction as rt_sigaction(2) reads it: the kernel's own
// (include/linux/signal_types.h), 20 bytes: handler, flags, restorer, mask
// (the mask's words are 4-aligned, so it starts at 12).  Not uapi's arm
// struct sigaction, which is the old sigaction(2)'s.  SA_RESTORER is
// optional: without it the kernel returns through its sigpage.
using kernel_sigaction = kernel_sigaction_with_restorer;
inline constexpr bool kernel_sigaction_has_restorer = true;
static_assert(sizeof(kernel_sigaction) == 20);

}  // namespace sysabi::raw
