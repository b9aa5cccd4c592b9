// raw_syscalls/check/uapi_layout.cpp - sysabi's kernel structs against the
// kernel's own uapi headers, at compile time, for the arch being compiled.
//
// This TU includes nothing but uapi headers and sysabi/raw/kernel.hpp, and
// contains no code: it is compiled into every variant's sysabi-probe, so a
// variant whose headers disagree with sysabi/raw/kernel/<arch>.hpp does not
// build.  For every member: the offset, the size and the signedness must
// match the uapi member of the same meaning (sysabi's st_atime_sec is uapi's
// st_atime, its sa_handler_fn is sa_handler: those names are macros in libc).
//
// Not checked here, because uapi does not export them:
//   kernel_dirent64        linux_dirent64 is in include/linux/dirent.h
//   kernel_sigaction       on i386 and arm: uapi's struct sigaction there is
//                          the old sigaction(2)'s; the rt one is the kernel's
//                          internal include/linux/signal_types.h (its size is
//                          asserted in kernel/<arch>.hpp)
//   kernel_sigset          on x86 and arm: uapi's sigset_t there is the old
//                          one-word mask (and _NSIG is not exported); on
//                          sparc64 it is checked against __new_sigset_t
#include <asm/signal.h>
#include <asm/stat.h>
#include <linux/resource.h>
#include <linux/stat.h>
#include <linux/time_types.h>
#include <linux/utsname.h>

#include "sysabi/raw/kernel.hpp"

namespace uapi_layout_check {

// -1 signed integer, +1 unsigned integer, 0 anything else (arrays, pointers,
// structs): uapi's __u32 and sysabi's u32 may be differently named types of
// the same width and signedness (long vs long long for 64 bits).
template <class T> constexpr int signedness = 0;
template <> constexpr int signedness<signed char> = -1;
template <> constexpr int signedness<short> = -1;
template <> constexpr int signedness<int> = -1;
template <> constexpr int signedness<long> = -1;
template <> constexpr int signedness<long long> = -1;
template <> constexpr int signedness<unsigned char> = 1;
template <> constexpr int signedness<unsigned short> = 1;
template <> constexpr int signedness<unsigned int> = 1;
template <> constexpr int signedness<unsigned long> = 1;
template <> constexpr int signedness<unsigned long long> = 1;

}  // namespace uapi_layout_check

using uapi_layout_check::signedness;
using namespace sysabi::raw;

