// sysabi/raw/kernel/common.hpp - kernel structs whose layout is the same
// on every arch (modulo the width of `long`).
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

// struct __kernel_old_timeval (linux/time_types.h): `long` seconds.
struct kernel_old_timeval {
  long tv_sec;
  long tv_usec;
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
  long ru_maxrss;
  long ru_ixrss;
  long ru_idrss;
  long ru_isrss;
  long ru_minflt;
  long ru_majflt;
  long ru_nswap;
  long ru_inblock;
  long ru_oublock;
  long ru_msgsnd;
  long ru_msgrcv;
  long ru_nsignals;
  long ru_nvcsw;
  long ru_nivcsw;
};

// The kernel's sigset: _NSIG (64) bits.  rt_sigprocmask and rt_sigaction
// take its size (8) as their last argument; libc's sigset_t is 128 bytes.
struct kernel_sigset {
  u64 sig;
};
inline constexpr unsigned long kernel_sigset_size = sizeof(kernel_sigset);

// struct linux_dirent64, as getdents64(2) writes it (d_name is flexible).
struct kernel_dirent64 {
  u64 d_ino;
  i64 d_off;
  u16 d_reclen;
  u8 d_type;
  char d_name[1];
};

}  // namespace sysabi::raw
