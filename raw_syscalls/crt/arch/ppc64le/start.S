// _start for ppc64le (no libc), ELFv2 ABI.
//
// The kernel enters here with r1 (sp) pointing at argc; above it argv[],
// NULL, envp[], NULL, then the auxiliary vector.  r12 holds _start's own
// address (an ELFv2 global entry point is entered with r12 = its address);
// r2, the TOC pointer, is not set: the code below makes it from r12, as
// every ELFv2 function's global entry does.  r7 may hold a termination
// function for the dynamic linker's use; a static program ignores it.

        .abiversion 2
        .text
        .globl  _start
        .type   _start, @function
        .p2align 2
_start:
        addis   2, 12, (.TOC. - _start)@ha  // r2 = TOC pointer: _start's address (r12) + the
        addi    2, 2, (.TOC. - _start)@l    //   link-time distance from _start to .TOC., in two halves
        mr      3, 1                // arg 1 of sysabi_start_c (r3): the initial stack pointer
        clrrdi  1, 1, 4             // ABI: sp % 16 == 0 (the kernel gives it; made sure)
        li      0, 0                // r0 = 0 for the next two stores
        stdu    0, -32(1)           // the minimal 32-byte frame; its back chain 0 ends backtraces
        mtlr    0                   // lr 0: there is nowhere to return to
        bl      sysabi_start_c      // never returns: it calls exit_group
        nop                         // the TOC-restore slot the ABI reserves after a call
        trap                        // trap if it did
        .size   _start, . - _start

        .section .note.GNU-stack, "", @progbits   // no executable stack
