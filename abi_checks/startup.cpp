// abi_checks/startup.cpp - what a program finds when it starts: the stack's
// alignment, the auxiliary vector, the vDSO and the thread pointer, in
// every variant (the start-up code is libc's in glibc and musl variants,
// sysabi's own raw_syscalls/crt in nolibc ones).
//
// The stack:
//
//   stack.entry_sp_mod16          sp % 16 at the first instruction of the
//                                 first C function the start-up code calls:
//                                 main in libc variants, sysabi_start_c in
//                                 nolibc ones, as startup/<arch>.S records it
//                                 (the link wraps that function: entry.h); -1
//                                 if it did not run.  The psABIs ask sp % 16
//                                 == 0 at the call: 8 at entry on x86_64, 12
//                                 on i386 (the return address the call
//                                 pushed), 0 on aarch64, riscv64 and
//                                 ppc64le; AAPCS
//                                 asks only sp % 8 == 0 on arm: 0 or 8  [arch]
//   stack.aligned_at_call         sp at the call (entry sp plus the return
//                                 address) is a multiple of the psABI's
//                                 alignment: 16, 8 on arm
//   stack.outermost_frame_pointer the frame pointer register (rbp, ebp, x29,
//                                 arm's r11 and r7 or'ed, s0, mips $fp,
//                                 sparc64 %fp; the back chain word on ppc64le
//                                 and s390x, which have no such register) as sysabi's
//                                 _start calls into C: 0, which ends every
//                                 backtrace there (startup/<arch>.S stores
//                                 it; -1 if it did not run).  nolibc only: a
//                                 skip where libc's start-up code runs
//   regs.global_pointer           riscv64: gp as sysabi's _start calls into C
//                                 holds __global_pointer$ (the psABI's base
//                                 of gp-relative accesses).  nolibc only; a
//                                 skip elsewhere                      [arch]
//
// The auxiliary vector, as the start-up code found it after envp's NULL
// (harness::env().auxv):
//
//   auxv.matches_proc             /proc/self/auxv starts with the same pairs,
//                                 AT_NULL's included; only zeros may follow
//                                 (for a 32-bit process a 64-bit kernel
//                                 walks the saved vector in 64-bit words and
//                                 reports up to a pair of zeros more)
//   auxv.<AT_...>.present         AT_PHDR, AT_RANDOM, AT_SYSINFO_EHDR,
//                                 AT_HWCAP, AT_PAGESZ, AT_SECURE are there.
//                                 AT_SYSINFO_EHDR is expected where
//                                 /proc/self/maps has a [vdso] line, and
//                                 skipped under a qemu-user that gives its
//                                 guest no vDSO
//   auxv.AT_PHDR.own_headers      AT_PHDR is this program's program header
//                                 table (__ehdr_start + e_phoff), AT_PHNUM
//                                 its e_phnum
//   auxv.AT_RANDOM.nonzero        the 16 bytes at AT_RANDOM are not all zero
//                                 (unreadable ones kill the probe: its
//                                 outcome fact fails)
//   auxv.AT_HWCAP.baseline        AT_HWCAP has the features this binary was
//                                 compiled to assume (x86: fpu, tsc cx8 cmov
//                                 mmx fxsr sse sse2 as the target has them;
//                                 aarch64: fp asimd; arm: vfp; riscv64: the
//                                 ISA letters of -march; ppc64le: 64-bit,
//                                 fpu, altivec, vsx; s390x: esan3 zarch
//                                 ldisp eimm as -march has them) and, on x86, no bit
//                                 CPUID leaf 1 EDX lacks
//   auxv.AT_PAGESZ.value          AT_PAGESZ, expected to be the page size
//                                 mprotect enforces (the smallest power of
//                                 two it accepts as an offset into a fresh
//                                 mapping)                               [arch]
//   auxv.AT_SECURE.value          AT_SECURE, expected 1 when the real and
//                                 effective uid or gid differ, else 0
//
// The vDSO:
//
//   vdso.mapped                   the [vdso] line of /proc/self/maps starts
//                                 at AT_SYSINFO_EHDR
//   vdso.lookup                   sysabi's own lookup (raw/vdso.hpp) finds the
//                                 arch's clock_gettime there
//   vdso.seccomp_control          in a child with a seccomp filter that fails
//                                 clock_gettime (and clock_gettime64) with
//                                 ENOTRECOVERABLE, the raw system call gets
//                                 ENOTRECOVERABLE: the method works
//   vdso.raw_no_syscall           ... and the vDSO's function found by
//                                 sysabi's lookup answers CLOCK_MONOTONIC: it
//                                 made no system call.  Expected where the
//                                 clocksource can be read from user space
//                                 (tsc, kvm-clock, arch_sys_counter,
//                                 hyperv_clocksource_tsc_page,
//                                 riscv_clocksource, timebase, s390's tod); a skip
//                                
//                                 elsewhere
//   vdso.libc_no_syscall          ... and libc's clock_gettime answers too:
//                                 libc went through the vDSO.  Expected
//                                 whenever the vDSO answers by itself
//                                 (not from musl on s390x, which has no
//                                 vDSO path); skipped in nolibc       [variant]
//                                 The three are skipped under qemu-user,
//                                 which does not hand seccomp filters to
//                                 the kernel (qemu 7.2 maps no vDSO for its
//                                 guests at all).
//
// Thread-local storage:
//
//   tls.thread_pointer_set        the thread pointer is non-zero: x86_64's fs
//                                 base (arch_prctl ARCH_GET_FS), i386's %gs
//                                 selector, aarch64's tpidr_el0, arm's
//                                 TPIDRURO, riscv64's tp, ppc64le's r13, s390x's a0:a1, sparc64's %g7.  libc sets it up;
//                                 sysabi's crt does not (no TLS in nolibc
//                                 programs): expected false there    [variant]
//   tls.thread_local_works        a thread_local initialised to a constant
//                                 holds it and one without an initialiser
//                                 holds 0 (libc copied .tdata and zeroed
//                                 .tbss); skipped in nolibc           [variant]
//
// Size matters here: the x86_64 nolibc probe runner must stay under 64 KiB
// stripped.  The true/false facts are collected in a table and emitted by
// one loop; their ids are one string.
#if SYSABI_HAS_LIBC
#include <errno.h>
#include <time.h>
#else
#include <asm/errno.h>
#endif
#include <linux/filter.h>
#include <linux/mman.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>

