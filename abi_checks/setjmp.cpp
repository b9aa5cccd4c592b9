// abi_checks/setjmp.cpp - sysabi's hand-written setjmp/longjmp
// (setjmp/<arch>.S) against the ABI, and, in libc variants, libc's against
// the same scenarios: the facts for `ours` and `libc` must agree.
//
//   <impl>.zero_becomes_one        longjmp(env, 0) makes setjmp return 1
//   <impl>.value_passes            longjmp(env, 42) makes it return 42
//   <impl>.across_frames           a jump out of five nested calls
//   <impl>.volatile_local          a volatile local keeps its latest value
//   <impl>.callee_saved            every callee-saved integer register, canaries set
//                                  in asm before setjmp, junk loaded before longjmp
//   <impl>.callee_saved_fp         every callee-saved FP/SIMD register (aarch64
//                                  d8-d15, arm d8-d15, riscv64 fs0-fs11, ppc64le
//                                  f14-f31, s390x f8-f15;
//                                  x86_64 has none)
//   <impl>.stack_pointer           the stack pointer exactly as at setjmp
//   <impl>.fp_control              what happens to the FP control register
//                                  (mxcsr, fpcr, fpscr, frm) changed between the
//                                  two returns: recorded, per implementation
//   <impl>.sigsetjmp_1.mask        sigsetjmp(env, 1): siglongjmp restores the mask
//   <impl>.sigsetjmp_0.mask        sigsetjmp(env, 0): it does not
//   <impl>.escape_sigsegv          siglongjmp out of a SIGSEGV handler, mask restored
//   libc.setjmp_macro.mask         glibc's setjmp macro (= _setjmp) saves no mask;
//   libc.setjmp_function.mask      its setjmp function does (musl's never does)
//   ours.size, libc.size           the jmp_buf's size in bytes (ours: per arch)
//   layout.*                       where the stack pointer is stored and whether
//                                  it is mangled (glibc) or plain (ours, musl)
//   interchange.*                  one implementation's buffer given to another's
//                                  longjmp, in a child: what happens is recorded
#include "setjmp/setjmp.hpp"

#include <asm/signal.h>
#include <linux/mman.h>

#include "harness/child.hpp"
#include "harness/environment.hpp"
#include "harness/fault.hpp"
#include "harness/harness.hpp"
#include "setjmp/canaries/canaries.h"
#include "sysabi/rt/str.hpp"

#if SYSABI_HAS_LIBC
#include <setjmp.h>
#endif

using namespace sysabi;
using harness::scope;

extern "C" {
// The record the canary routine is working on (it cannot keep it in a
// register: every callee-saved one holds a canary).
void* sysabi_sj_current;
long sysabi_sj_canaries(void* test);
}

