/* abi_checks/setjmp/s390x.S - setjmp and longjmp for s390x, written from
 * the s390x ELF ABI supplement (r6-r13 and f8-f15 are callee-saved, r14
 * holds the return address, r15 the stack pointer; a callee may store
 * into the 160 bytes at its caller's r15, which is why nothing is kept
 * there across a call).
 *
 *   int  sysabi_setjmp(sysabi_jmp_buf env);                 env in r2
 *   void sysabi_longjmp(sysabi_jmp_buf env, int val);       val in r3
 *   int  sysabi_sigsetjmp(sysabi_jmp_buf env, int savemask);
 *   void sysabi_siglongjmp(sysabi_jmp_buf env, int val);
 *
 * The system call: svc 0 with the number in r1, arguments r2-r5; the
 * kernel gives back every register but r2, so r0 keeps env across it. */
#include "jmp_buf.h"

#define __ASSEMBLY__ 1                  /* uapi headers: no C declarations */
#include <asm/unistd.h>                 /* __NR_rt_sigprocmask, the arch's number */
#include <asm-generic/signal-defs.h>    /* SIG_BLOCK, SIG_SETMASK */

        .text
        .globl  sysabi_setjmp
        .type   sysabi_setjmp, @function
        .p2align 3
sysabi_setjmp:
        stmg    %r6, %r15, SJ_R6(%r2)   /* r6-r13, r14 (where longjmp resumes), r15 */
        std     %f8, SJ_F8+0(%r2)       /* callee-saved FP registers */
        std     %f9, SJ_F8+8(%r2)
        std     %f10, SJ_F8+16(%r2)
        std     %f11, SJ_F8+24(%r2)
        std     %f12, SJ_F8+32(%r2)
        std     %f13, SJ_F8+40(%r2)
        std     %f14, SJ_F8+48(%r2)
        std     %f15, SJ_F8+56(%r2)
        lghi    %r2, 0                  /* the direct return gives 0 */
        br      %r14
        .size   sysabi_setjmp, .-sysabi_setjmp

        .globl  sysabi_longjmp
        .type   sysabi_longjmp, @function
        .p2align 3
sysabi_longjmp:
        ld      %f8, SJ_F8+0(%r2)       /* restore every callee-saved register */
        ld      %f9, SJ_F8+8(%r2)
        ld      %f10, SJ_F8+16(%r2)
        ld      %f11, SJ_F8+24(%r2)
        ld      %f12, SJ_F8+32(%r2)
        ld      %f13, SJ_F8+40(%r2)
        ld      %f14, SJ_F8+48(%r2)
        ld      %f15, SJ_F8+56(%r2)
        lmg     %r6, %r15, SJ_R6(%r2)   /* r6-r13, setjmp's r14, the stack as it was */
        ltgfr   %r2, %r3                /* setjmp returns val (an int: sign-extended), CC 0 if 0 */
        bner    %r14                    /* val != 0: return it, to where setjmp was called */
        lghi    %r2, 1                  /* val == 0 becomes 1 */
        br      %r14                    /* to r14: setjmp returns a second time */
        .size   sysabi_longjmp, .-sysabi_longjmp

        .globl  sysabi_sigsetjmp
        .type   sysabi_sigsetjmp, @function
        .p2align 3
sysabi_sigsetjmp:
        stg     %r3, SJ_MASKED(%r2)     /* whether the mask is saved */
        ltr     %r3, %r3                /* savemask == 0 (an int: the low word)? */
        jgz     sysabi_setjmp           /* then plain setjmp (tail call: r14 is our caller's) */
        lgr     %r0, %r2                /* env, kept in r0 across the svc */
        lghi    %r2, SIG_BLOCK          /* how */
        lghi    %r3, 0                  /* set = NULL: read only */
        lgr     %r4, %r0
        aghi    %r4, SJ_MASK            /* oldset = env + SJ_MASK */
        lghi    %r5, 8                  /* sigsetsize */
        lghi    %r1, __NR_rt_sigprocmask  /* r1: the number */
        svc     0
        lgr     %r2, %r0                /* env back in r2 */
        jg      sysabi_setjmp           /* tail call */
        .size   sysabi_sigsetjmp, .-sysabi_sigsetjmp

        .globl  sysabi_siglongjmp
        .type   sysabi_siglongjmp, @function
        .p2align 3
sysabi_siglongjmp:
        lt      %r4, SJ_MASKED+4(%r2)   /* the low word of "mask saved" (big-endian: at +4) */
        jgz     sysabi_longjmp          /* not saved: plain longjmp */
        lgr     %r0, %r2                /* env and val across the svc: r0 and r7 (longjmp */
        lgr     %r7, %r3                /*   reloads r6-r15 from env, so r7 is free here) */
        lghi    %r2, SIG_SETMASK        /* how */
        lgr     %r3, %r0
        aghi    %r3, SJ_MASK            /* set: the saved mask */
        lghi    %r4, 0                  /* oldset = NULL */
        lghi    %r5, 8                  /* sigsetsize */
        lghi    %r1, __NR_rt_sigprocmask
        svc     0
        lgr     %r2, %r0
        lgr     %r3, %r7
        jg      sysabi_longjmp
        .size   sysabi_siglongjmp, .-sysabi_siglongjmp

        .section .note.GNU-stack,"",@progbits
