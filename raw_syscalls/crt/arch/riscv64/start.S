// _start for riscv64 (no libc).
//
// The kernel enters here with sp pointing at argc; above it argv[], NULL,
// envp[], NULL, then the auxiliary vector (RISC-V ELF psABI, "Process
// Initialization").  a0 may hold a termination function pointer for the
// dynamic linker's use; a static program ignores it.

        .text
        .globl  _start
        .type   _start, @function
        .p2align 2
_start:
        .option push
        .option norelax             // the next load must not itself be relaxed to a gp-relative access
        lla     gp, __global_pointer$   // psABI: gp holds __global_pointer$ (set by the linker script) before
                                    // any gp-relative access the linker relaxed other code into
        .option pop
        li      s0, 0               // frame pointer (s0/fp) 0: the outermost frame ends backtraces
        li      ra, 0               // return address 0: there is nowhere to return to
        mv      a0, sp              // arg 1 of sysabi_start_c (a0): the initial stack pointer
        andi    sp, sp, -16         // psABI: sp % 16 == 0 on entry to every function (the kernel gives it; made sure)
        call    sysabi_start_c      // never returns: it calls exit_group
        unimp                       // trap if it did
        .size   _start, . - _start

        .section .note.GNU-stack, "", @progbits   // no executable stack
