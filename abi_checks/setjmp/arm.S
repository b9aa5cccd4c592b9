// abi_checks/setjmp/arm.S - setjmp and longjmp for 32-bit arm (EABI,
// hard-float), written from the AAPCS (5.1.1: r4-r11 and sp belong to the
// caller; 5.1.2.1: so do d8-d15).  ARM state; callers in Thumb reach it
// through blx/bx interworking.
//
//   int  sysabi_setjmp(sysabi_jmp_buf env);                 env in r0
//   void sysabi_longjmp(sysabi_jmp_buf env, int val);       val in r1
//   int  sysabi_sigsetjmp(sysabi_jmp_buf env, int savemask);
//   void sysabi_siglongjmp(sysabi_jmp_buf env, int val);
#include "jmp_buf.h"

#define __ASSEMBLY__ 1                  // uapi headers: no C declarations
#include <asm/unistd.h>                 // __NR_rt_sigprocmask, the arch's number
#include <asm-generic/signal-defs.h>    // SIG_BLOCK, SIG_SETMASK

        .syntax unified
        .arm
        .fpu    vfp
        .text
        .globl  sysabi_setjmp
        .type   sysabi_setjmp, %function
sysabi_setjmp:
        stm     r0, {r4-r11}            // callee-saved (r11: the frame pointer)
        str     sp, [r0, #SJ_SP]
        str     lr, [r0, #SJ_LR]        // where longjmp resumes
        add     r1, r0, #SJ_D8
        vstmia  r1, {d8-d15}            // callee-saved VFP registers
        mov     r0, #0                  // the direct return gives 0
        bx      lr
        .size   sysabi_setjmp, .-sysabi_setjmp

        .globl  sysabi_longjmp
        .type   sysabi_longjmp, %function
sysabi_longjmp:
        ldm     r0, {r4-r11}            // restore every callee-saved register
        ldr     sp, [r0, #SJ_SP]
        ldr     lr, [r0, #SJ_LR]
        add     r2, r0, #SJ_D8
        vldmia  r2, {d8-d15}
        movs    r0, r1                  // setjmp returns val ...
        moveq   r0, #1                  // ... or 1 for 0
        bx      lr                      // setjmp returns a second time
        .size   sysabi_longjmp, .-sysabi_longjmp

        .globl  sysabi_sigsetjmp
        .type   sysabi_sigsetjmp, %function
sysabi_sigsetjmp:
        str     r1, [r0, #SJ_MASKED]    // whether the mask is saved
        cmp     r1, #0
        beq     1f
        push    {r0, r7}                // r7 carries the number and is callee-saved
        add     r2, r0, #SJ_MASK        // oldset
        mov     r0, #SIG_BLOCK          // how
        mov     r1, #0                  // set = NULL: read only
        mov     r3, #8                  // sigsetsize
        mov     r7, #__NR_rt_sigprocmask
        svc     0
        pop     {r0, r7}
1:      b       sysabi_setjmp           // tail call: lr is still our caller's
        .size   sysabi_sigsetjmp, .-sysabi_sigsetjmp

        .globl  sysabi_siglongjmp
        .type   sysabi_siglongjmp, %function
sysabi_siglongjmp:
        ldr     r2, [r0, #SJ_MASKED]
        cmp     r2, #0
        beq     1f
        push    {r0, r1, r7, lr}        // env, val, and r7
        add     r1, r0, #SJ_MASK        // set: the saved mask
        mov     r0, #SIG_SETMASK
        mov     r2, #0                  // oldset = NULL
        mov     r3, #8
        mov     r7, #__NR_rt_sigprocmask
        svc     0
        pop     {r0, r1, r7, lr}
1:      b       sysabi_longjmp
        .size   sysabi_siglongjmp, .-sysabi_siglongjmp

        .section .note.GNU-stack,"",%progbits
