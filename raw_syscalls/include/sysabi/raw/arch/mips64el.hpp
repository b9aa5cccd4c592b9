// sysabi/raw/arch/mips64el.hpp - the mips64 n64 system-call instruction.
//
//   trap        syscall
//   number      $2 (v0)         n64 numbers: 5000 + the call's index
//   arguments   $4  $5  $6  $7  $8  $9   (a0-a5; n64 names $8/$9 a4/a5)
//   return      $2 (v0)         the result, or a POSITIVE errno when:
//               $7 (a3)         is non-zero after the call (the error flag;
//                               0 on success).  The wrappers below turn
//                               the pair into the -errno every other arch
//                               returns, so result<T> stays the same.
//   clobbered   $2 v0, $3 v1, $7 a3 (the outputs)
//               $1 at, $8-$15 (a4-a7, t0-t3), $24 t8, $25 t9, hi, lo: the
//               kernel's entry path and syscall-restart code may use them
//               memory (the kernel may read or write any buffer we passed)
//   preserved   $4-$6 (a0-a2), $16-$23 (s0-s7), $28 gp, $29 sp, $30 fp,
//               $31 ra, the FPU registers
//
// The number is moved into $2 by the instruction right before `syscall`
// (musl does the same): kernels before 2.6.36 restarted an interrupted call
// by backing the pc up over the syscall AND the instruction before it,
// which had to be the one that loads v0.  The number may be an immediate
// ("ir"): `daddu $2, $0, 5038` assembles as one daddiu.
//
// Source: arch/mips/kernel/scall64-n64.S (v0 range check, a3 set to 0 or 1,
// v0 negated into a positive errno), arch/mips/include/asm/syscall.h,
// arch/mips/kernel/signal.c (restart: v0 and a3 put back, epc -= 4).
#pragma once

#include <asm/unistd.h>  // __NR_rt_sigreturn for the trampoline below

#include "sysabi/raw/arch/restore_rt.hpp"
#include "sysabi/raw/types.hpp"

#define SYSABI_ARCH_NAME "mips64el"
#define SYSABI_TRAP_INSN "syscall"

// The registers the kernel may change besides the outputs.  $8/$9 are
// listed only where they carry no argument (syscall0..4).
#define SYSABI_MIPS_CLOBBERS \
  "$1", "$3", "$10", "$11", "$12", "$13", "$14", "$15", "$24", "$25", "hi", "lo", "memory"

