// abi_checks/startup/x86_64.S - rsp (and, in nolibc, the frame pointer) as the
// start-up code enters its first C function (entry.h).  The call that got here
// pushed a return address.
#include "entry.h"

        .text
        .globl  ENTRY
        .type   ENTRY, @function
ENTRY:
#if SYSABI_HAS_LIBC
        mov     %rsp, %rcx          // main(argc rdi, argv rsi, envp rdx): rsp is RECORD's 4th argument
#else
        mov     %rsp, %rsi          // sysabi_start_c(sp rdi): rsp is RECORD's 2nd argument
        mov     %rbp, sysabi_startup_entry_fp(%rip)   // the frame pointer _start left (startup.cpp)
#endif
        jmp     RECORD              // no call: RECORD sees the same stack
        .size   ENTRY, . - ENTRY

        .section .note.GNU-stack, "", @progbits   // no executable stack
