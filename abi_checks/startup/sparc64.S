// abi_checks/startup/sparc64.S - sp as the start-up code enters its first
// C function (entry.h).  call leaves %sp alone and puts its own address in
// %o7.  %sp is biased (the real address is %sp + 2047, SPARC V9), so the
// real address is what RECORD gets: the psABI's 16-byte alignment is of it.
#include "entry.h"

        .text
        .globl  ENTRY
        .type   ENTRY, @function
        .p2align 2
ENTRY:
#if SYSABI_HAS_LIBC
        add     %sp, 2047, %o3          // main(argc o0, argv o1, envp o2): the real sp is RECORD's 4th argument
#else
        add     %sp, 2047, %o1          // sysabi_start_c(sp o0): the real sp is RECORD's 2nd argument
        setx    sysabi_startup_entry_fp, %o4, %o5   // o5: the global's address (o4 scratch; nolibc is not PIE)
        stx     %fp, [%o5]              // the frame pointer (%i6) _start left (startup.cpp)
#endif
        mov     %o7, %g1                // keep our caller's return address: call overwrites %o7
        call    RECORD                  // pc-relative (PIE-safe) jump; RECORD sees the same stack ...
         mov    %g1, %o7                // ... (delay slot) and returns straight to our caller: a tail call
        .size   ENTRY, . - ENTRY

        .section .note.GNU-stack, "", @progbits   // no executable stack
