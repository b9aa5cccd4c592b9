// cli/targets/stubs.cpp - the raw layer's wrappers as out-of-line functions,
// for `sysabi asm` and `sysabi abi --check`.
//
// The wrappers in sysabi/raw/calls.hpp are always_inline: inside the probes
// they melt into their callers and no symbol is left to disassemble.  Here
// each gets a function of its own, compiled at build time for every arch
// with the flags the nolibc probes use (cli/targets/CMakeLists.txt), so the
// instructions `sysabi asm getpid` shows are the ones the probes contain.
// The lit tests compile this same file at -O0, -O2 and -Os with gcc and
// clang (tests/lit/asm/).
//
// Every stub returns what libc's wrappers return - the value, or -1 with
// the error left in sysabi_stub_errno - so the disassembly also shows where
// the kernel's -errno is told apart from a result (result<T>::ok(): the
// unsigned compare against -4096).  Nothing here is ever run.
#include "sysabi/raw/calls.hpp"

using namespace sysabi;

// libc's errno, for the stubs' failure path.
extern "C" int sysabi_stub_errno;
int sysabi_stub_errno;

namespace {

// -1 and errno on failure, the kernel's value on success.
template <class T>
[[gnu::always_inline]] inline long libc_style(raw::result<T> r) {
  if (!r.ok()) {  // the kernel's value is in [-4095, -1]: -errno
    // r.error(), spelled out: at -Os gcc would keep error() out of line,
    // and the negation is the decoding worth seeing.
    sysabi_stub_errno = static_cast<int>(-r.raw());
    return -1;
  }
  return r.raw();
}

}  // namespace

// sysabi_stub_<wrapper>(parameters): libc_style(raw::<wrapper>(arguments)).
#define SYSABI_STUB(name, params, args) \
  extern "C" long sysabi_stub_##name params { return libc_style(raw::name args); }

// --- files
SYSABI_STUB(read, (int fd, void* buf, usize n), (fd, buf, n))
SYSABI_STUB(write, (int fd, const void* buf, usize n), (fd, buf, n))
SYSABI_STUB(openat, (int dirfd, const char* path, int flags, unsigned mode),
            (dirfd, path, flags, mode))
SYSABI_STUB(close, (int fd), (fd))
SYSABI_STUB(fstat, (int fd, raw::kernel_stat* st), (fd, st))
#ifdef __NR_newfstatat
SYSABI_STUB(newfstatat, (int dirfd, const char* path, raw::kernel_stat* st, int flags),
            (dirfd, path, st, flags))
#endif
#ifdef __NR_fstat64
SYSABI_STUB(fstat64, (int fd, raw::kernel_stat64* st), (fd, st))
SYSABI_STUB(fstatat64, (int dirfd, const char* path, raw::kernel_stat64* st, int flags),
            (dirfd, path, st, flags))
#endif
SYSABI_STUB(statx, (int dirfd, const char* path, int flags, unsigned mask, raw::kernel_statx* stx),
            (dirfd, path, flags, mask, stx))
SYSABI_STUB(lseek, (int fd, long offset, int whence), (fd, offset, whence))
#ifdef __NR__llseek
SYSABI_STUB(llseek, (int fd, i64 offset, i64* result, int whence), (fd, offset, result, whence))
#endif
SYSABI_STUB(getdents64, (int fd, void* buf, usize n), (fd, buf, n))
SYSABI_STUB(pipe2, (int fds[2], int flags), (fds, flags))
SYSABI_STUB(dup3, (int oldfd, int newfd, int flags), (oldfd, newfd, flags))
SYSABI_STUB(fcntl, (int fd, int cmd, long arg), (fd, cmd, arg))
SYSABI_STUB(mknodat, (int dirfd, const char* path, unsigned mode, unsigned dev),
            (dirfd, path, mode, dev))
SYSABI_STUB(unlinkat, (int dirfd, const char* path, int flags), (dirfd, path, flags))
SYSABI_STUB(mkdirat, (int dirfd, const char* path, unsigned mode), (dirfd, path, mode))
SYSABI_STUB(readlinkat, (int dirfd, const char* path, char* buf, usize n), (dirfd, path, buf, n))