#include "harness/child.hpp"
#include "harness/environment.hpp"
#include "harness/harness.hpp"
#include "harness/scoped.hpp"
#include "sysabi/raw/vdso.hpp"

using namespace sysabi;
using harness::scope;

// --- the stack pointer at entry (startup/<arch>.S, startup/entry.h) ----------

namespace {
unsigned long g_entry_sp;  // 0 until the wrapped entry ran
}
// The frame pointer as the nolibc entry found it, stored there by
// startup/<arch>.S (~0 until it ran).
extern "C" [[gnu::visibility("hidden"), gnu::used]] unsigned long sysabi_startup_entry_fp = ~0UL;
#if defined(__riscv) && !SYSABI_HAS_LIBC
// ... and riscv64's global pointer, and where the linker script put it.
extern "C" [[gnu::visibility("hidden"), gnu::used]] unsigned long sysabi_startup_entry_gp = 0;
extern "C" const char sysabi_global_pointer[] asm("__global_pointer$");
#endif

// RECORD takes the entry's stack pointer as one more argument: the last one,
// in a register; on i386 the first one, in eax (regparm), the others where
// the start-up code pushed them.
#ifdef __i386__
#define RECORD_ABI __attribute__((regparm(1), visibility("hidden"), used))
#define RECORD_PARAMS(...) unsigned long entry_sp, __VA_ARGS__
#else
#define RECORD_ABI __attribute__((visibility("hidden"), used))
#define RECORD_PARAMS(...) __VA_ARGS__, unsigned long entry_sp
#endif

#if SYSABI_HAS_LIBC
extern "C" int __real_main(int argc, char** argv, char** envp);
extern "C" RECORD_ABI int sysabi_startup_main(RECORD_PARAMS(int argc, char** argv, char** envp)) {
  g_entry_sp = entry_sp;
  return __real_main(argc, argv, envp);
}
#else
extern "C" [[noreturn]] void __real_sysabi_start_c(long* sp);
extern "C" RECORD_ABI [[noreturn]] void sysabi_startup_start_c(RECORD_PARAMS(long* sp)) {
  g_entry_sp = entry_sp;
  __real_sysabi_start_c(sp);
}
#endif

