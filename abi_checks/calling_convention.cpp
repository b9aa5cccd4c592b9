// abi_checks/calling_convention.cpp - the system-call calling convention,
// register by register, on every arch.
//
// The trap routine (calling_convention/<arch>.S) loads a distinct canary into
// every register the arch has, executes the trap instruction, and stores the
// register file as the trap left it.  From that this probe states:
//
//   preserved.<reg>         each register the kernel ABI says survives, did
//   all_preserved           ... all of them, with two canary sets (a pattern
//                           and its complement: every bit seen as 0 and 1)
//   clobbered               the registers besides the return register that
//                           changed ("rcx r11" on x86_64, "none" elsewhere;
//                           ppc64le's volatile r0, r4-r12 are not judged)
//   return_register         the register that came back holding the result
//   result_is_getppid       and its value is what getppid returns
//   stack_below_sp_untouched  the kernel wrote nothing below the stack pointer
//   flags_preserved         the condition flags survive (x86, arm, aarch64;
//                           ppc64le: cr1-cr7, cr0 being the error flag, s390x;
//                           sparc64: N, Z and V of %ccr - the carry is the
//                           error flag, args.carry_* check it)
//   rcx_is_return_address, r11_is_rflags   x86_64's two documented clobbers
//   fp_preserved.<reg>, all_fp_preserved, fp_control_preserved   FP/SIMD state
//   fp_control_register     the FP control register's name (mxcsr, fpcr, ...)
//   fp_control_restored     after the traps the probe rounds as before them:
//                           1/10 and -1/10 come out the same (the trap routine
//                           put the caller's FP control register back, so its
//                           rounding mode toward zero did not leak)
//   args.*                  a six-argument call (copy_file_range) made with
//                           canaries in every other register: each argument
//                           register reaches the kernel, from the register the
//                           ABI names and no other
//   args.error_flag         the flag the kernel reports an error with apart
//                           from the value: "none" (the -errno range), or
//                           ppc64le's "cr0.SO", checked clear on success and
//                           set with a positive errno in the return register
//   convention              the arch's table, as an info fact
//
// The register tables are in calling_convention/<arch>.hpp, beside the
// <arch>.S trap routine they describe.
//
// Register facts are scope "arch" (the register set is the arch's); the
// summaries (all_preserved, ...) are portable: true on every arch.
#include <asm/errno.h>  // the arch's numbers: sparc's differ (ENOSYS is 90)
#include <asm/unistd.h>
#include <linux/fcntl.h>

#include "calling_convention/frame.h"
#if defined(__x86_64__)
#include "calling_convention/x86_64.hpp"
#elif defined(__i386__)
#include "calling_convention/i386.hpp"
#elif defined(__aarch64__)
#include "calling_convention/aarch64.hpp"
#elif defined(__arm__)
#include "calling_convention/arm.hpp"
#elif defined(__riscv) && __riscv_xlen == 64
#include "calling_convention/riscv64.hpp"
#elif defined(__powerpc64__)
#include "calling_convention/ppc64le.hpp"
#elif defined(__s390x__)
#include "calling_convention/s390x.hpp"
#elif defined(__mips__) && _MIPS_SIM == _ABI64
#include "calling_convention/mips64el.hpp"
#elif defined(__sparc__) && defined(__arch64__)
#include "calling_convention/sparc64.hpp"
#else
#error "calling_convention: unsupported architecture"
#endif
#include "harness/environment.hpp"
#include "harness/harness.hpp"
#include "harness/scoped.hpp"

extern "C" unsigned long sysabi_cc_trap(void* frame);

