// sysabi/raw/arch/x86_64.hpp - the x86_64 system-call instruction.
//
//   trap        syscall
//   number      rax
//   arguments   rdi  rsi  rdx  r10  r8  r9
//   return      rax            (-4095..-1 is -errno)
//   clobbered   rcx (the CPU stores the return rip there)
//               r11 (the CPU stores rflags there)
//               memory (the kernel may read or write any buffer we passed)
//   preserved   everything else, including the red zone below rsp
//
// r10 stands in for rcx as the 4th argument because `syscall` itself
// overwrites rcx.  Source: the x86_64 psABI, appendix A.2 "Linux Conventions".
#pragma once

#include <asm/unistd.h>  // __NR_rt_sigreturn for the trampoline below

#include "sysabi/raw/arch/restore_rt.hpp"
#include "sysabi/raw/types.hpp"

#define SYSABI_ARCH_NAME "x86_64"
#define SYSABI_TRAP_INSN "syscall"

namespace sysabi::raw::arch {

[[gnu::always_inline]] inline long syscall0(long n) {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(n) : "rcx", "r11", "memory");
  return ret;
}

[[gnu::always_inline]] inline long syscall1(long n, long a1) {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(n), "D"(a1) : "rcx", "r11", "memory");
  return ret;
}

[[gnu::always_inline]] inline long syscall2(long n, long a1, long a2) {
  long ret;
  asm volatile("syscall" : "=a"(ret) : "a"(n), "D"(a1), "S"(a2) : "rcx", "r11", "memory");
  return ret;
}

[[gnu::always_inline]] inline long syscall3(long n, long a1, long a2, long a3) {
  long ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(n), "D"(a1), "S"(a2), "d"(a3)
               : "rcx", "r11", "memory");
  return ret;
}

[[gnu::always_inline]] inline long syscall4(long n, long a1, long a2, long a3, long a4) {
  long ret;
  register long r10 asm("r10") = a4;  // 4th argument: r10, not rcx
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
               : "rcx", "r11", "memory");
  return ret;
}

[[gnu::always_inline]] inline long syscall5(long n, long a1, long a2, long a3, long a4, long a5) {
  long ret;
  register long r10 asm("r10") = a4;
  register long r8 asm("r8") = a5;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
               : "rcx", "r11", "memory");
  return ret;
}

[[gnu::always_inline]] inline long syscall6(long n, long a1, long a2, long a3, long a4, long a5,
                                            long a6) {
  long ret;
  register long r10 asm("r10") = a4;
  register long r8 asm("r8") = a5;
  register long r9 asm("r9") = a6;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
               : "rcx", "r11", "memory");
  return ret;
}

}  // namespace sysabi::raw::arch

// sysabi_restore_rt: where a signal handler returns to.  The kernel stores
// sa_restorer at the top of the rt_sigframe (pretcode), so the handler's
// `ret` pops it and lands here with rsp at the rest of the frame;
// rt_sigreturn restores the interrupted context from it.  x86_64 has no vDSO
// fallback: a 64-bit handler installed without SA_RESTORER cannot be
// delivered, and the kernel kills the process with SIGSEGV instead.
// (SYSABI_RESTORE_RT: sysabi/raw/arch/restore_rt.hpp.)
SYSABI_RESTORE_RT(4, "",
                  "        mov     $" SYSABI_STR(__NR_rt_sigreturn) ", %eax   /* rax: the number, rt_sigreturn */\n"
                  "        syscall                     /* never returns: the kernel resumes the interrupted code */\n",
                  "");
