// sysabi/raw/arch/ppc64le.hpp - the ppc64le (ELFv2) system-call instruction.
//
//   trap        sc
//   number      r0
//   arguments   r3  r4  r5  r6  r7  r8
//   return      r3, and cr0.SO (summary overflow) as the error flag: clear,
//               r3 is the result; set, r3 is a *positive* errno.  The stubs
//               below turn that into the -errno every sysabi arch returns:
//                   sc               # enter the kernel
//                   bns+  1f         # cr0.SO clear: r3 is the result, done
//                   neg   r3, r3     # cr0.SO set: errno -> -errno
//                 1:
//   clobbered   r0 (the number), r3 (the result), r4-r12, cr0, ctr, xer
//               memory (the kernel may read or write any buffer we passed)
//   preserved   r1 (sp), r2 (TOC), r13 (thread pointer), r14-r31, lr,
//               cr1-cr7, f0-f31, v0-v31/vs0-vs63, fpscr, vrsave
//
// Source: Documentation/arch/powerpc/syscall64-abi.rst (the register rules:
// r0 and r4-r12 volatile, cr0.SO the error condition for sc, everything
// else as the ELF ABI's calling sequence says, which makes ctr and xer
// volatile too), arch/powerpc/kernel/interrupt_64.S system_call_common
// (gpr0 is the number, gpr3..gpr8 the arguments; syscall_exit_prepare sets
// CR0.SO and negates r3 for an error).
#pragma once

#include <asm/unistd.h>  // __NR_rt_sigreturn for the trampoline below

#include "sysabi/raw/arch/restore_rt.hpp"
#include "sysabi/raw/types.hpp"

#define SYSABI_ARCH_NAME "ppc64le"
#define SYSABI_TRAP_INSN "sc"

// The instruction and the error conversion, shared by syscall0..6.  %1 is r3.
#define SYSABI_PPC64_SC \
  "sc\n\t"              \
  "bns+ 1f\n\t"         \
  "neg %1, %1\n"        \
  "1:"

namespace sysabi::raw::arch {

[[gnu::always_inline]] inline long syscall0(long n) {
  register long r0 asm("r0") = n;
  register long r3 asm("r3");
  asm volatile(SYSABI_PPC64_SC
               : "+r"(r0), "=r"(r3)
               :
               : "memory", "cr0", "ctr", "xer", "r4", "r5", "r6", "r7", "r8", "r9", "r10",
                 "r11", "r12");
  return r3;
}

[[gnu::always_inline]] inline long syscall1(long n, long a1) {
  register long r0 asm("r0") = n;
  register long r3 asm("r3") = a1;
  asm volatile(SYSABI_PPC64_SC
               : "+r"(r0), "+r"(r3)
               :
               : "memory", "cr0", "ctr", "xer", "r4", "r5", "r6", "r7", "r8", "r9", "r10",
                 "r11", "r12");
  return r3;
}

[[gnu::always_inline]] inline long syscall2(long n, long a1, long a2) {
  register long r0 asm("r0") = n;
  register long r3 asm("r3") = a1;
  register long r4 asm("r4") = a2;
  asm volatile(SYSABI_PPC64_SC
               : "+r"(r0), "+r"(r3), "+r"(r4)
               :
               : "memory", "cr0", "ctr", "xer", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
                 "r12");
  return r3;
}

[[gnu::always_inline]] inline long syscall3(long n, long a1, long a2, long a3) {
  register long r0 asm("r0") = n;
  register long r3 asm("r3") = a1;
  register long r4 asm("r4") = a2;
  register long r5 asm("r5") = a3;
  asm volatile(SYSABI_PPC64_SC
               : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5)
               :
               : "memory", "cr0", "ctr", "xer", "r6", "r7", "r8", "r9", "r10", "r11", "r12");
  return r3;
}

[[gnu::always_inline]] inline long syscall4(long n, long a1, long a2, long a3, long a4) {
  register long r0 asm("r0") = n;
  register long r3 asm("r3") = a1;
  register long r4 asm("r4") = a2;
  register long r5 asm("r5") = a3;
  register long r6 asm("r6") = a4;
  asm volatile(SYSABI_PPC64_SC
               : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
               :
               : "memory", "cr0", "ctr", "xer", "r7", "r8", "r9", "r10", "r11", "r12");
  return r3;
}

[[gnu::always_inline]] inline long syscall5(long n, long a1, long a2, long a3, long a4, long a5) {
  register long r0 asm("r0") = n;
  register long r3 asm("r3") = a1;
  register long r4 asm("r4") = a2;
  register long r5 asm("r5") = a3;
  register long r6 asm("r6") = a4;
  register long r7 asm("r7") = a5;
  asm volatile(SYSABI_PPC64_SC
               : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7)
               :
               : "memory", "cr0", "ctr", "xer", "r8", "r9", "r10", "r11", "r12");
  return r3;
}

[[gnu::always_inline]] inline long syscall6(long n, long a1, long a2, long a3, long a4, long a5,
                                            long a6) {
  register long r0 asm("r0") = n;
  register long r3 asm("r3") = a1;
  register long r4 asm("r4") = a2;
  register long r5 asm("r5") = a3;
  register long r6 asm("r6") = a4;
  register long r7 asm("r7") = a5;
  register long r8 asm("r8") = a6;
  asm volatile(SYSABI_PPC64_SC
               : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8)
               :
               : "memory", "cr0", "ctr", "xer", "r9", "r10", "r11", "r12");
  return r3;
}

}  // namespace sysabi::raw::arch

#undef SYSABI_PPC64_SC

// sysabi_restore_rt: the same trampoline as on the other arches, so that
// every arch has the symbol the disassembly tables show.  powerpc defines
// SA_RESTORER and its struct sigaction has sa_restorer, but the kernel does
// not read it: a 64-bit handler returns through the vDSO's
// __kernel_sigtramp_rt64 (or, without a vDSO, a trampoline the kernel
// writes into the signal frame), which the kernel puts in lr.
// (SYSABI_RESTORE_RT: sysabi/raw/arch/restore_rt.hpp.)
SYSABI_RESTORE_RT(2, "",
                  "        li      0, " SYSABI_STR(__NR_rt_sigreturn) "   /* r0: the number, rt_sigreturn */\n"
                  "        sc                          /* never returns: the kernel resumes the interrupted code */\n",
                  "");
