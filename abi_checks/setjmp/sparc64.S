// abi_checks/setjmp/sparc64.S - setjmp and longjmp for sparc64, written from
// the SPARC V9 psABI: a function gives back its caller's register window
// (the caller's %l0-%l7 and %i0-%i7, %fp = %i6 among them) and %sp; every
// FP register is caller-saved.  The window is not copied into the jmp_buf:
// longjmp goes back up the chain of windows to setjmp's caller's, found by
// its %fp, and restores %sp and the return address (jmp_buf.h).  setjmp
// first flushes the register windows to their stack frames (flushw), so
// that the frames up the chain are complete in memory.
//
//   int  sysabi_setjmp(sysabi_jmp_buf env);                 env in %o0
//   void sysabi_longjmp(sysabi_jmp_buf env, int val);       val in %o1
//   int  sysabi_sigsetjmp(sysabi_jmp_buf env, int savemask);
//   void sysabi_siglongjmp(sysabi_jmp_buf env, int val);
//
// setjmp and sigsetjmp are leaves (no `save`): they run in their caller's
// window, so %sp, %fp and %o7 are the caller's.  %sp and %fp are biased (real address
// - 2047), stored as they are.
#include "jmp_buf.h"

#define __ASSEMBLY__ 1                  // uapi headers: no C declarations
#include <asm/unistd.h>                 // __NR_rt_sigprocmask, the arch's number

// sparc's own values (arch/sparc/include/uapi/asm/signal.h, in its C-only
// part): SIG_BLOCK 1, SIG_SETMASK 4.
#define SPARC_SIG_BLOCK 1
#define SPARC_SIG_SETMASK 4

        // %g2 and %g3 are the application's scratch registers (caller-saved);
        // the V9 assembler wants every use of them declared.
        .register %g2, #scratch
        .register %g3, #scratch

        .text
        .globl  sysabi_setjmp
        .type   sysabi_setjmp, %function
        .p2align 2
sysabi_setjmp:
        flushw                          // every window to its frame: the chain above us is in memory
        stx     %sp, [%o0 + SJ_SP]      // the caller's stack pointer
        stx     %fp, [%o0 + SJ_FP]      // the caller's frame pointer (its %i6)
        stx     %o7, [%o0 + SJ_O7]      // the call's address: we return to %o7 + 8
        retl                            // the direct return ...
         mov    0, %o0                  // ... (delay slot) gives 0
        .size   sysabi_setjmp, .-sysabi_setjmp

        .globl  sysabi_longjmp
        .type   sysabi_longjmp, %function
        .p2align 2
// Unwinds to setjmp's caller's window with `restore`, one window at a time,
// until %fp is the one setjmp saw: each window comes back as it stands -
// from the register file, or filled from the frame it was spilled to (a
// kernel that delivers a signal spills the interrupted window and copies
// it into the signal frame, where the handler's `restore` finds it).  No
// flushw, which would write a window to wherever its %sp points now: after
// a signal that is the signal frame, not the function's own frame.  A
// target that is not up the chain (%fp passed it, or the chain ended) is a
// bad jmp_buf: trap.
sysabi_longjmp:
        mov     %o0, %g1                // g1: env (globals survive `restore`)
        sra     %o1, 0, %g2             // g2: val, an int, sign-extended
        movrz   %g2, 1, %g2             // longjmp(env, 0) makes setjmp return 1
        ldx     [%g1 + SJ_FP], %g3      // g3: setjmp's caller's %fp, the window to find
1:      cmp     %fp, %g3
        be,pn   %xcc, 2f                // found: this window is setjmp's caller's
         nop
        brz,pn  %fp, 3f                 // the chain ended (_start's %fp is 0)
         cmp    %fp, %g3
        bgu,pn  %xcc, 3f                // passed it (frames lie above their callees'): not ours
         nop
        ba,pt   %xcc, 1b
         restore                        // (delay slot) up one window
2:      ldx     [%g1 + SJ_SP], %sp      // the caller's stack pointer as at setjmp
        ldx     [%g1 + SJ_O7], %o7      // setjmp's call
        retl                            // to %o7 + 8: setjmp returns a second time ...
         mov    %g2, %o0                // ... (delay slot) with val
3:      illtrap 0                       // no such frame up the chain
        .size   sysabi_longjmp, .-sysabi_longjmp

        .globl  sysabi_sigsetjmp
        .type   sysabi_sigsetjmp, %function
        .p2align 2
sysabi_sigsetjmp:
        sra     %o1, 0, %o1             // savemask, an int
        brz     %o1, 1f                 // no mask to save: plain setjmp
         stx    %o1, [%o0 + SJ_MASKED]  // (delay slot, always) whether the mask is saved
        mov     %o0, %g2                // g2: env (the kernel keeps the globals)
        mov     SPARC_SIG_BLOCK, %o0    // how (ignored: set is NULL)
        mov     %g0, %o1                // set = NULL: read only
        add     %g2, SJ_MASK, %o2       // oldset
        mov     8, %o3                  // sigsetsize
        mov     __NR_rt_sigprocmask, %g1
        ta      0x6d                    // system call (cannot fail with these arguments)
        mov     %g2, %o0                // env back
1:      ba,pt   %xcc, sysabi_setjmp     // tail call: %o7 is still our caller's
         nop
        .size   sysabi_sigsetjmp, .-sysabi_sigsetjmp

        .globl  sysabi_siglongjmp
        .type   sysabi_siglongjmp, %function
        .p2align 2
sysabi_siglongjmp:
        ldx     [%o0 + SJ_MASKED], %g3
        brz     %g3, 1f                 // no mask saved
         mov    %o0, %g2                // (delay slot) g2: env
        mov     %o1, %g3                // g3: val
        mov     SPARC_SIG_SETMASK, %o0  // how
        add     %g2, SJ_MASK, %o1       // set: the saved mask
        mov     %g0, %o2                // oldset = NULL
        mov     8, %o3                  // sigsetsize
        mov     __NR_rt_sigprocmask, %g1
        ta      0x6d
        mov     %g2, %o0                // env and val back
        mov     %g3, %o1
1:      ba,pt   %xcc, sysabi_longjmp
         nop
        .size   sysabi_siglongjmp, .-sysabi_siglongjmp

        .section .note.GNU-stack,"",@progbits