// This program's ELF header, defined by the linker where the header is in a
// loaded segment (weak: null where it is not).
extern "C" [[gnu::weak, gnu::visibility("hidden")]] const u8 __ehdr_start[];

namespace {

// The true/false facts, in output order.
constexpr char flag_ids[] =
    "stack.aligned_at_call\0"
    "auxv.matches_proc\0"
    "auxv.AT_PHDR.present\0"
    "auxv.AT_RANDOM.present\0"
    "auxv.AT_SYSINFO_EHDR.present\0"
    "auxv.AT_HWCAP.present\0"
    "auxv.AT_PAGESZ.present\0"
    "auxv.AT_SECURE.present\0"
    "auxv.AT_PHDR.own_headers\0"
    "auxv.AT_RANDOM.nonzero\0"
    "auxv.AT_HWCAP.baseline\0"
    "vdso.mapped\0"
    "vdso.lookup\0"
    "vdso.seccomp_control\0"
    "vdso.raw_no_syscall\0"
    "vdso.libc_no_syscall\0"
    "tls.thread_pointer_set\0"
    "tls.thread_local_works\0";
enum : u8 {
  aligned_at_call,
  matches_proc,
  present,  // one per entry of aux_types
  sysinfo_ehdr_present = present + 2,
  phdr_own = present + 6,
  random_nonzero,
  hwcap_baseline,
  vdso_mapped,
  vdso_lookup,
  seccomp_control,
  raw_no_syscall,
  libc_no_syscall,
  tp_set,
  thread_local_works,
  n_flags
};
// The facts whose value may differ between variants.
constexpr u32 variant_scoped = 1U << libc_no_syscall | 1U << tp_set | 1U << thread_local_works;

constexpr unsigned long at_phdr = 3, at_phnum = 5, at_pagesz = 6, at_hwcap = 16, at_secure = 23,
                        at_random = 25, at_sysinfo_ehdr = 33;
constexpr u8 aux_types[] = {at_phdr, at_random, at_sysinfo_ehdr, at_hwcap, at_pagesz, at_secure};

struct flags {
  bool got[n_flags];
  u32 want_false;            // bit i: fact i is expected false
  const char* why[n_flags];  // a skip's reason
  const char* note[n_flags]; // why a fact is expected as it is, when not obvious
  unsigned long aux[6];      // the values of aux_types' entries, 0 when absent

