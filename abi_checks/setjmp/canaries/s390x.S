/* abi_checks/setjmp/canaries/s390x.S - every callee-saved register of
 * s390x (r6-r13; f8-f15) through a setjmp/longjmp pair.  See canaries.h.
 *
 * Our own caller's r6-r15 go to its register save area (48(r15)), our
 * f8-f15 to a frame of our own above the 160 bytes the ABI reserves for
 * the functions we call (setjmp and longjmp may store there). */
#include "canaries.h"

#define OWN 224                         /* 160 (ABI) + f8-f15 */

        .text
        .globl  sysabi_sj_canaries
        .type   sysabi_sj_canaries, @function
        .p2align 3
sysabi_sj_canaries:
        stmg    %r6, %r15, 48(%r15)     /* our caller's registers: ours to give back */
        aghi    %r15, -OWN
        std     %f8, 160(%r15)
        std     %f9, 168(%r15)
        std     %f10, 176(%r15)
        std     %f11, 184(%r15)
        std     %f12, 192(%r15)
        std     %f13, 200(%r15)
        std     %f14, 208(%r15)
        std     %f15, 216(%r15)
        larl    %r1, sysabi_sj_current  /* every callee-saved register is about to hold a canary */
        stg     %r2, 0(%r1)
        lmg     %r6, %r13, SJT_IN(%r2)  /* canaries in: r6-r13 from in[0..7] */
        ld      %f8, SJT_FIN+0(%r2)
        ld      %f9, SJT_FIN+8(%r2)
        ld      %f10, SJT_FIN+16(%r2)
        ld      %f11, SJT_FIN+24(%r2)
        ld      %f12, SJT_FIN+32(%r2)
        ld      %f13, SJT_FIN+40(%r2)
        ld      %f14, SJT_FIN+48(%r2)
        ld      %f15, SJT_FIN+56(%r2)
        stg     %r15, SJT_SP_BEFORE(%r2)
        lg      %r1, SJT_SETJMP(%r2)
        lg      %r2, SJT_ENV(%r2)
        basr    %r14, %r1               /* setjmp(env) */
        larl    %r1, sysabi_sj_current
        lg      %r1, 0(%r1)
        ltgr    %r2, %r2
        jne     1f                      /* the second return */
        lmg     %r6, %r13, SJT_JUNK(%r1)  /* first return: clobber them all */
        ld      %f8, SJT_FJUNK+0(%r1)
        ld      %f9, SJT_FJUNK+8(%r1)
        ld      %f10, SJT_FJUNK+16(%r1)
        ld      %f11, SJT_FJUNK+24(%r1)
        ld      %f12, SJT_FJUNK+32(%r1)
        ld      %f13, SJT_FJUNK+40(%r1)
        ld      %f14, SJT_FJUNK+48(%r1)
        ld      %f15, SJT_FJUNK+56(%r1)
        aghi    %r15, -32               /* and move the stack pointer */
        lg      %r4, SJT_LONGJMP(%r1)
        lg      %r2, SJT_ENV(%r1)
        lghi    %r3, 1
        basr    %r14, %r4               /* longjmp(env, 1): does not return here */
        .short  0                       /* an invalid opcode: trap if it did */
1:      stg     %r2, SJT_RET(%r1)
        stmg    %r6, %r13, SJT_OUT(%r1) /* what the pair gave back */
        std     %f8, SJT_FOUT+0(%r1)
        std     %f9, SJT_FOUT+8(%r1)
        std     %f10, SJT_FOUT+16(%r1)
        std     %f11, SJT_FOUT+24(%r1)
        std     %f12, SJT_FOUT+32(%r1)
        std     %f13, SJT_FOUT+40(%r1)
        std     %f14, SJT_FOUT+48(%r1)
        std     %f15, SJT_FOUT+56(%r1)
        stg     %r15, SJT_SP_AFTER(%r1)
        ld      %f8, 160(%r15)
        ld      %f9, 168(%r15)
        ld      %f10, 176(%r15)
        ld      %f11, 184(%r15)
        ld      %f12, 192(%r15)
        ld      %f13, 200(%r15)
        ld      %f14, 208(%r15)
        ld      %f15, 216(%r15)
        lmg     %r6, %r15, OWN+48(%r15) /* our caller's r6-r15 */
        br      %r14
        .size   sysabi_sj_canaries, .-sysabi_sj_canaries

        .section .note.GNU-stack,"",@progbits
