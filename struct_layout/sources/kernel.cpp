// struct_layout/sources/kernel.cpp - the structs as the kernel's uapi
// headers declare them, for the arch being compiled.
//
// Includes uapi headers only (the arch's linux-libc-dev), never libc's: the
// struct names here are the kernel's (struct stat is the one fstat(2)
// writes, struct sigaction and sigset_t are what <asm/signal.h> exports,
// which on i386 and arm is the old sigaction(2)'s).  Not in uapi, so not
// here: linux_dirent64 and jmp_buf (see sources/raw.cpp).
#include <asm/signal.h>
#include <asm/stat.h>
#include <asm/termbits.h>
#include <linux/eventpoll.h>
#include <linux/resource.h>
#include <linux/stat.h>
#include <linux/time_types.h>
#include <linux/utsname.h>

#include "members.h"
#include "record.h"

#define M(m) SYSABI_MEMBER(T, #m, m)

#define T struct stat
#if defined(__sparc__)  // sparc64's: whole seconds only
SYSABI_LAYOUT(stat, T, SYSABI_STAT_FIELDS, M(st_atime), M(st_mtime), M(st_ctime))
#else
SYSABI_LAYOUT(stat, T, SYSABI_STAT_FIELDS, M(st_atime), M(st_atime_nsec),
              M(st_mtime), M(st_mtime_nsec), M(st_ctime), M(st_ctime_nsec))
#endif
#undef T

#if defined(__sparc__)
// What fstat64/fstatat64 write on sparc64, the calls glibc makes (sparc64
// has no newfstatat): 64-bit st_nlink before st_mode, and nanoseconds.
#define T struct stat64
SYSABI_LAYOUT(stat64, T, SYSABI_STAT_FIELDS, M(st_atime), M(st_atime_nsec), M(st_mtime),
              M(st_mtime_nsec), M(st_ctime), M(st_ctime_nsec))
#undef T
#endif

#if defined(__i386__) || defined(__arm__)
// What fstat64/fstatat64 write on 32-bit arches.  The reserved __st_ino
// (the inode number cut to 32 bits) counts as padding, as in glibc's; the
// whole number is st_ino at the end.
#define T struct stat64
SYSABI_LAYOUT(stat64, T, M(st_dev), M(st_mode), M(st_nlink), M(st_uid), M(st_gid),
              M(st_rdev), M(st_size), M(st_blksize), M(st_blocks), M(st_atime), M(st_atime_nsec),
              M(st_mtime), M(st_mtime_nsec), M(st_ctime), M(st_ctime_nsec), M(st_ino))
#undef T
#endif

#if defined(__i386__) || defined(__x86_64__) || defined(__arm__)
// What the original stat(2) (__NR_oldstat and friends) wrote.
#define T struct __old_kernel_stat
SYSABI_LAYOUT(old_kernel_stat, T, M(st_dev), M(st_ino), M(st_mode), M(st_nlink), M(st_uid),
              M(st_gid), M(st_rdev), M(st_size), M(st_atime), M(st_mtime), M(st_ctime))
#undef T
#endif

#define T struct statx
SYSABI_LAYOUT(statx, T, SYSABI_STATX_MEMBERS)
#undef T

// The 64-bit-time timespec every *_time64 system call takes.
#define T struct __kernel_timespec
SYSABI_LAYOUT(timespec, T, M(tv_sec), M(tv_nsec))
#undef T

#define T struct sigaction
#ifdef SA_RESTORER
SYSABI_LAYOUT(sigaction, T, M(sa_handler), M(sa_mask), M(sa_flags), M(sa_restorer))
#else
SYSABI_LAYOUT(sigaction, T, M(sa_handler), M(sa_mask), M(sa_flags))
#endif
#undef T

SYSABI_LAYOUT_OPAQUE(sigset_t, sigset_t)

#if defined(__powerpc__)
// powerpc's termios is the only one (no termios2, no TCGETS2): c_cc before
// c_line, and the speeds at the end.
#define T struct termios
SYSABI_LAYOUT(termios, T, M(c_iflag), M(c_oflag), M(c_cflag), M(c_lflag), M(c_cc), M(c_line),
              M(c_ispeed), M(c_ospeed))
#undef T
#else
#define T struct termios
SYSABI_LAYOUT(termios, T, M(c_iflag), M(c_oflag), M(c_cflag), M(c_lflag), M(c_line), M(c_cc))
#undef T

#define T struct termios2
SYSABI_LAYOUT(termios2, T, M(c_iflag), M(c_oflag), M(c_cflag), M(c_lflag), M(c_line), M(c_cc),
              M(c_ispeed), M(c_ospeed))
#undef T
#endif

#define T struct epoll_event
SYSABI_LAYOUT(epoll_event, T, M(events), M(data))
#undef T

#define T struct rusage
SYSABI_LAYOUT(rusage, T, SYSABI_RUSAGE_MEMBERS)
#undef T

// What uname(2) (__NR_uname, sys_newuname) writes.
#define T struct new_utsname
SYSABI_LAYOUT(utsname, T, SYSABI_UTSNAME_MEMBERS)
#undef T
