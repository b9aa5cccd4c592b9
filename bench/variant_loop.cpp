// bench/variant_loop.cpp - sysabi-bench, the benchmark loop every link
// variant builds (abi_checks/CMakeLists.txt), so musl and nolibc binaries are
// measured too: Google Benchmark is a glibc/libstdc++ library and cannot be
// linked into them.
//
// Method (the same in every variant): each operation runs in batches of N
// calls; a batch is timed with the raw CLOCK_MONOTONIC; the median of 15
// batches, after a warm-up batch, is the figure.  One JSON object per line,
// in picoseconds per call (integers: no floating-point printing needed):
//   {"bench":"getppid.libc_wrapper","variant":"x86_64-musl-static","ps":81234}
//
//   sysabi-bench [SCALE]     SCALE multiplies N (default 1)
//
// Operations:
//   getppid.bare            the trap instruction alone, inline asm (x86_64)
//   getppid.sysabi_raw      raw::getppid()
//   getppid.libc_wrapper    libc's getppid()            (libc variants)
//   getppid.libc_syscall    libc's syscall(SYS_getppid) (libc variants)
//   clock_gettime.libc      libc's clock_gettime        (libc variants)
//   clock_gettime.sysabi_vdso  through raw/vdso.hpp's lookup
//   clock_gettime.raw_syscall  through the kernel
//   setjmp.ours             sysabi_setjmp + sysabi_longjmp (abi_checks/setjmp/<arch>.S)
//   setjmp.ours_sigsetjmp_1 sysabi_sigsetjmp(env, 1) + sysabi_siglongjmp
//   setjmp.libc__setjmp     libc's _setjmp + longjmp             (libc variants)
//   setjmp.libc_sigsetjmp_1 libc's sigsetjmp(env, 1) + siglongjmp (libc variants)
#include "setjmp/setjmp.hpp"
#include "sysabi/raw/calls.hpp"
#include "sysabi/raw/vdso.hpp"
#include "sysabi/rt/main.hpp"
#include "sysabi/rt/out.hpp"
#include "sysabi/rt/str.hpp"

#if SYSABI_HAS_LIBC
#include <setjmp.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#else
#include <linux/time.h>  // CLOCK_MONOTONIC (libc's <time.h> has it otherwise)
#endif

using namespace sysabi;

namespace {

volatile long sink;

i64 now_ns() {
  raw::kernel_timespec ts{};
  raw::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<i64>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

template <class Op>
void measure(const char* name, Op op, long calls) {
  constexpr int batches = 15;
  i64 ps[batches];
  for (long i = 0; i < calls; ++i) op();  // warm-up batch
  for (int b = 0; b < batches; ++b) {
    i64 start = now_ns();
    for (long i = 0; i < calls; ++i) op();
    ps[b] = (now_ns() - start) * 1000 / calls;
  }
  for (int i = 1; i < batches; ++i)  // insertion sort: 15 values
    for (int j = i; j > 0 && ps[j - 1] > ps[j]; --j) {
      i64 t = ps[j];
      ps[j] = ps[j - 1];
      ps[j - 1] = t;
    }
  rt::line l;
  l.add("{\"bench\":").json_str(name).add(",\"variant\":").json_str(SYSABI_VARIANT);
  l.add(",\"ps\":").add(static_cast<long long>(ps[batches / 2])).add('}');
  l.emit(1);
}

// One setjmp + longjmp round trip each; noinline so each is a real call
// site with its own buffer, as a program would have.
[[gnu::noinline]] void round_trip_ours() {
  static sysabi_jmp_buf b;
  if (sysabi_setjmp(b) == 0) sysabi_longjmp(b, 1);
}
[[gnu::noinline]] void round_trip_ours_masked() {
  static sysabi_jmp_buf b;
  if (sysabi_sigsetjmp(b, 1) == 0) sysabi_siglongjmp(b, 1);
}
#if SYSABI_HAS_LIBC
[[gnu::noinline]] void round_trip_libc() {
  static jmp_buf b;
  if (_setjmp(b) == 0) longjmp(b, 1);
}
[[gnu::noinline]] void round_trip_libc_masked() {
  static sigjmp_buf b;
  if (sigsetjmp(b, 1) == 0) siglongjmp(b, 1);
}
#endif

unsigned long auxv_value(unsigned long* auxv, unsigned long type) {
  for (unsigned long* a = auxv; a && a[0]; a += 2)
    if (a[0] == type) return a[1];
  return 0;
}

}  // namespace

int sysabi_main(int argc, char** argv, char**, unsigned long* auxv) {
  u64 scale = 1;
  if (argc > 1 && (!rt::parse_u64(argv[1], &scale) || scale == 0 || scale > 1000)) {
    rt::line l;
    l.add("sysabi-bench: SCALE must be a number from 1 to 1000, got '").add(argv[1]).add("'");
    l.emit(2);
    return 2;
  }
  const long syscalls = 20000 * static_cast<long>(scale);
  const long fast = 200000 * static_cast<long>(scale);

#if defined(__x86_64__)
  measure("getppid.bare", [] {
    long r;
    asm volatile("syscall" : "=a"(r) : "0"(static_cast<long>(__NR_getppid)) : "rcx", "r11", "memory");
    sink = r;
  }, syscalls);
#endif
  measure("getppid.sysabi_raw", [] { sink = raw::getppid().raw(); }, syscalls);
#if SYSABI_HAS_LIBC
  measure("getppid.libc_wrapper", [] { sink = ::getppid(); }, syscalls);
  measure("getppid.libc_syscall", [] { sink = ::syscall(SYS_getppid); }, syscalls);
  measure("clock_gettime.libc", [] {
    struct timespec ts;
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    sink = ts.tv_nsec;
  }, fast);
#endif
  raw::vdso v(auxv_value(auxv, 33 /* AT_SYSINFO_EHDR */));
  static auto vdso_clock =
      v.lookup<int (*)(int, raw::kernel_timespec*)>(raw::vdso_clock_gettime_name);
  if (vdso_clock != nullptr) {
    measure("clock_gettime.sysabi_vdso", [] {
      raw::kernel_timespec ts;
      vdso_clock(CLOCK_MONOTONIC, &ts);
      sink = ts.tv_nsec;
    }, fast);
  }
  measure("clock_gettime.raw_syscall", [] {
    raw::kernel_timespec ts;
    raw::clock_gettime(CLOCK_MONOTONIC, &ts);
    sink = ts.tv_nsec;
  }, syscalls);
  measure("setjmp.ours", [] { round_trip_ours(); }, fast);
  measure("setjmp.ours_sigsetjmp_1", [] { round_trip_ours_masked(); }, syscalls);
#if SYSABI_HAS_LIBC
  measure("setjmp.libc__setjmp", [] { round_trip_libc(); }, fast);
  measure("setjmp.libc_sigsetjmp_1", [] { round_trip_libc_masked(); }, syscalls);
#endif
  return 0;
}
