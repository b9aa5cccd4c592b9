// sysabi/raw/arch/sparc64.hpp - the sparc64 system-call instruction.
//
//   trap        ta 0x6d         (software trap 0x6d = trap type 0x16d, Linux's
//                                64-bit system-call vector; 0x10 is the
//                                32-bit one)
//   number      g1
//   arguments   o0  o1  o2  o3  o4  o5
//   return      o0, with the error in the carry flag: carry set in %xcc (and
//               %icc) means failure and o0 holds the *positive* errno.  The
//               two instructions after the trap turn that into -errno, so
//               the result type is the same as on every other arch.
//   clobbered   o0 (the result), o1 by the calls with a second result
//               (fork/clone/vfork: 1 in the child, 0 in the parent; pipe:
//               the second fd), the condition codes (the carry is the error),
//               memory (the kernel may read or write any buffer we passed;
//               it may also spill register windows to their stack frames)
//   preserved   g1-g7, o2-o7 (o6 is sp), l0-l7, i0-i7, f0-f62, %fsr
//
// Register windows: the kernel's trap entry saves the user's windows to
// their frames at %sp + 2047 (the V9 stack bias) when it needs the window
// registers; each window's frame must therefore be valid (sysabi's _start
// and the probes keep %sp a biased pointer to at least 176 bytes of frame).
//
// Source: arch/sparc/kernel/syscalls.S (linux_sparc_syscall reads %g1 and
// %i0-%i5 - the user's %o0-%o5 seen from the trap window -; ret_sys_call
// sets or clears TSTATE's icc.C and xcc.C and stores the errno, negated back
// to positive, in %i0), arch/sparc/kernel/process.c (sparc_clone sets the
// parent's %o1 to 0, copy_thread the child's to 1).
#pragma once

#include <asm/unistd.h>  // __NR_rt_sigreturn for the trampoline below

#include "sysabi/raw/arch/restore_rt.hpp"
#include "sysabi/raw/types.hpp"

#define SYSABI_ARCH_NAME "sparc64"
#define SYSABI_TRAP_INSN "ta"

// The trap and the -errno conversion: a conditional branch with the annul
// bit executes its delay slot only when taken, so the negation runs only on
// error, and both paths meet at 1:.
#define SYSABI_SPARC64_TRAP                                                           \
  "ta      0x6d\n\t"                 /* trap to the kernel: g1 number, o0-o5 args */  \
  "bcs,a,pn %%xcc, 1f\n\t"           /* carry set: the call failed ... */             \
  " sub    %%g0, %%o0, %%o0\n"       /* ... (delay slot, annulled if not taken) o0 = -errno */ \
  "1:"