// SAME_MEMBER(ours, uapi, our_member, uapi_member)
#define SAME_MEMBER(ours, uapi, m, um)                                                   \
  static_assert(__builtin_offsetof(ours, m) == __builtin_offsetof(uapi, um),             \
                #ours "::" #m ": offset differs from uapi " #uapi "::" #um);             \
  static_assert(sizeof(ours::m) == sizeof(uapi::um),                                     \
                #ours "::" #m ": size differs from uapi " #uapi "::" #um);               \
  static_assert(signedness<decltype(ours::m)> == signedness<decltype(uapi::um)>,        \
                #ours "::" #m ": signedness differs from uapi " #uapi "::" #um)
// SAME_PLACE(ours, uapi, our_member, uapi_member): offset and size only, for
// a member whose uapi type is a different kind (x86's scalar sigset_t).
#define SAME_PLACE(ours, uapi, m, um)                                                    \
  static_assert(__builtin_offsetof(ours, m) == __builtin_offsetof(uapi, um),             \
                #ours "::" #m ": offset differs from uapi " #uapi "::" #um);             \
  static_assert(sizeof(ours::m) == sizeof(uapi::um),                                     \
                #ours "::" #m ": size differs from uapi " #uapi "::" #um)
// SAME(ours, uapi, member): the same member name on both sides.
#define SAME(ours, uapi, m) SAME_MEMBER(ours, uapi, m, m)
#define SAME_SIZE(ours, uapi) \
  static_assert(sizeof(ours) == sizeof(uapi), #ours ": size differs from uapi " #uapi)

// --- linux/time_types.h ------------------------------------------------------

SAME_SIZE(kernel_timespec, __kernel_timespec);
SAME(kernel_timespec, __kernel_timespec, tv_sec);
SAME(kernel_timespec, __kernel_timespec, tv_nsec);

SAME_SIZE(kernel_old_timeval, __kernel_old_timeval);
SAME(kernel_old_timeval, __kernel_old_timeval, tv_sec);
SAME(kernel_old_timeval, __kernel_old_timeval, tv_usec);

SAME_SIZE(kernel_old_timespec, __kernel_old_timespec);
SAME(kernel_old_timespec, __kernel_old_timespec, tv_sec);
#ifndef SYSABI_X32
SAME(kernel_old_timespec, __kernel_old_timespec, tv_nsec);
#else
// x32: uapi's tv_nsec is C's `long`, 32 bits and 4 bytes of padding; the
// kernel reads all 64 (the x86_64 call) and, for an x32 caller, drops the
// upper half (get_timespec64).  Ours is the 64 bits the kernel reads.
static_assert(__builtin_offsetof(kernel_old_timespec, tv_nsec) ==
                  __builtin_offsetof(__kernel_old_timespec, tv_nsec),
              "kernel_old_timespec::tv_nsec: offset differs from uapi");
#endif

// --- linux/stat.h: statx -----------------------------------------------------

SAME_SIZE(kernel_statx_timestamp, statx_timestamp);
SAME(kernel_statx_timestamp, statx_timestamp, tv_sec);
SAME(kernel_statx_timestamp, statx_timestamp, tv_nsec);
SAME(kernel_statx_timestamp, statx_timestamp, __reserved);

SAME_SIZE(kernel_statx, statx);
SAME(kernel_statx, statx, stx_mask);
SAME(kernel_statx, statx, stx_blksize);
SAME(kernel_statx, statx, stx_attributes);
SAME(kernel_statx, statx, stx_nlink);
SAME(kernel_statx, statx, stx_uid);
SAME(kernel_statx, statx, stx_gid);
SAME(kernel_statx, statx, stx_mode);
SAME(kernel_statx, statx, __spare0);
SAME(kernel_statx, statx, stx_ino);
SAME(kernel_statx, statx, stx_size);
SAME(kernel_statx, statx, stx_blocks);
SAME(kernel_statx, statx, stx_attributes_mask);
SAME(kernel_statx, statx, stx_atime);
SAME(kernel_statx, statx, stx_btime);
SAME(kernel_statx, statx, stx_ctime);
SAME(kernel_statx, statx, stx_mtime);
SAME(kernel_statx, statx, stx_rdev_major);
SAME(kernel_statx, statx, stx_rdev_minor);
SAME(kernel_statx, statx, stx_dev_major);
SAME(kernel_statx, statx, stx_dev_minor);
SAME(kernel_statx, statx, stx_mnt_id);
SAME(kernel_statx, statx, stx_dio_mem_align);
SAME(kernel_statx, statx, stx_dio_offset_align);
// __spare3: not compared; kernels after 6.1 carve new fields out of it
// (stx_subvol, stx_atomic_write_*), keeping the size at 256.

// --- linux/utsname.h ---------------------------------------------------------

SAME_SIZE(kernel_utsname, new_utsname);
SAME(kernel_utsname, new_utsname, sysname);
SAME(kernel_utsname, new_utsname, nodename);
SAME(kernel_utsname, new_utsname, release);
SAME(kernel_utsname, new_utsname, version);
SAME(kernel_utsname, new_utsname, machine);
SAME(kernel_utsname, new_utsname, domainname);

// --- linux/resource.h --------------------------------------------------------

SAME_SIZE(kernel_rusage, rusage);
SAME(kernel_rusage, rusage, ru_utime);
SAME(kernel_rusage, rusage, ru_stime);
SAME(kernel_rusage, rusage, ru_maxrss);
SAME(kernel_rusage, rusage, ru_ixrss);
SAME(kernel_rusage, rusage, ru_idrss);
SAME(kernel_rusage, rusage, ru_isrss);
SAME(kernel_rusage, rusage, ru_minflt);
SAME(kernel_rusage, rusage, ru_majflt);
SAME(kernel_rusage, rusage, ru_nswap);
SAME(kernel_rusage, rusage, ru_inblock);
SAME(kernel_rusage, rusage, ru_oublock);
SAME(kernel_rusage, rusage, ru_msgsnd);
SAME(kernel_rusage, rusage, ru_msgrcv);
SAME(kernel_rusage, rusage, ru_nsignals);
SAME(kernel_rusage, rusage, ru_nvcsw);
SAME(kernel_rusage, rusage, ru_nivcsw);

// --- asm/signal.h --------------------------------------------------------------

#if defined(__sparc__)  // user space gets the old _NSIG (32); the rt one is __NEW_NSIG
static_assert(kernel_nsig == __NEW_NSIG, "kernel_nsig: __NEW_NSIG");
#elif defined(_NSIG)  // asm-generic; x86's and arm's uapi only have the old NSIG (32)
static_assert(kernel_nsig == _NSIG, "kernel_nsig: _NSIG");
#endif
static_assert(kernel_sigset_size == kernel_nsig / 8, "kernel_sigset: _NSIG bits");
static_assert(kernel_sigchld == SIGCHLD, "SIGCHLD");
static_assert(kernel_sa_siginfo == SA_SIGINFO, "SA_SIGINFO");
static_assert(kernel_sa_onstack == SA_ONSTACK, "SA_ONSTACK");
static_assert(kernel_sa_restart == SA_RESTART, "SA_RESTART");
static_assert(kernel_sa_nodefer == SA_NODEFER, "SA_NODEFER");
static_assert(kernel_sa_resethand == SA_RESETHAND, "SA_RESETHAND");
static_assert(kernel_sig_block == SIG_BLOCK, "SIG_BLOCK");
static_assert(kernel_sig_unblock == SIG_UNBLOCK, "SIG_UNBLOCK");
static_assert(kernel_sig_setmask == SIG_SETMASK, "SIG_SETMASK");
#ifdef SA_RESTORER
static_assert(kernel_sa_restorer == SA_RESTORER, "SA_RESTORER");
static_assert(kernel_sigaction_has_restorer, "the arch defines SA_RESTORER");
#else
static_assert(!kernel_sigaction_has_restorer, "the arch does not define SA_RESTORER");
#endif

SAME_SIZE(kernel_sigaltstack, stack_t);
SAME(kernel_sigaltstack, stack_t, ss_sp);
SAME(kernel_sigaltstack, stack_t, ss_flags);
SAME(kernel_sigaltstack, stack_t, ss_size);

#if defined(__x86_64__) || defined(__aarch64__) || defined(__riscv) || defined(__powerpc64__) || defined(__mips__)
// uapi's struct sigaction is the rt one here (mips: flags first).  sa_handler is a plain member
// on these arches' uapi (the i386/arm headers make it a macro).  On x32
// uapi's sigset_t is one 32-bit `unsigned long`, the kernel's compat mask 64
// bits: the mask starts at the same offset, the struct is 4 bytes longer.
#ifndef SYSABI_X32
SAME_SIZE(kernel_sigaction, ::sigaction);
SAME_PLACE(kernel_sigaction, ::sigaction, sa_mask, sa_mask);  // x86_64: sigset_t is a long
#else
static_assert(__builtin_offsetof(kernel_sigaction, sa_mask) == __builtin_offsetof(::sigaction, sa_mask),
              "kernel_sigaction::sa_mask: offset differs from uapi sigaction::sa_mask");
#endif
SAME_MEMBER(kernel_sigaction, ::sigaction, sa_handler_fn, sa_handler);
SAME(kernel_sigaction, ::sigaction, sa_flags);
#ifdef SA_RESTORER
SAME(kernel_sigaction, ::sigaction, sa_restorer);
#endif
#endif

#if defined(__s390x__)
// uapi's s390x struct sigaction is the rt one too, but its handler is a
// union member _u (sa_handler is a macro for _u._sa_handler there).
SAME_SIZE(kernel_sigaction, ::sigaction);
SAME_PLACE(kernel_sigaction, ::sigaction, sa_handler_fn, _u);
SAME(kernel_sigaction, ::sigaction, sa_flags);
SAME(kernel_sigaction, ::sigaction, sa_restorer);
SAME_PLACE(kernel_sigaction, ::sigaction, sa_mask, sa_mask);  // uapi: sigset_t is one long
#endif

#if defined(__sparc__)
// sparc's rt struct sigaction is uapi's struct __new_sigaction (user space's
// struct sigaction is the old one), its sigset __new_sigset_t.
SAME_SIZE(kernel_sigaction, __new_sigaction);
SAME_MEMBER(kernel_sigaction, __new_sigaction, sa_handler_fn, sa_handler);
SAME(kernel_sigaction, __new_sigaction, sa_flags);
SAME_PLACE(kernel_sigaction, __new_sigaction, sa_restorer_unused, sa_restorer);
SAME_PLACE(kernel_sigaction, __new_sigaction, sa_mask, sa_mask);
SAME_SIZE(kernel_sigset, __new_sigset_t);
SAME(kernel_sigset, __new_sigset_t, sig);
#endif

#if defined(__aarch64__) || defined(__riscv) || defined(__powerpc64__) || defined(__mips__)
// asm-generic's sigset_t (and powerpc's, the same shape) (mips: its own, 128 signals) is the kernel's rt sigset.
SAME_SIZE(kernel_sigset, sigset_t);
SAME(kernel_sigset, sigset_t, sig);
#endif

// --- asm/stat.h ----------------------------------------------------------------

SAME_SIZE(kernel_stat, ::stat);
SAME(kernel_stat, ::stat, st_dev);
SAME(kernel_stat, ::stat, st_ino);
SAME(kernel_stat, ::stat, st_mode);
SAME(kernel_stat, ::stat, st_nlink);
SAME(kernel_stat, ::stat, st_uid);
SAME(kernel_stat, ::stat, st_gid);
SAME(kernel_stat, ::stat, st_rdev);
SAME(kernel_stat, ::stat, st_size);
SAME(kernel_stat, ::stat, st_blksize);
SAME(kernel_stat, ::stat, st_blocks);
SAME_MEMBER(kernel_stat, ::stat, st_atime_sec, st_atime);
SAME_MEMBER(kernel_stat, ::stat, st_mtime_sec, st_mtime);
SAME_MEMBER(kernel_stat, ::stat, st_ctime_sec, st_ctime);
#if !defined(__sparc__)  // sparc64's struct stat has whole seconds only
SAME(kernel_stat, ::stat, st_atime_nsec);
SAME(kernel_stat, ::stat, st_mtime_nsec);
SAME(kernel_stat, ::stat, st_ctime_nsec);
#endif
#if defined(__sparc__)
SAME(kernel_stat, ::stat, __unused4);
#elif defined(__x86_64__)
SAME(kernel_stat, ::stat, __pad0);
SAME(kernel_stat, ::stat, __unused);
#elif defined(__s390x__)
SAME(kernel_stat, ::stat, __pad1);
SAME(kernel_stat, ::stat, __unused);
#elif defined(__aarch64__) || defined(__riscv)
SAME(kernel_stat, ::stat, __pad1);
SAME(kernel_stat, ::stat, __pad2);
SAME(kernel_stat, ::stat, __unused4);
SAME(kernel_stat, ::stat, __unused5);
#elif defined(__powerpc64__)
SAME(kernel_stat, ::stat, __unused4);
SAME(kernel_stat, ::stat, __unused5);
SAME(kernel_stat, ::stat, __unused6);
#elif defined(__mips__)
SAME(kernel_stat, ::stat, st_pad0);
SAME(kernel_stat, ::stat, st_pad1);
SAME(kernel_stat, ::stat, st_pad2);
#else  // i386, arm
SAME(kernel_stat, ::stat, __unused4);
SAME(kernel_stat, ::stat, __unused5);
#endif

#if defined(__sparc__)
SAME_SIZE(kernel_stat64, ::stat64);
SAME(kernel_stat64, ::stat64, st_dev);
SAME(kernel_stat64, ::stat64, st_ino);
SAME(kernel_stat64, ::stat64, st_nlink);
SAME(kernel_stat64, ::stat64, st_mode);
SAME(kernel_stat64, ::stat64, st_uid);
SAME(kernel_stat64, ::stat64, st_gid);
SAME(kernel_stat64, ::stat64, __pad0);
SAME(kernel_stat64, ::stat64, st_rdev);
SAME(kernel_stat64, ::stat64, st_size);
SAME(kernel_stat64, ::stat64, st_blksize);
SAME(kernel_stat64, ::stat64, st_blocks);
SAME_MEMBER(kernel_stat64, ::stat64, st_atime_sec, st_atime);
SAME(kernel_stat64, ::stat64, st_atime_nsec);
SAME_MEMBER(kernel_stat64, ::stat64, st_mtime_sec, st_mtime);
SAME(kernel_stat64, ::stat64, st_mtime_nsec);
SAME_MEMBER(kernel_stat64, ::stat64, st_ctime_sec, st_ctime);
SAME(kernel_stat64, ::stat64, st_ctime_nsec);
SAME(kernel_stat64, ::stat64, __unused);
#endif

#if defined(__i386__) || defined(__arm__)
SAME_SIZE(kernel_stat64, ::stat64);
SAME(kernel_stat64, ::stat64, st_dev);
SAME(kernel_stat64, ::stat64, __pad0);
SAME(kernel_stat64, ::stat64, __st_ino);
SAME(kernel_stat64, ::stat64, st_mode);
SAME(kernel_stat64, ::stat64, st_nlink);
SAME(kernel_stat64, ::stat64, st_uid);
SAME(kernel_stat64, ::stat64, st_gid);
SAME(kernel_stat64, ::stat64, st_rdev);
SAME(kernel_stat64, ::stat64, __pad3);
SAME(kernel_stat64, ::stat64, st_size);
SAME(kernel_stat64, ::stat64, st_blksize);
SAME(kernel_stat64, ::stat64, st_blocks);
SAME_MEMBER(kernel_stat64, ::stat64, st_atime_sec, st_atime);
SAME(kernel_stat64, ::stat64, st_atime_nsec);
SAME_MEMBER(kernel_stat64, ::stat64, st_mtime_sec, st_mtime);
SAME(kernel_stat64, ::stat64, st_mtime_nsec);
SAME_MEMBER(kernel_stat64, ::stat64, st_ctime_sec, st_ctime);
SAME(kernel_stat64, ::stat64, st_ctime_nsec);
SAME(kernel_stat64, ::stat64, st_ino);
#endif
