// abi_checks/startup/ppc64le.S - sp (r1) as the start-up code enters its
// first C function (entry.h).  bl leaves r1 alone (the return address goes
// to lr), so r1 here is r1 at the call.
#include "entry.h"

        .abiversion 2
        .text
        .globl  ENTRY
        .type   ENTRY, @function
        .p2align 4
ENTRY:
0:      addis   2, 12, (.TOC. - 0b)@ha  // global entry (a dynamic libc calls main through
        addi    2, 2, (.TOC. - 0b)@l    //   a pointer, r12 = its address): our TOC in r2
        .localentry ENTRY, . - ENTRY
#if SYSABI_HAS_LIBC
        mr      6, 1                // main(argc r3, argv r4, envp r5): sp is RECORD's 4th argument
#else
        mr      4, 1                // sysabi_start_c(sp r3): sp is RECORD's 2nd argument
        ld      5, 0(1)             // r5: the back chain _start left (ppc64 has no frame-pointer register; 0 ends backtraces)
        addis   6, 2, sysabi_startup_entry_fp@toc@ha    // r6: the global's address, TOC-relative
        std     5, sysabi_startup_entry_fp@toc@l(6)     //   (startup.cpp); r5, r6: argument registers RECORD does not take
#endif
        b       RECORD              // no call: RECORD sees the same stack and lr
        .size   ENTRY, . - ENTRY

        .section .note.GNU-stack, "", @progbits   // no executable stack
