// abi_checks/calling_convention/arm.hpp - 32-bit Arm (EABI)'s system-call register
// table for the calling_convention probe: what the kernel ABI promises for
// each register arm.S loads (fields: registers.hpp).
#pragma once

#include "calling_convention/registers.hpp"

namespace sysabi::cc {

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

}  // namespace sysabi::cc
