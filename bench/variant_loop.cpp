// bench/variant_loop.cpp - sysabi-bench, the benchmark loop every link
// variant builds (abi_checks/CMakeLists.txt), so musl and nolibc binaries are
// measured too: Google Benchmark is a glibc/libstdc++ library and cannot be
// linked into them.
//
// Method (the same in every variant): each operation runs in batches of N
// calls; a batch is timed with the raw CLOCK_MONOTONIC.  The operations of a
// group (those compared with each other) run interleaved: one batch of each
// in turn, 31 rounds, after a warm-up round.  Per operation, two figures:
// the median batch, and the median over the rounds of its batch divided by
// the group's first operation's batch in the same round - a paired ratio,
// which a slow patch of the machine touches on both sides.  One JSON object
// per line, integers only (no floating-point printing needed): picoseconds
// per call, and the ratio in parts per million:
//   {"bench":"getppid.libc_wrapper","variant":"x86_64-musl-static","ps":81234,
//    "ref":"getppid.bare","ratio_ppm":1402113}
//
//   sysabi-bench [SCALE]     SCALE multiplies N (default 1)
//
// Operations:
//   getppid.bare            the trap instruction alone, inline asm (x86_64)
//   getppid.sysabi_raw      raw::getppid()
//   getppid.call_ret        the bare instruction in a function of its own,
//                           left with `ret` (x86_64)
//   getppid.call_pop_jmp    the same function left with `pop; jmp *` (x86_64):
//                           the two show that what a libc wrapper adds is the
//                           mispredicted return after the kernel, not its
//                           instructions (docs/performance.md)
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

// One timed batch of `calls` calls of Op (a captureless lambda, so the loop
// is a direct, inlined call): picoseconds per call.  Each instance starts on
// a page boundary, so that the loops of two compared paths differ in their
// instructions, not in the low bits of their addresses: on this machine a
// system call's cost moves by up to a fifth with where the loop sits.
template <class Op>
[[gnu::noinline, gnu::aligned(4096)]] i64 batch(long calls) {
  Op op;
  i64 start = now_ns();
  for (long i = 0; i < calls; ++i) op();
  return (now_ns() - start) * 1000 / calls;
}

struct bench_op {
  const char* name;
  i64 (*run)(long calls);
};
template <class Op>
constexpr bench_op named(const char* name, Op) {
  return {name, &batch<Op>};
}

void sort(i64* p, int n) {  // insertion sort: a few dozen values
  for (int i = 1; i < n; ++i)
    for (int j = i; j > 0 && p[j - 1] > p[j]; --j) {
      i64 t = p[j];
      p[j] = p[j - 1];
      p[j - 1] = t;
    }
}

