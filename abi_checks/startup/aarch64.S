// abi_checks/startup/aarch64.S - sp (and, in nolibc, the frame pointer) as the
// start-up code enters its first C function (entry.h).  bl leaves sp alone.
#include "entry.h"

        .text
        .globl  ENTRY
        .type   ENTRY, %function
        .p2align 2
ENTRY:
#if SYSABI_HAS_LIBC
        mov     x3, sp              // main(argc x0, argv x1, envp x2): sp is RECORD's 4th argument
#else
        mov     x1, sp              // sysabi_start_c(sp x0): sp is RECORD's 2nd argument
        adrp    x9, sysabi_startup_entry_fp             // x9: a scratch register, the global's page
        str     x29, [x9, :lo12:sysabi_startup_entry_fp] // the frame pointer _start left (startup.cpp)
#endif
        b       RECORD              // no call: RECORD sees the same stack
        .size   ENTRY, . - ENTRY

        .section .note.GNU-stack, "", %progbits   // no executable stack
