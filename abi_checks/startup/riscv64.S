// abi_checks/startup/riscv64.S - sp (and, in nolibc, the frame pointer) as the
// start-up code enters its first C function (entry.h).  call (jal) leaves sp
// alone.
#include "entry.h"

        .text
        .globl  ENTRY
        .type   ENTRY, @function
        .p2align 2
ENTRY:
#if SYSABI_HAS_LIBC
        mv      a3, sp              // main(argc a0, argv a1, envp a2): sp is RECORD's 4th argument
#else
        mv      a1, sp              // sysabi_start_c(sp a0): sp is RECORD's 2nd argument
        lla     t0, sysabi_startup_entry_fp   // t0: a scratch register
        sd      s0, 0(t0)           // the frame pointer _start left (startup.cpp)
        lla     t0, sysabi_startup_entry_gp
        sd      gp, 0(t0)           // and the global pointer (startup.cpp)
#endif
        tail    RECORD              // no call: RECORD sees the same stack
        .size   ENTRY, . - ENTRY

        .section .note.GNU-stack, "", @progbits   // no executable stack
