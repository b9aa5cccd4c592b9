// abi_checks/mmap.cpp - what mmap's protection bits really mean, which
// accesses fault and how, and which arguments mmap refuses.
//
//   prot_write_only.readable      PROT_WRITE alone still reads: x86 and arm
//                                 page tables have no separate read bit; on
//                                 a mips kernel without RI/XI (no "rixi" in
//                                 /proc/cpuinfo) the read never completes
//   prot_write_only.maps_perms    ... while /proc/self/maps says "-w-p"
//   prot_exec_only.readable       PROT_EXEC alone reads too, unless the CPU
//                                 and kernel give execute-only memory (x86
//                                 protection keys with OSPKE: "ospke" in
//                                 /proc/cpuinfo) - the expectation follows
//                                 the detected feature
//   prot_none.read, prot_none.write  SIGSEGV SEGV_ACCERR at the exact address
//   prot_read.write               SIGSEGV SEGV_ACCERR
//   prot_read.read                ... while a read of it does not fault
//   guard_page.*                  a PROT_NONE page between two RW pages (the
//                                 fault's offset is the page size: [arch])
//   unmapped.read                 SIGSEGV SEGV_MAPERR
//   nx.call_rw_page               jumping into RW (non-exec) memory faults
//                                 (not on a mips CPU without RI/XI),
//   nx.call_after_mprotect_rx     the same bytes run once mprotect adds PROT_EXEC
//   wx.mapping                    whether PROT_WRITE|PROT_EXEC is granted (info)
//   file.beyond_eof               SIGBUS BUS_ADRERR past the file's last page
//   file.beyond_eof.offset        ... at the first byte past it (+4096, or
//                                 the page size, AT_PAGESZ, where it is larger; +8192 on sparc64)
//   file.tail_zeroed              the rest of the last page reads as zeros
//   mprotect.to_<prot>.result, mprotect.to_<prot>.read, mprotect.to_<prot>.write,
//   mprotect.to_<prot>.contents_kept   every transition from RW (<prot>: none,
//                                 read, write, exec, read_write, read_exec)
//   args.*                        EINVAL, EACCES, EEXIST for bad arguments
//
// Every access that may fault runs in a child (harness/fault.hpp).  qemu-user
// reproduces the protections and the signals faithfully; what it does not
// (its synthesised /proc/self/maps, MAP_FIXED_NOREPLACE, SIGBUS addresses on
// 32-bit guests, SEGV_ACCERR where its cpu_loop reports every fault as
// SEGV_MAPERR) is skipped there with that reason.
#include <asm/errno.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/signal.h>  // SIGSEGV, SEGV_MAPERR, SEGV_ACCERR

#include "harness/environment.hpp"
#include "harness/fault.hpp"
#include "harness/harness.hpp"
#include "harness/scoped.hpp"
#include "sysabi/rt/str.hpp"

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

using namespace sysabi;

