// abi_checks/setjmp/canaries/arm.S - every callee-saved register of arm
// (r4-r11; d8-d15) through a setjmp/longjmp pair.  See canaries.h; 8-byte
// integer slots, of which the low half is used.
#include "canaries.h"

#define IN(i) (SJT_IN + 8 * (i))
#define JUNK(i) (SJT_JUNK + 8 * (i))
#define OUT(i) (SJT_OUT + 8 * (i))

        .syntax unified
        .arm
        .fpu    vfp
        .text
        .globl  sysabi_sj_canaries
        .type   sysabi_sj_canaries, %function
sysabi_sj_canaries:
        push    {r4-r11, ip, lr}        // our caller's registers (ip keeps sp 8-byte aligned)
        vpush   {d8-d15}
        ldr     r12, =sysabi_sj_current // every callee-saved register is about to hold a canary
        str     r0, [r12]
        ldr     r4, [r0, #IN(0)]        // canaries in
        ldr     r5, [r0, #IN(1)]
        ldr     r6, [r0, #IN(2)]
        ldr     r7, [r0, #IN(3)]
        ldr     r8, [r0, #IN(4)]
        ldr     r9, [r0, #IN(5)]
        ldr     r10, [r0, #IN(6)]
        ldr     r11, [r0, #IN(7)]
        add     r1, r0, #SJT_FIN
        vldmia  r1, {d8-d15}
        str     sp, [r0, #SJT_SP_BEFORE]
        ldr     r1, [r0, #SJT_SETJMP]
        ldr     r0, [r0, #SJT_ENV]
        blx     r1                      // setjmp(env)
        ldr     r12, =sysabi_sj_current
        ldr     r12, [r12]
        cmp     r0, #0
        bne     1f                      // the second return
        ldr     r4, [r12, #JUNK(0)]     // first return: clobber them all
        ldr     r5, [r12, #JUNK(1)]
        ldr     r6, [r12, #JUNK(2)]
        ldr     r7, [r12, #JUNK(3)]
        ldr     r8, [r12, #JUNK(4)]
        ldr     r9, [r12, #JUNK(5)]
        ldr     r10, [r12, #JUNK(6)]
        ldr     r11, [r12, #JUNK(7)]
        add     r1, r12, #SJT_FJUNK
        vldmia  r1, {d8-d15}
        sub     sp, sp, #8              // and move the stack pointer
        ldr     r2, [r12, #SJT_LONGJMP]
        ldr     r0, [r12, #SJT_ENV]
        mov     r1, #1
        blx     r2                      // longjmp(env, 1): does not return here
        udf     #0
1:      str     r0, [r12, #SJT_RET]
        str     r4, [r12, #OUT(0)]      // what the pair gave back
        str     r5, [r12, #OUT(1)]
        str     r6, [r12, #OUT(2)]
        str     r7, [r12, #OUT(3)]
        str     r8, [r12, #OUT(4)]
        str     r9, [r12, #OUT(5)]
        str     r10, [r12, #OUT(6)]
        str     r11, [r12, #OUT(7)]
        add     r1, r12, #SJT_FOUT
        vstmia  r1, {d8-d15}
        str     sp, [r12, #SJT_SP_AFTER]
        vpop    {d8-d15}
        pop     {r4-r11, ip, pc}
        .ltorg
        .size   sysabi_sj_canaries, .-sysabi_sj_canaries

        .section .note.GNU-stack,"",%progbits
