// struct_layout/sources/libc.cpp - the structs as a C library declares them.
//
// Compiled once per (arch, libc) against that libc's headers: glibc through
// the arch's g++, musl through the same g++ with musl's headers only
// (-nostdinc).  On 32-bit arches glibc is compiled three times, as programs
// see it by default, with -D_FILE_OFFSET_BITS=64 ("glibc-lfs") and with
// -D_TIME_BITS=64 too ("glibc-time64"): three different struct stats from
// one header.  See struct_layout/CMakeLists.txt.
//
// g++ defines _GNU_SOURCE, which makes stat64, dirent64 and statx visible.
#include <dirent.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>

#include "members.h"
#include "record.h"

#define M(m) SYSABI_MEMBER(T, #m, m)

#define T struct stat
SYSABI_LAYOUT(stat, T, SYSABI_STAT_FIELDS, M(st_atim), M(st_mtim),
              M(st_ctim))
#undef T

#define T struct stat64
SYSABI_LAYOUT(stat64, T, SYSABI_STAT_FIELDS, M(st_atim), M(st_mtim),
              M(st_ctim))
#undef T

#ifdef STATX_TYPE  // glibc >= 2.28; musl only from 1.2.5
#define T struct statx
SYSABI_LAYOUT(statx, T, SYSABI_STATX_MEMBERS)
#undef T
#endif

#define T struct timespec
SYSABI_LAYOUT(timespec, T, M(tv_sec), M(tv_nsec))
#undef T

#define T struct sigaction
SYSABI_LAYOUT(sigaction, T, M(sa_handler), M(sa_mask), M(sa_flags), M(sa_restorer))
#undef T

SYSABI_LAYOUT_OPAQUE(sigset_t, sigset_t)

#if defined(__GLIBC__) && _HAVE_STRUCT_TERMIOS_C_ISPEED  // 1, or 0 on mips and sparc
#define T struct termios
SYSABI_LAYOUT(termios, T, M(c_iflag), M(c_oflag), M(c_cflag), M(c_lflag), M(c_line), M(c_cc),
              M(c_ispeed), M(c_ospeed))
#undef T
#elif defined(__GLIBC__)  // mips and sparc: no speed members (the speeds live in c_cflag)
#define T struct termios
SYSABI_LAYOUT(termios, T, M(c_iflag), M(c_oflag), M(c_cflag), M(c_lflag), M(c_line), M(c_cc))
#undef T
#else  // musl keeps the speeds under reserved names
#define T struct termios
SYSABI_LAYOUT(termios, T, M(c_iflag), M(c_oflag), M(c_cflag), M(c_lflag), M(c_line), M(c_cc),
              M(__c_ispeed), M(__c_ospeed))
#undef T
#endif

#define T struct epoll_event
SYSABI_LAYOUT(epoll_event, T, M(events), M(data))
#undef T

#define T struct dirent64
SYSABI_LAYOUT(dirent64, T, SYSABI_DIRENT64_MEMBERS)
#undef T

#define T struct rusage
SYSABI_LAYOUT(rusage, T, SYSABI_RUSAGE_MEMBERS)
#undef T

#define T struct utsname
SYSABI_LAYOUT(utsname, T, SYSABI_UTSNAME_MEMBERS)
#undef T

SYSABI_LAYOUT_OPAQUE(jmp_buf, jmp_buf)
SYSABI_LAYOUT_OPAQUE(sigjmp_buf, sigjmp_buf)
