// sysabi/raw/calls.hpp - typed wrappers over call(nr, ...).
//
// One function per system call, named as the kernel names it, taking the
// kernel's own types (sysabi/raw/kernel.hpp) and returning result<T>.
// Every wrapper is always_inline: the compiled code is the bare trap
// instruction with its arguments in registers, nothing more.
//
// Where an arch only has a differently-named call for the same job (mmap2 and
// fcntl64 on 32-bit arches, the *_time64 calls for 64-bit time), the wrapper
// picks it from the __NR_* macros the target's uapi headers define; nothing
// is keyed on kernel versions.  Calls that exist on some arches only are
// defined only where their __NR_ is: newfstatat (64-bit arches), fstat64,
// fstatat64 and llseek (i386, arm).
#pragma once

#include "sysabi/raw/kernel.hpp"
#include "sysabi/raw/syscall.hpp"

#define SYSABI_INLINE [[gnu::always_inline]] inline

namespace sysabi::raw {

namespace detail {
template <class Action>
inline constexpr bool has_sa_restorer = requires(Action a) {
  a.sa_restorer;
};

// Sets SA_RESTORER and sysabi_restore_rt on the arches whose kernel_sigaction
// has sa_restorer; a template so the member is only named where it exists.
template <class Action>
[[gnu::always_inline]] inline void set_restorer(Action& act) {
  if constexpr (has_sa_restorer<Action>) {
    act.sa_flags |= kernel_sa_restorer;
    act.sa_restorer = sysabi_restore_rt;
  }
}
}  // namespace detail
static_assert(kernel_sigaction_has_restorer == detail::has_sa_restorer<kernel_sigaction>);

// --- files -----------------------------------------------------------------

SYSABI_INLINE result<long> read(int fd, void* buf, usize n) {
  return result<long>(call(__NR_read, fd, buf, n));
}
SYSABI_INLINE result<long> write(int fd, const void* buf, usize n) {
  return result<long>(call(__NR_write, fd, buf, n));
}
SYSABI_INLINE result<int> openat(int dirfd, const char* path, int flags, unsigned mode = 0) {
  return result<int>(call(__NR_openat, dirfd, path, flags, mode));
}
SYSABI_INLINE result<int> close(int fd) { return result<int>(call(__NR_close, fd)); }

// fstat(2) with the arch's native `struct stat` (the old 32-bit one on
// i386/arm: see fstat64 there).
SYSABI_INLINE result<int> fstat(int fd, kernel_stat* st) {
  return result<int>(call(__NR_fstat, fd, st));
}
#ifdef __NR_newfstatat
SYSABI_INLINE result<int> newfstatat(int dirfd, const char* path, kernel_stat* st, int flags) {
  return result<int>(call(__NR_newfstatat, dirfd, path, st, flags));
}
#endif
#ifdef __NR_fstat64
SYSABI_INLINE result<int> fstat64(int fd, kernel_stat64* st) {
  return result<int>(call(__NR_fstat64, fd, st));
}
SYSABI_INLINE result<int> fstatat64(int dirfd, const char* path, kernel_stat64* st, int flags) {
  return result<int>(call(__NR_fstatat64, dirfd, path, st, flags));
}
#endif
// The stat calls a program with 64-bit file offsets uses on this arch:
// fstat/newfstatat and `struct stat` on 64-bit arches, fstat64/fstatat64
// and `struct stat64` on i386 and arm (whose plain fstat is the old struct).
#ifdef __NR_fstat64
using kernel_stat_lfs = kernel_stat64;
inline constexpr const char* fstat_lfs_name = "fstat64";
inline constexpr const char* fstatat_lfs_name = "fstatat64";
inline constexpr long nr_fstat_lfs = __NR_fstat64, nr_fstatat_lfs = __NR_fstatat64;
#else
using kernel_stat_lfs = kernel_stat;
inline constexpr const char* fstat_lfs_name = "fstat";
inline constexpr const char* fstatat_lfs_name = "newfstatat";
inline constexpr long nr_fstat_lfs = __NR_fstat, nr_fstatat_lfs = __NR_newfstatat;
#endif
SYSABI_INLINE result<int> fstat_lfs(int fd, kernel_stat_lfs* st) {
  return result<int>(call(nr_fstat_lfs, fd, st));
}
SYSABI_INLINE result<int> fstatat_lfs(int dirfd, const char* path, kernel_stat_lfs* st, int flags) {
  return result<int>(call(nr_fstatat_lfs, dirfd, path, st, flags));
}
SYSABI_INLINE result<int> statx(int dirfd, const char* path, int flags, unsigned mask,
                                kernel_statx* stx) {
  return result<int>(call(__NR_statx, dirfd, path, flags, mask, stx));
}
// lseek with a register-sized offset: the kernel's long (32 bits on
// i386/arm; 64 on x32, whose C `long` is 32).
SYSABI_INLINE result<kernel_long> lseek(int fd, kernel_long offset, int whence) {
  return result<kernel_long>(call(__NR_lseek, fd, offset, whence));
}
#ifdef __NR__llseek
// _llseek (i386, arm): a 64-bit offset in two registers, high word first,
// and the 64-bit result written through a pointer.
SYSABI_INLINE result<int> llseek(int fd, i64 offset, i64* result_offset, int whence) {
  auto u = static_cast<u64>(offset);
  return result<int>(call(__NR__llseek, fd, static_cast<unsigned long>(u >> 32),
                          static_cast<unsigned long>(u), result_offset, whence));
}
#endif
SYSABI_INLINE result<long> getdents64(int fd, void* buf, usize n) {
  return result<long>(call(__NR_getdents64, fd, buf, n));
}
SYSABI_INLINE result<int> pipe2(int fds[2], int flags) {
  return result<int>(call(__NR_pipe2, fds, flags));
}
SYSABI_INLINE result<int> dup3(int oldfd, int newfd, int flags) {
  return result<int>(call(__NR_dup3, oldfd, newfd, flags));
}
// fcntl: fcntl64 where it exists (i386, arm).  It is the same call for every
// command except the locks, where it also accepts F_GETLK64/F_SETLK64/
// F_SETLKW64 with a struct flock64; the old fcntl there only knows the
// 32-bit-offset struct flock.
SYSABI_INLINE result<long> fcntl(int fd, int cmd, long arg = 0) {
#ifdef __NR_fcntl64
  return result<long>(call(__NR_fcntl64, fd, cmd, arg));
#else
  return result<long>(call(__NR_fcntl, fd, cmd, arg));
#endif
}
SYSABI_INLINE result<int> mknodat(int dirfd, const char* path, unsigned mode, unsigned dev) {
  return result<int>(call(__NR_mknodat, dirfd, path, mode, dev));
}
SYSABI_INLINE result<int> unlinkat(int dirfd, const char* path, int flags) {
  return result<int>(call(__NR_unlinkat, dirfd, path, flags));
}
SYSABI_INLINE result<int> mkdirat(int dirfd, const char* path, unsigned mode) {
  return result<int>(call(__NR_mkdirat, dirfd, path, mode));
}
SYSABI_INLINE result<long> readlinkat(int dirfd, const char* path, char* buf, usize n) {
  return result<long>(call(__NR_readlinkat, dirfd, path, buf, n));
}

// --- memory ----------------------------------------------------------------

// mmap with a byte offset.  32-bit arches only have mmap2, whose offset is in
// 4096-byte units: an offset that is not a multiple of 4096 cannot be passed
// there and is refused here with EINVAL, as the kernel refuses it on 64-bit.
//
// s390x's mmap (90) is the old_mmap: its one argument points at the six
// values as unsigned longs (struct mmap_arg_struct, arch/s390/kernel/
// sys_s390.c), which the kernel copies in; the offset is in bytes.
SYSABI_INLINE result<void*> mmap(void* addr, usize len, int prot, int flags, int fd, i64 offset) {
#if defined(__s390x__)
  unsigned long args[6] = {reinterpret_cast<unsigned long>(addr), len,
                           static_cast<unsigned long>(prot), static_cast<unsigned long>(flags),
                           static_cast<unsigned long>(static_cast<long>(fd)),
                           static_cast<unsigned long>(offset)};
  return result<void*>(call(__NR_mmap, args));
#elif defined(__NR_mmap2)
  if (offset & 4095) return result<void*>(-22 /* EINVAL */);
  return result<void*>(call(__NR_mmap2, addr, len, prot, flags, fd, offset >> 12));
#else
  return result<void*>(call(__NR_mmap, addr, len, prot, flags, fd, offset));
#endif
}
SYSABI_INLINE result<int> munmap(void* addr, usize len) {
  return result<int>(call(__NR_munmap, addr, len));
}
SYSABI_INLINE result<int> mprotect(void* addr, usize len, int prot) {
  return result<int>(call(__NR_mprotect, addr, len, prot));
}
SYSABI_INLINE result<int> madvise(void* addr, usize len, int advice) {
  return result<int>(call(__NR_madvise, addr, len, advice));
}
SYSABI_INLINE result<int> mincore(void* addr, usize len, unsigned char* vec) {
  return result<int>(call(__NR_mincore, addr, len, vec));
}
SYSABI_INLINE result<int> msync(void* addr, usize len, int flags) {
  return result<int>(call(__NR_msync, addr, len, flags));
}

// --- processes -------------------------------------------------------------

SYSABI_INLINE result<int> getpid() { return result<int>(call(__NR_getpid)); }
SYSABI_INLINE result<int> getppid() { return result<int>(call(__NR_getppid)); }
SYSABI_INLINE result<int> gettid() { return result<int>(call(__NR_gettid)); }
SYSABI_INLINE result<int> setpgid(int pid, int pgid) {
  return result<int>(call(__NR_setpgid, pid, pgid));
}

// fork(2) expressed as clone(SIGCHLD): every other argument is zero, so the
// arches' different orders of the last four do not matter.  But s390x
// swaps the first two (CONFIG_CLONE_BACKWARDS2: clone(newsp, flags, ...)),
// so there the flags go second: first, they would be a stack pointer of 17
// and flags 0 (no exit signal: the parent's wait4 would never see the
// child).  Returns 0 in the child and the child's pid in the parent.
// sparc64's clone returns the child's pid to both and tells them apart in
// o1 (arch::clone_fork in arch/sparc64.hpp).
SYSABI_INLINE result<int> clone_fork() {
#if defined(__s390x__)
  return result<int>(call(__NR_clone, 0, kernel_sigchld, 0, 0, 0));
#elif defined(__sparc__)
  return result<int>(arch::clone_fork(kernel_sigchld));
#else
  return result<int>(call(__NR_clone, kernel_sigchld, 0, 0, 0, 0));
#endif
}
SYSABI_INLINE result<int> wait4(int pid, int* status, int options, kernel_rusage* ru) {
  return result<int>(call(__NR_wait4, pid, status, options, ru));
}
SYSABI_INLINE result<int> execve(const char* path, char* const argv[], char* const envp[]) {
  return result<int>(call(__NR_execve, path, argv, envp));
}
[[noreturn]] SYSABI_INLINE void exit_group(int code) {
  call(__NR_exit_group, code);
  __builtin_unreachable();
}
SYSABI_INLINE result<int> prctl(int option, unsigned long a2 = 0, unsigned long a3 = 0,
                                unsigned long a4 = 0, unsigned long a5 = 0) {
  return result<int>(call(__NR_prctl, option, a2, a3, a4, a5));
}
SYSABI_INLINE result<int> uname(kernel_utsname* u) { return result<int>(call(__NR_uname, u)); }
SYSABI_INLINE result<int> getrusage(int who, kernel_rusage* ru) {
  return result<int>(call(__NR_getrusage, who, ru));
}
SYSABI_INLINE result<long> getrandom(void* buf, usize n, unsigned flags) {
  return result<long>(call(__NR_getrandom, buf, n, flags));
}

// --- signals ---------------------------------------------------------------

SYSABI_INLINE result<int> kill(int pid, int sig) { return result<int>(call(__NR_kill, pid, sig)); }
SYSABI_INLINE result<int> tgkill(int tgid, int tid, int sig) {
  return result<int>(call(__NR_tgkill, tgid, tid, sig));
}
// rt_sigaction: the kernel's struct and its 8-byte sigset size.  Use
// install_handler() below to install a handler that can return.
// sparc64 takes the handler's return address as a 4th argument (see
// sysabi_restore_rt in arch/sparc64.hpp: the address minus 8), then the size.
SYSABI_INLINE result<int> rt_sigaction(int sig, const kernel_sigaction* act,
                                       kernel_sigaction* old) {
#if defined(__sparc__)
  auto restorer = reinterpret_cast<unsigned long>(sysabi_restore_rt) - 8;
  return result<int>(call(__NR_rt_sigaction, sig, act, old, restorer, kernel_sigset_size));
#else
  return result<int>(call(__NR_rt_sigaction, sig, act, old, kernel_sigset_size));
#endif
}
SYSABI_INLINE result<int> rt_sigprocmask(int how, const kernel_sigset* set, kernel_sigset* old) {
  return result<int>(call(__NR_rt_sigprocmask, how, set, old, kernel_sigset_size));
}
SYSABI_INLINE result<int> sigaltstack(const kernel_sigaltstack* ss, kernel_sigaltstack* old) {
  return result<int>(call(__NR_sigaltstack, ss, old));
}

// A handler of the SA_SIGINFO kind: signal number, siginfo_t*, ucontext_t*.
using signal_handler = void (*)(int signo, void* info, void* ucontext);

// install_handler: rt_sigaction(sig) with `handler`, SA_SIGINFO added to
// `flags` (so the kernel builds the rt frame on every arch: i386 and arm
// build an older frame without it) and, where the arch has SA_RESTORER, the
// restorer set to sysabi_restore_rt (x86_64 needs it; i386, arm and aarch64
// would otherwise use the vDSO or sigpage; riscv64 always does; ppc64le
// defines SA_RESTORER but its kernel ignores the field; sparc64
// gets it as rt_sigaction's 4th argument instead).
// `mask`: signals blocked while the handler runs, besides `sig` itself
// (unless SA_NODEFER).  `old` receives the previous action.
SYSABI_INLINE result<int> install_handler(int sig, signal_handler handler, unsigned long flags = 0,
                                          const kernel_sigset* mask = nullptr,
                                          kernel_sigaction* old = nullptr) {
  kernel_sigaction act{};
  // The kernel stores one pointer; SA_SIGINFO says how it will be called.
  // (Through void (*)(): the cast -Wcast-function-type accepts.)
  act.sa_handler_fn = reinterpret_cast<void (*)(int)>(reinterpret_cast<void (*)()>(handler));
  act.sa_flags = flags | kernel_sa_siginfo;
  if (mask) act.sa_mask = *mask;
  detail::set_restorer(act);
  return rt_sigaction(sig, &act, old);
}
// SIG_DFL (0) or SIG_IGN (1) for `sig`.
SYSABI_INLINE result<int> set_disposition(int sig, unsigned long dfl_or_ign,
                                          kernel_sigaction* old = nullptr) {
  kernel_sigaction act{};
  act.sa_handler_fn = reinterpret_cast<void (*)(int)>(dfl_or_ign);
  return rt_sigaction(sig, &act, old);
}
// rt_sigtimedwait with `long` timespec (the original call on every arch).
SYSABI_INLINE result<int> rt_sigtimedwait(const kernel_sigset* set, void* info,
                                          const kernel_old_timespec* timeout) {
  return result<int>(call(__NR_rt_sigtimedwait, set, info, timeout, kernel_sigset_size));
}
// rt_sigtimedwait with a 64-bit timespec on every arch: rt_sigtimedwait_time64
// on 32-bit arches (whose kernels may be built without the 32-bit-time
// calls, CONFIG_COMPAT_32BIT_TIME=n), the original call on 64-bit ones,
// where `long` seconds are already 64 bits.
SYSABI_INLINE result<int> rt_sigtimedwait_time64(const kernel_sigset* set, void* info,
                                                 const kernel_timespec* timeout) {
#ifdef __NR_rt_sigtimedwait_time64
  return result<int>(call(__NR_rt_sigtimedwait_time64, set, info, timeout, kernel_sigset_size));
#else
  static_assert(sizeof(kernel_old_timespec) == sizeof(kernel_timespec));
  return result<int>(call(__NR_rt_sigtimedwait, set, info, timeout, kernel_sigset_size));
#endif
}
// rt_sigreturn only makes sense from a signal frame: see sysabi_restore_rt.
SYSABI_INLINE void rt_sigreturn() { call(__NR_rt_sigreturn); }

// --- time ------------------------------------------------------------------

// clock_gettime with 64-bit time on every arch (clock_gettime64 on 32-bit).
SYSABI_INLINE result<int> clock_gettime(int clock, kernel_timespec* ts) {
#ifdef __NR_clock_gettime64
  return result<int>(call(__NR_clock_gettime64, clock, ts));
#else
  return result<int>(call(__NR_clock_gettime, clock, ts));
#endif
}
// clock_nanosleep with 64-bit time on every arch (clock_nanosleep_time64 on
// 32-bit).  flags: 0 or TIMER_ABSTIME (1).
SYSABI_INLINE result<int> clock_nanosleep(int clock, int flags, const kernel_timespec* req,
                                          kernel_timespec* rem) {
#ifdef __NR_clock_nanosleep_time64
  return result<int>(call(__NR_clock_nanosleep_time64, clock, flags, req, rem));
#else
  return result<int>(call(__NR_clock_nanosleep, clock, flags, req, rem));
#endif
}
// nanosleep with `long` timespec: 32-bit time on i386/arm (see clock_nanosleep).
SYSABI_INLINE result<int> nanosleep(const kernel_old_timespec* req, kernel_old_timespec* rem) {
  return result<int>(call(__NR_nanosleep, req, rem));
}

}  // namespace sysabi::raw
