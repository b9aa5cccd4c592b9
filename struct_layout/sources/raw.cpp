// struct_layout/sources/raw.cpp - the structs as sysabi's own raw layer
// declares them (raw_syscalls/include/sysabi/raw/kernel/<arch>.hpp), and
// sysabi's hand-rolled jmp_buf (abi_checks/setjmp/jmp_buf.h).
//
// raw_syscalls/check/uapi_layout.cpp already refuses to build a variant
// whose raw structs disagree with uapi; this source puts the raw layer in
// the same tables as glibc, musl and uapi, and covers what uapi does not
// export (linux_dirent64, the rt_sigaction struct on i386 and arm).
#include "members.h"
#include "record.h"
#include "setjmp/jmp_buf.h"
#include "sysabi/raw/kernel.hpp"

using namespace sysabi::raw;

#define M(m) SYSABI_MEMBER(T, #m, m)

#define T kernel_stat
#if defined(__sparc__)  // sparc64's: whole seconds only
SYSABI_LAYOUT(stat, T, SYSABI_STAT_FIELDS, M(st_atime_sec), M(st_mtime_sec), M(st_ctime_sec))
#else
SYSABI_LAYOUT(stat, T, SYSABI_STAT_FIELDS, M(st_atime_sec),
              M(st_atime_nsec), M(st_mtime_sec), M(st_mtime_nsec), M(st_ctime_sec),
              M(st_ctime_nsec))
#endif
#undef T

#if defined(__sparc__)
#define T kernel_stat64
SYSABI_LAYOUT(stat64, T, SYSABI_STAT_FIELDS, M(st_atime_sec), M(st_atime_nsec),
              M(st_mtime_sec), M(st_mtime_nsec), M(st_ctime_sec), M(st_ctime_nsec))
#undef T
#endif

#if defined(__i386__) || defined(__arm__)
#define T kernel_stat64
SYSABI_LAYOUT(stat64, T, M(st_dev), M(st_mode), M(st_nlink), M(st_uid), M(st_gid),
              M(st_rdev), M(st_size), M(st_blksize), M(st_blocks), M(st_atime_sec),
              M(st_atime_nsec), M(st_mtime_sec), M(st_mtime_nsec), M(st_ctime_sec),
              M(st_ctime_nsec), M(st_ino))
#undef T
#endif

#define T kernel_statx
SYSABI_LAYOUT(statx, T, SYSABI_STATX_MEMBERS)
#undef T

#define T kernel_timespec
SYSABI_LAYOUT(timespec, T, M(tv_sec), M(tv_nsec))
#undef T

// What rt_sigaction(2) reads, on every arch (uapi's is the old one on some);
// kernel_sigaction is an alias of one of these (see kernel/<arch>.hpp), or
// sparc64's own.
#if defined(__riscv)
#define T kernel_sigaction_without_restorer
SYSABI_LAYOUT(sigaction, T, M(sa_handler_fn), M(sa_mask), M(sa_flags))
#elif defined(__mips__)
#define T kernel_sigaction_flags_first
SYSABI_LAYOUT(sigaction, T, M(sa_handler_fn), M(sa_mask), M(sa_flags))
#elif defined(__sparc__)  // its own: sa_restorer is there, but never read
#define T kernel_sigaction
SYSABI_LAYOUT(sigaction, T, M(sa_handler_fn), M(sa_mask), M(sa_flags), M(sa_restorer_unused))
#else
#define T kernel_sigaction_with_restorer
SYSABI_LAYOUT(sigaction, T, M(sa_handler_fn), M(sa_mask), M(sa_flags), M(sa_restorer))
#endif
static_assert(sizeof(T) == sizeof(kernel_sigaction));
#undef T

SYSABI_LAYOUT_OPAQUE(sigset_t, kernel_sigset)

#define T kernel_dirent64
SYSABI_LAYOUT(dirent64, T, SYSABI_DIRENT64_MEMBERS)
#undef T

#define T kernel_rusage
SYSABI_LAYOUT(rusage, T, SYSABI_RUSAGE_MEMBERS)
#undef T

#define T kernel_utsname
SYSABI_LAYOUT(utsname, T, SYSABI_UTSNAME_MEMBERS)
#undef T

// sysabi's jmp_buf is an array of slots the assembly addresses by offset.
struct sysabi_jmp_buf {
  alignas(sizeof(long)) unsigned char slots[SJ_SIZE];
};
SYSABI_LAYOUT_OPAQUE(jmp_buf, sysabi_jmp_buf)
