// sysabi/raw/kernel/generic.hpp - asm-generic's struct stat, the one every
// arch added since 2011 uses (aarch64, riscv64, loongarch, ...).
//
// include/uapi/asm-generic/stat.h: 128 bytes on 64-bit arches, with explicit
// padding after st_rdev and st_blksize so that the 32-bit stat64 has the
// same shape.  int-sized st_mode/st_nlink/st_uid/st_gid (x86_64 has
// long-sized st_nlink before st_mode), int-sized st_blksize.
#pragma once

#include "sysabi/raw/kernel/common.hpp"

namespace sysabi::raw {

struct kernel_stat {
  unsigned long st_dev;
  unsigned long st_ino;
  unsigned int st_mode;
  unsigned int st_nlink;
  unsigned int st_uid;
  unsigned int st_gid;
  unsigned long st_rdev;
  unsigned long __pad1;
  long st_size;
  int st_blksize;
  int __pad2;
  long st_blocks;
  long st_atime_sec;  // uapi: st_atime (a macro name in libc)
  unsigned long st_atime_nsec;
  long st_mtime_sec;  // uapi: st_mtime
  unsigned long st_mtime_nsec;
  long st_ctime_sec;  // uapi: st_ctime
  unsigned long st_ctime_nsec;
  unsigned int __unused4;
  unsigned int __unused5;
};
static_assert(sizeof(kernel_stat) == 128, "asm-generic struct stat on a 64-bit arch");

}  // namespace sysabi::raw