// --- memory
SYSABI_STUB(mmap, (void* addr, usize len, int prot, int flags, int fd, i64 offset),
            (addr, len, prot, flags, fd, offset))
SYSABI_STUB(munmap, (void* addr, usize len), (addr, len))
SYSABI_STUB(mprotect, (void* addr, usize len, int prot), (addr, len, prot))
SYSABI_STUB(madvise, (void* addr, usize len, int advice), (addr, len, advice))
SYSABI_STUB(mincore, (void* addr, usize len, unsigned char* vec), (addr, len, vec))
SYSABI_STUB(msync, (void* addr, usize len, int flags), (addr, len, flags))

// --- processes
SYSABI_STUB(getpid, (), ())
SYSABI_STUB(getppid, (), ())
SYSABI_STUB(gettid, (), ())
SYSABI_STUB(setpgid, (int pid, int pgid), (pid, pgid))
SYSABI_STUB(clone_fork, (), ())
SYSABI_STUB(wait4, (int pid, int* status, int options, raw::kernel_rusage* ru),
            (pid, status, options, ru))
SYSABI_STUB(execve, (const char* path, char* const argv[], char* const envp[]), (path, argv, envp))
extern "C" [[noreturn]] void sysabi_stub_exit_group(int code) { raw::exit_group(code); }
SYSABI_STUB(prctl, (int option, unsigned long a2, unsigned long a3, unsigned long a4,
                    unsigned long a5),
            (option, a2, a3, a4, a5))
SYSABI_STUB(uname, (raw::kernel_utsname* u), (u))
SYSABI_STUB(getrusage, (int who, raw::kernel_rusage* ru), (who, ru))
SYSABI_STUB(getrandom, (void* buf, usize n, unsigned flags), (buf, n, flags))

// --- signals
SYSABI_STUB(kill, (int pid, int sig), (pid, sig))
SYSABI_STUB(tgkill, (int tgid, int tid, int sig), (tgid, tid, sig))
SYSABI_STUB(rt_sigaction, (int sig, const raw::kernel_sigaction* act, raw::kernel_sigaction* old),
            (sig, act, old))
SYSABI_STUB(rt_sigprocmask, (int how, const raw::kernel_sigset* set, raw::kernel_sigset* old),
            (how, set, old))
SYSABI_STUB(sigaltstack, (const raw::kernel_sigaltstack* ss, raw::kernel_sigaltstack* old),
            (ss, old))
SYSABI_STUB(rt_sigtimedwait, (const raw::kernel_sigset* set, void* info,
                              const raw::kernel_old_timespec* timeout),
            (set, info, timeout))

// --- time
SYSABI_STUB(clock_gettime, (int clock, raw::kernel_timespec* ts), (clock, ts))
SYSABI_STUB(clock_nanosleep, (int clock, int flags, const raw::kernel_timespec* req,
                              raw::kernel_timespec* rem),
            (clock, flags, req, rem))
SYSABI_STUB(nanosleep, (const raw::kernel_old_timespec* req, raw::kernel_old_timespec* rem),
            (req, rem))

// --- register check (`sysabi abi --check`)
//
// call(nr, a1..aN) with a distinct marker in each position, for N = 0..6:
// the disassembly shows which register each value reaches at the trap, and
// `sysabi abi --check` compares that with the convention table.  The number
// 0x7ab is no system call on any arch (never run anyway).
namespace {
constexpr long check_nr = 0x7ab;
}
extern "C" long sysabi_check_args0() { return raw::call(check_nr); }
extern "C" long sysabi_check_args1() { return raw::call(check_nr, 0x111); }
extern "C" long sysabi_check_args2() { return raw::call(check_nr, 0x111, 0x122); }
extern "C" long sysabi_check_args3() { return raw::call(check_nr, 0x111, 0x122, 0x133); }
extern "C" long sysabi_check_args4() { return raw::call(check_nr, 0x111, 0x122, 0x133, 0x144); }
extern "C" long sysabi_check_args5() {
  return raw::call(check_nr, 0x111, 0x122, 0x133, 0x144, 0x155);
}
extern "C" long sysabi_check_args6() {
  return raw::call(check_nr, 0x111, 0x122, 0x133, 0x144, 0x155, 0x166);
}
