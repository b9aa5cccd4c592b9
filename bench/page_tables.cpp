// bench/page_tables.cpp - the page-table cost of sparse memory, as a curve.
//
// Touches one byte in each of N separate 2 MiB regions (N = 1..4096, an
// 8 GiB MAP_NORESERVE reservation, transparent huge pages off for it) and
// prints, after each touch, how much the process's page tables (VmPTE) and
// resident set (VmRSS) have grown since the start, in KiB:
//
//   regions,vmpte_kb,rss_kb
//   1,4,4
//   ...
//
// Every touch costs one 4 KiB data page and, because no two touches share a
// 2 MiB region, one 4 KiB page-table page: memory "accumulated in the
// kernel" that no allocator statistic shows.  scripts/plot_page_tables.py
// draws the curve for docs/memory.md; the demand_paging probe checks the
// slope (demand_paging.page_tables.vmpte_kb_per_region).
#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

long status_kb(const char* name) {
  FILE* f = std::fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long v = -1;
  std::size_t n = std::strlen(name);
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, name, n) == 0 && line[n] == ':') v = std::atol(line + n + 1);
  std::fclose(f);
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  long max_regions = argc > 1 ? std::atol(argv[1]) : 4096;
  if (max_regions < 1 || max_regions > 65536) {
    std::fprintf(stderr, "page_tables: regions must be 1..65536\n");
    return 2;
  }
  const std::size_t region = 2u << 20;
  std::size_t len = (max_regions + 1) * region;
  void* m = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) {
    std::perror("page_tables: mmap");
    return 1;
  }
  madvise(m, len, MADV_NOHUGEPAGE);
  auto base = (reinterpret_cast<std::uintptr_t>(m) + region - 1) & ~(region - 1);
  long pte0 = status_kb("VmPTE"), rss0 = status_kb("VmRSS");
  std::printf("regions,vmpte_kb,rss_kb\n");
  for (long i = 0; i < max_regions; ++i) {
    reinterpret_cast<volatile char*>(base + i * region)[0] = 1;
    std::printf("%ld,%ld,%ld\n", i + 1, status_kb("VmPTE") - pte0, status_kb("VmRSS") - rss0);
  }
  return 0;
}
