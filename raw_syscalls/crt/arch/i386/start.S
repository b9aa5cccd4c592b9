// _start for i386 (no libc).
//
// The kernel enters here with esp pointing at argc; above it argv[], NULL,
// envp[], NULL, then the auxiliary vector (i386 psABI 2.3.1 "Process
// Initialization").  edx may hold a termination function pointer for the
// dynamic linker's use; a static program ignores it.

        .text
        .globl  _start
        .type   _start, @function
_start:
        xor     %ebp, %ebp          // outermost frame: a zero frame pointer ends backtraces
        mov     %esp, %eax          // keep the initial stack pointer (sysabi_start_c's argument)
        and     $-16, %esp          // psABI (since gcc 4.5): esp % 16 == 0 at the call instruction ...
        sub     $12, %esp           // ... which, after the 4-byte argument below, it is again
        push    %eax                // arg 1 of sysabi_start_c: on the stack (cdecl), the initial sp
        call    sysabi_start_c      // never returns: it calls exit_group
        hlt                         // trap if it did (privileged: SIGSEGV)
        .size   _start, . - _start

        .section .note.GNU-stack, "", @progbits   // no executable stack
