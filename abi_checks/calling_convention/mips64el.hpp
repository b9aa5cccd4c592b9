// abi_checks/calling_convention/mips64el.hpp - mips64 n64's system-call
// register table for the calling_convention probe: what the kernel ABI
// promises for each register mips64el.S loads (fields: registers.hpp).
//
// The kernel's syscall entry (SAVE_SOME) saves and its exit (RESTORE_SOME)
// restores v0-v1, a0-a5, t9, gp, sp, ra, and the C code keeps s0-s7 and fp;
// at, a6, a7, t0-t3 and t8 are neither saved nor restored: they come back as
// the kernel's code left them (S, role::scratch, not checked).  a3 is
// overwritten with the error flag (C).  k0/k1 are the kernel's own.
#pragma once

#include "calling_convention/registers.hpp"

namespace sysabi::cc {

constexpr const char* trap_insn = "syscall";
constexpr gpr gprs[] = {{"zero", role::none},
                        {"at", S},
                        {"v0", R},
                        {"v1", P},
                        {"a0", P},
                        {"a1", P},
                        {"a2", P},
                        {"a3", C},
                        {"a4", P},
                        {"a5", P},
                        {"a6", S},
                        {"a7", S},
                        {"t0", S},
                        {"t1", S},
                        {"t2", S},
                        {"t3", S},
                        {"s0", P},
                        {"s1", P},
                        {"s2", P},
                        {"s3", P},
                        {"s4", P},
                        {"s5", P},
                        {"s6", P},
                        {"s7", P},
                        {"t8", S},
                        {"t9", P},
                        {"k0", role::none},
                        {"k1", role::none},
                        {"gp", P},
                        {"sp", P},
                        {"fp", P},
                        {"ra", P}};
constexpr int sp_reg = 29, nr_reg = 2, ret_reg = 2;
constexpr int arg_regs[6] = {4, 5, 6, 7, 8, 9};
// a3: the error flag, 0 after a call that succeeded.
constexpr int error_flag_reg = 7;
constexpr const char* clobbered_expect = "a3";
constexpr fpr fprs[] = {{"f0", 8, false, false}, {"f1", 8, false, false}, {"f2", 8, false, false}, {"f3", 8, false, false}, {"f4", 8, false, false}, {"f5", 8, false, false}, {"f6", 8, false, false}, {"f7", 8, false, false}, {"f8", 8, false, false}, {"f9", 8, false, false}, {"f10", 8, false, false}, {"f11", 8, false, false}, {"f12", 8, false, false}, {"f13", 8, false, false}, {"f14", 8, false, false}, {"f15", 8, false, false}, {"f16", 8, false, false}, {"f17", 8, false, false}, {"f18", 8, false, false}, {"f19", 8, false, false}, {"f20", 8, false, false}, {"f21", 8, false, false}, {"f22", 8, false, false}, {"f23", 8, false, false}, {"f24", 8, false, false}, {"f25", 8, false, false}, {"f26", 8, false, false}, {"f27", 8, false, false}, {"f28", 8, false, false}, {"f29", 8, false, false}, {"f30", 8, false, false}, {"f31", 8, false, false}};
// mips has no condition flags.
constexpr ulong flags_mask = 0, flags_in = 0;
// fcsr: RM = round toward zero (1), and the inexact flag (bit 2) raised.
constexpr ulong fpctl_in = 0x5;
constexpr const char* fpctl_name = "fcsr";
constexpr const char* fp_ext_missing = nullptr;
// f0-f31 and fcsr: Debian's mips64el is hard-float (FR=1).
inline bool have_fp_ext() { return false; }

}  // namespace sysabi::cc
