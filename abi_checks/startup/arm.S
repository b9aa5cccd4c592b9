// abi_checks/startup/arm.S - sp (and, in nolibc, the frame pointer) as the
// start-up code enters its first C function (entry.h).  bl/blx leave sp alone.
// Thumb-2, like the compiled code; the linker adds an interworking veneer
// where a caller or RECORD is ARM code.
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
        orr     r2, r7, r11         // the frame pointers _start left: Thumb's r7, ARM's r11 (0 if both are)
        ldr     r3, =sysabi_startup_entry_fp   // r2, r3: argument registers RECORD does not take
        str     r2, [r3]            // ... stored for startup.cpp
#endif
        b.w     RECORD              // no call: RECORD sees the same stack
#if !SYSABI_HAS_LIBC
        .ltorg                      // the literal pool of the ldr above
#endif
        .size   ENTRY, . - ENTRY

        .section .note.GNU-stack, "", %progbits   // no executable stack