namespace sysabi::raw::arch {

// v0/a3 as the kernel left them -> the value, or -errno.
[[gnu::always_inline]] inline long mips_result(long v0, long a3) { return a3 != 0 ? -v0 : v0; }

[[gnu::always_inline]] inline long syscall0(long n) {
  register long v0 asm("$2");
  register long a3 asm("$7");
  asm volatile("daddu   $2, $0, %2   # v0 = the number, right before the trap\n\t"
               "syscall              # v0 = result or errno, a3 = error flag"
               : "=&r"(v0), "=r"(a3)
               : "ir"(n)
               : "$8", "$9", SYSABI_MIPS_CLOBBERS);
  return mips_result(v0, a3);
}

[[gnu::always_inline]] inline long syscall1(long n, long a1) {
  register long v0 asm("$2");
  register long a0 asm("$4") = a1;
  register long a3 asm("$7");
  asm volatile("daddu   $2, $0, %2   # v0 = the number, right before the trap\n\t"
               "syscall              # v0 = result or errno, a3 = error flag"
               : "=&r"(v0), "=r"(a3)
               : "ir"(n), "r"(a0)
               : "$8", "$9", SYSABI_MIPS_CLOBBERS);
  return mips_result(v0, a3);
}

[[gnu::always_inline]] inline long syscall2(long n, long a1, long a2) {
  register long v0 asm("$2");
  register long a0 asm("$4") = a1;
  register long r5 asm("$5") = a2;
  register long a3 asm("$7");
  asm volatile("daddu   $2, $0, %2   # v0 = the number, right before the trap\n\t"
               "syscall              # v0 = result or errno, a3 = error flag"
               : "=&r"(v0), "=r"(a3)
               : "ir"(n), "r"(a0), "r"(r5)
               : "$8", "$9", SYSABI_MIPS_CLOBBERS);
  return mips_result(v0, a3);
}

[[gnu::always_inline]] inline long syscall3(long n, long a1, long a2, long a3_) {
  register long v0 asm("$2");
  register long a0 asm("$4") = a1;
  register long r5 asm("$5") = a2;
  register long r6 asm("$6") = a3_;
  register long a3 asm("$7");
  asm volatile("daddu   $2, $0, %2   # v0 = the number, right before the trap\n\t"
               "syscall              # v0 = result or errno, a3 = error flag"
               : "=&r"(v0), "=r"(a3)
               : "ir"(n), "r"(a0), "r"(r5), "r"(r6)
               : "$8", "$9", SYSABI_MIPS_CLOBBERS);
  return mips_result(v0, a3);
}

[[gnu::always_inline]] inline long syscall4(long n, long a1, long a2, long a3_, long a4) {
  register long v0 asm("$2");
  register long a0 asm("$4") = a1;
  register long r5 asm("$5") = a2;
  register long r6 asm("$6") = a3_;
  register long a3 asm("$7") = a4;
  asm volatile("daddu   $2, $0, %2   # v0 = the number, right before the trap\n\t"
               "syscall              # v0 = result or errno, a3 = error flag"
               : "=&r"(v0), "+r"(a3)
               : "ir"(n), "r"(a0), "r"(r5), "r"(r6)
               : "$8", "$9", SYSABI_MIPS_CLOBBERS);
  return mips_result(v0, a3);
}

[[gnu::always_inline]] inline long syscall5(long n, long a1, long a2, long a3_, long a4, long a5) {
  register long v0 asm("$2");
  register long a0 asm("$4") = a1;
  register long r5 asm("$5") = a2;
  register long r6 asm("$6") = a3_;
  register long a3 asm("$7") = a4;
  register long r8 asm("$8") = a5;
  asm volatile("daddu   $2, $0, %3   # v0 = the number, right before the trap\n\t"
               "syscall              # v0 = result or errno, a3 = error flag"
               : "=&r"(v0), "+r"(a3), "+r"(r8)
               : "ir"(n), "r"(a0), "r"(r5), "r"(r6)
               : "$9", SYSABI_MIPS_CLOBBERS);
  return mips_result(v0, a3);
}

[[gnu::always_inline]] inline long syscall6(long n, long a1, long a2, long a3_, long a4, long a5,
                                            long a6) {
  register long v0 asm("$2");
  register long a0 asm("$4") = a1;
  register long r5 asm("$5") = a2;
  register long r6 asm("$6") = a3_;
  register long a3 asm("$7") = a4;
  register long r8 asm("$8") = a5;
  register long r9 asm("$9") = a6;
  asm volatile("daddu   $2, $0, %4   # v0 = the number, right before the trap\n\t"
               "syscall              # v0 = result or errno, a3 = error flag"
               : "=&r"(v0), "+r"(a3), "+r"(r8), "+r"(r9)
               : "ir"(n), "r"(a0), "r"(r5), "r"(r6)
               : SYSABI_MIPS_CLOBBERS);
  return mips_result(v0, a3);
}

}  // namespace sysabi::raw::arch

#undef SYSABI_MIPS_CLOBBERS

// sysabi_restore_rt: the same trampoline as on the other arches, so that
// every arch has the symbol the disassembly tables show.  mips has no
// SA_RESTORER: the kernel returns a handler through the vDSO's sigreturn
// trampoline (arch/mips/vdso/sigreturn.S), and install_handler() does not
// use this one.  (SYSABI_RESTORE_RT: sysabi/raw/arch/restore_rt.hpp.)
SYSABI_RESTORE_RT(3, "",
                  "        li      $2, " SYSABI_STR(__NR_rt_sigreturn) "   /* v0: the number, rt_sigreturn */\n"
                  "        syscall                     /* never returns: the kernel resumes the interrupted code */\n",
                  "");
