// _start for x32 (no libc).
//
// The kernel enters here with rsp pointing at argc, as on x86_64, but the
// initial stack is laid out in 32-bit words (the kernel's compat ELF loader):
// argc, argv[], NULL, envp[], NULL, then the auxiliary vector as 32-bit
// pairs - which is what sysabi_start_c's `long*` reads on an ILP32 ABI.  The
// whole process lives below 4 GiB, so esp is the stack pointer.

        .text
        .globl  _start
        .type   _start, @function
_start:
        xor     %ebp, %ebp          // outermost frame: a zero frame pointer ends backtraces
        mov     %esp, %edi          // arg 1 of sysabi_start_c: the initial stack pointer (a 32-bit pointer, zero-extended into rdi)
        and     $-16, %rsp          // the psABI requires rsp % 16 == 0 before a call
        call    sysabi_start_c      // pushes an 8-byte return address: callee sees rsp % 16 == 8, as it should
        hlt                         // sysabi_start_c never returns; trap if it did
        .size   _start, . - _start

        .section .note.GNU-stack, "", @progbits   // no executable stack
