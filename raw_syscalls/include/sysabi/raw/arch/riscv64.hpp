// sysabi/raw/arch/riscv64.hpp - the riscv64 system-call instruction.
//
//   trap        ecall
//   number      a7
//   arguments   a0  a1  a2  a3  a4  a5
//   return      a0              (-4095..-1 is -errno)
//   clobbered   a0 only (it carries the result)
//               memory (the kernel may read or write any buffer we passed)
//   preserved   every other integer and FP register, including a1 (which
//               the psABI's calling convention would use for a second
//               return word: system calls return one)
//               V (vector) state: unspecified after any syscall; the compiler
//               keeps nothing there across this asm unless the code is built
//               for RVV, which sysabi is not.
//
// Source: arch/riscv/kernel/traps.c do_trap_ecall_u (regs->a7 is the number,
// a0..a5 the arguments, the result is stored to regs->a0),
// Documentation/arch/riscv/vector.rst.
#pragma once

#include <asm/unistd.h>  // __NR_rt_sigreturn for the trampoline below

#include "sysabi/raw/arch/restore_rt.hpp"
#include "sysabi/raw/types.hpp"

#define SYSABI_ARCH_NAME "riscv64"
#define SYSABI_TRAP_INSN "ecall"

namespace sysabi::raw::arch {

[[gnu::always_inline]] inline long syscall0(long n) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0");
  asm volatile("ecall" : "=r"(a0) : "r"(a7) : "memory");
  return a0;
}

[[gnu::always_inline]] inline long syscall1(long n, long a1) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0") = a1;
  asm volatile("ecall" : "+r"(a0) : "r"(a7) : "memory");
  return a0;
}

[[gnu::always_inline]] inline long syscall2(long n, long a1, long a2) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0") = a1;
  register long r1 asm("a1") = a2;
  asm volatile("ecall" : "+r"(a0) : "r"(a7), "r"(r1) : "memory");
  return a0;
}

[[gnu::always_inline]] inline long syscall3(long n, long a1, long a2, long a3) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0") = a1;
  register long r1 asm("a1") = a2;
  register long r2 asm("a2") = a3;
  asm volatile("ecall" : "+r"(a0) : "r"(a7), "r"(r1), "r"(r2) : "memory");
  return a0;
}

[[gnu::always_inline]] inline long syscall4(long n, long a1, long a2, long a3, long a4) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0") = a1;
  register long r1 asm("a1") = a2;
  register long r2 asm("a2") = a3;
  register long r3 asm("a3") = a4;
  asm volatile("ecall" : "+r"(a0) : "r"(a7), "r"(r1), "r"(r2), "r"(r3) : "memory");
  return a0;
}

[[gnu::always_inline]] inline long syscall5(long n, long a1, long a2, long a3, long a4, long a5) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0") = a1;
  register long r1 asm("a1") = a2;
  register long r2 asm("a2") = a3;
  register long r3 asm("a3") = a4;
  register long r4 asm("a4") = a5;
  asm volatile("ecall"
               : "+r"(a0)
               : "r"(a7), "r"(r1), "r"(r2), "r"(r3), "r"(r4)
               : "memory");
  return a0;
}

[[gnu::always_inline]] inline long syscall6(long n, long a1, long a2, long a3, long a4, long a5,
                                            long a6) {
  register long a7 asm("a7") = n;
  register long a0 asm("a0") = a1;
  register long r1 asm("a1") = a2;
  register long r2 asm("a2") = a3;
  register long r3 asm("a3") = a4;
  register long r4 asm("a4") = a5;
  register long r5 asm("a5") = a6;
  asm volatile("ecall"
               : "+r"(a0)
               : "r"(a7), "r"(r1), "r"(r2), "r"(r3), "r"(r4), "r"(r5)
               : "memory");
  return a0;
}

}  // namespace sysabi::raw::arch

// sysabi_restore_rt: the same trampoline as on the other arches, so that
// every arch has the symbol the disassembly tables show.  riscv64 has no
// SA_RESTORER: the kernel always points the handler's ra at the vDSO's
// __vdso_rt_sigreturn, and install_handler() does not use this one.
// (SYSABI_RESTORE_RT: sysabi/raw/arch/restore_rt.hpp.)
SYSABI_RESTORE_RT(2, "",
                  "        li      a7, " SYSABI_STR(__NR_rt_sigreturn) "   /* a7: the number, rt_sigreturn */\n"
                  "        ecall                       /* never returns: the kernel resumes the interrupted code */\n",
                  "");
