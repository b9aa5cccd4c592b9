// sysabi/raw/arch/x32.hpp - the x32 system-call instruction: x86_64's
// `syscall` from a process whose C types are ILP32.
//
//   trap        syscall
//   number      rax            __X32_SYSCALL_BIT (0x40000000) | x32's number
//   arguments   rdi  rsi  rdx  r10  r8  r9   (all 64 bits are read)
//   return      rax            (64 bits; -4095..-1 is -errno)
//   clobbered   rcx (the CPU stores the return rip there)
//               r11 (the CPU stores rflags there)
//               memory (the kernel may read or write any buffer we passed)
//   preserved   everything else, including the red zone below rsp
//
// The instruction and registers are x86_64's; what differs is the number
// and the width of what goes in.  <asm/unistd_x32.h> writes every number
// with __X32_SYSCALL_BIT already added: the kernel's x86_64 entry takes a
// number below the 64-bit table's size as a 64-bit call, and one with the
// bit as an x32 call (its own table, whose entries from 512 up are the calls
// whose argument structs hold pointers or `long`s: rt_sigaction, ioctl,
// readv, ...; the rest are the 64-bit calls themselves).  `long` and
// pointers are 32 bits, but the kernel reads whole registers, so every
// argument is widened to `reg` (long long) first: pointers and unsigned
// values zero-extended, signed values sign-extended (raw/syscall.hpp's
// to_reg), and the result is a whole rax.  Sources: the x86_64 psABI's
// ILP32 chapter, arch/x86/entry/syscalls/syscall_64.tbl.
#pragma once

#include <asm/unistd.h>  // __NR_rt_sigreturn for the trampoline below

#include "sysabi/raw/arch/restore_rt.hpp"
#include "sysabi/raw/types.hpp"

#define SYSABI_ARCH_NAME "x32"
#define SYSABI_TRAP_INSN "syscall"

namespace sysabi::raw::arch {

// The numbers stay `long` (they fit in 32 bits); eax is zero-extended into rax.
[[gnu::always_inline]] inline reg syscall0(long n) {
  reg ret;
  asm volatile("syscall" : "=a"(ret) : "a"(static_cast<reg>(n)) : "rcx", "r11", "memory");
  return ret;
}

[[gnu::always_inline]] inline reg syscall1(long n, reg a1) {
  reg ret;
  asm volatile("syscall" : "=a"(ret) : "a"(static_cast<reg>(n)), "D"(a1) : "rcx", "r11", "memory");
  return ret;
}

[[gnu::always_inline]] inline reg syscall2(long n, reg a1, reg a2) {
  reg ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(static_cast<reg>(n)), "D"(a1), "S"(a2)
               : "rcx", "r11", "memory");
  return ret;
}

[[gnu::always_inline]] inline reg syscall3(long n, reg a1, reg a2, reg a3) {
  reg ret;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(static_cast<reg>(n)), "D"(a1), "S"(a2), "d"(a3)
               : "rcx", "r11", "memory");
  return ret;
}

[[gnu::always_inline]] inline reg syscall4(long n, reg a1, reg a2, reg a3, reg a4) {
  reg ret;
  register reg r10 asm("r10") = a4;  // 4th argument: r10, not rcx
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(static_cast<reg>(n)), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
               : "rcx", "r11", "memory");
  return ret;
}

[[gnu::always_inline]] inline reg syscall5(long n, reg a1, reg a2, reg a3, reg a4, reg a5) {
  reg ret;
  register reg r10 asm("r10") = a4;
  register reg r8 asm("r8") = a5;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(static_cast<reg>(n)), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8)
               : "rcx", "r11", "memory");
  return ret;
}

[[gnu::always_inline]] inline reg syscall6(long n, reg a1, reg a2, reg a3, reg a4, reg a5,
                                           reg a6) {
  reg ret;
  register reg r10 asm("r10") = a4;
  register reg r8 asm("r8") = a5;
  register reg r9 asm("r9") = a6;
  asm volatile("syscall"
               : "=a"(ret)
               : "a"(static_cast<reg>(n)), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
               : "rcx", "r11", "memory");
  return ret;
}

}  // namespace sysabi::raw::arch

// sysabi_restore_rt: where a signal handler returns to, as on x86_64 (the
// kernel's x32 frame also starts with pretcode = sa_restorer, popped by the
// handler's `ret`), with x32's rt_sigreturn (513 | __X32_SYSCALL_BIT: the
// x32 frame's siginfo is the compat one).  No vDSO fallback either.
SYSABI_RESTORE_RT(4, "",
                  "        mov     $" SYSABI_STR(__NR_rt_sigreturn) ", %eax   /* rax: the number, x32's rt_sigreturn */\n"
                  "        syscall                     /* never returns: the kernel resumes the interrupted code */\n",
                  "");
