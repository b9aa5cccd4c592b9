// abi_checks/calling_convention/x86_64.hpp - x86_64's system-call register
// table for the calling_convention probe: what the kernel ABI promises for
// each register x86_64.S loads (fields: registers.hpp).
#pragma once

#include "calling_convention/registers.hpp"

namespace sysabi::cc {

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

}  // namespace sysabi::cc
