// abi_checks/demand_paging.cpp - memory is promised at mmap and delivered at
// first touch, one page at a time.
//
//   fresh.resident_pages          a new anonymous mapping has no page in memory (mincore)
//   first_touch.faults_per_page   writing N untouched pages costs one minor fault each
//                                 (getrusage ru_minflt; transparent huge pages are
//                                 turned off for the range with MADV_NOHUGEPAGE so one
//                                 fault cannot fill 2 MiB)
//   first_touch.resident_pages    ... and then all N are resident
//   read_untouched.reads_zero     reading untouched pages gives zeros
//   read_untouched.backing        ... from the shared zero page (RSS does not grow)
//                                 or from private pages: the kernel's choice, recorded
//   populate.resident_pages       MAP_POPULATE faults everything in at mmap ...
//   populate.faults_on_touch      ... so touching it afterwards costs no fault
//   dontneed.resident_pages       MADV_DONTNEED drops the pages ...
//   dontneed.reads_zero           ... and the next read sees zeros, not the old data
//   page_tables.vmpte_kb_per_region  one byte touched in each of N separate 2 MiB
//                                 regions costs a whole page-table page (4 KiB,
//                                 /proc/self/status VmPTE) per region (arm32
//                                 without LPAE and s390x count 2 KiB: see
//                                 below) ...
//   page_tables.rss_kb_per_region ... while RSS grows by only the 4 KiB page touched
//                                 (both skipped where pages are not 4 KiB:
//                                 another page-table geometry)
//
// RSS is /proc/self/smaps_rollup's Rss (harness::resident_kb), counted by
// walking the page tables: VmRSS is a counter that 6.1 updates in batches.
//
// Under qemu-user the emulator's own faults, RSS and page tables are what the
// kernel sees: those facts are skipped there with that reason.  Each
// measurement runs in a fresh child, so the probe's own earlier work cannot
// blur it.
#include <asm/errno.h>
#include <linux/mman.h>

#include "harness/child.hpp"
#include "harness/environment.hpp"
#include "harness/harness.hpp"
#include "harness/scoped.hpp"

#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

using namespace sysabi;

