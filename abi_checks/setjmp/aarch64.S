// abi_checks/setjmp/aarch64.S - setjmp and longjmp for aarch64, written
// from AAPCS64 (6.1.1 general-purpose registers, 6.1.2 SIMD and FP).
//
//   int  sysabi_setjmp(sysabi_jmp_buf env);                 env in x0
//   void sysabi_longjmp(sysabi_jmp_buf env, int val);       val in w1
//   int  sysabi_sigsetjmp(sysabi_jmp_buf env, int savemask);
//   void sysabi_siglongjmp(sysabi_jmp_buf env, int val);
//
// A callee must preserve x19-x28, the frame pointer x29, sp, and the low 64
// bits of v8-v15 (d8-d15); x30 (lr) holds where to return.  So does a
// longjmp.  Slot offsets: jmp_buf.h.
#include "jmp_buf.h"

#define __ASSEMBLY__ 1                  // uapi headers: no C declarations
#include <asm/unistd.h>                 // __NR_rt_sigprocmask, the arch's number
#include <asm-generic/signal-defs.h>    // SIG_BLOCK, SIG_SETMASK

        .text
        .globl  sysabi_setjmp
        .type   sysabi_setjmp, %function
sysabi_setjmp:
        stp     x19, x20, [x0, #SJ_X19]         // callee-saved, in pairs
        stp     x21, x22, [x0, #SJ_X19 + 16]
        stp     x23, x24, [x0, #SJ_X19 + 32]
        stp     x25, x26, [x0, #SJ_X19 + 48]
        stp     x27, x28, [x0, #SJ_X19 + 64]
        stp     x29, x30, [x0, #SJ_X29]         // frame pointer, and lr: where longjmp resumes
        mov     x2, sp                          // sp cannot be stored directly by stp
        str     x2, [x0, #SJ_SP]
        stp     d8, d9, [x0, #SJ_D8]            // the low halves of v8-v15
        stp     d10, d11, [x0, #SJ_D8 + 16]
        stp     d12, d13, [x0, #SJ_D8 + 32]
        stp     d14, d15, [x0, #SJ_D8 + 48]
        mov     w0, #0                          // the direct return gives 0
        ret
        .size   sysabi_setjmp, .-sysabi_setjmp

        .globl  sysabi_longjmp
        .type   sysabi_longjmp, %function
sysabi_longjmp:
        ldp     x19, x20, [x0, #SJ_X19]         // restore every callee-saved register
        ldp     x21, x22, [x0, #SJ_X19 + 16]
        ldp     x23, x24, [x0, #SJ_X19 + 32]
        ldp     x25, x26, [x0, #SJ_X19 + 48]
        ldp     x27, x28, [x0, #SJ_X19 + 64]
        ldp     x29, x30, [x0, #SJ_X29]         // x30 = setjmp's return address
        ldr     x2, [x0, #SJ_SP]
        mov     sp, x2                          // the stack as it was at setjmp
        ldp     d8, d9, [x0, #SJ_D8]
        ldp     d10, d11, [x0, #SJ_D8 + 16]
        ldp     d12, d13, [x0, #SJ_D8 + 32]
        ldp     d14, d15, [x0, #SJ_D8 + 48]
        cmp     w1, #0                          // setjmp returns val ...
        csinc   w0, w1, wzr, ne                 // ... or 1 when val is 0
        ret                                     // to x30: setjmp returns again
        .size   sysabi_longjmp, .-sysabi_longjmp

        .globl  sysabi_sigsetjmp
        .type   sysabi_sigsetjmp, %function
sysabi_sigsetjmp:
        str     x1, [x0, #SJ_MASKED]            // whether the mask is saved
        cbz     w1, 1f
        mov     x9, x0                          // x9: caller-saved scratch; svc keeps it
        mov     x0, #SIG_BLOCK                  // how (ignored with a NULL set)
        mov     x1, #0                          // set = NULL: read only
        add     x2, x9, #SJ_MASK                // oldset
        mov     x3, #8                          // sigsetsize
        mov     x8, #__NR_rt_sigprocmask
        svc     #0
        mov     x0, x9
1:      b       sysabi_setjmp                   // tail call: lr is still our caller's
        .size   sysabi_sigsetjmp, .-sysabi_sigsetjmp

        .globl  sysabi_siglongjmp
        .type   sysabi_siglongjmp, %function
sysabi_siglongjmp:
        ldr     x2, [x0, #SJ_MASKED]
        cbz     w2, 1f
        mov     x9, x0                          // keep env and val across the call
        mov     x10, x1
        mov     x0, #SIG_SETMASK
        add     x1, x9, #SJ_MASK                // set: the saved mask
        mov     x2, #0                          // oldset = NULL
        mov     x3, #8
        mov     x8, #__NR_rt_sigprocmask
        svc     #0
        mov     x0, x9
        mov     x1, x10
1:      b       sysabi_longjmp
        .size   sysabi_siglongjmp, .-sysabi_siglongjmp

        .section .note.GNU-stack,"",%progbits
