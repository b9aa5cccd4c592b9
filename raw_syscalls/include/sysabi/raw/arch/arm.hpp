// sysabi/raw/arch/arm.hpp - the 32-bit Arm (EABI) system-call instruction.
//
//   trap        svc 0           (EABI: the immediate is ignored; the number
//                                is in r7.  OABI put it in the immediate.)
//   number      r7
//   arguments   r0  r1  r2  r3  r4  r5   (r6 for the 7-argument calls, unused here)
//   return      r0              (-4095..-1 is -errno)
//   clobbered   r0 only (it carries the result)
//               memory (the kernel may read or write any buffer we passed)
//   preserved   r1-r14, CPSR flags (restored from SPSR), VFP/NEON registers
//
// r7 is the frame pointer of Thumb code (r11 is ARM code's), and a register
// the compiler uses as frame pointer cannot be named in a constraint.  So:
//   ARM code    the number is a register variable bound to r7, as above.
//   Thumb code  r7 is never named; the number comes in any register and the
//               asm saves r7 in a scratch register, loads the number into r7,
//               traps, and puts r7 back.  Correct whether or not this
//               function keeps a frame pointer in r7 (-O0 or -O2).
//
// Source: arch/arm/kernel/entry-common.S (vector_swi: scno is r7, arguments
// r0-r6, the result is stored to the saved r0), the AAPCS (r7/r11 frame
// pointers).
#pragma once

#include <asm/unistd.h>  // __NR_rt_sigreturn for the trampoline below

#include "sysabi/raw/arch/restore_rt.hpp"
#include "sysabi/raw/types.hpp"

#define SYSABI_ARCH_NAME "arm"
#define SYSABI_TRAP_INSN "svc"

#if defined(__thumb__)
// The number in any register (%[nr]); r7 saved in %[r7_saved] around the trap.
#define SYSABI_ARM_NR(n) long nr = (n)
#define SYSABI_ARM_TRAP                                                  \
  "mov %[r7_saved], r7\n\t" /* keep r7 (maybe the frame pointer) */      \
  "mov r7, %[nr]\n\t"       /* r7: the number */                         \
  "svc 0\n\t"                                                            \
  "mov r7, %[r7_saved]"     /* r7 as it was */
#define SYSABI_ARM_R7_SAVED , [r7_saved] "=&r"(r7_saved)
#else
// The number bound to r7 directly: in ARM code r7 is an ordinary register.
#define SYSABI_ARM_NR(n) register long nr asm("r7") = (n)
#define SYSABI_ARM_TRAP "svc 0"
#define SYSABI_ARM_R7_SAVED
#endif

