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
//                           changed ("rcx r11" on x86_64, "none" elsewhere)
//   return_register         the register that came back holding the result
//   result_is_getppid       and its value is what getppid returns
//   stack_below_sp_untouched  the kernel wrote nothing below the stack pointer
//   flags_preserved         the condition flags survive (x86, arm, aarch64)
//   rcx_is_return_address, r11_is_rflags   x86_64's two documented clobbers
//   fp_preserved.<reg>, all_fp_preserved, fp_control_preserved   FP/SIMD state
//   args.*                  a six-argument call (copy_file_range) made with
//                           canaries in every other register: each argument
//                           register reaches the kernel, from the register the
//                           ABI names and no other
//   convention              the arch's table, as an info fact
//
// Register facts are scope "arch" (the register set is the arch's); the
// summaries (all_preserved, ...) are portable: true on every arch.
#include <asm/unistd.h>
#include <linux/fcntl.h>

#include "calling_convention/frame.h"
#include "harness/environment.hpp"
#include "harness/harness.hpp"

extern "C" unsigned long sysabi_cc_trap(void* frame);

namespace {

using namespace sysabi;
using harness::scope;
using ulong = unsigned long;

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

// --- what each arch promises ---------------------------------------------------

enum class role : u8 {
  none,       // not a register the routine loads (riscv x0, arm pc, unused slots)
  preserved,  // must come back unchanged
  result,     // the return register
  clobbered,  // documented to be overwritten (x86_64 rcx, r11)
};

struct gpr {
  const char* name;
  role r;
};

struct fpr {
  const char* name;
  u8 bytes;  // bytes of the slot that are the register
  bool ext;  // only with CC_OPT_FP_EXT (a CPU feature the baseline lacks)
  bool x87;  // canary must be a normal double (x87 loads convert)
};

constexpr role P = role::preserved;
constexpr role R = role::result;
constexpr role C = role::clobbered;

// AT_HWCAP, the auxv type (linux/auxvec.h).
constexpr unsigned long at_hwcap = 16;

#if defined(__x86_64__)
constexpr const char* trap_insn = "syscall";
constexpr gpr gprs[] = {{"rax", R}, {"rcx", C}, {"rdx", P}, {"rbx", P}, {"rsp", P}, {"rbp", P},
                        {"rsi", P}, {"rdi", P}, {"r8", P},  {"r9", P},  {"r10", P}, {"r11", C},
                        {"r12", P}, {"r13", P}, {"r14", P}, {"r15", P}};
constexpr int sp_reg = 4, nr_reg = 0, ret_reg = 0;
constexpr int arg_regs[6] = {7, 6, 2, 10, 8, 9};  // rdi rsi rdx r10 r8 r9
constexpr const char* clobbered_expect = "rcx r11";
constexpr fpr fprs[] = {
    {"xmm0", 16, false, false},  {"xmm1", 16, false, false},  {"xmm2", 16, false, false},
    {"xmm3", 16, false, false},  {"xmm4", 16, false, false},  {"xmm5", 16, false, false},
    {"xmm6", 16, false, false},  {"xmm7", 16, false, false},  {"xmm8", 16, false, false},
    {"xmm9", 16, false, false},  {"xmm10", 16, false, false}, {"xmm11", 16, false, false},
    {"xmm12", 16, false, false}, {"xmm13", 16, false, false}, {"xmm14", 16, false, false},
    {"xmm15", 16, false, false}};
// rflags: CF PF AF ZF SF OF are the flags user code sets; set CF PF ZF OF.
constexpr ulong flags_mask = 0x8d5, flags_in = 0x847;
// mxcsr: all exceptions masked (the default 0x1f80) and round toward zero.
constexpr ulong fpctl_in = 0x7f80;
constexpr const char* fpctl_name = "mxcsr";
constexpr const char* fp_ext_missing = nullptr;
inline bool have_fp_ext() { return false; }

#elif defined(__i386__)
constexpr const char* trap_insn = "int $0x80";
constexpr gpr gprs[] = {{"eax", R}, {"ecx", P}, {"edx", P}, {"ebx", P},
                        {"esp", P}, {"ebp", P}, {"esi", P}, {"edi", P}};
constexpr int sp_reg = 4, nr_reg = 0, ret_reg = 0;
constexpr int arg_regs[6] = {3, 1, 2, 6, 7, 5};  // ebx ecx edx esi edi ebp
constexpr const char* clobbered_expect = "none";
constexpr fpr fprs[] = {
    {"st0", 8, false, true},   {"st1", 8, false, true},   {"st2", 8, false, true},
    {"st3", 8, false, true},   {"st4", 8, false, true},   {"st5", 8, false, true},
    {"st6", 8, false, true},   {"st7", 8, false, true},   {"xmm0", 16, true, false},
    {"xmm1", 16, true, false}, {"xmm2", 16, true, false}, {"xmm3", 16, true, false},
    {"xmm4", 16, true, false}, {"xmm5", 16, true, false}, {"xmm6", 16, true, false},
    {"xmm7", 16, true, false}};
constexpr ulong flags_mask = 0x8d5, flags_in = 0x847;
// x87 control word: all exceptions masked, 64-bit precision (the default
// 0x037f), round toward zero.
constexpr ulong fpctl_in = 0x0f7f;
constexpr const char* fpctl_name = "x87 control word";
constexpr const char* fp_ext_missing = "CPU without SSE2 (AT_HWCAP bit 26)";
inline bool have_fp_ext() { return harness::getauxval(at_hwcap) & (1UL << 26); }

#elif defined(__aarch64__)
constexpr const char* trap_insn = "svc #0";
constexpr gpr gprs[] = {
    {"x0", R},  {"x1", P},  {"x2", P},  {"x3", P},  {"x4", P},  {"x5", P},  {"x6", P},  {"x7", P},
    {"x8", P},  {"x9", P},  {"x10", P}, {"x11", P}, {"x12", P}, {"x13", P}, {"x14", P}, {"x15", P},
    {"x16", P}, {"x17", P}, {"x18", P}, {"x19", P}, {"x20", P}, {"x21", P}, {"x22", P}, {"x23", P},
    {"x24", P}, {"x25", P}, {"x26", P}, {"x27", P}, {"x28", P}, {"x29", P}, {"x30", P}, {"sp", P}};
constexpr int sp_reg = 31, nr_reg = 8, ret_reg = 0;
constexpr int arg_regs[6] = {0, 1, 2, 3, 4, 5};
constexpr const char* clobbered_expect = "none";
constexpr fpr fprs[] = {
    {"v0", 16, false, false},  {"v1", 16, false, false},  {"v2", 16, false, false},
    {"v3", 16, false, false},  {"v4", 16, false, false},  {"v5", 16, false, false},
    {"v6", 16, false, false},  {"v7", 16, false, false},  {"v8", 16, false, false},
    {"v9", 16, false, false},  {"v10", 16, false, false}, {"v11", 16, false, false},
    {"v12", 16, false, false}, {"v13", 16, false, false}, {"v14", 16, false, false},
    {"v15", 16, false, false}, {"v16", 16, false, false}, {"v17", 16, false, false},
    {"v18", 16, false, false}, {"v19", 16, false, false}, {"v20", 16, false, false},
    {"v21", 16, false, false}, {"v22", 16, false, false}, {"v23", 16, false, false},
    {"v24", 16, false, false}, {"v25", 16, false, false}, {"v26", 16, false, false},
    {"v27", 16, false, false}, {"v28", 16, false, false}, {"v29", 16, false, false},
    {"v30", 16, false, false}, {"v31", 16, false, false}};
// NZCV: set N and C.
constexpr ulong flags_mask = 0xf0000000UL, flags_in = 0xa0000000UL;
// FPCR: flush-to-zero, round toward zero.
constexpr ulong fpctl_in = 0x01c00000;
constexpr const char* fpctl_name = "fpcr";
constexpr const char* fp_ext_missing = nullptr;
inline bool have_fp_ext() { return false; }

#elif defined(__arm__)
constexpr const char* trap_insn = "svc #0";
constexpr gpr gprs[] = {{"r0", R},  {"r1", P},  {"r2", P},  {"r3", P}, {"r4", P},
                        {"r5", P},  {"r6", P},  {"r7", P},  {"r8", P}, {"r9", P},
                        {"r10", P}, {"r11", P}, {"r12", P}, {"sp", P}, {"lr", P}};
constexpr int sp_reg = 13, nr_reg = 7, ret_reg = 0;
constexpr int arg_regs[6] = {0, 1, 2, 3, 4, 5};
constexpr const char* clobbered_expect = "none";
constexpr fpr fprs[] = {
    {"d0", 8, false, false},  {"d1", 8, false, false},  {"d2", 8, false, false},
    {"d3", 8, false, false},  {"d4", 8, false, false},  {"d5", 8, false, false},
    {"d6", 8, false, false},  {"d7", 8, false, false},  {"d8", 8, false, false},
    {"d9", 8, false, false},  {"d10", 8, false, false}, {"d11", 8, false, false},
    {"d12", 8, false, false}, {"d13", 8, false, false}, {"d14", 8, false, false},
    {"d15", 8, false, false}, {"d16", 8, true, false},  {"d17", 8, true, false},
    {"d18", 8, true, false},  {"d19", 8, true, false},  {"d20", 8, true, false},
    {"d21", 8, true, false},  {"d22", 8, true, false},  {"d23", 8, true, false},
    {"d24", 8, true, false},  {"d25", 8, true, false},  {"d26", 8, true, false},
    {"d27", 8, true, false},  {"d28", 8, true, false},  {"d29", 8, true, false},
    {"d30", 8, true, false},  {"d31", 8, true, false}};
// APSR: set N, C and Q.
constexpr ulong flags_mask = 0xf8000000UL, flags_in = 0xa8000000UL;
// FPSCR: flush-to-zero, round toward zero.
constexpr ulong fpctl_in = 0x01c00000;
constexpr const char* fpctl_name = "fpscr";
constexpr const char* fp_ext_missing = "CPU without VFP-D32 (AT_HWCAP bit 19)";
inline bool have_fp_ext() { return harness::getauxval(at_hwcap) & (1UL << 19); }

#elif defined(__riscv) && __riscv_xlen == 64
constexpr const char* trap_insn = "ecall";
constexpr gpr gprs[] = {{"zero", role::none},
                        {"ra", P},
                        {"sp", P},
                        {"gp", P},
                        {"tp", P},
                        {"t0", P},
                        {"t1", P},
                        {"t2", P},
                        {"s0", P},
                        {"s1", P},
                        {"a0", R},
                        {"a1", P},
                        {"a2", P},
                        {"a3", P},
                        {"a4", P},
                        {"a5", P},
                        {"a6", P},
                        {"a7", P},
                        {"s2", P},
                        {"s3", P},
                        {"s4", P},
                        {"s5", P},
                        {"s6", P},
                        {"s7", P},
                        {"s8", P},
                        {"s9", P},
                        {"s10", P},
                        {"s11", P},
                        {"t3", P},
                        {"t4", P},
                        {"t5", P},
                        {"t6", P}};
constexpr int sp_reg = 2, nr_reg = 17, ret_reg = 10;
constexpr int arg_regs[6] = {10, 11, 12, 13, 14, 15};
constexpr const char* clobbered_expect = "none";
constexpr fpr fprs[] = {
    {"ft0", 8, false, false},  {"ft1", 8, false, false}, {"ft2", 8, false, false},
    {"ft3", 8, false, false},  {"ft4", 8, false, false}, {"ft5", 8, false, false},
    {"ft6", 8, false, false},  {"ft7", 8, false, false}, {"fs0", 8, false, false},
    {"fs1", 8, false, false},  {"fa0", 8, false, false}, {"fa1", 8, false, false},
    {"fa2", 8, false, false},  {"fa3", 8, false, false}, {"fa4", 8, false, false},
    {"fa5", 8, false, false},  {"fa6", 8, false, false}, {"fa7", 8, false, false},
    {"fs2", 8, false, false},  {"fs3", 8, false, false}, {"fs4", 8, false, false},
    {"fs5", 8, false, false},  {"fs6", 8, false, false}, {"fs7", 8, false, false},
    {"fs8", 8, false, false},  {"fs9", 8, false, false}, {"fs10", 8, false, false},
    {"fs11", 8, false, false}, {"ft8", 8, false, false}, {"ft9", 8, false, false},
    {"ft10", 8, false, false}, {"ft11", 8, false, false}};
// riscv has no condition flags.
constexpr ulong flags_mask = 0, flags_in = 0;
// fcsr: frm = RTZ (1), and the inexact flag NX raised.
constexpr ulong fpctl_in = 0x21;
constexpr const char* fpctl_name = "fcsr";
constexpr const char* fp_ext_missing = nullptr;
// f0-f31 and fcsr: Debian's riscv64 is lp64d, whose calling convention
// itself needs the F and D extensions.
inline bool have_fp_ext() { return false; }

#else
#error "calling_convention: unsupported architecture"
#endif

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
  f.in[sp_reg] = reinterpret_cast<ulong>(&f) + CC_TRAP_SP;
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
    if (gprs[i].r == role::none) continue;
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

// Creates an unlinked temporary file holding `contents` (16 bytes).
raw::result<int> temp_file(const char* tag, const char* contents) {
  rt::sbuf<96> path("/tmp/sysabi-calling_convention-");
  path.add(static_cast<long>(raw::getpid().value())).add('-').add(tag);
  auto fd = raw::openat(AT_FDCWD, path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (!fd.ok()) return fd;
  raw::unlinkat(AT_FDCWD, path.c_str(), 0);
  raw::write(fd.value(), contents, 16);
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
                                        "args.error_result"};

void check_arguments(harness::context& ctx) {
  // copy_file_range(fd_in, &off_in, fd_out, &off_out, len, flags): every
  // argument leaves its own trace.  Copy 4 bytes from offset 3 of A to
  // offset 5 of B; every other register holds a canary, so an argument read
  // from any other register would show.
  auto a = temp_file("a", "ABCDEFGHIJKLMNOP");
  auto b = temp_file("b", "abcdefghijklmnop");
  if (!a.ok() || !b.ok()) {
    for (const char* n : arg_fact_ids) ctx.skip(n, "cannot create a file under /tmp");
    if (a.ok()) raw::close(a.value());
    if (b.ok()) raw::close(b.value());
    return;
  }
  const int fa = a.value(), fb = b.value();
  i64 off_in = 3, off_out = 5;

  run_options o;
  o.nr = __NR_copy_file_range;
  o.nargs = 6;
  o.args[0] = static_cast<ulong>(fa);
  o.args[1] = reinterpret_cast<ulong>(&off_in);
  o.args[2] = static_cast<ulong>(fb);
  o.args[3] = reinterpret_cast<ulong>(&off_out);
  o.args[4] = 4;
  o.args[5] = 0;
  frame& f = trap(o);
  long result = static_cast<long>(f.out[ret_reg]);

  if (raw::is_error(result) &&
      (-result == 38 /* ENOSYS */ || -result == 95 /* EOPNOTSUPP */ || -result == 18 /* EXDEV */)) {
    rt::sbuf<96> why("copy_file_range unavailable here: ");
    why.add(harness::errno_name(static_cast<int>(-result)));
    for (const char* n : arg_fact_ids) ctx.skip(n, why.c_str());
    raw::close(fa);
    raw::close(fb);
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
  long refused = static_cast<long>(g.out[ret_reg]);
  ctx.check("args.arg6_reaches_kernel", result == 4 && refused == -22 /* EINVAL */, true);
  // And the error comes back in the return register as -errno.
  ctx.check("args.error_result",
            raw::is_error(refused) ? harness::errno_name(static_cast<int>(-refused)) : "ok",
            "EINVAL");
  raw::close(fa);
  raw::close(fb);
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

}  // namespace

SYSABI_PROBE(calling_convention) {
  record_convention(ctx);
  const bool qemu = harness::under_qemu_user();
  rt::sbuf<64> idb;

  // Two runs of getppid (no arguments), with complementary canaries.
  observed obs[2];
  bool below_sp_ok = true;
  bool result_ok = true;
  const char* ret_seen = "none";
  const long ppid = raw::getppid().value();
  ulong flags_set = 0, flags_out = 0, fpctl_set = 0, fpctl_out = 0;
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
    result_ok = result_ok && static_cast<long>(f.out[ret_reg]) == ppid;
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
  ctx.check("fp_control_preserved", fpctl_ok && fpctl_set == fpctl_in, true);
  ctx.record("fp_control_register", fpctl_name, scope::arch);

  check_arguments(ctx);
}
