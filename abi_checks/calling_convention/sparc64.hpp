// abi_checks/calling_convention/sparc64.hpp - sparc64's system-call register
// table for the calling_convention probe: what the kernel ABI promises for
// each register sparc64.S loads (fields: registers.hpp).
#pragma once

#include "calling_convention/registers.hpp"

namespace sysabi::cc {

constexpr const char* trap_insn = "ta 0x6d";
constexpr gpr gprs[] = {{"g0", role::none},
                        {"g1", P},
                        {"g2", P},
                        {"g3", P},
                        {"g4", P},
                        {"g5", P},
                        {"g6", P},
                        {"g7", P},
                        {"o0", R},
                        {"o1", P},
                        {"o2", P},
                        {"o3", P},
                        {"o4", P},
                        {"o5", P},
                        {"sp", P},  // %o6
                        {"o7", P},
                        {"l0", P},
                        {"l1", P},
                        {"l2", P},
                        {"l3", P},
                        {"l4", P},
                        {"l5", P},
                        {"l6", P},
                        {"l7", P},
                        {"i0", P},
                        {"i1", P},
                        {"i2", P},
                        {"i3", P},
                        {"i4", P},
                        {"i5", P},
                        {"fp", P},  // %i6
                        {"i7", P}};
constexpr int sp_reg = 14, nr_reg = 1, ret_reg = 8;
constexpr int arg_regs[6] = {8, 9, 10, 11, 12, 13};
// getppid does not write %o1 (only fork/clone/vfork and pipe do).
constexpr const char* clobbered_expect = "none";
constexpr fpr fprs[] = {
    {"d0", 8, false, false},  {"d2", 8, false, false},  {"d4", 8, false, false},
    {"d6", 8, false, false},  {"d8", 8, false, false},  {"d10", 8, false, false},
    {"d12", 8, false, false}, {"d14", 8, false, false}, {"d16", 8, false, false},
    {"d18", 8, false, false}, {"d20", 8, false, false}, {"d22", 8, false, false},
    {"d24", 8, false, false}, {"d26", 8, false, false}, {"d28", 8, false, false},
    {"d30", 8, false, false}, {"d32", 8, false, false}, {"d34", 8, false, false},
    {"d36", 8, false, false}, {"d38", 8, false, false}, {"d40", 8, false, false},
    {"d42", 8, false, false}, {"d44", 8, false, false}, {"d46", 8, false, false},
    {"d48", 8, false, false}, {"d50", 8, false, false}, {"d52", 8, false, false},
    {"d54", 8, false, false}, {"d56", 8, false, false}, {"d58", 8, false, false},
    {"d60", 8, false, false}, {"d62", 8, false, false}};
// %ccr: xcc (bits 7-4) and icc (bits 3-0), each N Z V C.  The carry bits
// are the error flag, which every call writes: the mask leaves them out.
// flags_in sets N and V in both.
constexpr ulong flags_mask = 0xee, flags_in = 0xaa;
// %xcc's carry bit: set when the call failed (o0 then holds +errno).
constexpr ulong xcc_carry = 0x10;
// %fsr: RD (bits 31:30) = 1, round toward zero; aexc.nxa (bit 5), the
// accrued inexact flag.  No trap enabled.
constexpr ulong fpctl_in = 0x40000020;
constexpr const char* fpctl_name = "fsr";
constexpr const char* fp_ext_missing = nullptr;
// f0-f62: every SPARC V9 CPU has them.
inline bool have_fp_ext() { return false; }

}  // namespace sysabi::cc
