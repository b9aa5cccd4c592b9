// sysabi/raw/arch/aarch64.hpp - the aarch64 system-call instruction.
//
//   trap        svc #0          (the immediate is ignored by Linux; 0 by convention)
//   number      x8
//   arguments   x0  x1  x2  x3  x4  x5
//   return      x0              (-4095..-1 is -errno)
//   clobbered   x0 only (it carries the result)
//               memory (the kernel may read or write any buffer we passed)
//   preserved   x1-x30, sp, NZCV (restored from SPSR on return), v0-v31
//               SVE: bits of z0-z31 above 128, p0-p15 and FFR are zeroed by
//               any syscall; the compiler keeps nothing there across this asm
//               unless the code is built for SVE, which sysabi is not.
//
// Source: arch/arm64/kernel/entry-common.c and syscall.c (el0_svc reads
// regs[8] as the number and regs[0..5] as arguments and writes regs[0]),
// Documentation/arch/arm64/sve.rst "System call behaviour".
#pragma once

#include <asm/unistd.h>  // __NR_rt_sigreturn for the trampoline below

#include "sysabi/raw/arch/restore_rt.hpp"
#include "sysabi/raw/types.hpp"

#define SYSABI_ARCH_NAME "aarch64"
#define SYSABI_TRAP_INSN "svc"

namespace sysabi::raw::arch {

[[gnu::always_inline]] inline long syscall0(long n) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0");
  asm volatile("svc #0" : "=r"(x0) : "r"(x8) : "memory");
  return x0;
}

[[gnu::always_inline]] inline long syscall1(long n, long a1) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0") = a1;
  asm volatile("svc #0" : "+r"(x0) : "r"(x8) : "memory");
  return x0;
}

[[gnu::always_inline]] inline long syscall2(long n, long a1, long a2) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0") = a1;
  register long x1 asm("x1") = a2;
  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1) : "memory");
  return x0;
}

[[gnu::always_inline]] inline long syscall3(long n, long a1, long a2, long a3) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0") = a1;
  register long x1 asm("x1") = a2;
  register long x2 asm("x2") = a3;
  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
  return x0;
}

[[gnu::always_inline]] inline long syscall4(long n, long a1, long a2, long a3, long a4) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0") = a1;
  register long x1 asm("x1") = a2;
  register long x2 asm("x2") = a3;
  register long x3 asm("x3") = a4;
  asm volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2), "r"(x3) : "memory");
  return x0;
}

[[gnu::always_inline]] inline long syscall5(long n, long a1, long a2, long a3, long a4, long a5) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0") = a1;
  register long x1 asm("x1") = a2;
  register long x2 asm("x2") = a3;
  register long x3 asm("x3") = a4;
  register long x4 asm("x4") = a5;
  asm volatile("svc #0"
               : "+r"(x0)
               : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4)
               : "memory");
  return x0;
}

[[gnu::always_inline]] inline long syscall6(long n, long a1, long a2, long a3, long a4, long a5,
                                            long a6) {
  register long x8 asm("x8") = n;
  register long x0 asm("x0") = a1;
  register long x1 asm("x1") = a2;
  register long x2 asm("x2") = a3;
  register long x3 asm("x3") = a4;
  register long x4 asm("x4") = a5;
  register long x5 asm("x5") = a6;
  asm volatile("svc #0"
               : "+r"(x0)
               : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
               : "memory");
  return x0;
}

}  // namespace sysabi::raw::arch

// sysabi_restore_rt: where a signal handler returns to.  With SA_RESTORER the
// kernel sets the handler's link register (x30) to sa_restorer; the handler's
// `ret` lands here with sp at the rt_sigframe, and rt_sigreturn restores the
// interrupted context from it.  Without SA_RESTORER the kernel uses the
// vDSO's __kernel_rt_sigreturn, which does the same.
// (SYSABI_RESTORE_RT: sysabi/raw/arch/restore_rt.hpp.)
SYSABI_RESTORE_RT(2, "",
                  "        mov     x8, #" SYSABI_STR(__NR_rt_sigreturn) "   /* x8: the number, rt_sigreturn */\n"
                  "        svc     #0                  /* never returns: the kernel resumes the interrupted code */\n",
                  "");
