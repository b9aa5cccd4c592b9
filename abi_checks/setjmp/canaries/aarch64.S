// abi_checks/setjmp/canaries/aarch64.S - every callee-saved register of
// aarch64 (x19-x28, x29; d8-d15) through a setjmp/longjmp pair.  See
// canaries.h.
#include "canaries.h"

        .text
        .globl  sysabi_sj_canaries
        .type   sysabi_sj_canaries, %function
sysabi_sj_canaries:
        stp     x29, x30, [sp, #-176]!          // our caller's registers: ours to give back
        stp     x19, x20, [sp, #16]
        stp     x21, x22, [sp, #32]
        stp     x23, x24, [sp, #48]
        stp     x25, x26, [sp, #64]
        stp     x27, x28, [sp, #80]
        stp     d8, d9, [sp, #96]
        stp     d10, d11, [sp, #112]
        stp     d12, d13, [sp, #128]
        stp     d14, d15, [sp, #144]
        adrp    x9, sysabi_sj_current           // every callee-saved register is about to
        str     x0, [x9, :lo12:sysabi_sj_current]   // hold a canary: keep the record in memory
        ldp     x19, x20, [x0, #SJT_IN]         // canaries in
        ldp     x21, x22, [x0, #SJT_IN + 16]
        ldp     x23, x24, [x0, #SJT_IN + 32]
        ldp     x25, x26, [x0, #SJT_IN + 48]
        ldp     x27, x28, [x0, #SJT_IN + 64]
        ldr     x29, [x0, #SJT_IN + 80]
        ldp     d8, d9, [x0, #SJT_FIN]
        ldp     d10, d11, [x0, #SJT_FIN + 16]
        ldp     d12, d13, [x0, #SJT_FIN + 32]
        ldp     d14, d15, [x0, #SJT_FIN + 48]
        mov     x10, sp
        str     x10, [x0, #SJT_SP_BEFORE]
        ldr     x10, [x0, #SJT_SETJMP]
        ldr     x0, [x0, #SJT_ENV]
        blr     x10                             // setjmp(env)
        adrp    x9, sysabi_sj_current
        ldr     x9, [x9, :lo12:sysabi_sj_current]
        cbnz    w0, 1f                          // the second return: after longjmp
        ldp     x19, x20, [x9, #SJT_JUNK]       // first return: clobber every one of them
        ldp     x21, x22, [x9, #SJT_JUNK + 16]
        ldp     x23, x24, [x9, #SJT_JUNK + 32]
        ldp     x25, x26, [x9, #SJT_JUNK + 48]
        ldp     x27, x28, [x9, #SJT_JUNK + 64]
        ldr     x29, [x9, #SJT_JUNK + 80]
        ldp     d8, d9, [x9, #SJT_FJUNK]
        ldp     d10, d11, [x9, #SJT_FJUNK + 16]
        ldp     d12, d13, [x9, #SJT_FJUNK + 32]
        ldp     d14, d15, [x9, #SJT_FJUNK + 48]
        sub     sp, sp, #32                     // and move the stack pointer
        ldr     x10, [x9, #SJT_LONGJMP]
        ldr     x0, [x9, #SJT_ENV]
        mov     w1, #1
        blr     x10                             // longjmp(env, 1): does not return here
        brk     #0
1:      sxtw    x0, w0
        str     x0, [x9, #SJT_RET]
        stp     x19, x20, [x9, #SJT_OUT]        // what the pair gave back
        stp     x21, x22, [x9, #SJT_OUT + 16]
        stp     x23, x24, [x9, #SJT_OUT + 32]
        stp     x25, x26, [x9, #SJT_OUT + 48]
        stp     x27, x28, [x9, #SJT_OUT + 64]
        str     x29, [x9, #SJT_OUT + 80]
        add     x11, x9, #SJT_FOUT              // beyond stp's reach from x9
        stp     d8, d9, [x11]
        stp     d10, d11, [x11, #16]
        stp     d12, d13, [x11, #32]
        stp     d14, d15, [x11, #48]
        mov     x10, sp
        str     x10, [x9, #SJT_SP_AFTER]
        ldp     x19, x20, [sp, #16]
        ldp     x21, x22, [sp, #32]
        ldp     x23, x24, [sp, #48]
        ldp     x25, x26, [sp, #64]
        ldp     x27, x28, [sp, #80]
        ldp     d8, d9, [sp, #96]
        ldp     d10, d11, [sp, #112]
        ldp     d12, d13, [sp, #128]
        ldp     d14, d15, [sp, #144]
        ldp     x29, x30, [sp], #176
        ret
        .size   sysabi_sj_canaries, .-sysabi_sj_canaries

        .section .note.GNU-stack,"",%progbits