  void skip(int from, int to, const char* reason) {
    for (int i = from; i <= to; ++i) why[i] = reason;
  }
};

// The facts with integer values: one call each, out of line.
[[gnu::noinline]] void num(harness::context& ctx, const char* id, long got, long want,
                           scope sc = scope::portable) {
  ctx.check(id, got, want, sc);
}

// --- the stack --------------------------------------------------------------------

#if defined(__x86_64__)
constexpr unsigned ret_addr_size = 8, psabi_align = 16;
constexpr long entry_mod16 = 8;
#elif defined(__i386__)
constexpr unsigned ret_addr_size = 4, psabi_align = 16;
constexpr long entry_mod16 = 12;
#elif defined(__arm__) || defined(__s390x__)
// AAPCS and the s390x ELF ABI ask only for 8-byte alignment.
constexpr unsigned ret_addr_size = 0, psabi_align = 8;
constexpr long entry_mod16 = -1;  // 0 or 8
#else
constexpr unsigned ret_addr_size = 0, psabi_align = 16;
constexpr long entry_mod16 = 0;
#endif

// Where the ABI allows 0 or 8, which one is the start-up code's choice: on
// s390x glibc's static start-up enters main at 0, its dynamic one and musl
// at 8, so the value is the variant's.  arm keeps the arch's scope its
// baselines record: every arm start-up code here enters at the same one.
#if defined(__s390x__)
constexpr scope entry_mod16_scope = scope::variant;
#else
constexpr scope entry_mod16_scope = scope::arch;
#endif

void stack_facts(harness::context& ctx, flags& f) {
  long mod = g_entry_sp != 0 ? static_cast<long>(g_entry_sp % 16) : -1;
  if (entry_mod16 >= 0)
    num(ctx, "stack.entry_sp_mod16", mod, entry_mod16, scope::arch);
  else
    ctx.fact("stack.entry_sp_mod16", mod, "0 or 8",
             mod >= 0 && mod % 8 == 0 ? harness::status::pass : harness::status::fail, nullptr,
             entry_mod16_scope);
  f.got[aligned_at_call] = g_entry_sp != 0 && (g_entry_sp + ret_addr_size) % psabi_align == 0;
#if SYSABI_HAS_LIBC
  ctx.skip("stack.outermost_frame_pointer",
           "libc's start-up code runs here; recorded where sysabi's own _start does (nolibc)", 0L);
#else
  num(ctx, "stack.outermost_frame_pointer", static_cast<long>(sysabi_startup_entry_fp), 0);
#endif
#if defined(__riscv) && !SYSABI_HAS_LIBC
  ctx.check("regs.global_pointer",
            sysabi_startup_entry_gp == reinterpret_cast<unsigned long>(sysabi_global_pointer)
                ? "__global_pointer$"
                : "another value",
            "__global_pointer$", scope::arch);
#elif defined(__riscv)
  ctx.skip("regs.global_pointer",
           "libc's start-up code runs here; recorded where sysabi's own _start does (nolibc)",
           "__global_pointer$", scope::arch);
#else
  ctx.skip("regs.global_pointer", "no global pointer register on this arch", "__global_pointer$",
           scope::arch);
#endif
}

// --- the auxiliary vector ---------------------------------------------------------

bool auxv_matches_proc() {
  static unsigned long proc[128];
  long n = harness::read_file("/proc/self/auxv", reinterpret_cast<char*>(proc), sizeof proc);
  const unsigned long* a = harness::env().auxv;
  long words = 0;
  while (a[words] != 0) words += 2;
  words += 2;
  if (n < words * static_cast<long>(sizeof(long))) return false;
  for (long i = 0; i < n / static_cast<long>(sizeof(long)); ++i)
    if (proc[i] != (i < words ? a[i] : 0)) return false;
  return true;
}

// The page size mprotect enforces: the smallest power of two (1 KiB to
// 64 KiB) that is a valid start offset into a fresh mapping.
long enforced_page_size() {
  constexpr usize span = 128 * 1024;
  auto m = harness::map(span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS);
  long size = 0;
  if (m.ok()) {
    for (usize p = 1024; p <= span / 2 && size == 0; p *= 2)
      if (raw::mprotect(m.as<char>() + p, p, PROT_READ).ok()) size = static_cast<long>(p);
  }
  return size;
}

bool ids_differ() {
#ifdef __NR_getuid32
  return raw::call(__NR_getuid32) != raw::call(__NR_geteuid32) ||
         raw::call(__NR_getgid32) != raw::call(__NR_getegid32);
#else
  return raw::call(__NR_getuid) != raw::call(__NR_geteuid) ||
         raw::call(__NR_getgid) != raw::call(__NR_getegid);
#endif
}

bool hwcap_consistent(unsigned long hwcap) {
#if defined(__x86_64__) || defined(__i386__)
  unsigned long need = 1UL << 0;  // fpu
#if defined(__x86_64__) || defined(__i686__)
  need |= 1UL << 4 | 1UL << 8 | 1UL << 15;  // tsc cx8 cmov
#endif
#ifdef __MMX__
  need |= 1UL << 23;
#endif
#ifdef __SSE__
  need |= 1UL << 24 | 1UL << 25;  // fxsr sse
#endif
#ifdef __SSE2__
  need |= 1UL << 26;
#endif
  unsigned a = 1, b, c = 0, d;
  asm volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
  if ((hwcap & ~static_cast<unsigned long>(d)) != 0) return false;
#elif defined(__aarch64__)
  unsigned long need = 1UL << 0 | 1UL << 1;  // HWCAP_FP HWCAP_ASIMD
#elif defined(__arm__) && defined(__ARM_PCS_VFP)
  unsigned long need = 1UL << 6;  // HWCAP_VFP
#elif defined(__powerpc64__)
  // asm/cputable.h: PPC_FEATURE_64, _HAS_FPU, and AltiVec and VSX where the
  // compiler assumes them (both in ppc64le's POWER8 baseline).
  unsigned long need = 0x40000000UL | 0x08000000UL;
#ifdef __ALTIVEC__
  need |= 0x10000000UL;
#endif
#ifdef __VSX__
  need |= 0x00000080UL;
#endif
#elif defined(__riscv)
  // One bit per ISA letter: bit 0 is 'a'.
  unsigned long need = 1UL << ('i' - 'a');
#ifdef __riscv_mul
  need |= 1UL << ('m' - 'a');
#endif
#ifdef __riscv_atomic
  need |= 1UL << ('a' - 'a');
#endif
#if __riscv_flen >= 32
  need |= 1UL << ('f' - 'a');
#endif
#if __riscv_flen >= 64
  need |= 1UL << ('d' - 'a');
#endif
#ifdef __riscv_compressed
  need |= 1UL << ('c' - 'a');
#endif
#elif defined(__s390x__)
  // HWCAP_S390_ESAN3 and _ZARCH (every 64-bit kernel sets them), and what
  // gcc's -march level (__ARCH__) lets it emit: long displacements (arch6,
  // z990: _LDISP), extended immediates (arch7, z9-109: _EIMM).
  unsigned long need = 1UL << 0 | 1UL << 1;
#if __ARCH__ >= 6
  need |= 1UL << 4;
#endif
#if __ARCH__ >= 7
  need |= 1UL << 5;
#endif
#else
  unsigned long need = 0;
#endif
  return (hwcap & need) == need;
}

// The start of /proc/self/maps' [vdso] line, or 0.
unsigned long maps_vdso_start() {
  static char maps[16384];
  if (harness::read_file("/proc/self/maps", maps, sizeof maps) <= 0) return 0;
  const char* p = harness::str_find(maps, "[vdso]");
  if (p == nullptr) return 0;
  while (p > maps && p[-1] != '\n') --p;
  unsigned long v = 0;
  for (;; ++p) {
    unsigned d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : 16;
    if (d == 16) return v;
    v = v * 16 + d;
  }
}

const char* const no_vdso = "qemu-user gives this guest no vDSO (no AT_SYSINFO_EHDR)";

void auxv_facts(harness::context& ctx, flags& f, bool qemu) {
  f.got[matches_proc] = auxv_matches_proc();
  for (int i = 0; i < 6; ++i)
    for (const unsigned long* a = harness::env().auxv; a[0] != 0; a += 2)
      if (a[0] == aux_types[i]) f.got[present + i] = true, f.aux[i] = a[1];
  // Absent entries read as 0 below: the facts about their values fail too.

  if (qemu && !f.got[sysinfo_ehdr_present])
    f.skip(sysinfo_ehdr_present, sysinfo_ehdr_present, no_vdso);
  else if (maps_vdso_start() == 0)
    f.want_false |= 1U << sysinfo_ehdr_present;

  // AT_PHDR: e_phoff and e_phnum of this program's ELF header.
  if (const u8* eh = __ehdr_start) {
    constexpr bool lp64 = sizeof(long) == 8;
    unsigned long phoff = *reinterpret_cast<const unsigned long*>(eh + (lp64 ? 32 : 28));
    u16 phnum = *reinterpret_cast<const u16*>(eh + (lp64 ? 56 : 44));
    f.got[phdr_own] = f.aux[0] == reinterpret_cast<unsigned long>(eh) + phoff &&
                      harness::getauxval(at_phnum) == phnum;
  } else {
    f.skip(phdr_own, phdr_own, "the linker defined no __ehdr_start");
  }

  if (const u8* r = reinterpret_cast<const u8*>(f.aux[1]))
    for (int i = 0; i < 16; ++i) f.got[random_nonzero] |= r[i] != 0;

  f.got[hwcap_baseline] = hwcap_consistent(f.aux[3]);
  num(ctx, "auxv.AT_PAGESZ.value", static_cast<long>(f.aux[4]), enforced_page_size(), scope::arch);
  num(ctx, "auxv.AT_SECURE.value", static_cast<long>(f.aux[5]), ids_differ());
}

// --- the vDSO -------------------------------------------------------------------------

constexpr int clock_monotonic = 1;
using vdso_clock_fn = int (*)(int, raw::kernel_timespec*);

#ifdef __NR_clock_gettime64
constexpr u32 nr_clock_gettime2 = __NR_clock_gettime64;
#else
constexpr u32 nr_clock_gettime2 = __NR_clock_gettime;
#endif
// clock_gettime and clock_gettime64 fail with ENOTRECOVERABLE; all else runs.
const sock_filter filter[] = {
    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),  // seccomp_data.nr
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clock_gettime, 2, 0),
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr_clock_gettime2, 1, 0),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOTRECOVERABLE),
};

