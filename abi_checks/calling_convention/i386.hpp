// abi_checks/calling_convention/i386.hpp - i386's system-call register
// table for the calling_convention probe: what the kernel ABI promises for
// each register i386.S loads (fields: registers.hpp).
#pragma once

#include "calling_convention/registers.hpp"

namespace sysabi::cc {

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

}  // namespace sysabi::cc
