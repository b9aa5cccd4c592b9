// abi_checks/calling_convention/aarch64.hpp - aarch64 (AArch64)'s system-call register
// table for the calling_convention probe: what the kernel ABI promises for
// each register aarch64.S loads (fields: registers.hpp).
#pragma once

#include "calling_convention/registers.hpp"

namespace sysabi::cc {

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

}  // namespace sysabi::cc
