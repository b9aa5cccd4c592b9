// bench/setjmp_bench.cpp - a setjmp + longjmp round trip, per implementation
// (Google Benchmark, glibc host): sysabi's own (abi_checks/setjmp/<arch>.S)
// and glibc's setjmp (the function: saves the mask), _setjmp (does not),
// sigsetjmp(env, 1), and sysabi's mask-saving pair.  musl's are timed by
// sysabi-bench in the musl variants (bench/variant_loop.cpp).
#include <setjmp.h>

#include <benchmark/benchmark.h>

#include "setjmp/setjmp.hpp"

namespace {

void ours_setjmp_longjmp(benchmark::State& state) {
  static sysabi_jmp_buf b;
  for (auto _ : state) {
    if (sysabi_setjmp(b) == 0) sysabi_longjmp(b, 1);
  }
}
BENCHMARK(ours_setjmp_longjmp);

void ours_sigsetjmp_1(benchmark::State& state) {
  static sysabi_jmp_buf b;
  for (auto _ : state) {
    if (sysabi_sigsetjmp(b, 1) == 0) sysabi_siglongjmp(b, 1);
  }
}
BENCHMARK(ours_sigsetjmp_1);

void glibc_setjmp_function(benchmark::State& state) {
  static jmp_buf b;
  for (auto _ : state) {
    if ((setjmp)(b) == 0) longjmp(b, 1);
  }
}
BENCHMARK(glibc_setjmp_function);

void glibc__setjmp(benchmark::State& state) {
  static jmp_buf b;
  for (auto _ : state) {
    if (_setjmp(b) == 0) longjmp(b, 1);
  }
}
BENCHMARK(glibc__setjmp);

void glibc_sigsetjmp_1(benchmark::State& state) {
  static sigjmp_buf b;
  for (auto _ : state) {
    if (sigsetjmp(b, 1) == 0) siglongjmp(b, 1);
  }
}
BENCHMARK(glibc_sigsetjmp_1);

}  // namespace

BENCHMARK_MAIN();
