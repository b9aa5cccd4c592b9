// bench/syscall_bench.cpp - what a system call costs through each path, from
// a glibc process (Google Benchmark).
//
//   getppid       the bare `syscall` instruction in inline asm (the reference),
//                 sysabi's raw::getppid, glibc's getppid(), glibc's
//                 syscall(SYS_getppid).  musl's wrapper is measured by
//                 bench/variant_loop.cpp (musl cannot link the C++ library).
//   clock_gettime CLOCK_MONOTONIC through glibc (vDSO, the reference), through
//                 sysabi's own vDSO lookup (raw/vdso.hpp: what the nolibc
//                 variant can do), and through the kernel (raw syscall).
//
// scripts/benchmarks.py turns the JSON output into the ratios in
// docs/performance.md; nothing here asserts a time.
#include <sys/auxv.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include "sysabi/raw/calls.hpp"
#include "sysabi/raw/vdso.hpp"

namespace raw = sysabi::raw;

namespace {

// --- getppid -------------------------------------------------------------------

#if defined(__x86_64__)
// The reference: the instruction and nothing else (rax in and out, rcx and
// r11 clobbered by the instruction itself).
long bare_getppid() {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "0"(static_cast<long>(SYS_getppid)) : "rcx", "r11", "memory");
  return ret;
}

// The getppid loops start on a page boundary each, so that the paths
// compared differ in their instructions and not in where those sit: a system
// call's cost on this machine moves by up to a fifth with the address of the
// loop around it (docs/performance.md).
[[gnu::aligned(4096)]] void getppid_bare_instruction(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(bare_getppid());
}
BENCHMARK(getppid_bare_instruction);
#endif

[[gnu::aligned(4096)]] void getppid_sysabi_raw(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(raw::getppid().raw());
}
BENCHMARK(getppid_sysabi_raw);

[[gnu::aligned(4096)]] void getppid_glibc_wrapper(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(::getppid());
}
BENCHMARK(getppid_glibc_wrapper);

[[gnu::aligned(4096)]] void getppid_glibc_syscall(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(::syscall(SYS_getppid));
}
BENCHMARK(getppid_glibc_syscall);

// --- clock_gettime(CLOCK_MONOTONIC) --------------------------------------------

void clock_gettime_glibc_vdso(benchmark::State& state) {
  struct timespec ts;
  for (auto _ : state) {
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    benchmark::DoNotOptimize(ts);
  }
}
BENCHMARK(clock_gettime_glibc_vdso);

void clock_gettime_sysabi_vdso(benchmark::State& state) {
  raw::vdso v(getauxval(AT_SYSINFO_EHDR));
  auto fn = v.lookup<int (*)(int, raw::kernel_timespec*)>(raw::vdso_clock_gettime_name);
  if (fn == nullptr) {
    state.SkipWithError("no vDSO clock_gettime in this process");
    return;
  }
  raw::kernel_timespec ts;
  for (auto _ : state) {
    fn(CLOCK_MONOTONIC, &ts);
    benchmark::DoNotOptimize(ts);
  }
}
BENCHMARK(clock_gettime_sysabi_vdso);

void clock_gettime_raw_syscall(benchmark::State& state) {
  raw::kernel_timespec ts;
  for (auto _ : state) {
    raw::clock_gettime(CLOCK_MONOTONIC, &ts);
    benchmark::DoNotOptimize(ts);
  }
}
BENCHMARK(clock_gettime_raw_syscall);

}  // namespace

BENCHMARK_MAIN();