namespace {

// The page size the kernel maps and protects in (AT_PAGESZ): 4 KiB on most
// kernels, 64 KiB on Debian's ppc64el one, 8 KiB on sparc64.  Set when the
// probe starts.
usize page;  // in .bss, not .data: the x86_64 nolibc runner has a size budget

// "SIGSEGV SEGV_ACCERR at +<page>": the fault one page in, written by the
// same describe() that writes what was seen (no formatting code of its own:
// the x86_64 nolibc runner has a size budget).
const char* fault_at_page(char* buf, usize size, int code) {
  harness::fault f;
  f.faulted = true;
  f.signo = SIGSEGV;
  f.code = code;
  f.offset = static_cast<long>(page);
  return f.describe(buf, size);
}

constexpr const char* qemu_maps_reason = "qemu-user synthesises /proc/self/maps";

// A mapping, unmapped at the end of the caller's scope (harness/scoped.hpp).
harness::scoped_mapping map(usize len, int prot, int flags = MAP_PRIVATE | MAP_ANONYMOUS,
                            int fd = -1, long off = 0) {
  return harness::map(len, prot, flags, fd, off);
}

int read_byte(void* p) { return *static_cast<volatile unsigned char*>(p); }
int write_byte(void* p) {
  *static_cast<volatile unsigned char*>(p) = 0x5a;
  return 0;
}
int read_second_page(void* p) { return read_byte(static_cast<char*>(p) + page); }
int read_third_page(void* p) { return read_byte(static_cast<char*>(p) + 2 * page); }
int read_first_page(void* p) { return read_byte(p); }
// 1 if the byte is still the marker the test wrote before mprotect, else 2.
int read_marker(void* p) { return read_byte(p) == 0xa5 ? 1 : 2; }
int call_code(void* p) { return reinterpret_cast<int (*)()>(p)(); }

// A function that returns 42, as machine code for this arch.
#if defined(__x86_64__) || defined(__i386__)
const u8 return_42[] = {0xb8, 0x2a, 0x00, 0x00, 0x00,  // mov $42, %eax
                        0xc3};                         // ret
#elif defined(__aarch64__)
const u32 return_42_words[] = {0x52800540,   // mov w0, #42
                               0xd65f03c0};  // ret
#elif defined(__arm__)
const u32 return_42_words[] = {0xe3a0002a,   // mov r0, #42
                               0xe12fff1e};  // bx lr
#elif defined(__riscv)
const u32 return_42_words[] = {0x02a00513,   // li a0, 42
                               0x00008067};  // ret
#elif defined(__powerpc64__)
const u32 return_42_words[] = {0x3860002a,   // li r3, 42
                               0x4e800020};  // blr
#elif defined(__s390x__)
// Bytes, in memory order: s390x instructions are 2, 4 or 6 bytes long.
const u8 return_42[] = {0xa7, 0x29, 0x00, 0x2a,  // lghi %r2, 42
                        0x07, 0xfe};             // br %r14
#elif defined(__mips__)
const u32 return_42_words[] = {0x03e00008,   // jr ra
                               0x2402002a};  // li v0, 42 (in the jump's delay slot)
#elif defined(__sparc__)
const u32 return_42_words[] = {0x81c3e008,   // retl (jmpl %o7 + 8, %g0)
                               0x9010202a};  // mov 42, %o0 (in retl's delay slot)
#endif

void copy_code(void* to) {
#if defined(__x86_64__) || defined(__i386__) || defined(__s390x__)
  auto* d = static_cast<u8*>(to);
  for (usize i = 0; i < sizeof return_42; ++i) d[i] = return_42[i];
#else
  auto* d = static_cast<u32*>(to);
  for (usize i = 0; i < 2; ++i) d[i] = return_42_words[i];
#endif
}

// After writing code: make the instruction side see it.  x86 keeps caches
// coherent; aarch64, arm and ppc64le get gcc's builtin (dc/ic, or dcbst/
// icbi, instructions; libgcc's __clear_cache, which makes arm's cacheflush
// call); riscv64 asks the
// kernel directly (riscv_flush_icache: every hart, not only this one - the
// builtin would need libc's __riscv_flush_icache), and so does mips64el
// (cacheflush).
void sync_icache(void* p) {
#if defined(__riscv)
  raw::call(__NR_riscv_flush_icache, p, static_cast<char*>(p) + 8, 0);
#elif defined(__mips__)
  // mips: gcc's builtin calls libc's _flush_cache; the kernel's cacheflush
  // (BCACHE = 3: both caches) is what that calls.
  raw::call(__NR_cacheflush, p, 8, 3);
#elif !defined(__x86_64__) && !defined(__i386__) && !defined(__s390x__)
  __builtin___clear_cache(static_cast<char*>(p), static_cast<char*>(p) + 8);
#else
  (void)p;
#endif
}

// The permission column of the /proc/self/maps line that starts at addr.
bool maps_perms(void* addr, char out[5]) {
  static char maps[65536];
  if (harness::read_file("/proc/self/maps", maps, sizeof maps) <= 0) return false;
  rt::sbuf<32> start;
  start.add_hex(reinterpret_cast<uptr>(addr));
  const char* hex = start.c_str() + 2;  // without "0x"
  for (const char* line = maps; *line;) {
    const char* p = line;
    const char* h = hex;
    while (*h && *p == *h) ++p, ++h;
    if (!*h && *p == '-') {
      while (*p && *p != ' ') ++p;
      for (int i = 0; i < 4; ++i) out[i] = p[1 + i];
      out[4] = 0;
      return true;
    }
    while (*line && *line != '\n') ++line;
    if (*line) ++line;
  }
  return false;
}

// Whether /proc/cpuinfo's MMU line says Radix (powerpc's POWER9 and later
// MMU mode; the line is absent on other arches, and so is this code: the
// x86_64 nolibc probe runner has a size budget).
#if defined(__powerpc__)
bool radix_mmu() {
  static char info[65536];
  if (harness::read_file("/proc/cpuinfo", info, sizeof info) <= 0) return false;
  const char* line = harness::str_find(info, "\nMMU");
  if (line == nullptr) return false;
  const char* eol = harness::str_find(line + 1, "\n");
  const char* radix = harness::str_find(line, "Radix");
  return radix != nullptr && (eol == nullptr || radix < eol);
}
#else
bool radix_mmu() { return false; }
#endif

struct facts {
  harness::context& ctx;
  bool qemu;
  // Under a qemu-user that reports a fault on a mapped page as SEGV_MAPERR
  // (qemu 7.2's ppc64le cpu_loop raises every storage fault so), the
  // facts that expect SEGV_ACCERR are skips: detected once, by a read of a
  // mapped PROT_NONE page.
  bool accerr_lost = false;

