// _start for sparc64 (no libc).
//
// The kernel enters here in the process's first register window with %sp
// a *biased* stack pointer: the stack's real address is %sp + 2047 (the
// SPARC V9 stack bias).  There the kernel left a 128-byte save area for
// this window's sixteen %l/%i registers; argc follows it, then argv[],
// NULL, envp[], NULL and the auxiliary vector (SPARC V9 psABI, "Process
// Initialization").  %g1 may hold a termination function for the dynamic
// linker's use; a static program ignores it.

        .register %g2, #scratch         // the V9 assembler wants uses of %g2 declared

        .text
        .globl  _start
        .type   _start, @function
        .p2align 2
_start:
        mov     %g0, %fp                // frame pointer (%i6) 0: the outermost frame ends backtraces
        mov     %g0, %i7                // return address 0: there is nowhere to return to
        add     %sp, 2047, %g2          // g2: the stack pointer's real address (undo the bias)
        add     %g2, 128, %o0           // arg 1 of sysabi_start_c (o0): &argc, past the window save area
        sub     %g2, 176, %g2           // a minimum frame of our own: 128 bytes for this window to be
                                        // spilled into, 48 for the six argument words a callee may store
        andn    %g2, 15, %g2            // psABI: the real stack address 16-byte aligned
        call    sysabi_start_c          // never returns: it calls exit_group
         sub    %g2, 2047, %sp          // (delay slot, runs before the call lands) %sp = real - 2047, biased again
        illtrap 0                       // trap if it did
        .size   _start, . - _start

        .section .note.GNU-stack, "", @progbits   // no executable stack
