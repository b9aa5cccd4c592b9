// bench/memory_bench.cpp - the cost of demand paging (Google Benchmark):
// mmap an anonymous region, write one byte per page, munmap it; with and
// without MAP_POPULATE (pre-faulting in the kernel instead of one minor
// fault per page), for 1 and 256 pages.  Time per iteration = the whole
// map/touch/unmap cycle; items = pages, so the report also gives pages/s.
#include <sys/mman.h>

#include <benchmark/benchmark.h>

#include "sysabi/raw/calls.hpp"

namespace raw = sysabi::raw;

namespace {

constexpr long page = 4096;

void map_touch_unmap(benchmark::State& state, int extra_flags) {
  const long pages = state.range(0);
  for (auto _ : state) {
    auto m = raw::mmap(nullptr, pages * page, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0);
    if (!m.ok()) {
      state.SkipWithError("mmap failed");
      return;
    }
    auto* p = static_cast<volatile char*>(m.value());
    for (long i = 0; i < pages; ++i) p[i * page] = 1;  // first touch: a minor fault each
    raw::munmap(m.value(), pages * page);
  }
  state.SetItemsProcessed(state.iterations() * pages);
}

void mmap_touch_munmap(benchmark::State& state) { map_touch_unmap(state, 0); }
void mmap_populate_touch_munmap(benchmark::State& state) { map_touch_unmap(state, MAP_POPULATE); }

BENCHMARK(mmap_touch_munmap)->Arg(1)->Arg(256);
BENCHMARK(mmap_populate_touch_munmap)->Arg(1)->Arg(256);

}  // namespace

BENCHMARK_MAIN();