// Measures the ops of a group in interleaved rounds (a batch of each in
// turn), so drift in the machine's speed during the run touches every op of
// the group alike, and prints each op's median batch and its median ratio
// to the group's first op, round by round.
void measure(const bench_op* ops, int n, long calls) {
  constexpr int rounds = 31, most = 8;
  static i64 ps[most][rounds], ratio[rounds];
  if (n > most) n = most;
  for (int k = 0; k < n; ++k) ops[k].run(calls);  // warm-up
  for (int b = 0; b < rounds; ++b)
    for (int k = 0; k < n; ++k) ps[k][b] = ops[k].run(calls);
  for (int k = 0; k < n; ++k) {
    for (int b = 0; b < rounds; ++b) ratio[b] = ps[0][b] > 0 ? ps[k][b] * 1000000 / ps[0][b] : 0;
    sort(ratio, rounds);
    i64 paired = ratio[rounds / 2];
    sort(ps[k], rounds);
    rt::line l;
    l.add("{\"bench\":").json_str(ops[k].name).add(",\"variant\":").json_str(SYSABI_VARIANT);
    l.add(",\"ps\":").add(static_cast<long long>(ps[k][rounds / 2]));
    l.add(",\"ref\":").json_str(ops[0].name).add(",\"ratio_ppm\":").add(static_cast<long long>(paired));
    l.add('}');
    l.emit(1);
  }
}
template <int N>
void measure(const bench_op (&ops)[N], long calls) {
  measure(ops, N, calls);
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

#if defined(__x86_64__)
extern "C" long sysabi_bench_getppid_ret();
extern "C" long sysabi_bench_getppid_pop_jmp();
// SYSABI_STR: raw/types.hpp.
asm(R"(
  .text
  .p2align 12                     # a page of its own, as each batch loop has
  .hidden sysabi_bench_getppid_ret
  .type sysabi_bench_getppid_ret, @function
sysabi_bench_getppid_ret:
  mov $)" SYSABI_STR(__NR_getppid) R"(, %eax  # the number, as the bare loop does
  syscall                         # the same trap
  ret                             # back through the return-address predictor
  .size sysabi_bench_getppid_ret, .-sysabi_bench_getppid_ret

  .p2align 12
  .hidden sysabi_bench_getppid_pop_jmp
  .type sysabi_bench_getppid_pop_jmp, @function
sysabi_bench_getppid_pop_jmp:
  mov $)" SYSABI_STR(__NR_getppid) R"(, %eax
  syscall
  pop %rcx                        # the return address (rcx is free: syscall clobbered it)
  jmp *%rcx                       # back by an indirect jump: no return prediction used
  .size sysabi_bench_getppid_pop_jmp, .-sysabi_bench_getppid_pop_jmp
)");
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

  // Each group's members are compared with each other: they run interleaved.
  const bench_op getppid[] = {
#if defined(__x86_64__)
      named("getppid.bare", [] {
        long r;
        asm volatile("syscall" : "=a"(r) : "0"(static_cast<long>(__NR_getppid)) : "rcx", "r11", "memory");
        sink = r;
      }),
#endif
      named("getppid.sysabi_raw", [] { sink = raw::getppid().raw(); }),
#if defined(__x86_64__)
      named("getppid.call_ret", [] { sink = sysabi_bench_getppid_ret(); }),
      named("getppid.call_pop_jmp", [] { sink = sysabi_bench_getppid_pop_jmp(); }),
#endif
#if SYSABI_HAS_LIBC
      named("getppid.libc_wrapper", [] { sink = ::getppid(); }),
      named("getppid.libc_syscall", [] { sink = ::syscall(SYS_getppid); }),
#endif
  };
  measure(getppid, syscalls);

  raw::vdso v(auxv_value(auxv, 33 /* AT_SYSINFO_EHDR */));
  static auto vdso_clock =
      v.lookup<int (*)(int, raw::kernel_timespec*)>(raw::vdso_clock_gettime_name);
  bench_op clocks[2];
  int nclocks = 0;
#if SYSABI_HAS_LIBC
  clocks[nclocks++] = named("clock_gettime.libc", [] {
    struct timespec ts;
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    sink = ts.tv_nsec;
  });
#endif
  if (vdso_clock != nullptr)
    clocks[nclocks++] = named("clock_gettime.sysabi_vdso", [] {
      raw::kernel_timespec ts;
      vdso_clock(CLOCK_MONOTONIC, &ts);
      sink = ts.tv_nsec;
    });
  measure(clocks, nclocks, fast);
  const bench_op clock_syscall[] = {named("clock_gettime.raw_syscall", [] {
    raw::kernel_timespec ts;
    raw::clock_gettime(CLOCK_MONOTONIC, &ts);
    sink = ts.tv_nsec;
  })};
  measure(clock_syscall, syscalls);

  const bench_op round_trips[] = {
      named("setjmp.ours", [] { round_trip_ours(); }),
#if SYSABI_HAS_LIBC
      named("setjmp.libc__setjmp", [] { round_trip_libc(); }),
#endif
  };
  measure(round_trips, fast);
  const bench_op masked_round_trips[] = {
      named("setjmp.ours_sigsetjmp_1", [] { round_trip_ours_masked(); }),
#if SYSABI_HAS_LIBC
      named("setjmp.libc_sigsetjmp_1", [] { round_trip_libc_masked(); }),
#endif
  };
  measure(masked_round_trips, syscalls);
  return 0;
}
