// abi_checks/startup/arm.S - sp as the start-up code enters its first C
// function (entry.h).  bl/blx leave sp alone.  Thumb-2, like the compiled
// code; the linker adds an interworking veneer where a caller or RECORD is
// ARM code.
#include "entry.h"

        .syntax unified
        .thumb
        .text
        .globl  ENTRY
        .type   ENTRY, %function
        .p2align 1
        .thumb_func
ENTRY:
#if SYSABI_HAS_LIBC
        mov     r3, sp              // main(argc r0, argv r1, envp r2): sp is RECORD's 4th argument
#else
        mov     r1, sp              // sysabi_start_c(sp r0): sp is RECORD's 2nd argument
#endif
        b.w     RECORD              // no call: RECORD sees the same stack
        .size   ENTRY, . - ENTRY

        .section .note.GNU-stack, "", %progbits   // no executable stack