namespace {

using namespace sysabi;
using namespace sysabi::cc;  // the arch's register table
using harness::scope;

// --- the frame the trap routine works on (layout: calling_convention/frame.h)

struct alignas(16) frame {
  u8 stack[CC_STACK_SIZE];
  ulong in[CC_NGPR];
  ulong out[CC_NGPR];
  ulong misc[CC_NMISC];
  alignas(16) u8 fin[CC_NFP][CC_FP_SLOT];
  u8 fout[CC_NFP][CC_FP_SLOT];
};
static_assert(CC_W == sizeof(ulong));
static_assert(__builtin_offsetof(frame, in) == CC_IN);
static_assert(__builtin_offsetof(frame, out) == CC_OUT);
static_assert(__builtin_offsetof(frame, misc) == CC_MISC);
static_assert(__builtin_offsetof(frame, fin) == CC_FIN);
static_assert(__builtin_offsetof(frame, fout) == CC_FOUT);
static_assert(sizeof(frame) == CC_FRAME_SIZE);

// --- what each arch promises: the table in calling_convention/<arch>.hpp -----

constexpr int ngpr = sizeof(gprs) / sizeof(gprs[0]);
constexpr int nfpr = sizeof(fprs) / sizeof(fprs[0]);
static_assert(ngpr <= CC_NGPR && nfpr <= CC_NFP);
static_assert(gprs[ret_reg].r == role::result);

// --- canaries ------------------------------------------------------------------

// Canary for general register i in canary set s (0 or 1).  Set 1 is set 0's
// complement, so every bit of every register is seen both ways, except bit
// 31, which is set in both: no canary can then pass for a small number such
// as a pid, a file descriptor or a system-call number, on 32-bit arches too.
constexpr ulong canary(int i, int s) {
  u64 h = 0x9e3779b97f4a7c15ULL * static_cast<u64>(i + 1);
  h ^= h >> 29;
  ulong v =
      static_cast<ulong>(h) | (1UL << 31) | (static_cast<ulong>(1) << (sizeof(ulong) * 8 - 1));
  return s ? ~v | (1UL << 31) : v;
}

// No two canaries of a set are equal.
constexpr bool canaries_distinct() {
  for (int s = 0; s < 2; ++s)
    for (int i = 0; i < CC_NGPR; ++i)
      for (int j = i + 1; j < CC_NGPR; ++j)
        if (canary(i, s) == canary(j, s)) return false;
  return true;
}
static_assert(canaries_distinct());

void fp_canary(u8* slot, const fpr& f, int i, int s) {
  for (int k = 0; k < CC_FP_SLOT; ++k) slot[k] = 0;
  if (f.x87) {
    // A normal double: the x87 load converts, so a NaN or denormal pattern
    // would not come back bit for bit even if nothing touched it.
    double d = 1.0 + i * 0.25 + s * 1024.0;
    __builtin_memcpy(slot, &d, sizeof d);
    return;
  }
  u64 h = 0xd1b54a32d192ed03ULL * static_cast<u64>(i + 17 + 32 * s);
  for (int k = 0; k < f.bytes; ++k) slot[k] = static_cast<u8>((h >> ((k % 8) * 8)) ^ (k * 0x3b));
}

bool bytes_equal(const u8* a, const u8* b, int n) {
  for (int k = 0; k < n; ++k)
    if (a[k] != b[k]) return false;
  return true;
}

constexpr u8 below_sp_pattern(int k) { return static_cast<u8>(0xa5 ^ (k * 7)); }

// --- running the trap ----------------------------------------------------------

frame g_frame;

struct run_options {
  int set = 0;    // canary set
  long nr = 0;    // system call number
  int nargs = 0;  // arguments from args[] into the ABI's argument registers
  ulong args[6] = {};
};

// Fills the frame, runs the trap, returns the frame (results in out[]/fout[]/misc[]).
frame& trap(const run_options& o) {
  frame& f = g_frame;
  for (int k = 0; k < CC_STACK_SIZE; ++k) f.stack[k] = below_sp_pattern(k);
  for (int i = 0; i < CC_NGPR; ++i) {
    f.in[i] = i < ngpr && gprs[i].r != role::none ? canary(i, o.set) : 0;
    f.out[i] = 0;
  }
  for (int a = 0; a < o.nargs; ++a) f.in[arg_regs[a]] = o.args[a];
  f.in[nr_reg] = static_cast<ulong>(o.nr);
  // The stack pointer's "canary" is where the routine points it.
  f.in[sp_reg] = ulong{reinterpret_cast<uptr>(&f)} + CC_TRAP_SP;
  for (int i = 0; i < CC_NMISC; ++i) f.misc[i] = 0;
  f.misc[CC_M_FLAGS_IN] = flags_in;
  f.misc[CC_M_FPCTL_IN] = fpctl_in;
  f.misc[CC_M_OPTIONS] = have_fp_ext() ? CC_OPT_FP_EXT : 0;
  for (int i = 0; i < CC_NFP; ++i) {
    if (i < nfpr) fp_canary(f.fin[i], fprs[i], i, o.set);
    for (int k = 0; k < CC_FP_SLOT; ++k) f.fout[i][k] = 0;
  }
  sysabi_cc_trap(&f);
  return f;
}

bool fp_available(const fpr& r) { return !r.ext || have_fp_ext(); }

// The call's result as the raw layer gives it: the value, or -errno.  Where
// the kernel says "failed" apart from the value - ppc64le's cr0.SO and
// sparc64's carry (%xcc.C), in the flags word the trap routine stored, and
// mips' a3 (the table's error_flag_reg) - the return register holds a
// positive errno.
long result_of(const frame& f) {
  long r = static_cast<long>(f.out[ret_reg]);
#if defined(__mips__)
  if (f.out[error_flag_reg] != 0) r = -r;
#elif defined(__sparc__)
  if (f.misc[CC_M_FLAGS_OUT] & xcc_carry) r = -r;
#elif defined(SYSABI_CC_ERROR_FLAG)
  if (f.misc[CC_M_FLAGS_OUT] & error_flag_mask) r = -r;
#endif
  return r;
}

// --- fact helpers ----------------------------------------------------------------

// "preserved.<reg>" and friends: ids built per register.
const char* id(rt::sbuf<64>& b, const char* prefix, const char* name) {
  b.clear();
  b.add(prefix).add(name);
  return b.c_str();
}

// The register file's changes in one run, judged against the table.
struct observed {
  bool preserved[CC_NGPR] = {};
  rt::sbuf<128> clobbered;
};

void observe(const frame& f, observed& o) {
  for (int i = 0; i < ngpr; ++i) {
    if (gprs[i].r == role::none || gprs[i].r == role::scratch) continue;
    bool same = f.out[i] == f.in[i];
    o.preserved[i] = same;
    if (!same && i != ret_reg) {
      if (o.clobbered.size()) o.clobbered.add(' ');
      o.clobbered.add(gprs[i].name);
    }
  }
  if (!o.clobbered.size()) o.clobbered.add("none");
}

// --- the six-argument call -------------------------------------------------------

// A file `name` in `dir` holding `contents` (16 bytes).
raw::result<int> temp_file(const harness::scratch_dir& dir, const char* name,
                           const char* contents) {
  if (!dir.ok()) return raw::result<int>(-dir.error());
  auto fd =
      raw::openat(AT_FDCWD, dir.path(name).c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd.ok()) raw::write(fd.value(), contents, 16);
  return fd;
}

bool read_back(int fd, char* buf16) {
  if (!raw::lseek(fd, 0, 0 /* SEEK_SET */).ok()) return false;
  return raw::read(fd, buf16, 16).raw() == 16;
}

// Every fact check_arguments states (all skipped together when it cannot run).
constexpr const char* arg_fact_ids[] = {"args.result",
                                        "args.arg1_reaches_kernel",
                                        "args.arg2_reaches_kernel",
                                        "args.arg3_reaches_kernel",
                                        "args.arg4_reaches_kernel",
                                        "args.arg5_reaches_kernel",
                                        "args.arg6_reaches_kernel",
                                        "args.registers_preserved",
                                        "args.error_result",
                                        "args.error_flag"};

void check_arguments(harness::context& ctx) {
  // copy_file_range(fd_in, &off_in, fd_out, &off_out, len, flags): every
  // argument leaves its own trace.  Copy 4 bytes from offset 3 of A to
  // offset 5 of B; every other register holds a canary, so an argument read
  // from any other register would show.
  harness::scratch_dir dir("sysabi-calling_convention.");
  harness::scoped_fd a(temp_file(dir, "a", "ABCDEFGHIJKLMNOP"));
  harness::scoped_fd b(temp_file(dir, "b", "abcdefghijklmnop"));
  if (!a.ok() || !b.ok()) {
    for (const char* n : arg_fact_ids) ctx.skip(n, "cannot create a file under TMPDIR");
    return;
  }
  const int fa = a.get(), fb = b.get();
  i64 off_in = 3, off_out = 5;

  run_options o;
  o.nr = __NR_copy_file_range;
  o.nargs = 6;
  o.args[0] = static_cast<ulong>(fa);
  o.args[1] = reinterpret_cast<uptr>(&off_in);  // uptr: zero-extended on x32 (gcc sign-extends a pointer cast to a wider integer)
  o.args[2] = static_cast<ulong>(fb);
  o.args[3] = reinterpret_cast<uptr>(&off_out);
  o.args[4] = 4;
  o.args[5] = 0;
  frame& f = trap(o);
  long result = result_of(f);
  const ulong flags_on_success = f.misc[CC_M_FLAGS_OUT];  // f is reused by the next trap

  if (raw::is_error(result) &&
      (-result == ENOSYS || -result == EOPNOTSUPP || -result == EXDEV)) {
    rt::sbuf<96> why("copy_file_range unavailable here: ");
    why.add(harness::errno_name(static_cast<int>(-result)));
    for (const char* n : arg_fact_ids) ctx.skip(n, why.c_str());
    return;
  }

  // Every register but the return register survived, arguments included.
  bool preserved = true;
  for (int i = 0; i < ngpr; ++i)
    if (gprs[i].r == role::preserved) preserved = preserved && f.out[i] == f.in[i];

  ctx.check("args.result", result, 4L);
  char got[17] = {};
  bool readable = read_back(fb, got);
  const char* want = "abcdeDEFGjklmnop";
  // File positions: explicit offsets leave them where write() put them.
  bool pos_a = raw::lseek(fa, 0, 1 /* SEEK_CUR */).raw() == 16;
  // arg1 fd_in: the bytes come from A (upper case).
  ctx.check("args.arg1_reaches_kernel", readable && got[5] == 'D' && got[8] == 'G', true);
  // arg2 &off_in: read from offset 3 ("DEFG", not "ABCD"), offset advanced, A's position not.
  ctx.check("args.arg2_reaches_kernel", readable && got[5] == 'D' && off_in == 7 && pos_a, true);
  // arg3 fd_out: B changed.
  ctx.check("args.arg3_reaches_kernel",
            readable && !bytes_equal(reinterpret_cast<const u8*>(got),
                                     reinterpret_cast<const u8*>("abcdefghijklmnop"), 16),
            true);
  // arg4 &off_out: written at offset 5, offset advanced to 9.
  ctx.check("args.arg4_reaches_kernel", readable && got[4] == 'e' && got[5] == 'D' && off_out == 9,
            true);
  // arg5 len: exactly 4 bytes, and the result says so.
  ctx.check(
      "args.arg5_reaches_kernel",
      readable && result == 4 &&
          bytes_equal(reinterpret_cast<const u8*>(got), reinterpret_cast<const u8*>(want), 16),
      true);
  ctx.check("args.registers_preserved", preserved, true);

  // arg6 flags: 0 was accepted above; the same call with flags = 1 (no such
  // flag) is refused, so the kernel reads the sixth register.
  o.args[5] = 1;
  off_in = 3;
  off_out = 5;
  frame& g = trap(o);
  long refused = result_of(g);
  ctx.check("args.arg6_reaches_kernel", result == 4 && refused == -22 /* EINVAL */, true);
  (void)flags_on_success;
#ifdef SYSABI_CC_ERROR_FLAG
  // The flag says which: clear on success, set on the error (and the
  // register itself then holds the positive errno).
  const bool flag_ok = (flags_on_success & error_flag_mask) == 0 &&
                       (g.misc[CC_M_FLAGS_OUT] & error_flag_mask) != 0 &&
                       static_cast<long>(g.out[ret_reg]) == 22;
  ctx.check("args.error_flag", flag_ok ? error_flag_name : "not set and cleared as documented",
            error_flag_name, scope::arch);
#else
  ctx.record("args.error_flag", "none", scope::arch);
#endif
  // And the error comes back in the return register as -errno (sparc64: as
  // +errno with the carry flag set, made -errno by result_of).
  ctx.check("args.error_result",
            raw::is_error(refused) ? harness::errno_name(static_cast<int>(-refused)) : "ok",
            "EINVAL");
#if defined(__sparc__)
  // sparc64's error flag: the carry of %xcc (what 64-bit code branches on),
  // clear after the call that worked, set after the refused one, whose %o0
  // is then +EINVAL.  (Linux sets %icc's carry too; qemu-user only %xcc's,
  // so %icc's is not part of the check.)
  ctx.check("args.carry_clear_on_success", (flags_on_success & xcc_carry) == 0, true,
            scope::arch);
  ctx.check("args.carry_set_on_error",
            (g.misc[CC_M_FLAGS_OUT] & xcc_carry) != 0 && static_cast<long>(g.out[ret_reg]) == 22,
            true, scope::arch);
#endif
}

// --- the convention as a table --------------------------------------------------

void record_convention(harness::context& ctx) {
  rt::sbuf<160> t("trap=");
  t.add(trap_insn).add(" nr=").add(gprs[nr_reg].name).add(" args=");
  for (int a = 0; a < 6; ++a) {
    if (a) t.add(',');
    t.add(gprs[arg_regs[a]].name);
  }
  t.add(" ret=").add(gprs[ret_reg].name);
  ctx.record("convention", t.c_str(), scope::arch);
}

// 1/10 and -1/10 rounded by the current rounding mode: under any mode but
// to-nearest one of them differs in its last bit (1/10 is not exact in
// binary, and its truncation and its nearest value differ).
struct roundings {
  double pos, neg;
};
[[gnu::noinline]] roundings round_tenths() {
  volatile double one = 1.0, ten = 10.0;
  return {one / ten, -one / ten};
}

}  // namespace