namespace sysabi::raw::arch {

// o1 is an output of every call: the kernel writes it for fork/clone/vfork
// and pipe, and the compiler must not assume it survives any trap.
[[gnu::always_inline]] inline long syscall0(long n) {
  register long g1 asm("g1") = n;
  register long o0 asm("o0");
  register long o1 asm("o1");
  asm volatile(SYSABI_SPARC64_TRAP : "=r"(o0), "=r"(o1) : "r"(g1) : "memory", "cc");
  return o0;
}

[[gnu::always_inline]] inline long syscall1(long n, long a1) {
  register long g1 asm("g1") = n;
  register long o0 asm("o0") = a1;
  register long o1 asm("o1");
  asm volatile(SYSABI_SPARC64_TRAP : "+r"(o0), "=r"(o1) : "r"(g1) : "memory", "cc");
  return o0;
}

[[gnu::always_inline]] inline long syscall2(long n, long a1, long a2) {
  register long g1 asm("g1") = n;
  register long o0 asm("o0") = a1;
  register long o1 asm("o1") = a2;
  asm volatile(SYSABI_SPARC64_TRAP : "+r"(o0), "+r"(o1) : "r"(g1) : "memory", "cc");
  return o0;
}

[[gnu::always_inline]] inline long syscall3(long n, long a1, long a2, long a3) {
  register long g1 asm("g1") = n;
  register long o0 asm("o0") = a1;
  register long o1 asm("o1") = a2;
  register long o2 asm("o2") = a3;
  asm volatile(SYSABI_SPARC64_TRAP : "+r"(o0), "+r"(o1) : "r"(g1), "r"(o2) : "memory", "cc");
  return o0;
}

[[gnu::always_inline]] inline long syscall4(long n, long a1, long a2, long a3, long a4) {
  register long g1 asm("g1") = n;
  register long o0 asm("o0") = a1;
  register long o1 asm("o1") = a2;
  register long o2 asm("o2") = a3;
  register long o3 asm("o3") = a4;
  asm volatile(SYSABI_SPARC64_TRAP
               : "+r"(o0), "+r"(o1)
               : "r"(g1), "r"(o2), "r"(o3)
               : "memory", "cc");
  return o0;
}

[[gnu::always_inline]] inline long syscall5(long n, long a1, long a2, long a3, long a4, long a5) {
  register long g1 asm("g1") = n;
  register long o0 asm("o0") = a1;
  register long o1 asm("o1") = a2;
  register long o2 asm("o2") = a3;
  register long o3 asm("o3") = a4;
  register long o4 asm("o4") = a5;
  asm volatile(SYSABI_SPARC64_TRAP
               : "+r"(o0), "+r"(o1)
               : "r"(g1), "r"(o2), "r"(o3), "r"(o4)
               : "memory", "cc");
  return o0;
}

[[gnu::always_inline]] inline long syscall6(long n, long a1, long a2, long a3, long a4, long a5,
                                            long a6) {
  register long g1 asm("g1") = n;
  register long o0 asm("o0") = a1;
  register long o1 asm("o1") = a2;
  register long o2 asm("o2") = a3;
  register long o3 asm("o3") = a4;
  register long o4 asm("o4") = a5;
  register long o5 asm("o5") = a6;
  asm volatile(SYSABI_SPARC64_TRAP
               : "+r"(o0), "+r"(o1)
               : "r"(g1), "r"(o2), "r"(o3), "r"(o4), "r"(o5)
               : "memory", "cc");
  return o0;
}

// clone's two results: o0 is the child's pid in the parent but the
// *parent's* pid in the child (Linux; qemu-user gives the child 0), and o1
// is what tells them apart: 1 in the child, 0 in the parent.  Returns 0 in
// the child, the child's pid (or -errno) in the parent, like other arches.
[[gnu::always_inline]] inline long clone_fork(long flags) {
  register long g1 asm("g1") = __NR_clone;
  register long o0 asm("o0") = flags;
  register long o1 asm("o1") = 0;  // new stack: none (share the parent's copy)
  register long o2 asm("o2") = 0;
  register long o3 asm("o3") = 0;
  register long o4 asm("o4") = 0;
  asm volatile(SYSABI_SPARC64_TRAP
               : "+r"(o0), "+r"(o1)
               : "r"(g1), "r"(o2), "r"(o3), "r"(o4)
               : "memory", "cc");
  if (o0 >= 0 && o1 != 0) return 0;  // the child
  return o0;
}

}  // namespace sysabi::raw::arch

// sysabi_restore_rt: where a signal handler returns to.  sparc64 has no
// SA_RESTORER flag and ignores sa_restorer in the struct: rt_sigaction takes
// the return address as its 4th argument, and the kernel stores it in the
// handler's %o7 (its %i7 after `save`).  A sparc return is a jump to %i7 + 8
// (`ret`) or %o7 + 8 (`retl`), skipping the call and its delay slot, so
// rt_sigaction is given sysabi_restore_rt - 8.  The handler's `restore`
// puts %sp back on the rt_signal_frame (at %sp + 2047), where rt_sigreturn
// reads the interrupted context from.
// (SYSABI_RESTORE_RT: sysabi/raw/arch/restore_rt.hpp.)
SYSABI_RESTORE_RT(2, "",
                  "        mov     " SYSABI_STR(__NR_rt_sigreturn) ", %g1   /* g1: the number, rt_sigreturn */\n"
                  "        ta      0x6d                /* never returns: the kernel resumes the interrupted code */\n",
                  "");
