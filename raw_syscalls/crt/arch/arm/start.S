// _start for 32-bit Arm, EABI (no libc).
//
// The kernel enters here with sp pointing at argc; above it argv[], NULL,
// envp[], NULL, then the auxiliary vector.  r0 may hold a termination
// function pointer for the dynamic linker's use; a static program ignores it.
// Assembled as ARM code; sysabi_start_c may be Thumb: the linker turns the
// bl into blx for it.

        .syntax unified
        .arm
        .text
        .globl  _start
        .type   _start, %function
        .p2align 2
_start:
        mov     fp, #0              // ARM-code frame pointer (r11) 0: the outermost frame ends backtraces
        mov     r7, #0              // Thumb-code frame pointer (r7) 0, likewise
        mov     lr, #0              // link register 0: there is nowhere to return to
        mov     r0, sp              // arg 1 of sysabi_start_c (r0): the initial stack pointer
        bic     r1, r0, #15         // AAPCS asks sp % 8 == 0 at public interfaces; sysabi aligns to 16 ...
        mov     sp, r1              // ... (sp as the destination of bic is deprecated: go through r1)
        bl      sysabi_start_c      // never returns: it calls exit_group
        udf     #0                  // trap if it did
        .size   _start, . - _start

        .section .note.GNU-stack, "", %progbits   // no executable stack
