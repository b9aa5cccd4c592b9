// abi_checks/calling_convention/riscv64.hpp - riscv64's system-call register
// table for the calling_convention probe: what the kernel ABI promises for
// each register riscv64.S loads (fields: registers.hpp).
#pragma once

#include "calling_convention/registers.hpp"

namespace sysabi::cc {

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

}  // namespace sysabi::cc