namespace {

#if defined(__x86_64__)
constexpr int int_regs = 6, fp_regs = 0;  // rbx rbp r12-r15
#elif defined(__i386__)
constexpr int int_regs = 4, fp_regs = 0;  // ebx esi edi ebp
#elif defined(__aarch64__)
constexpr int int_regs = 11, fp_regs = 8;  // x19-x29; d8-d15
#elif defined(__arm__)
constexpr int int_regs = 8, fp_regs = 8;  // r4-r11; d8-d15
#elif defined(__riscv)
constexpr int int_regs = 12, fp_regs = 12;  // s0-s11; fs0-fs11
#elif defined(__powerpc64__)
constexpr int int_regs = 18, fp_regs = 18;  // r14-r31; f14-f31
#elif defined(__s390x__)
constexpr int int_regs = 8, fp_regs = 8;  // r6-r13; f8-f15
#elif defined(__mips__)
constexpr int int_regs = 10, fp_regs = 8;  // s0-s7, fp, gp; f24-f31
#elif defined(__sparc__)
// setjmp's caller's own window, %l0-%l7 and %i1-%i4 (canaries/sparc64.S);
// every FP register is caller-saved.
constexpr int int_regs = 12, fp_regs = 0;
#endif

struct canary_test {
  u64 setjmp_fn;  // pointers in 8-byte slots on every arch (canaries.h)
  u64 longjmp_fn;
  u64 env;
  u64 in[12], junk[12], out[12];
  u64 fin[12], fjunk[12], fout[12];
  u64 sp_before, sp_after;
  i64 ret;
  // Slots 12-17 (canaries.h): only ppc64le has that many registers.
  u64 in_hi[6], junk_hi[6], out_hi[6];
  u64 fin_hi[6], fjunk_hi[6], fout_hi[6];
};
constexpr int sjt_slots = 18;
// Slot i of one of the arrays, whichever half holds it.
u64& slot(u64 (&lo)[12], u64 (&hi)[6], int i) { return i < 12 ? lo[i] : hi[i - 12]; }
static_assert(int_regs <= sjt_slots && fp_regs <= sjt_slots);
static_assert(__builtin_offsetof(canary_test, in) == SJT_IN);
static_assert(__builtin_offsetof(canary_test, junk) == SJT_JUNK);
static_assert(__builtin_offsetof(canary_test, out) == SJT_OUT);
static_assert(__builtin_offsetof(canary_test, fjunk) == SJT_FJUNK);
static_assert(__builtin_offsetof(canary_test, fout) == SJT_FOUT);
static_assert(__builtin_offsetof(canary_test, in_hi) == SJT_IN_HI);
static_assert(__builtin_offsetof(canary_test, junk_hi) == SJT_JUNK_HI);
static_assert(__builtin_offsetof(canary_test, out_hi) == SJT_OUT_HI);
static_assert(__builtin_offsetof(canary_test, fin_hi) == SJT_FIN_HI);
static_assert(__builtin_offsetof(canary_test, fjunk_hi) == SJT_FJUNK_HI);
static_assert(__builtin_offsetof(canary_test, fout_hi) == SJT_FOUT_HI);
static_assert(__builtin_offsetof(canary_test, fin) == SJT_FIN);
static_assert(__builtin_offsetof(canary_test, sp_before) == SJT_SP_BEFORE);
static_assert(sizeof(canary_test) == SJT_SIZE);

// --- FP control register ----------------------------------------------------------

unsigned long fp_control() {
  unsigned long v = 0;
#if defined(__x86_64__) || (defined(__i386__) && defined(__SSE__))
  unsigned m;
  asm volatile("stmxcsr %0" : "=m"(m));
  v = m;
#elif defined(__i386__)
  unsigned short cw;
  asm volatile("fnstcw %0" : "=m"(cw));
  v = cw;
#elif defined(__aarch64__)
  asm volatile("mrs %0, fpcr" : "=r"(v));
#elif defined(__arm__)
  asm volatile("vmrs %0, fpscr" : "=r"(v));
#elif defined(__riscv)
  asm volatile("frrm %0" : "=r"(v));
#elif defined(__powerpc64__)
  // mffs: the FPSCR in an FPR's low word (the high word is not the FPSCR's).
  double d = __builtin_mffs();
  __builtin_memcpy(&v, &d, sizeof v);
  v &= 0xffffffffUL;
#elif defined(__s390x__)
  asm volatile("efpc %0" : "+d"(v));  // the FPC into the low word (v's high word stays 0)
#elif defined(__mips__)
  asm volatile("cfc1 %0, $31" : "=r"(v));  // fcsr
#elif defined(__sparc__)
  asm volatile("stx %%fsr, %0" : "=m"(v));
#endif
  return v;
}

// Sets the rounding mode to `mode` (0..3 in the arch's encoding order:
// nearest, down, up, toward zero - as far as the arch has them).
void set_rounding(unsigned mode) {
#if defined(__x86_64__) || (defined(__i386__) && defined(__SSE__))
  unsigned m;
  asm volatile("stmxcsr %0" : "=m"(m));
  m = (m & ~0x6000u) | (mode << 13);
  asm volatile("ldmxcsr %0" : : "m"(m));
#elif defined(__i386__)
  unsigned short cw;
  asm volatile("fnstcw %0" : "=m"(cw));
  cw = static_cast<unsigned short>((cw & ~0xc00u) | (mode << 10));
  asm volatile("fldcw %0" : : "m"(cw));
#elif defined(__aarch64__)
  unsigned long v;
  asm volatile("mrs %0, fpcr" : "=r"(v));
  v = (v & ~(3ul << 22)) | (static_cast<unsigned long>(mode) << 22);
  asm volatile("msr fpcr, %0" : : "r"(v));
#elif defined(__arm__)
  unsigned long v;
  asm volatile("vmrs %0, fpscr" : "=r"(v));
  v = (v & ~(3ul << 22)) | (static_cast<unsigned long>(mode) << 22);
  asm volatile("vmsr fpscr, %0" : : "r"(v));
#elif defined(__riscv)
  asm volatile("fsrm %0" : : "r"(static_cast<unsigned long>(mode)));
#elif defined(__powerpc64__)
  // FPSCR.RN (its low two bits): 0 nearest, 1 toward zero, 2 up, 3 down.
  __builtin_set_fpscr_rn(static_cast<int>(mode));
#elif defined(__s390x__)
  // The FPC's BFP rounding mode (bits 29-31 of the word: 0 nearest,
  // 1 toward zero, 2 up, 3 down).
  unsigned long v = 0;
  asm volatile("efpc %0" : "+d"(v));
  v = (v & ~7ul) | mode;
  asm volatile("sfpc %0" : : "d"(v));
#elif defined(__mips__)
  // fcsr RM (bits 1:0): 0 nearest, 1 toward zero, 2 up, 3 down.
  static constexpr unsigned long rm[4] = {0, 3, 2, 1};
  unsigned long v;
  asm volatile("cfc1 %0, $31" : "=r"(v));
  v = (v & ~3ul) | rm[mode & 3];
  asm volatile("ctc1 %0, $31" : : "r"(v));
#elif defined(__sparc__)
  // %fsr.RD, bits 31:30: nearest, toward zero, +inf, -inf.
  unsigned long v;
  asm volatile("stx %%fsr, %0" : "=m"(v));
  v = (v & ~(3ul << 30)) | (static_cast<unsigned long>(mode) << 30);
  asm volatile("ldx %0, %%fsr" : : "m"(v));
#endif
}

// --- signal mask --------------------------------------------------------------------

bool usr1_blocked() {
  raw::kernel_sigset cur{};
  raw::rt_sigprocmask(0, nullptr, &cur);
  return cur.sig[0] & (1ul << (SIGUSR1 - 1));
}

void set_usr1_blocked(bool on) {
  raw::kernel_sigset s{};
  s.sig[0] = 1ul << (SIGUSR1 - 1);
  raw::rt_sigprocmask(on ? SIG_BLOCK : SIG_UNBLOCK, &s, nullptr);  // 1 and 2 on mips, 0 and 1 elsewhere
}

u64 canary(int i, u64 salt) { return (0x5a5a0000u + static_cast<u64>(i) * 0x0101) ^ salt; }

// Runs the canary routine with the given pair; fills the register facts.
void callee_saved_facts(harness::context& ctx, const char* impl, void* set, void* jump, void* env) {
  static canary_test t;
  t = {};
  t.setjmp_fn = reinterpret_cast<uptr>(set);
  t.longjmp_fn = reinterpret_cast<uptr>(jump);
  t.env = reinterpret_cast<uptr>(env);
  for (int i = 0; i < sjt_slots; ++i) {
    // 32-bit arches keep the low half: make both halves distinct anyway.
    slot(t.in, t.in_hi, i) = canary(i, 0x1122334400000000ull);
    slot(t.junk, t.junk_hi, i) = ~slot(t.in, t.in_hi, i);
    slot(t.fin, t.fin_hi, i) = 0x3ff0000000000000ull + static_cast<u64>(i) * 0x123456789ull;
    slot(t.fjunk, t.fjunk_hi, i) = ~slot(t.fin, t.fin_hi, i);
  }
  long ret = sysabi_sj_canaries(&t);
  const u64 mask = sizeof(long) == 8 ? ~0ull : 0xffffffffull;
  bool ints = true, fps = true;
  for (int i = 0; i < int_regs; ++i)
    ints = ints && (slot(t.out, t.out_hi, i) & mask) == (slot(t.in, t.in_hi, i) & mask);
  for (int i = 0; i < fp_regs; ++i) fps = fps && slot(t.fout, t.fout_hi, i) == slot(t.fin, t.fin_hi, i);
  rt::sbuf<64> id;
  id.add(impl).add(".callee_saved");
#if defined(__sparc__) && SYSABI_HAS_LIBC
  // glibc's sparc64 longjmp is the setcontext trap (ta 0x6f).  Linux flushes
  // the windows and refills the current one from setjmp's caller's frame;
  // qemu-user only sets %fp and %i7 in the window that made the trap, so
  // setjmp's caller gets the other registers of the wrong window.
  if (rt::str_eq(impl, "libc") && harness::under_qemu_user()) {
    ctx.skip(id.c_str(),
             "qemu-user's sparc64 setcontext trap (glibc's longjmp) does not refill the register "
             "window from the frame as Linux does",
             true);
  } else {
    ctx.check(id.c_str(), ret == 1 && ints, true);
  }
#else
  ctx.check(id.c_str(), ret == 1 && ints, true);
#endif
  id.clear();
  id.add(impl).add(".callee_saved_fp");
  if (fp_regs == 0)
    ctx.check(id.c_str(), "none callee-saved on this arch", "none callee-saved on this arch",
              scope::arch);
  else
    ctx.check(id.c_str(), fps ? "all restored" : "lost", "all restored", scope::arch);
  id.clear();
  id.add(impl).add(".stack_pointer");
  ctx.check(id.c_str(), ret == 1 && t.sp_after == t.sp_before, true);
}

// --- the scenarios, once per implementation -----------------------------------------
//
// A macro, not a template: a call to setjmp must be a direct call in the
// function that uses the buffer (the compiler treats setjmp-like names as
// returning twice), and gcc will not inline functions that call setjmp.

void* g_segv_env;  // the buffer the SIGSEGV handler jumps to
void (*g_segv_longjmp)(void*, int);
void on_segv(int, void*, void*) { g_segv_longjmp(g_segv_env, 5); }

#define SYSABI_SJ_SCENARIOS(NS, BUF, SETJMP, LONGJMP, SIGSETJMP, SIGLONGJMP)             \
  namespace NS {                                                                         \
  [[gnu::noinline]] void dive(BUF* b, int depth) {                                       \
    if (depth == 0) LONGJMP(*b, 7);                                                      \
    dive(b, depth - 1);                                                                  \
    asm volatile("");                                                                    \
  }                                                                                      \
  [[gnu::noinline]] int zero_becomes_one() {                                             \
    BUF b;                                                                               \
    int r = SETJMP(b);                                                                   \
    if (r == 0) LONGJMP(b, 0);                                                           \
    return r;                                                                            \
  }                                                                                      \
  [[gnu::noinline]] int value_passes() {                                                 \
    BUF b;                                                                               \
    int r = SETJMP(b);                                                                   \
    if (r == 0) LONGJMP(b, 42);                                                          \
    return r;                                                                            \
  }                                                                                      \
  [[gnu::noinline]] int across_frames() {                                                \
    static BUF b;                                                                        \
    int r = SETJMP(b);                                                                   \
    if (r == 0) {                                                                        \
      dive(&b, 5);                                                                       \
      return -1;                                                                         \
    }                                                                                    \
    return r;                                                                            \
  }                                                                                      \
  [[gnu::noinline]] int volatile_local() {                                               \
    BUF b;                                                                               \
    volatile int v = 1;                                                                  \
    if (SETJMP(b) == 0) {                                                                \
      v = 2;                                                                             \
      LONGJMP(b, 1);                                                                     \
    }                                                                                    \
    return v;                                                                            \
  }                                                                                      \
  /* 0: restored to its value at setjmp, 1: kept the later value, 2: the rounding mode   \
     could not be changed at all (a CPU model that ignores writes to it). */             \
  [[gnu::noinline]] int fp_control_after_jump() {                                        \
    BUF b;                                                                               \
    unsigned long before = fp_control();                                                 \
    set_rounding(3);                                                                     \
    volatile unsigned long at_setjmp = fp_control();                                     \
    if (at_setjmp == before) return 2;                                                   \
    if (SETJMP(b) == 0) {                                                                \
      set_rounding(1);                                                                   \
      LONGJMP(b, 1);                                                                     \
    }                                                                                    \
    unsigned long after = fp_control();                                                  \
    set_rounding(0);                                                                     \
    (void)before;                                                                        \
    return after == at_setjmp ? 0 : 1;                                                   \
  }                                                                                      \
  /* Whether SIGUSR1, blocked after sigsetjmp(savemask), is blocked after the jump. */   \
  [[gnu::noinline]] bool blocked_after_jump(int savemask) {                              \
    BUF b;                                                                               \
    set_usr1_blocked(false);                                                             \
    if (SIGSETJMP(b, savemask) == 0) {                                                   \
      set_usr1_blocked(true);                                                            \
      SIGLONGJMP(b, 1);                                                                  \
    }                                                                                    \
    bool blocked = usr1_blocked();                                                       \
    set_usr1_blocked(false);                                                             \
    return blocked;                                                                      \
  }                                                                                      \
  /* Jumps out of a SIGSEGV handler; returns the value, or -1; *still_blocked */         \
  /* says whether SIGSEGV was left blocked (the handler's mask not undone). */           \
  [[gnu::noinline]] int escape_sigsegv(bool* still_blocked) {                            \
    static BUF b;                                                                        \
    auto page = raw::mmap(nullptr, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); \
    raw::install_handler(SIGSEGV, on_segv);                                              \
    g_segv_env = b;                                                                      \
    g_segv_longjmp = [](void* e, int v) { SIGLONGJMP(*static_cast<BUF*>(e), v); };       \
    int r = SIGSETJMP(b, 1);                                                             \
    if (r == 0) {                                                                        \
      *static_cast<volatile char*>(page.value()) = 1;                                    \
      return -1;                                                                         \
    }                                                                                    \
    raw::kernel_sigset cur{};                                                            \
    raw::rt_sigprocmask(0, nullptr, &cur);                                               \
    *still_blocked = cur.sig[0] & (1ul << (SIGSEGV - 1));                                \
    raw::set_disposition(SIGSEGV, 0);                                                    \
    raw::munmap(page.value(), 4096);                                                     \
    return r;                                                                            \
  }                                                                                      \
  }

#define OURS_SETJMP(b) sysabi_setjmp(b)
#define OURS_LONGJMP(b, v) sysabi_longjmp(b, v)
#define OURS_SIGSETJMP(b, m) sysabi_sigsetjmp(b, m)
#define OURS_SIGLONGJMP(b, v) sysabi_siglongjmp(b, v)
SYSABI_SJ_SCENARIOS(ours, sysabi_jmp_buf, OURS_SETJMP, OURS_LONGJMP, OURS_SIGSETJMP,
                    OURS_SIGLONGJMP)

#if SYSABI_HAS_LIBC
#define LIBC_SETJMP(b) _setjmp(b)
#define LIBC_LONGJMP(b, v) longjmp(b, v)
#define LIBC_SIGSETJMP(b, m) sigsetjmp(b, m)
#define LIBC_SIGLONGJMP(b, v) siglongjmp(b, v)
using libc_sigjmp_buf = sigjmp_buf;
SYSABI_SJ_SCENARIOS(libc, libc_sigjmp_buf, LIBC_SETJMP, LIBC_LONGJMP, LIBC_SIGSETJMP,
                    LIBC_SIGLONGJMP)

// glibc's <setjmp.h> makes `setjmp` a macro for _setjmp (no mask); the
// function of that name saves the mask (BSD semantics).  musl's never does.
[[gnu::noinline]] bool macro_restores_mask() {
  static jmp_buf b;
  set_usr1_blocked(false);
  if (setjmp(b) == 0) {
    set_usr1_blocked(true);
    longjmp(b, 1);
  }
  bool restored = !usr1_blocked();
  set_usr1_blocked(false);
  return restored;
}
// A buffer filled by one implementation, handed to the other's longjmp.
// Exits 0 if the jump landed, dies (or times out) if it did not.
int ours_buffer_libc_longjmp(void*) {
  static jmp_buf b;
  if (sysabi_setjmp(reinterpret_cast<sysabi_jmp_buf_storage*>(&b)) == 0) longjmp(b, 3);
  return 0;
}
int libc_buffer_ours_longjmp(void*) {
  static jmp_buf b;
  if (_setjmp(b) == 0) sysabi_longjmp(reinterpret_cast<sysabi_jmp_buf_storage*>(&b), 3);
  return 0;
}

[[gnu::noinline]] bool function_restores_mask() {
  static jmp_buf b;
  set_usr1_blocked(false);
  if ((setjmp)(b) == 0) {
    set_usr1_blocked(true);
    longjmp(b, 1);
  }
  bool restored = !usr1_blocked();
  set_usr1_blocked(false);
  return restored;
}
#endif

template <class Scenarios>
void run_scenarios(harness::context& ctx, const char* impl, int (*zero)(), int (*value)(),
                   int (*frames)(), int (*vol)(), int (*fpc)(), bool (*blocked)(int),
                   int (*escape)(bool*)) {
  rt::sbuf<64> id;
  auto name = [&](const char* what) -> const char* {
    id.clear();
    id.add(impl).add('.').add(what);
    return id.c_str();
  };
  ctx.check(name("zero_becomes_one"), zero(), 1);
  ctx.check(name("value_passes"), value(), 42);
  ctx.check(name("across_frames"), frames(), 7);
  ctx.check(name("volatile_local"), vol(), 2);
  // Ours is the same code everywhere; each libc decides for itself.
  const int fp_after = fpc();
  if (fp_after == 2)
    ctx.skip(name("fp_control"), "this CPU (model) ignores writes to its FP control register",
             harness::value::none(), impl[0] == 'o' ? scope::portable : scope::variant);
  else
    ctx.record(name("fp_control"), fp_after == 0 ? "restored by longjmp" : "kept its later value",
               impl[0] == 'o' ? scope::portable : scope::variant);
  ctx.check(name("sigsetjmp_1.mask"), blocked(1) ? "not restored" : "restored", "restored");
  ctx.check(name("sigsetjmp_0.mask"), blocked(0) ? "not restored" : "restored", "not restored");
  bool still_blocked = true;
  int r = escape(&still_blocked);
  ctx.check(name("escape_sigsegv"),
            r != 5          ? "did not land"
            : still_blocked ? "landed, SIGSEGV left blocked"
                            : "landed",
            "landed");
}

struct no_tag {};

// --- where the stack pointer is stored, and how --------------------------------------
//
// The word of the buffer that holds the stack pointer: ours from jmp_buf.h;
// libc's from glibc's and musl's sources (the same word in both, per arch).
// A word of the buffer: `unsigned long`, except on x32, whose buffers (ours
// and glibc's __jmp_buf of long long) keep x86_64's 8-byte slots; a stack
// pointer there is below 4 GiB and glibc mangles the low half as a 32-bit
// value, so the low half is what is compared.
#ifdef SYSABI_X32
using sj_word = unsigned long long;
#else
using sj_word = unsigned long;
#endif
#if defined(__x86_64__)
constexpr int sj_stack_word = SJ_RSP / 8, libc_stack_word = 6;
#elif defined(__i386__)
constexpr int sj_stack_word = SJ_ESP / 4, libc_stack_word = 4;
#elif defined(__aarch64__)
constexpr int sj_stack_word = SJ_SP / 8, libc_stack_word = 13;
#elif defined(__arm__) && defined(SYSABI_LIBC_glibc)
constexpr int sj_stack_word = SJ_SP / 4, libc_stack_word = 0;  // glibc: sp, lr, then r4-r11
#elif defined(__arm__)
constexpr int sj_stack_word = SJ_SP / 4, libc_stack_word = 8;  // musl: r4-r11, sp, lr
#elif defined(__riscv)
constexpr int sj_stack_word = SJ_SP / 8, libc_stack_word = 13;
#elif defined(__powerpc64__) && defined(SYSABI_LIBC_glibc)
constexpr int sj_stack_word = SJ_SP / 8, libc_stack_word = 0;  // glibc: r1 first (mangled)
#elif defined(__powerpc64__)
constexpr int sj_stack_word = SJ_SP / 8, libc_stack_word = 2;  // musl: lr, cr, then r1
#elif defined(__s390x__)
constexpr int sj_stack_word = SJ_SP / 8, libc_stack_word = 9;  // glibc, musl: stmg r6-r15
#elif defined(__mips__)
constexpr int sj_stack_word = SJ_SP / 8, libc_stack_word = 1;  // glibc and musl: pc/ra, then sp
#elif defined(__sparc__)
// glibc's sparc64 jmp_buf is a ucontext the kernel fills (setjmp is the
// `ta 0x6e` getcontext trap): uc_link, uc_flags, uc_sigmask, then at the
// next 16-byte boundary (the mcontext holds long doubles) word 4,
// mc_gregs[19] = tstate, pc, npc, y, g1-g7, o0-o7; %o6 (%sp) is word 4 + 17.
constexpr int sj_stack_word = SJ_SP / 8, libc_stack_word = 21;
#endif

unsigned long rotl(unsigned long v, int n) {
  constexpr int bits = 8 * sizeof(unsigned long);
  return (v << n) | (v >> (bits - n));
}

// Runs the canary routine (which calls setjmp) below `pad` bytes of extra
// stack; returns the stored stack word, and the real stack pointer in *sp.
[[gnu::noinline]] unsigned long stored_sp_at_depth(void* set, void* jump, void* env, int word,
                                                   int pad, unsigned long* sp) {
  volatile char space[512];
  space[0] = 0;
  static canary_test t;
  t = {};
  t.setjmp_fn = reinterpret_cast<uptr>(set);
  t.longjmp_fn = reinterpret_cast<uptr>(jump);
  t.env = reinterpret_cast<uptr>(env);
  if (pad > 0) return stored_sp_at_depth(set, jump, env, word, pad - 512, sp) + space[0];
  sysabi_sj_canaries(&t);
  *sp = static_cast<unsigned long>(t.sp_before);
  return static_cast<unsigned long>(static_cast<sj_word*>(env)[word]);
}

// How the stack pointer sits in the buffer: plain, or mangled - and if
// mangled, by what.  Two setjmps at different depths: a secret XORed in
// cancels out of stored1 ^ stored2, leaving sp1 ^ sp2 (possibly rotated).
void layout_fact(harness::context& ctx, const char* id, void* set, void* jump, void* env, int word,
                 usize env_size) {
  if ((word + 1) * sizeof(sj_word) > env_size) {
    ctx.skip(id, "the buffer is smaller than the slot this arch's layout names");
    return;
  }
  unsigned long sp1 = 0, sp2 = 0;
  unsigned long s1 = stored_sp_at_depth(set, jump, env, word, 0, &sp1);
  unsigned long s2 = stored_sp_at_depth(set, jump, env, word, 1024, &sp2);
  const char* how = "unrecognised";
  unsigned long d = sp1 ^ sp2, x = s1 ^ s2;
  if (s1 == sp1 && s2 == sp2)
    how = "plain";
  else if (x == d)
    how = "mangled: XOR with a per-process secret";
  else if (x == rotl(d, 17))
    how = "mangled: XOR with a per-process secret, rotated left 17";
  else if (x == rotl(d, 9))
    how = "mangled: XOR with a per-process secret, rotated left 9";
  // Unrecognised: the reason shows the words compared (stored and real sp, twice).
  rt::sbuf<160> seen;
  seen.add("stored ").add_hex(s1).add(" at sp ").add_hex(sp1).add(", stored ").add_hex(s2)
      .add(" at sp ").add_hex(sp2);
  const bool plain = rt::str_eq(how, "plain");
  if (id[7] == 'o')  // layout.ours...: the same code on every variant
    ctx.fact(id, how, "plain", plain ? harness::status::pass : harness::status::fail,
             plain ? nullptr : seen.c_str(), scope::portable);
  else
    ctx.fact(id, how, harness::value::none(), harness::status::info,
             rt::str_eq(how, "unrecognised") ? seen.c_str() : nullptr, scope::variant);
}

}  // namespace