// The child: installs the filter and reads CLOCK_MONOTONIC three ways.
// Exit status: bit 0 the raw system call failed with the filter's
// ENOTRECOVERABLE, bit 1 the vDSO's function answered, bit 2 libc's
// clock_gettime answered; 128 when the filter cannot be installed.
int seccomp_child(vdso_clock_fn fn) {
  sock_fprog prog = {sizeof filter / sizeof filter[0], const_cast<sock_filter*>(filter)};
  if (!raw::prctl(PR_SET_NO_NEW_PRIVS, 1).ok() ||
      !raw::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, reinterpret_cast<unsigned long>(&prog)).ok())
    return 128;
  raw::kernel_timespec ts;
  int status = raw::clock_gettime(clock_monotonic, &ts).raw() == -ENOTRECOVERABLE;
  status |= (fn(clock_monotonic, &ts) == 0) << 1;
#if SYSABI_HAS_LIBC
  struct timespec lts;
  status |= (::clock_gettime(CLOCK_MONOTONIC, &lts) == 0) << 2;
#endif
  return status;
}

void vdso_facts(flags& f, bool qemu) {
  unsigned long ehdr = f.aux[2];
  if (ehdr == 0) {
    f.skip(vdso_mapped, libc_no_syscall, qemu ? no_vdso : "no AT_SYSINFO_EHDR");
    return;
  }
  f.got[vdso_mapped] = maps_vdso_start() == ehdr;
  auto fn = raw::vdso(ehdr).lookup<vdso_clock_fn>(raw::vdso_clock_gettime_name);
  f.got[vdso_lookup] = fn != nullptr;
  const char* why = fn == nullptr ? "the vDSO has no clock_gettime"
                    : qemu        ? "qemu-user does not hand seccomp filters to the kernel"
                                  : nullptr;
  int status = 128;
  if (why == nullptr) {
    auto ended = harness::in_child([fn] { return seccomp_child(fn); }, 5000);
    if (ended.ended == harness::child_result::how::exited) status = ended.code;
    if (status >= 128) why = "no seccomp filter could be installed";
  }
  if (why != nullptr) {
    f.skip(seccomp_control, libc_no_syscall, why);
    return;
  }
  f.got[seccomp_control] = status & 1;
  f.got[raw_no_syscall] = status & 2;
  f.got[libc_no_syscall] = status & 4;
  // libc is expected to do what the vDSO does.
  if (!f.got[raw_no_syscall]) f.want_false |= 1U << libc_no_syscall;
#if defined(__powerpc64__) && defined(SYSABI_LIBC_musl)
  // musl's powerpc64 port has no vDSO path: Debian's libc.a (musl 1.2.3)
  // has a clock_gettime.lo that references no __vdsosym, only the call.
  f.skip(libc_no_syscall, libc_no_syscall,
         "musl has no vDSO clock_gettime on powerpc64: it always makes the system call");
#endif
#if defined(SYSABI_LIBC_musl) && defined(__s390x__)
  // ... except where it never looks: musl's s390x port has no vDSO path
  // (its arch/s390x/syscall_arch.h defines no VDSO_CGT_SYM), so its
  // clock_gettime always makes the system call.
  f.want_false |= 1U << libc_no_syscall;
  f.note[libc_no_syscall] = "musl has no vDSO path on s390x: its clock_gettime is the system call";
#endif
  // The vDSO answers by itself where the clocksource has a vDSO read path.
  char cs[72] = " ";
  long n = harness::read_file("/sys/devices/system/clocksource/clocksource0/current_clocksource",
                              cs + 1, 64);
  if (n > 0) cs[n] = ' ';  // its newline: " name "
  // Unreadable (no sysfs): unknown, not a match of the blank name.  Under
  // TCG with several vCPUs the kernel finds the TSCs out of sync and moves
  // to hpet, whose clock the vDSO cannot read.
  if (n <= 0)
    f.skip(raw_no_syscall, raw_no_syscall,
           "the clocksource is unknown: /sys/devices/system/clocksource/clocksource0/"
           "current_clocksource cannot be read");
  else if (!harness::str_find(" tsc kvm-clock arch_sys_counter hyperv_clocksource_tsc_page "
                              "riscv_clocksource timebase tod ",
                              cs))
    f.skip(raw_no_syscall, raw_no_syscall, "the clocksource has no vDSO read path");
}

