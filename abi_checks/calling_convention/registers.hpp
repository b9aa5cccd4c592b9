// abi_checks/calling_convention/registers.hpp - the types of the per-arch
// register tables (calling_convention/<arch>.hpp, each beside the <arch>.S
// that loads and stores the registers in the table's order).
//
// Each arch header defines, in namespace sysabi::cc:
//   trap_insn          the system-call instruction, for the convention fact
//   gprs[]             every general register in frame.h's slot order, with
//                      what the kernel ABI promises for it (role)
//   sp_reg, nr_reg, ret_reg   slots of the stack pointer, the number, the result
//   arg_regs[6]        slots of arguments 1-6
//   clobbered_expect   the registers besides the result the trap overwrites
//   fprs[]             the FP/SIMD registers in frame.h's fin[] order
//   flags_mask, flags_in    the condition flags loaded (0: none on the arch)
//   fpctl_in, fpctl_name    the FP control register's loaded value and name
//   fp_ext_missing, have_fp_ext()   the CPU feature the extension registers
//                      (ext) need, and whether this CPU has it
#pragma once

#include "harness/harness.hpp"
#include "sysabi/raw/types.hpp"

namespace sysabi::cc {

using ulong = sysabi::ureg;  // a whole register: unsigned long, 64 bits on x32

enum class role : u8 {
  none,       // not a register the routine loads (riscv x0, arm pc, unused slots)
  preserved,  // must come back unchanged
  result,     // the return register
  clobbered,  // documented to be overwritten (x86_64 rcx, r11, mips a3)
  scratch,    // volatile: the kernel may overwrite it or leave it (ppc64le
              // r0, r4-r12; mips at, t0-t3, ...), so neither "preserved"
              // nor "clobbered" judges it: not checked
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
constexpr role S = role::scratch;

// AT_HWCAP, the auxv type (linux/auxvec.h).
constexpr unsigned long at_hwcap = 16;

}  // namespace sysabi::cc
