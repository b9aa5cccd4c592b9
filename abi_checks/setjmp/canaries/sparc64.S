// abi_checks/setjmp/canaries/sparc64.S - setjmp's caller's register window
// through a setjmp/longjmp pair on sparc64.  See canaries.h.
//
// What a sparc64 function keeps across a call is its own register window
// (%l0-%l7, %i0-%i7); the pair gives it back by flushing the windows to the
// stack frames and refilling setjmp's caller's window from its frame
// (setjmp/sparc64.S).  So the canaries go into this routine's %l0-%l7 and
// %i1-%i4 (in[0..7], in[8..11]) before setjmp, and the junk into the same
// registers of a *deeper* window, which then calls longjmp: a longjmp that
// did not return to the right window, or refilled it from the wrong frame,
// brings junk back.  (Junk in setjmp's caller's own window would be a local
// changed after setjmp, which C leaves indeterminate.)  Every FP register
// is caller-saved: no FP canaries.
#include "canaries.h"

        .text
        .globl  sysabi_sj_canaries
        .type   sysabi_sj_canaries, %function
        .p2align 2
sysabi_sj_canaries:
        save    %sp, -192, %sp          // our own window and frame; %i0 = t
        ldx     [%i0 + SJT_IN + 0], %l0 // canaries in
        ldx     [%i0 + SJT_IN + 8], %l1
        ldx     [%i0 + SJT_IN + 16], %l2
        ldx     [%i0 + SJT_IN + 24], %l3
        ldx     [%i0 + SJT_IN + 32], %l4
        ldx     [%i0 + SJT_IN + 40], %l5
        ldx     [%i0 + SJT_IN + 48], %l6
        ldx     [%i0 + SJT_IN + 56], %l7
        ldx     [%i0 + SJT_IN + 64], %i1
        ldx     [%i0 + SJT_IN + 72], %i2
        ldx     [%i0 + SJT_IN + 80], %i3
        ldx     [%i0 + SJT_IN + 88], %i4
        stx     %sp, [%i0 + SJT_SP_BEFORE]  // the stack pointer setjmp sees (biased)
        ldx     [%i0 + SJT_SETJMP], %g1
        jmpl    %g1, %o7                // setjmp(t->env)
         ldx    [%i0 + SJT_ENV], %o0    // (delay slot) the argument
        // setjmp returns here twice.
        sra     %o0, 0, %o0             // its int result
        brnz,pn %o0, 1f                 // the second return: look at the window
         nop
        call    .Ljump_from_deeper      // the first: junk and longjmp one window down
         mov    %i0, %o0                // (delay slot) its argument: t
        illtrap 0                       // trap if it came back
1:      stx     %l0, [%i0 + SJT_OUT + 0]  // the window as the jump left it
        stx     %l1, [%i0 + SJT_OUT + 8]
        stx     %l2, [%i0 + SJT_OUT + 16]
        stx     %l3, [%i0 + SJT_OUT + 24]
        stx     %l4, [%i0 + SJT_OUT + 32]
        stx     %l5, [%i0 + SJT_OUT + 40]
        stx     %l6, [%i0 + SJT_OUT + 48]
        stx     %l7, [%i0 + SJT_OUT + 56]
        stx     %i1, [%i0 + SJT_OUT + 64]
        stx     %i2, [%i0 + SJT_OUT + 72]
        stx     %i3, [%i0 + SJT_OUT + 80]
        stx     %i4, [%i0 + SJT_OUT + 88]
        stx     %sp, [%i0 + SJT_SP_AFTER]
        stx     %o0, [%i0 + SJT_RET]
        ret                             // to our caller (its window comes back with `restore`) ...
         restore %o0, 0, %o0            // ... (delay slot) returning setjmp's second value

// One window down: junk in the registers that hold canaries one window up,
// then longjmp(t->env, 1).
.Ljump_from_deeper:
        save    %sp, -192, %sp          // a new window; %i0 = t
        ldx     [%i0 + SJT_JUNK + 0], %l0
        ldx     [%i0 + SJT_JUNK + 8], %l1
        ldx     [%i0 + SJT_JUNK + 16], %l2
        ldx     [%i0 + SJT_JUNK + 24], %l3
        ldx     [%i0 + SJT_JUNK + 32], %l4
        ldx     [%i0 + SJT_JUNK + 40], %l5
        ldx     [%i0 + SJT_JUNK + 48], %l6
        ldx     [%i0 + SJT_JUNK + 56], %l7
        ldx     [%i0 + SJT_JUNK + 64], %i1
        ldx     [%i0 + SJT_JUNK + 72], %i2
        ldx     [%i0 + SJT_JUNK + 80], %i3
        ldx     [%i0 + SJT_JUNK + 88], %i4
        ldx     [%i0 + SJT_LONGJMP], %g1
        ldx     [%i0 + SJT_ENV], %o0
        jmpl    %g1, %o7                // longjmp(t->env, 1): does not return
         mov    1, %o1
        illtrap 0                       // trap if it did
        .size   sysabi_sj_canaries, .-sysabi_sj_canaries

        .section .note.GNU-stack,"",@progbits
