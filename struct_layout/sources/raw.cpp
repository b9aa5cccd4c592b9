// struct_layout/sources/raw.cpp - the structs as sysabi's own raw layer
// declares them (raw_syscalls/include/sysabi/raw/kernel/<arch>.hpp), and
// sysabi's hand-rolled jmp_buf (abi_checks/setjmp/jmp_buf.h).
//
// raw_syscalls/check/uapi_layout.cpp already refuses to build a variant
// whose raw structs disagree with uapi; this source puts the raw layer in
// the same tables as glibc, musl and uapi, and covers what uapi does not
// export (linux_dirent64, the rt_sigaction struct on i386 and arm).
#include "record.h"
#include "setjmp/jmp_buf.h"
#include "sysabi/raw/kernel.hpp"

using namespace sysabi::raw;

#define M(m) SYSABI_MEMBER(T, #m, m)

#define T kernel_stat
SYSABI_LAYOUT(stat, T, M(st_dev), M(st_ino), M(st_mode), M(st_nlink), M(st_uid), M(st_gid),
              M(st_rdev), M(st_size), M(st_blksize), M(st_blocks), M(st_atime_sec),
              M(st_atime_nsec), M(st_mtime_sec), M(st_mtime_nsec), M(st_ctime_sec),
              M(st_ctime_nsec))
#undef T

#if defined(__i386__) || defined(__arm__)
#define T kernel_stat64
SYSABI_LAYOUT(stat64, T, M(st_dev), M(st_mode), M(st_nlink), M(st_uid), M(st_gid),
              M(st_rdev), M(st_size), M(st_blksize), M(st_blocks), M(st_atime_sec),
              M(st_atime_nsec), M(st_mtime_sec), M(st_mtime_nsec), M(st_ctime_sec),
              M(st_ctime_nsec), M(st_ino))
#undef T
#endif

#define T kernel_statx
SYSABI_LAYOUT(statx, T, M(stx_mask), M(stx_blksize), M(stx_attributes), M(stx_nlink), M(stx_uid),
              M(stx_gid), M(stx_mode), M(stx_ino), M(stx_size), M(stx_blocks),
              M(stx_attributes_mask), M(stx_atime), M(stx_btime), M(stx_ctime), M(stx_mtime),
              M(stx_rdev_major), M(stx_rdev_minor), M(stx_dev_major), M(stx_dev_minor),
              M(stx_mnt_id), M(stx_dio_mem_align), M(stx_dio_offset_align))
#undef T

#define T kernel_timespec
SYSABI_LAYOUT(timespec, T, M(tv_sec), M(tv_nsec))
#undef T

// What rt_sigaction(2) reads, on every arch (uapi's is the old one on some);
// kernel_sigaction is an alias of one of these two (see kernel/<arch>.hpp).
#if defined(__riscv)
#define T kernel_sigaction_without_restorer
SYSABI_LAYOUT(sigaction, T, M(sa_handler_fn), M(sa_mask), M(sa_flags))
#else
#define T kernel_sigaction_with_restorer
SYSABI_LAYOUT(sigaction, T, M(sa_handler_fn), M(sa_mask), M(sa_flags), M(sa_restorer))
#endif
static_assert(sizeof(T) == sizeof(kernel_sigaction));
#undef T

SYSABI_LAYOUT_OPAQUE(sigset_t, kernel_sigset)

#define T kernel_dirent64
SYSABI_LAYOUT(dirent64, T, M(d_ino), M(d_off), M(d_reclen), M(d_type), M(d_name))
#undef T

#define T kernel_rusage
SYSABI_LAYOUT(rusage, T, M(ru_utime), M(ru_stime), M(ru_maxrss), M(ru_ixrss), M(ru_idrss),
              M(ru_isrss), M(ru_minflt), M(ru_majflt), M(ru_nswap), M(ru_inblock), M(ru_oublock),
              M(ru_msgsnd), M(ru_msgrcv), M(ru_nsignals), M(ru_nvcsw), M(ru_nivcsw))
#undef T

#define T kernel_utsname
SYSABI_LAYOUT(utsname, T, M(sysname), M(nodename), M(release), M(version), M(machine),
              M(domainname))
#undef T

// sysabi's jmp_buf is an array of slots the assembly addresses by offset.
struct sysabi_jmp_buf {
  alignas(sizeof(long)) unsigned char slots[SJ_SIZE];
};
SYSABI_LAYOUT_OPAQUE(jmp_buf, sysabi_jmp_buf)
