// _start for aarch64 (no libc).
//
// The kernel enters here with sp pointing at argc; above it argv[], NULL,
// envp[], NULL, then the auxiliary vector (ELF for the Arm 64-bit
// Architecture, and the kernel's create_elf_tables).  x0 may hold a
// termination function pointer for the dynamic linker's use; a static
// program ignores it.  Other registers hold no information.

        .text
        .globl  _start
        .type   _start, %function
        .p2align 2
_start:
        mov     x29, #0             // frame pointer 0: the outermost frame record ends backtraces
        mov     x30, #0             // link register 0: there is nowhere to return to
        mov     x0, sp              // arg 1 of sysabi_start_c (x0): the initial stack pointer
        and     sp, x0, #-16        // AAPCS64: sp % 16 == 0 at every public interface (the kernel gives it; made sure)
        bl      sysabi_start_c      // never returns: it calls exit_group
        udf     #0                  // trap if it did
        .size   _start, . - _start

        .section .note.GNU-stack, "", %progbits   // no executable stack
