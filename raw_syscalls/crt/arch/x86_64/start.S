// _start for x86_64 (no libc).
//
// The kernel enters here with rsp pointing at argc; above it argv[], NULL,
// envp[], NULL, then the auxiliary vector (x86_64 psABI 3.4.1).  Registers
// other than rsp and rdx (an atexit pointer we ignore) hold no information.

        .text
        .globl  _start
        .type   _start, @function
_start:
        xor     %ebp, %ebp          // outermost frame: a zero frame pointer ends backtraces
        mov     %rsp, %rdi          // arg 1 of sysabi_start_c: the initial stack pointer
        and     $-16, %rsp          // the psABI requires rsp % 16 == 0 before a call
        call    sysabi_start_c      // pushes the return address: callee sees rsp % 16 == 8, as it should
        hlt                         // sysabi_start_c never returns; trap if it did
        .size   _start, . - _start

        .section .note.GNU-stack, "", @progbits   // no executable stack
