// abi_checks/startup/i386.S - esp (and, in nolibc, the frame pointer) as the
// start-up code enters its first C function (entry.h).  The call that got here
// pushed a return address; the arguments are on the stack above it (cdecl).
#include "entry.h"

        .text
        .globl  ENTRY
        .type   ENTRY, @function
ENTRY:
#if !SYSABI_HAS_LIBC
        mov     %ebp, sysabi_startup_entry_fp   // the frame pointer _start left (startup.cpp; nolibc is not PIE)
#endif
        mov     %esp, %eax          // RECORD is regparm(1): its 1st argument in eax, the rest
                                    // where the start-up code put them
        jmp     RECORD              // no call: RECORD sees the same stack
        .size   ENTRY, . - ENTRY

        .section .note.GNU-stack, "", @progbits   // no executable stack
