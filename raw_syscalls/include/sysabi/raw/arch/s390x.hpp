// sysabi/raw/arch/s390x.hpp - the s390x (z/Architecture, 64-bit) system-call
// instruction.
//
//   trap        svc 0
//   number      r1           (svc's 8-bit immediate, when not 0, is the
//                             number instead; sysabi always uses r1: one form
//                             for every number, including those > 255)
//   arguments   r2  r3  r4  r5  r6  r7
//   return      r2              (-4095..-1 is -errno)
//   clobbered   r2 only (it carries the result)
//               memory (the kernel may read or write any buffer we passed)
//   preserved   every other general, access, floating-point and vector
//               register, r1 included
//
// r6 and r7 are callee-saved in the C calling convention (the s390x ELF
// ABI: r6-r15 are preserved across calls), yet they carry arguments 5 and
// 6 here.  Binding them as asm inputs makes the compiler save and restore
// them in the function this inline asm lands in, as it does for any
// callee-saved register it uses; the out-of-line stubs
// (abi_checks/calling_convention/s390x.S) save them by hand.
//
// Big-endian: every multi-byte value is stored most significant byte
// first.  A 32-bit argument travels in the low half of its 64-bit register
// (the caller sign- or zero-extends it), so the `long` traffic below is
// exact for int-sized arguments too.
//
// Source: arch/s390/kernel/entry.S and syscall.c __do_syscall (the svc's
// code is the number, or r1 when the code is 0; r2..r7 are the arguments,
// the result goes to gprs[2]; orig_gpr2 keeps the first argument for
// restarts), arch/s390/include/asm/syscall.h.
#pragma once

#include <asm/unistd.h>  // __NR_rt_sigreturn for the trampoline below

#include "sysabi/raw/arch/restore_rt.hpp"
#include "sysabi/raw/types.hpp"

#define SYSABI_ARCH_NAME "s390x"
#define SYSABI_TRAP_INSN "svc"

namespace sysabi::raw::arch {

[[gnu::always_inline]] inline long syscall0(long n) {
  register long r1 asm("r1") = n;
  register long r2 asm("r2");
  asm volatile("svc 0" : "=r"(r2) : "r"(r1) : "memory");
  return r2;
}

[[gnu::always_inline]] inline long syscall1(long n, long a1) {
  register long r1 asm("r1") = n;
  register long r2 asm("r2") = a1;
  asm volatile("svc 0" : "+r"(r2) : "r"(r1) : "memory");
  return r2;
}

[[gnu::always_inline]] inline long syscall2(long n, long a1, long a2) {
  register long r1 asm("r1") = n;
  register long r2 asm("r2") = a1;
  register long r3 asm("r3") = a2;
  asm volatile("svc 0" : "+r"(r2) : "r"(r1), "r"(r3) : "memory");
  return r2;
}

[[gnu::always_inline]] inline long syscall3(long n, long a1, long a2, long a3) {
  register long r1 asm("r1") = n;
  register long r2 asm("r2") = a1;
  register long r3 asm("r3") = a2;
  register long r4 asm("r4") = a3;
  asm volatile("svc 0" : "+r"(r2) : "r"(r1), "r"(r3), "r"(r4) : "memory");
  return r2;
}

[[gnu::always_inline]] inline long syscall4(long n, long a1, long a2, long a3, long a4) {
  register long r1 asm("r1") = n;
  register long r2 asm("r2") = a1;
  register long r3 asm("r3") = a2;
  register long r4 asm("r4") = a3;
  register long r5 asm("r5") = a4;
  asm volatile("svc 0" : "+r"(r2) : "r"(r1), "r"(r3), "r"(r4), "r"(r5) : "memory");
  return r2;
}

[[gnu::always_inline]] inline long syscall5(long n, long a1, long a2, long a3, long a4, long a5) {
  register long r1 asm("r1") = n;
  register long r2 asm("r2") = a1;
  register long r3 asm("r3") = a2;
  register long r4 asm("r4") = a3;
  register long r5 asm("r5") = a4;
  register long r6 asm("r6") = a5;  // callee-saved: the compiler saves it around this function
  asm volatile("svc 0"
               : "+r"(r2)
               : "r"(r1), "r"(r3), "r"(r4), "r"(r5), "r"(r6)
               : "memory");
  return r2;
}

[[gnu::always_inline]] inline long syscall6(long n, long a1, long a2, long a3, long a4, long a5,
                                            long a6) {
  register long r1 asm("r1") = n;
  register long r2 asm("r2") = a1;
  register long r3 asm("r3") = a2;
  register long r4 asm("r4") = a3;
  register long r5 asm("r5") = a4;
  register long r6 asm("r6") = a5;  // callee-saved, as above
  register long r7 asm("r7") = a6;  // callee-saved, as above
  asm volatile("svc 0"
               : "+r"(r2)
               : "r"(r1), "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r7)
               : "memory");
  return r2;
}

}  // namespace sysabi::raw::arch

// sysabi_restore_rt: where a handler returns to.  s390x honours
// SA_RESTORER: the kernel puts sa_restorer in the handler's r14 (its
// return address); without it, 6.1 points r14 at the vDSO's
// __kernel_rt_sigreturn (older kernels wrote an svc onto the signal
// stack).  install_handler() sets SA_RESTORER and this trampoline.
// (SYSABI_RESTORE_RT: sysabi/raw/arch/restore_rt.hpp.)
SYSABI_RESTORE_RT(3, "",
                  "        lghi    %r1, " SYSABI_STR(__NR_rt_sigreturn) "   /* r1: the number, rt_sigreturn */\n"
                  "        svc     0                   /* never returns: the kernel resumes the interrupted code */\n",
                  "");