namespace {

// The page size (AT_PAGESZ, set when the probe starts): 4 KiB on most
// kernels, 64 KiB on Debian's ppc64el one.
usize page;  // in .bss, not .data: the x86_64 nolibc runner has a size budget
constexpr usize pages = 64;
constexpr usize region = 2 * 1024 * 1024;  // what one page-table page maps on x86_64/aarch64
constexpr usize regions = 64;
constexpr const char* qemu_reason =
    "qemu-user: faults, RSS and page tables are the emulator's, not this program's";

long minor_faults() {
  raw::kernel_rusage ru{};
  raw::getrusage(0 /* RUSAGE_SELF */, &ru);
  return ru.ru_minflt;
}

usize resident(void* p, usize n) {
  unsigned char vec[pages];
  if (n > pages || !raw::mincore(p, n * page, vec).ok()) return ~usize{0};
  usize count = 0;
  for (usize i = 0; i < n; ++i) count += vec[i] & 1;
  return count;
}

char* fresh(usize len, int extra_flags = 0) {
  auto m = raw::mmap(nullptr, len, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0);
  if (!m.ok()) return nullptr;
  raw::madvise(m.value(), len, MADV_NOHUGEPAGE);
  return static_cast<char*>(m.value());
}

// What a measuring child found, passed back through a shared page.
struct measurement {
  long a, b, c;
};
measurement* g_out;

int measure_first_touch(void*) {
  char* p = fresh(pages * page);
  g_out->a = static_cast<long>(resident(p, pages));
  long before = minor_faults();
  for (usize i = 0; i < pages; ++i) p[i * page] = 1;
  g_out->b = minor_faults() - before;
  g_out->c = static_cast<long>(resident(p, pages));
  return 0;
}

int measure_read_untouched(void*) {
  char* p = fresh(pages * 4 * page);
  long before = harness::resident_kb();
  long sum = 0;
  for (usize i = 0; i < pages * 4; ++i) sum += static_cast<volatile char*>(p)[i * page];
  g_out->a = harness::resident_kb() - before;
  g_out->b = sum;
  return 0;
}

int measure_populate(void*) {
  char* p = fresh(pages * page, MAP_POPULATE);
  g_out->a = static_cast<long>(resident(p, pages));
  long before = minor_faults();
  for (usize i = 0; i < pages; ++i) p[i * page] = 1;
  g_out->b = minor_faults() - before;
  return 0;
}

int measure_dontneed(void*) {
  char* p = fresh(pages * page);
  for (usize i = 0; i < pages; ++i) p[i * page] = 0x5a;
  raw::madvise(p, pages * page, MADV_DONTNEED);
  g_out->a = static_cast<long>(resident(p, pages));
  long nonzero = 0;
  for (usize i = 0; i < pages; ++i) nonzero += static_cast<volatile char*>(p)[i * page] != 0;
  g_out->b = nonzero;
  return 0;
}

int measure_page_tables(void*) {
  // Reserve regions+1 regions so the touched ones can start on a 2 MiB boundary.
  auto m = raw::mmap(nullptr, (regions + 1) * region, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (!m.ok()) return 1;
  raw::madvise(m.value(), (regions + 1) * region, MADV_NOHUGEPAGE);
  uptr base = (reinterpret_cast<uptr>(m.value()) + region - 1) & ~(uptr{region} - 1);
  long pte_before = harness::proc_status_kb("VmPTE");
  long rss_before = harness::resident_kb();
  for (usize i = 0; i < regions; ++i) reinterpret_cast<volatile char*>(base + i * region)[0] = 1;
  g_out->a = harness::proc_status_kb("VmPTE") - pte_before;
  g_out->b = harness::resident_kb() - rss_before;
  return 0;
}

bool measure(int (*fn)(void*), measurement& out) {
  auto r = harness::run_in_child(fn, nullptr, 5000);
  out = *g_out;
  return r.exited_with(0);
}

// n / d rounded to the nearest integer.
long rounded(long n, long d) { return (n + d / 2) / d; }

}  // namespace

SYSABI_PROBE(demand_paging) {
  const bool qemu = harness::under_qemu_user();
  page = harness::getauxval(6 /* AT_PAGESZ */);
  if (page == 0) page = 4096;
  const long page_kb = static_cast<long>(page / 1024);
  auto shared = harness::map(page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS);
  if (!shared.ok()) {
    ctx.skip("setup", "cannot map a shared page", true);
    return;
  }
  g_out = shared.as<measurement>();
  measurement m{};

  // mincore answers for qemu's host pages too, and they are demand-paged
  // the same way, so the residency facts hold under emulation.
  bool ok = measure(measure_first_touch, m);
  ctx.check("fresh.resident_pages", ok ? m.a : -1L, 0L);
  if (qemu && page > 4096)
    ctx.skip("first_touch.resident_pages",
             "qemu-user answers mincore for its 4 KiB host pages: a byte touched in a larger "
             "guest page makes only part of it resident",
             static_cast<long>(pages));
  else
    ctx.check("first_touch.resident_pages", ok ? m.c : -1L, static_cast<long>(pages));
  if (qemu)
    ctx.skip("first_touch.faults_per_page", qemu_reason, 1);
  else
    ctx.check("first_touch.faults_per_page", ok ? rounded(m.b, pages) : -1L, 1L);

  ok = measure(measure_read_untouched, m);
  // Which memory backs a read of an untouched anonymous page is the
  // kernel's choice, not a promise: the shared zero page (the page-walked
  // RSS stays put) or a private page per read (it grows a page per page).
  // Recorded, not checked.
  if (qemu) {
    ctx.skip("read_untouched.backing", qemu_reason);
  } else {
    long per_page = ok ? rounded(m.a, pages * 4) : -1L;
    ctx.record("read_untouched.backing", per_page == 0         ? "shared zero page"
                                         : per_page == page_kb ? "a private page per page read"
                                                               : "unclear");
  }
  ctx.check("read_untouched.reads_zero", ok && m.b == 0, true);

  ok = measure(measure_populate, m);
  if (qemu) {
    ctx.skip("populate.resident_pages", "qemu-user does not pass MAP_POPULATE on",
             static_cast<long>(pages));
    ctx.skip("populate.faults_on_touch", qemu_reason, 0);
  } else {
    ctx.check("populate.resident_pages", ok ? m.a : -1L, static_cast<long>(pages));
    ctx.check("populate.faults_on_touch", ok ? rounded(m.b, pages) : -1L, 0L);
  }

  ok = measure(measure_dontneed, m);
  ctx.check("dontneed.resident_pages", ok ? m.a : -1L, 0L);
  ctx.check("dontneed.reads_zero", ok && m.b == 0, true);

  if (qemu) {
    ctx.skip("page_tables.vmpte_kb_per_region", qemu_reason, 4);
    ctx.skip("page_tables.rss_kb_per_region", qemu_reason, 4);
  } else if (page != 4096) {
    // The geometry measured (a 4 KiB table page of 512 entries mapping
    // 2 MiB) is that of 4 KiB pages; with other pages it is another.
    constexpr const char* why =
        "pages are not 4 KiB here (AT_PAGESZ): a page-table page does not map 2 MiB";
    ctx.skip("page_tables.vmpte_kb_per_region", why, 4);
    ctx.skip("page_tables.rss_kb_per_region", why, 4);
  } else {
    ok = measure(measure_page_tables, m);
    // 64 regions: the slope is 4 KiB plus a share of the upper-level table
    // pages (one PMD page per GiB); rounding to whole KiB absorbs that.
    const long vmpte = ok ? rounded(m.a, regions) : -1L;
#if defined(__arm__)
    // arm32 without LPAE: one 4 KiB page holds two 256-entry hardware
    // tables and Linux's shadow of them and maps 2 MiB, but VmPTE counts a
    // table as PTRS_PER_PTE (512) entries of 4 bytes: 2 KiB.  An LPAE kernel
    // counts 512 entries of 8 bytes: 4 KiB.  Which of the two is running
    // cannot be read from userspace, so either passes.
    const bool fits = vmpte == 2 || vmpte == 4;
    ctx.fact("page_tables.vmpte_kb_per_region", vmpte, fits ? vmpte : 4L,
             fits ? harness::status::pass : harness::status::fail,
             "arm32: 2 KiB per 2 MiB region without LPAE (512 4-byte entries), 4 KiB with LPAE "
             "or on an arm64 kernel (512 8-byte entries)",
             harness::scope::arch);
#elif defined(__s390x__)
    // s390x: a page table has PTRS_PER_PTE = 256 entries of 8 bytes and maps
    // 1 MiB (a segment); the kernel hands them out 2 KiB at a time, two to a
    // 4 KiB page, and VmPTE counts 2 KiB per table.  One byte touched in a
    // 2 MiB region needs one such table.
    ctx.check("page_tables.vmpte_kb_per_region", vmpte, 2L, harness::scope::arch);
#else
    ctx.check("page_tables.vmpte_kb_per_region", vmpte, 4L);
#endif
    ctx.check("page_tables.rss_kb_per_region", ok ? rounded(m.b, regions) : -1L, 4L);
  }
}
