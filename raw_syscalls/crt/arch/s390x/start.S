/* _start for s390x (no libc).
 *
 * The kernel enters here with r15 (the stack pointer) pointing at argc;
 * above it argv[], NULL, envp[], NULL, then the auxiliary vector (the
 * s390x ELF ABI supplement, "Process Initialization", and the kernel's
 * create_elf_tables).  r14 and the other registers hold no information a
 * static program needs.
 *
 * The s390x calling convention gives every callee 160 bytes at its
 * caller's r15: the register save area, where the callee stores r6-r15
 * (and the back chain at 0(r15) when frames are chained).  So _start
 * moves r15 down 160 bytes before its first call and zeroes the back
 * chain word, which ends backtraces.  r15 must be 8-byte aligned; the
 * kernel gives 8 and sysabi keeps 16, like the other arches. */

        .text
        .globl  _start
        .type   _start, @function
        .p2align 3
_start:
        lgr     %r2, %r15           /* arg 1 of sysabi_start_c (r2): the initial stack pointer */
        nill    %r15, 0xfff0        /* r15 % 16 == 0 (the ABI asks 8; the kernel gives it; made sure) */
        aghi    %r15, -160          /* the callee's 160-byte register save area, below argc */
        xc      0(8,%r15), 0(%r15)  /* back chain 0: the outermost frame ends backtraces */
        brasl   %r14, sysabi_start_c    /* never returns: it calls exit_group */
        .short  0                   /* an invalid opcode: trap if it did */
        .size   _start, . - _start

        .section .note.GNU-stack, "", @progbits   /* no executable stack */