  // A fault fact: the full description (signal, code, offset) or "no fault".
  void fault_fact(const char* id, const harness::fault& f, const char* want,
                  harness::scope sc = harness::scope::portable) {
    char got[128];
    if (accerr_lost && harness::str_find(want, "SEGV_ACCERR")) {
      ctx.skip(id, "qemu-user reports a fault on a mapped page as SEGV_MAPERR", want);
      return;
    }
    ctx.check(id, f.describe(got, sizeof got), want, sc);
  }
  void readable_fact(const char* id, const harness::fault& f, bool want, const char* why) {
    bool readable = !f.faulted && f.child.ended == harness::child_result::how::exited;
    ctx.fact(id, readable, want, readable == want ? harness::status::pass : harness::status::fail,
             why, harness::scope::portable);
  }
};

}  // namespace

SYSABI_PROBE(mmap) {
  facts F{ctx, harness::under_qemu_user()};
  page = harness::getauxval(6 /* AT_PAGESZ */);
  if (page == 0) page = 4096;
  char want[64];
  // Execute-only memory exists on x86 when the kernel uses a protection key
  // for PROT_EXEC mappings: the CPU must have PKU and the kernel enable it
  // (OSPKE).  Without it, PROT_EXEC implies read.
  // On powerpc the radix MMU (POWER9 on, /proc/cpuinfo's "MMU : Radix") has
  // an execute-only permission, and Linux gives it to PROT_EXEC mappings: a
  // read or write there is a plain SEGV_ACCERR.
  const bool pkeys = harness::cpu_has_flag("ospke");
  const bool radix = radix_mmu();
  const bool execute_only = pkeys || radix;
  const char* exec_fault = pkeys ? "SIGSEGV SEGV_PKUERR at +0" : "SIGSEGV SEGV_ACCERR at +0";
  const char* exec_reason =
      pkeys ? "CPU and kernel have protection keys (ospke): PROT_EXEC is execute-only"
#if defined(__powerpc__)
      : radix ? "powerpc's radix MMU (/proc/cpuinfo) has execute-only pages: PROT_EXEC is "
                "execute-only"
#endif
                   : "no protection keys (ospke) here: PROT_EXEC implies read";

  // A mips kernel on a CPU without RI/XI: a read of a PROT_WRITE-only page
  // never completes (seen with Debian 12's 5kc-malta kernel on qemu's
  // MIPS64R2-generic: the child runs into the time limit).  A second is
  // enough to tell.
#if defined(__mips__)
  const bool write_only_hangs = !F.qemu && !harness::cpu_has_flag("rixi");
#else
  const bool write_only_hangs = false;
#endif
  constexpr const char* write_only_hang_reason =
      "mips without RI/XI (no rixi in /proc/cpuinfo's options): a read of a PROT_WRITE-only "
      "page does not complete";

  // --- read bits ---------------------------------------------------------------
  {
    auto wm = map(page, PROT_WRITE);
    void* w = wm.get();
    if (write_only_hangs)
      F.readable_fact("prot_write_only.readable", harness::observe(read_byte, w, w, 1000), false,
                      write_only_hang_reason);
    else
      F.readable_fact("prot_write_only.readable", harness::observe(read_byte, w, w), true,
                      "no read bit in the page tables: PROT_WRITE implies read");
    char perms[5] = "?";
    if (F.qemu)
      ctx.skip("prot_write_only.maps_perms", qemu_maps_reason, "-w-p");
    else
      ctx.check("prot_write_only.maps_perms", maps_perms(w, perms) ? perms : "not found", "-w-p");
  }
  {
    auto xm = map(page, PROT_EXEC);
    void* x = xm.get();
    F.readable_fact("prot_exec_only.readable", harness::observe(read_byte, x, x), !execute_only,
                    exec_reason);
  }

  // --- faults ------------------------------------------------------------------
  if (F.qemu) {
    auto nm = map(page, PROT_NONE);
    auto f = harness::observe(read_byte, nm.get(), nm.get());
    char seen[64];
    F.accerr_lost = f.faulted && harness::str_find(f.kind(seen, sizeof seen), "MAPERR") != nullptr;
  }
  {
    auto nm = map(page, PROT_NONE);
    void* none = nm.get();
    F.fault_fact("prot_none.read", harness::observe(read_byte, none, none),
                 "SIGSEGV SEGV_ACCERR at +0");
    F.fault_fact("prot_none.write", harness::observe(write_byte, none, none),
                 "SIGSEGV SEGV_ACCERR at +0");
  }
  {
    auto rm = map(page, PROT_READ);
    void* ro = rm.get();
    F.fault_fact("prot_read.write", harness::observe(write_byte, ro, ro),
                 "SIGSEGV SEGV_ACCERR at +0");
    F.fault_fact("prot_read.read", harness::observe(read_byte, ro, ro), "no fault");
  }

  // A guard page: RW, NONE, RW.  The neighbours work; the guard faults at
  // its first byte.
  {
    auto gm = map(3 * page, PROT_READ | PROT_WRITE);
    char* g = gm.as<char>();
    raw::mprotect(g + page, page, PROT_NONE);
    F.fault_fact("guard_page.below", harness::observe(read_first_page, g, g), "no fault");
    F.fault_fact("guard_page.guard", harness::observe(read_second_page, g, g),
                 fault_at_page(want, sizeof want, SEGV_ACCERR), harness::scope::arch);
    F.fault_fact("guard_page.above", harness::observe(read_third_page, g, g), "no fault");
  }

  // Nothing mapped: MAPERR, not ACCERR.
  {
    auto um = map(2 * page, PROT_READ);
    char* u = um.as<char>();
    raw::munmap(u + page, page);
    um.keep_first(page);
    F.fault_fact("unmapped.read", harness::observe(read_second_page, u, u),
                 fault_at_page(want, sizeof want, SEGV_MAPERR), harness::scope::arch);
  }

  // --- NX and W^X ---------------------------------------------------------------
  {
    auto cm = map(page, PROT_READ | PROT_WRITE);
    void* code = cm.get();
    copy_code(code);
#if defined(__mips__)
    // mips: execute-inhibit needs the RI/XI page-table bits ("rixi" in
    // /proc/cpuinfo's options); without them every readable page runs.
    // qemu-user enforces its host's protections whatever the CPU model.
    const bool exec_inhibit = F.qemu || harness::cpu_has_flag("rixi");
#else
    const bool exec_inhibit = true;
#endif
    if (exec_inhibit) {
      F.fault_fact("nx.call_rw_page", harness::observe(call_code, code, code),
                   "SIGSEGV SEGV_ACCERR at +0");
    } else {
      char got[128];
      const char* d = harness::observe(call_code, code, code).describe(got, sizeof got);
      const bool pass = rt::str_eq(d, "no fault");
      ctx.fact("nx.call_rw_page", d, "no fault", pass ? harness::status::pass : harness::status::fail,
               "no execute-inhibit on this CPU (no rixi in /proc/cpuinfo's options): a readable "
               "page is executable",
               harness::scope::portable);
    }
    raw::mprotect(code, page, PROT_READ | PROT_EXEC);
    sync_icache(code);
    auto ran = harness::observe(call_code, code, code);
    ctx.check(
        "nx.call_after_mprotect_rx",
        ran.faulted ? -1 : (ran.child.ended == harness::child_result::how::exited ? ran.value : -2),
        42);
  }
  {
    int error = 0;
    auto wx = harness::map(page, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
                           -1, 0, &error);
    ctx.record("wx.mapping", wx.ok() ? "granted" : harness::errno_name(error));
  }

  // --- file mappings past EOF ---------------------------------------------------
  harness::scoped_fd file(harness::anonymous_file(100));
  if (!file.ok()) {
    ctx.skip("file.beyond_eof", "cannot create a file in TMPDIR", "SIGBUS BUS_ADRERR");
  } else {
    const int fd = file.get();
    auto fm = map(2 * page, PROT_READ, MAP_SHARED, fd, 0);
    char* f = fm.as<char>();
    // The signal, and separately its address: qemu-user on 32-bit guests
    // reports the fault a page late (its host pages are not the guest's).
    auto beyond = harness::observe(read_second_page, f, f);
    char kind[64];
    if (F.qemu && page > 4096)
      ctx.skip("file.beyond_eof",
               "qemu-user emulating pages larger than 4 KiB: the guest page past the file's end "
               "is not mapped as a file page (SIGSEGV, where the kernel sends SIGBUS)",
               "SIGBUS BUS_ADRERR");
    else
      ctx.check("file.beyond_eof", beyond.kind(kind, sizeof kind), "SIGBUS BUS_ADRERR");
    if (F.qemu)
      ctx.skip("file.beyond_eof.offset", "qemu-user's si_addr for SIGBUS is its own",
               static_cast<long>(page));
    else
      ctx.check("file.beyond_eof.offset", beyond.faulted ? beyond.offset : -1L,
                static_cast<long>(page));
    bool zero = true;
    for (usize i = 100; i < page; ++i) zero = zero && f[i] == 0;
    ctx.check("file.tail_zeroed", zero, true);
    fm.reset();

    // --- argument checks --------------------------------------------------------
    auto unaligned = raw::mmap(nullptr, page, PROT_READ, MAP_SHARED, fd, 100);
    ctx.check_errno("args.unaligned_offset", unaligned, EINVAL);
    harness::scoped_fd rdonly(raw::openat(AT_FDCWD, "/proc/self/exe", O_RDONLY | O_CLOEXEC));
    if (rdonly.ok()) {
      auto shared_write =
          raw::mmap(nullptr, page, PROT_READ | PROT_WRITE, MAP_SHARED, rdonly.get(), 0);
      ctx.check_errno("args.shared_write_on_rdonly_fd", shared_write, EACCES);
      harness::scoped_mapping granted(shared_write.ok() ? shared_write.value() : nullptr, page);
    }
  }
  auto zero_len = raw::mmap(nullptr, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ctx.check_errno("args.zero_length", zero_len, EINVAL);
  {
    auto tm = map(page, PROT_READ);
    void* taken = tm.get();
    auto noreplace =
        raw::mmap(taken, page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (F.qemu && noreplace.ok()) {
      ctx.skip("args.fixed_noreplace_taken", "qemu-user does not implement MAP_FIXED_NOREPLACE",
               "EEXIST");
    } else {
      ctx.check_errno("args.fixed_noreplace_taken", noreplace, EEXIST);
    }
  }

  // --- mprotect transitions from RW ---------------------------------------------
  struct target {
    const char* name;
    int prot;
    const char* read;
    const char* write;
  };
  const target targets[] = {
      {"none", PROT_NONE, "SIGSEGV SEGV_ACCERR at +0", "SIGSEGV SEGV_ACCERR at +0"},
      {"read", PROT_READ, "no fault", "SIGSEGV SEGV_ACCERR at +0"},
      {"write", PROT_WRITE, "no fault", "no fault"},
      // With protection keys an exec-only page is really execute-only: the
      // key forbids reads and writes alike, so both fault as PKUERR.
      {"exec", PROT_EXEC, execute_only ? exec_fault : "no fault",
       execute_only ? exec_fault : "SIGSEGV SEGV_ACCERR at +0"},
      {"read_write", PROT_READ | PROT_WRITE, "no fault", "no fault"},
      {"read_exec", PROT_READ | PROT_EXEC, "no fault", "SIGSEGV SEGV_ACCERR at +0"},
  };
  for (const target& t : targets) {
    auto mm = map(page, PROT_READ | PROT_WRITE);
    void* m = mm.get();
    *static_cast<volatile u8*>(m) = 0xa5;
    auto r = raw::mprotect(m, page, t.prot);
    rt::sbuf<64> id;
    id.add("mprotect.to_").add(t.name).add(".result");
    ctx.check(id.c_str(), r.ok() ? "ok" : harness::errno_name(r.error()), "ok");
    const bool hangs = write_only_hangs && t.prot == PROT_WRITE;
    auto read = harness::observe(read_marker, m, m, hangs ? 1000 : 5000);
    id.clear();
    id.add("mprotect.to_").add(t.name).add(".read");
    if (hangs) {
      char got[128];
      const char* d = read.describe(got, sizeof got);
      const char* want = "timed out after 1000 ms";
      ctx.fact(id.c_str(), d, want,
               rt::str_eq(d, want) ? harness::status::pass : harness::status::fail,
               write_only_hang_reason, harness::scope::portable);
    } else {
      F.fault_fact(id.c_str(), read, t.read);
    }
    id.clear();
    id.add("mprotect.to_").add(t.name).add(".contents_kept");
    if (hangs)
      ctx.skip(id.c_str(), write_only_hang_reason, true);
    else if (!read.faulted)
      ctx.check(id.c_str(), read.value == 1, true);
    else if (t.prot == PROT_EXEC)
      ctx.skip(id.c_str(), "the page is execute-only here (protection keys or radix MMU): it cannot be read",
               true);
    id.clear();
    id.add("mprotect.to_").add(t.name).add(".write");
    F.fault_fact(id.c_str(), harness::observe(write_byte, m, m), t.write);
  }
}