SYSABI_PROBE(setjmp) {
  run_scenarios<no_tag>(ctx, "ours", ours::zero_becomes_one, ours::value_passes,
                        ours::across_frames, ours::volatile_local, ours::fp_control_after_jump,
                        ours::blocked_after_jump, ours::escape_sigsegv);
  static sysabi_jmp_buf env;
  callee_saved_facts(ctx, "ours", reinterpret_cast<void*>(&sysabi_setjmp),
                     reinterpret_cast<void*>(&sysabi_longjmp), env);
  ctx.record("ours.size", static_cast<long>(SJ_SIZE), scope::arch);
  layout_fact(ctx, "layout.ours.sp_slot", reinterpret_cast<void*>(&sysabi_setjmp),
              reinterpret_cast<void*>(&sysabi_longjmp), env, sj_stack_word, sizeof env);

#if SYSABI_HAS_LIBC
  run_scenarios<no_tag>(ctx, "libc", libc::zero_becomes_one, libc::value_passes,
                        libc::across_frames, libc::volatile_local, libc::fp_control_after_jump,
                        libc::blocked_after_jump, libc::escape_sigsegv);
  static jmp_buf lenv;
  callee_saved_facts(ctx, "libc", reinterpret_cast<void*>(&_setjmp),
                     reinterpret_cast<void*>(&longjmp), lenv);
  ctx.check("libc.setjmp_macro.mask", macro_restores_mask() ? "restored" : "not restored",
            "not restored");
  ctx.record("libc.setjmp_function.mask", function_restores_mask() ? "restored" : "not restored",
             scope::variant);
  ctx.record("libc.size", static_cast<long>(sizeof(jmp_buf)), scope::variant);
  layout_fact(ctx, "layout.libc.sp_slot", reinterpret_cast<void*>(&_setjmp),
              reinterpret_cast<void*>(&longjmp), lenv, libc_stack_word, sizeof lenv);

  // One implementation's buffer handed to the other's longjmp, in a child.
  char what[96];
  auto a = harness::run_in_child(ours_buffer_libc_longjmp, nullptr, 5000);
  ctx.record("interchange.ours_buffer_libc_longjmp", harness::describe(a, 5000, what, sizeof what),
             scope::variant);
  auto b = harness::run_in_child(libc_buffer_ours_longjmp, nullptr, 5000);
  ctx.record("interchange.libc_buffer_ours_longjmp", harness::describe(b, 5000, what, sizeof what),
             scope::variant);
#endif
}