// --- thread-local storage --------------------------------------------------------------

unsigned long thread_pointer() {
  unsigned long tp = 0;
#if defined(__x86_64__)
  kernel_ulong fs = 0;  // the kernel writes an unsigned long: 64 bits, on x32 too
  raw::call(__NR_arch_prctl, 0x1003 /* ARCH_GET_FS */, &fs);
  tp = static_cast<unsigned long>(fs);
#elif defined(__i386__)
  unsigned short sel;
  asm volatile("mov %%gs, %0" : "=r"(sel));
  tp = sel;
#elif defined(__aarch64__)
  asm volatile("mrs %0, tpidr_el0" : "=r"(tp));
#elif defined(__arm__)
  asm volatile("mrc p15, 0, %0, c13, c0, 3" : "=r"(tp));
#elif defined(__riscv)
  asm volatile("mv %0, tp" : "=r"(tp));
#elif defined(__powerpc64__)
  asm volatile("mr %0, 13" : "=r"(tp));  // r13: the ELFv2 thread pointer
#elif defined(__s390x__)
  // The thread pointer is split over access registers a0 (high half) and a1.
  asm volatile("ear %0, %%a0\n\tsllg %0, %0, 32\n\tear %0, %%a1" : "=d"(tp));
#elif defined(__mips__)
  // UserLocal, hardware register 29 (the kernel emulates rdhwr where the
  // CPU lacks it).
  asm volatile(".set push\n\t.set mips32r2\n\trdhwr %0, $29\n\t.set pop" : "=r"(tp));
#elif defined(__sparc__)
  asm volatile("mov %%g7, %0" : "=r"(tp));  // the psABI's thread pointer
#endif
  return tp;
}