namespace sysabi::raw::arch {

[[gnu::always_inline]] inline long syscall0(long n) {
  SYSABI_ARM_NR(n);
  [[maybe_unused]] long r7_saved;
  register long r0 asm("r0");
  asm volatile(SYSABI_ARM_TRAP
               : "=r"(r0) SYSABI_ARM_R7_SAVED
               : [nr] "r"(nr)
               : "memory");
  return r0;
}

[[gnu::always_inline]] inline long syscall1(long n, long a1) {
  SYSABI_ARM_NR(n);
  [[maybe_unused]] long r7_saved;
  register long r0 asm("r0") = a1;
  asm volatile(SYSABI_ARM_TRAP
               : "+r"(r0) SYSABI_ARM_R7_SAVED
               : [nr] "r"(nr)
               : "memory");
  return r0;
}

[[gnu::always_inline]] inline long syscall2(long n, long a1, long a2) {
  SYSABI_ARM_NR(n);
  [[maybe_unused]] long r7_saved;
  register long r0 asm("r0") = a1;
  register long r1 asm("r1") = a2;
  asm volatile(SYSABI_ARM_TRAP
               : "+r"(r0) SYSABI_ARM_R7_SAVED
               : [nr] "r"(nr), "r"(r1)
               : "memory");
  return r0;
}

[[gnu::always_inline]] inline long syscall3(long n, long a1, long a2, long a3) {
  SYSABI_ARM_NR(n);
  [[maybe_unused]] long r7_saved;
  register long r0 asm("r0") = a1;
  register long r1 asm("r1") = a2;
  register long r2 asm("r2") = a3;
  asm volatile(SYSABI_ARM_TRAP
               : "+r"(r0) SYSABI_ARM_R7_SAVED
               : [nr] "r"(nr), "r"(r1), "r"(r2)
               : "memory");
  return r0;
}

[[gnu::always_inline]] inline long syscall4(long n, long a1, long a2, long a3, long a4) {
  SYSABI_ARM_NR(n);
  [[maybe_unused]] long r7_saved;
  register long r0 asm("r0") = a1;
  register long r1 asm("r1") = a2;
  register long r2 asm("r2") = a3;
  register long r3 asm("r3") = a4;
  asm volatile(SYSABI_ARM_TRAP
               : "+r"(r0) SYSABI_ARM_R7_SAVED
               : [nr] "r"(nr), "r"(r1), "r"(r2), "r"(r3)
               : "memory");
  return r0;
}

[[gnu::always_inline]] inline long syscall5(long n, long a1, long a2, long a3, long a4, long a5) {
  SYSABI_ARM_NR(n);
  [[maybe_unused]] long r7_saved;
  register long r0 asm("r0") = a1;
  register long r1 asm("r1") = a2;
  register long r2 asm("r2") = a3;
  register long r3 asm("r3") = a4;
  register long r4 asm("r4") = a5;
  asm volatile(SYSABI_ARM_TRAP
               : "+r"(r0) SYSABI_ARM_R7_SAVED
               : [nr] "r"(nr), "r"(r1), "r"(r2), "r"(r3), "r"(r4)
               : "memory");
  return r0;
}

[[gnu::always_inline]] inline long syscall6(long n, long a1, long a2, long a3, long a4, long a5,
                                            long a6) {
  SYSABI_ARM_NR(n);
  [[maybe_unused]] long r7_saved;
  register long r0 asm("r0") = a1;
  register long r1 asm("r1") = a2;
  register long r2 asm("r2") = a3;
  register long r3 asm("r3") = a4;
  register long r4 asm("r4") = a5;
  register long r5 asm("r5") = a6;
  asm volatile(SYSABI_ARM_TRAP
               : "+r"(r0) SYSABI_ARM_R7_SAVED
               : [nr] "r"(nr), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5)
               : "memory");
  return r0;
}

}  // namespace sysabi::raw::arch

#undef SYSABI_ARM_NR
#undef SYSABI_ARM_TRAP
#undef SYSABI_ARM_R7_SAVED

// sysabi_restore_rt: where a signal handler returns to.  With SA_RESTORER
// the kernel sets the handler's lr to sa_restorer; the handler's `bx lr`
// lands here (in ARM state: bit 0 of the address is clear) with sp at the
// rt_sigframe.  Without SA_RESTORER the kernel uses its own sigreturn code
// page (the "sigpage") instead.
//
// Only for SA_SIGINFO handlers: without SA_SIGINFO the kernel builds the old
// sigframe, whose return path is sigreturn, not rt_sigreturn.
// install_handler() always sets SA_SIGINFO.
//
// ARM code whatever the including TU is compiled as: `.arm` for the
// trampoline, then `.thumb` again if the TU is Thumb (GCC also re-declares
// the instruction set before each function it emits).
// (SYSABI_RESTORE_RT: sysabi/raw/arch/restore_rt.hpp.)
#if defined(__thumb__)
#define SYSABI_ARM_BACK_TO_TU_ISA "        .thumb\n"  // back to the TU's instruction set
#else
#define SYSABI_ARM_BACK_TO_TU_ISA ""
#endif
SYSABI_RESTORE_RT(2, "        .arm\n",
                  "        mov     r7, #" SYSABI_STR(__NR_rt_sigreturn) "   /* r7: the number, rt_sigreturn */\n"
                  "        svc     0                   /* never returns: the kernel resumes the interrupted code */\n",
                  SYSABI_ARM_BACK_TO_TU_ISA);
#undef SYSABI_ARM_BACK_TO_TU_ISA
