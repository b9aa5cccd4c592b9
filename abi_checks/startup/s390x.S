/* abi_checks/startup/s390x.S - r15 (the stack pointer) as the start-up
 * code enters its first C function (entry.h).  brasl/basr leave r15 alone:
 * the caller's 160-byte register save area starts at it. */
#include "entry.h"

        .text
        .globl  ENTRY
        .type   ENTRY, @function
        .p2align 3
ENTRY:
#if SYSABI_HAS_LIBC
        lgr     %r5, %r15           /* main(argc r2, argv r3, envp r4): r15 is RECORD's 4th argument */
#else
        lgr     %r3, %r15           /* sysabi_start_c(sp r2): r15 is RECORD's 2nd argument */
        lg      %r4, 0(%r15)        /* r4: the back chain _start left (s390x has no frame-pointer register; 0 ends backtraces) */
        larl    %r5, sysabi_startup_entry_fp   /* r5: the global (startup.cpp); r4, r5: argument registers RECORD does not take */
        stg     %r4, 0(%r5)
#endif
        jg      RECORD              /* no call: RECORD sees the same stack */
        .size   ENTRY, . - ENTRY

        .section .note.GNU-stack, "", @progbits   /* no executable stack */