#if SYSABI_HAS_LIBC
thread_local unsigned tls_data = 0x5eed1234;
thread_local unsigned tls_bss;
#endif

void tls_facts(flags& f) {
  f.got[tp_set] = thread_pointer() != 0;
#if SYSABI_HAS_LIBC
  // Through volatile: the compiler must load them, not assume their initial values.
  f.got[thread_local_works] = *static_cast<volatile unsigned*>(&tls_data) == 0x5eed1234 &&
                              *static_cast<volatile unsigned*>(&tls_bss) == 0;
#else
  f.want_false |= 1U << tp_set;
  f.skip(libc_no_syscall, libc_no_syscall, "no libc");
  f.skip(thread_local_works, thread_local_works, "no libc: sysabi's crt sets up no TLS");
#endif
}

}  // namespace

SYSABI_PROBE(startup) {
  flags f{};
  const bool qemu = harness::under_qemu_user();
  stack_facts(ctx, f);
  auxv_facts(ctx, f, qemu);
  vdso_facts(f, qemu);
  tls_facts(f);
  const char* id = flag_ids;
  for (int i = 0; i < n_flags; ++i) {
    bool want = !(f.want_false >> i & 1);
    const char* why = f.why[i];
    ctx.fact(id, why ? harness::value::none() : harness::value(f.got[i]), want,
             why                ? harness::status::skip
             : f.got[i] == want ? harness::status::pass
                                : harness::status::fail,
             why ? why : f.note[i], variant_scoped >> i & 1 ? scope::variant : scope::portable);
    while (*id++ != 0) {
    }
  }
}
