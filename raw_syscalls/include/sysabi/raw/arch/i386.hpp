// sysabi/raw/arch/i386.hpp - the i386 system-call instruction.
//
//   trap        int $0x80
//   number      eax
//   arguments   ebx  ecx  edx  esi  edi  ebp
//   return      eax             (-4095..-1 is -errno)
//   clobbered   eax only (it carries the result)
//               memory (the kernel may read or write any buffer we passed)
//   preserved   ebx ecx edx esi edi ebp esp, eflags (restored by iret),
//               x87/SSE state
//
// Two of the six argument registers may be unavailable to the compiler:
//   ebx  holds the GOT pointer in PIC/PIE code
//   ebp  is the frame pointer at -O0 and with -fno-omit-frame-pointer
// so neither is ever named in a constraint here.  The first argument rides in
// edi (1 to 4 arguments, edi is then free) and is swapped into ebx around the
// trap; with 5 or 6 arguments every register is taken, so the number, the
// first and the sixth argument go to a small block in memory whose address is
// in eax, and ebx/ebp are saved on the stack and loaded from the block.
// (i386 has no red zone: pushing below esp inside the asm is allowed.)
//
// Source: arch/x86/entry/entry_32.S (entry_INT80_32) and the i386 psABI;
// the same registers under the x86_64 kernel's IA-32 emulation
// (arch/x86/entry/entry_64_compat.S).
#pragma once

#include <asm/unistd.h>  // __NR_rt_sigreturn for the trampoline below

#include "sysabi/raw/arch/restore_rt.hpp"
#include "sysabi/raw/types.hpp"

#define SYSABI_ARCH_NAME "i386"
#define SYSABI_TRAP_INSN "int $0x80"

namespace sysabi::raw::arch {

[[gnu::always_inline]] inline long syscall0(long n) {
  long ret;
  asm volatile("int $0x80" : "=a"(ret) : "0"(n) : "memory");
  return ret;
}

// 1 to 4 arguments: the first in edi, exchanged with ebx for the trap and
// back again, so ebx (GOT pointer) and edi leave the asm as they entered.
[[gnu::always_inline]] inline long syscall1(long n, long a1) {
  long ret;
  asm volatile("xchg %%edi, %%ebx\n\t"
               "int $0x80\n\t"
               "xchg %%edi, %%ebx"
               : "=a"(ret)
               : "0"(n), "D"(a1)
               : "memory");
  return ret;
}

[[gnu::always_inline]] inline long syscall2(long n, long a1, long a2) {
  long ret;
  asm volatile("xchg %%edi, %%ebx\n\t"
               "int $0x80\n\t"
               "xchg %%edi, %%ebx"
               : "=a"(ret)
               : "0"(n), "D"(a1), "c"(a2)
               : "memory");
  return ret;
}

[[gnu::always_inline]] inline long syscall3(long n, long a1, long a2, long a3) {
  long ret;
  asm volatile("xchg %%edi, %%ebx\n\t"
               "int $0x80\n\t"
               "xchg %%edi, %%ebx"
               : "=a"(ret)
               : "0"(n), "D"(a1), "c"(a2), "d"(a3)
               : "memory");
  return ret;
}

[[gnu::always_inline]] inline long syscall4(long n, long a1, long a2, long a3, long a4) {
  long ret;
  asm volatile("xchg %%edi, %%ebx\n\t"
               "int $0x80\n\t"
               "xchg %%edi, %%ebx"
               : "=a"(ret)
               : "0"(n), "D"(a1), "c"(a2), "d"(a3), "S"(a4)
               : "memory");
  return ret;
}

// 5 arguments: edi is the 5th argument, so the number and the first argument
// travel in memory: eax points at {n, a1}.
[[gnu::always_inline]] inline long syscall5(long n, long a1, long a2, long a3, long a4, long a5) {
  long ret;
  const long block[2] = {n, a1};
  asm volatile("push %%ebx\n\t"          // save ebx (the GOT pointer in PIC code)
               "mov 4(%%eax), %%ebx\n\t"  // ebx: argument 1
               "mov (%%eax), %%eax\n\t"   // eax: the number (the block's address is done with)
               "int $0x80\n\t"
               "pop %%ebx"                // restore ebx
               : "=a"(ret)
               : "0"(block), "m"(block), "c"(a2), "d"(a3), "S"(a4), "D"(a5)
               : "memory");
  return ret;
}

// 6 arguments: every register is an argument; eax points at {n, a1, a6} and
// ebp (the frame pointer at -O0) is saved on the stack with ebx.
[[gnu::always_inline]] inline long syscall6(long n, long a1, long a2, long a3, long a4, long a5,
                                            long a6) {
  long ret;
  const long block[3] = {n, a1, a6};
  asm volatile("push %%ebx\n\t"          // save ebx (the GOT pointer in PIC code)
               "push %%ebp\n\t"          // save ebp (the frame pointer at -O0)
               "mov 4(%%eax), %%ebx\n\t"  // ebx: argument 1
               "mov 8(%%eax), %%ebp\n\t"  // ebp: argument 6
               "mov (%%eax), %%eax\n\t"   // eax: the number
               "int $0x80\n\t"
               "pop %%ebp\n\t"            // restore ebp
               "pop %%ebx"                // restore ebx
               : "=a"(ret)
               : "0"(block), "m"(block), "c"(a2), "d"(a3), "S"(a4), "D"(a5)
               : "memory");
  return ret;
}

}  // namespace sysabi::raw::arch

// sysabi_restore_rt: where a signal handler returns to.  With SA_RESTORER
// the kernel stores sa_restorer as the handler's return address (pretcode,
// at the top of the rt_sigframe); the handler's `ret` pops it and lands here
// with esp at the rest of the frame.  Without SA_RESTORER the kernel uses
// the vDSO's __kernel_rt_sigreturn instead.
//
// Only for SA_SIGINFO handlers: without SA_SIGINFO the i386 kernel builds
// the old sigframe, whose return path is sigreturn (not rt_sigreturn) after
// popping the signal number.  install_handler() always sets SA_SIGINFO.
// (SYSABI_RESTORE_RT: sysabi/raw/arch/restore_rt.hpp.)
SYSABI_RESTORE_RT(4, "",
                  "        mov     $" SYSABI_STR(__NR_rt_sigreturn) ", %eax   /* eax: the number, rt_sigreturn */\n"
                  "        int     $0x80               /* never returns: the kernel resumes the interrupted code */\n",
                  "");
