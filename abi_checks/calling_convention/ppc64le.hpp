// abi_checks/calling_convention/ppc64le.hpp - ppc64le's system-call register
// table for the calling_convention probe: what the kernel ABI promises for
// each register ppc64le.S loads (fields: registers.hpp).
//
// Documentation/arch/powerpc/syscall64-abi.rst: r0 and r4-r12 are volatile
// (scratch: the kernel may overwrite them or leave them), r3 carries the
// result, cr0.SO the error flag; r1, r2 (TOC), r13
// (thread pointer), r14-r31, cr1-cr7, every FP/vector register and the
// FPSCR survive.
#pragma once

#include "calling_convention/registers.hpp"

namespace sysabi::cc {

constexpr const char* trap_insn = "sc";
constexpr gpr gprs[] = {
    {"r0", S},  {"r1", P},  {"r2", P},  {"r3", R},  {"r4", S},  {"r5", S},  {"r6", S},
    {"r7", S},  {"r8", S},  {"r9", S},  {"r10", S}, {"r11", S}, {"r12", S}, {"r13", P},
    {"r14", P}, {"r15", P}, {"r16", P}, {"r17", P}, {"r18", P}, {"r19", P}, {"r20", P},
    {"r21", P}, {"r22", P}, {"r23", P}, {"r24", P}, {"r25", P}, {"r26", P}, {"r27", P},
    {"r28", P}, {"r29", P}, {"r30", P}, {"r31", P}};
constexpr int sp_reg = 1, nr_reg = 0, ret_reg = 3;
constexpr int arg_regs[6] = {3, 4, 5, 6, 7, 8};
constexpr const char* clobbered_expect = "none";
// vs0-vs31, 16 bytes each: f0-f31 are their first doublewords, so the FP
// registers are covered too.  (vs32-vs63, the VMX registers v0-v31, are
// not loaded.)  VSX is in the ppc64le baseline (POWER8).
constexpr fpr fprs[] = {
    {"vs0", 16, false, false},  {"vs1", 16, false, false},  {"vs2", 16, false, false},
    {"vs3", 16, false, false},  {"vs4", 16, false, false},  {"vs5", 16, false, false},
    {"vs6", 16, false, false},  {"vs7", 16, false, false},  {"vs8", 16, false, false},
    {"vs9", 16, false, false},  {"vs10", 16, false, false}, {"vs11", 16, false, false},
    {"vs12", 16, false, false}, {"vs13", 16, false, false}, {"vs14", 16, false, false},
    {"vs15", 16, false, false}, {"vs16", 16, false, false}, {"vs17", 16, false, false},
    {"vs18", 16, false, false}, {"vs19", 16, false, false}, {"vs20", 16, false, false},
    {"vs21", 16, false, false}, {"vs22", 16, false, false}, {"vs23", 16, false, false},
    {"vs24", 16, false, false}, {"vs25", 16, false, false}, {"vs26", 16, false, false},
    {"vs27", 16, false, false}, {"vs28", 16, false, false}, {"vs29", 16, false, false},
    {"vs30", 16, false, false}, {"vs31", 16, false, false}};
// CR: eight 4-bit fields, cr0 the top one.  cr0 is the error flag (its SO
// bit), cr1-cr7 must survive: a pattern in each.
constexpr ulong flags_mask = 0x0fffffff, flags_in = 0x05a3c96e;
// The error flag: cr0.SO set means r3 holds a positive errno.
#define SYSABI_CC_ERROR_FLAG 1
constexpr ulong error_flag_mask = 0x10000000;
constexpr const char* error_flag_name = "cr0.SO";
// FPSCR (low word): RN = 01 (round toward zero), and XX (inexact, sticky).
constexpr ulong fpctl_in = 0x02000001;
constexpr const char* fpctl_name = "fpscr";
constexpr const char* fp_ext_missing = nullptr;
inline bool have_fp_ext() { return false; }

}  // namespace sysabi::cc