SYSABI_PROBE(calling_convention) {
  const roundings before = round_tenths();
  record_convention(ctx);
  const bool qemu = harness::under_qemu_user();
  rt::sbuf<64> idb;

  // Two runs of getppid (no arguments), with complementary canaries.
  observed obs[2];
  bool below_sp_ok = true;
  bool result_ok = true;
  const char* ret_seen = "none";
  const long ppid = raw::getppid().value();
  ulong flags_set = 0, flags_out = 0, fpctl_set = 0, fpctl_out = 0, fpctl_before = 0;
  bool fp_ok[CC_NFP];
  for (int i = 0; i < CC_NFP; ++i) fp_ok[i] = true;
#if defined(__x86_64__)
  bool rcx_ok = true, r11_ok = true;
#endif
  bool flags_ok = true, fpctl_ok = true;

  for (int s = 0; s < 2; ++s) {
    run_options o;
    o.set = s;
    o.nr = __NR_getppid;
    frame& f = trap(o);
    observe(f, obs[s]);
    for (int k = 0; k < CC_TRAP_SP; ++k)
      below_sp_ok = below_sp_ok && f.stack[k] == below_sp_pattern(k);
    result_ok = result_ok && result_of(f) == ppid;
    // Which register holds the result: the one (not loaded with the result
    // beforehand) that came back holding getppid's value.
    for (int i = 0; i < ngpr; ++i)
      if (gprs[i].r != role::none && static_cast<long>(f.out[i]) == ppid &&
          static_cast<long>(f.in[i]) != ppid)
        ret_seen = gprs[i].name;
    for (int i = 0; i < nfpr; ++i)
      if (fp_available(fprs[i]))
        fp_ok[i] = fp_ok[i] && bytes_equal(f.fin[i], f.fout[i], fprs[i].bytes);
    flags_set = f.misc[CC_M_FLAGS_SET];
    flags_out = f.misc[CC_M_FLAGS_OUT];
    flags_ok = flags_ok && (flags_out & flags_mask) == (flags_set & flags_mask);
    fpctl_set = f.misc[CC_M_FPCTL_SET];
    fpctl_out = f.misc[CC_M_FPCTL_OUT];
    fpctl_before = f.misc[CC_M_FPCTL_SAVED];
    fpctl_ok = fpctl_ok && fpctl_out == fpctl_set;
#if defined(__x86_64__)
    // syscall stores the address of the next instruction in rcx and rflags
    // in r11, and sysret restores rflags from r11 except the bits SYSRET
    // itself rewrites (RF, VM, the reserved ones): compare under SYSRET's
    // mask 0x3c7fd7 (Intel SDM, SYSRET).
    rcx_ok = rcx_ok && f.out[1] == f.misc[CC_M_AFTER_TRAP];
    r11_ok = r11_ok && (f.out[11] & 0x3c7fd7) == (flags_out & 0x3c7fd7);
#endif
  }

  // General registers.
  bool all = true;
  for (int i = 0; i < ngpr; ++i) {
    if (gprs[i].r != role::preserved) continue;
    bool ok = obs[0].preserved[i] && obs[1].preserved[i];
    all = all && ok;
    ctx.check(id(idb, "preserved.", gprs[i].name), ok, true, scope::arch);
  }
  ctx.check("all_preserved", all, true);
  // Registers other than the return register that changed, in either run.
  const char* clob = rt::str_eq(obs[0].clobbered.c_str(), obs[1].clobbered.c_str())
                         ? obs[0].clobbered.c_str()
                         : "differs between canary sets";
#if defined(__x86_64__)
  // rcx and r11 are written by the CPU's `syscall` instruction, which
  // qemu-user does not execute: it emulates the instruction and leaves both.
  if (qemu) {
    ctx.skip("clobbered", "qemu-user emulates the syscall instruction and does not write rcx, r11",
             clobbered_expect, scope::arch);
  } else {
    ctx.check("clobbered", clob, clobbered_expect, scope::arch);
  }
#else
  ctx.check("clobbered", clob, clobbered_expect, scope::arch);
#endif
  ctx.check("return_register", ret_seen, gprs[ret_reg].name, scope::arch);
  ctx.check("result_is_getppid", result_ok, true);
  ctx.check("stack_below_sp_untouched", below_sp_ok, true);

#if defined(__x86_64__)
  if (qemu) {
    ctx.skip("rcx_is_return_address",
             "qemu-user emulates the syscall instruction and does not write rcx", true,
             scope::arch);
    ctx.skip("r11_is_rflags", "qemu-user emulates the syscall instruction and does not write r11",
             true, scope::arch);
  } else {
    ctx.check("rcx_is_return_address", rcx_ok, true, scope::arch);
    ctx.check("r11_is_rflags", r11_ok, true, scope::arch);
  }
#else
  (void)qemu;
#endif
  if (flags_mask) {
    // The pattern really was installed, and came back.
    ctx.check("flags_preserved", flags_ok && (flags_set & flags_mask) == (flags_in & flags_mask),
              true, scope::arch);
  }

  // FP/SIMD registers.
  bool all_fp = true;
  for (int i = 0; i < nfpr; ++i) {
    const char* n = id(idb, "fp_preserved.", fprs[i].name);
    if (!fp_available(fprs[i])) {
      ctx.skip(n, fp_ext_missing, true, scope::arch);
    } else {
      all_fp = all_fp && fp_ok[i];
      ctx.check(n, fp_ok[i], true, scope::arch);
    }
  }
  ctx.check("all_fp_preserved", all_fp, true);
  // The control register (rounding mode etc.) survives: the value we set
  // took, and came back.
  if (fpctl_set != fpctl_in && fpctl_set == fpctl_before) {
    // Nothing took: a CPU whose FP control register ignores writes (qemu's
    // default mips64 model, 5KEf, keeps fcsr as it was - 0, or the sticky
    // inexact flags of the probe's own divisions - whatever is written).
    ctx.skip("fp_control_preserved", "this CPU (model) ignores writes to its FP control register",
             true);
  } else {
    ctx.check("fp_control_preserved", fpctl_ok && fpctl_set == fpctl_in, true);
  }
  ctx.record("fp_control_register", fpctl_name, scope::arch);

  check_arguments(ctx);
  const roundings after = round_tenths();
  ctx.check("fp_control_restored", after.pos == before.pos && after.neg == before.neg, true);
}
