// abi_checks/calling_convention/s390x.hpp - s390x's system-call register
// table for the calling_convention probe: what the kernel ABI promises for
// each register s390x.S loads (fields: registers.hpp).
#pragma once

#include "calling_convention/registers.hpp"

namespace sysabi::cc {

constexpr const char* trap_insn = "svc 0";
constexpr gpr gprs[] = {{"r0", P},  {"r1", P},  {"r2", R},  {"r3", P},  {"r4", P},  {"r5", P},
                        {"r6", P},  {"r7", P},  {"r8", P},  {"r9", P},  {"r10", P}, {"r11", P},
                        {"r12", P}, {"r13", P}, {"r14", P}, {"r15", P}};
constexpr int sp_reg = 15, nr_reg = 1, ret_reg = 2;
constexpr int arg_regs[6] = {2, 3, 4, 5, 6, 7};
constexpr const char* clobbered_expect = "none";
constexpr fpr fprs[] = {{"f0", 8, false, false},  {"f1", 8, false, false},
                        {"f2", 8, false, false},  {"f3", 8, false, false},
                        {"f4", 8, false, false},  {"f5", 8, false, false},
                        {"f6", 8, false, false},  {"f7", 8, false, false},
                        {"f8", 8, false, false},  {"f9", 8, false, false},
                        {"f10", 8, false, false}, {"f11", 8, false, false},
                        {"f12", 8, false, false}, {"f13", 8, false, false},
                        {"f14", 8, false, false}, {"f15", 8, false, false}};
// The condition code, as ipm shows it: bits 34-35 of the register (CC 2).
// The program mask (bits 36-39) stays 0.
constexpr ulong flags_mask = 0x30000000UL, flags_in = 0x20000000UL;
// FPC: the IEEE inexact flag (flags byte 0x08) raised, BFP rounding toward
// zero (1); no exception masks (they would make inexact results trap).
constexpr ulong fpctl_in = 0x00080001;
constexpr const char* fpctl_name = "fpc";
constexpr const char* fp_ext_missing = nullptr;
// f0-f15 are in every z/Architecture CPU.
inline bool have_fp_ext() { return false; }

}  // namespace sysabi::cc
