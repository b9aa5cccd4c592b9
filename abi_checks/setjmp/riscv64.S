// abi_checks/setjmp/riscv64.S - setjmp and longjmp for riscv64 (lp64d),
// written from the RISC-V psABI (integer calling convention: s0-s11 and sp
// are callee-saved, ra holds the return address; hard-float: fs0-fs11 are
// callee-saved).
//
//   int  sysabi_setjmp(sysabi_jmp_buf env);                 env in a0
//   void sysabi_longjmp(sysabi_jmp_buf env, int val);       val in a1
//   int  sysabi_sigsetjmp(sysabi_jmp_buf env, int savemask);
//   void sysabi_siglongjmp(sysabi_jmp_buf env, int val);
#include "jmp_buf.h"

#define __ASSEMBLY__ 1                  // uapi headers: no C declarations
#include <asm/unistd.h>                 // __NR_rt_sigprocmask, the arch's number
#include <asm-generic/signal-defs.h>    // SIG_BLOCK, SIG_SETMASK

        .text
        .globl  sysabi_setjmp
        .type   sysabi_setjmp, @function
sysabi_setjmp:
        sd      ra, SJ_RA(a0)           // where longjmp resumes
        sd      sp, SJ_SP(a0)
        sd      s0, SJ_S0+0(a0)         // callee-saved (s0: the frame pointer)
        sd      s1, SJ_S0+8(a0)
        sd      s2, SJ_S0+16(a0)
        sd      s3, SJ_S0+24(a0)
        sd      s4, SJ_S0+32(a0)
        sd      s5, SJ_S0+40(a0)
        sd      s6, SJ_S0+48(a0)
        sd      s7, SJ_S0+56(a0)
        sd      s8, SJ_S0+64(a0)
        sd      s9, SJ_S0+72(a0)
        sd      s10, SJ_S0+80(a0)
        sd      s11, SJ_S0+88(a0)
        fsd     fs0, SJ_FS0+0(a0)      // callee-saved FP registers
        fsd     fs1, SJ_FS0+8(a0)
        fsd     fs2, SJ_FS0+16(a0)
        fsd     fs3, SJ_FS0+24(a0)
        fsd     fs4, SJ_FS0+32(a0)
        fsd     fs5, SJ_FS0+40(a0)
        fsd     fs6, SJ_FS0+48(a0)
        fsd     fs7, SJ_FS0+56(a0)
        fsd     fs8, SJ_FS0+64(a0)
        fsd     fs9, SJ_FS0+72(a0)
        fsd     fs10, SJ_FS0+80(a0)
        fsd     fs11, SJ_FS0+88(a0)
        li      a0, 0                   // the direct return gives 0
        ret
        .size   sysabi_setjmp, .-sysabi_setjmp

        .globl  sysabi_longjmp
        .type   sysabi_longjmp, @function
sysabi_longjmp:
        ld      ra, SJ_RA(a0)           // setjmp's return address
        ld      sp, SJ_SP(a0)           // the stack as it was at setjmp
        ld      s0, SJ_S0+0(a0)         // restore every callee-saved register
        ld      s1, SJ_S0+8(a0)
        ld      s2, SJ_S0+16(a0)
        ld      s3, SJ_S0+24(a0)
        ld      s4, SJ_S0+32(a0)
        ld      s5, SJ_S0+40(a0)
        ld      s6, SJ_S0+48(a0)
        ld      s7, SJ_S0+56(a0)
        ld      s8, SJ_S0+64(a0)
        ld      s9, SJ_S0+72(a0)
        ld      s10, SJ_S0+80(a0)
        ld      s11, SJ_S0+88(a0)
        fld     fs0, SJ_FS0+0(a0)
        fld     fs1, SJ_FS0+8(a0)
        fld     fs2, SJ_FS0+16(a0)
        fld     fs3, SJ_FS0+24(a0)
        fld     fs4, SJ_FS0+32(a0)
        fld     fs5, SJ_FS0+40(a0)
        fld     fs6, SJ_FS0+48(a0)
        fld     fs7, SJ_FS0+56(a0)
        fld     fs8, SJ_FS0+64(a0)
        fld     fs9, SJ_FS0+72(a0)
        fld     fs10, SJ_FS0+80(a0)
        fld     fs11, SJ_FS0+88(a0)
        seqz    a0, a1                  // setjmp returns val, or 1 for 0:
        add     a0, a0, a1              //   (val == 0) + val
        ret                             // to ra: setjmp returns a second time
        .size   sysabi_longjmp, .-sysabi_longjmp

        .globl  sysabi_sigsetjmp
        .type   sysabi_sigsetjmp, @function
sysabi_sigsetjmp:
        sd      a1, SJ_MASKED(a0)       // whether the mask is saved
        sext.w  a1, a1
        beqz    a1, 1f
        mv      t0, a0                  // t0: scratch; the kernel keeps it
        li      a0, SIG_BLOCK           // how
        li      a1, 0                   // set = NULL: read only
        addi    a2, t0, SJ_MASK         // oldset
        li      a3, 8                   // sigsetsize
        li      a7, __NR_rt_sigprocmask
        ecall
        mv      a0, t0
1:      j       sysabi_setjmp           // tail call: ra is still our caller's
        .size   sysabi_sigsetjmp, .-sysabi_sigsetjmp

        .globl  sysabi_siglongjmp
        .type   sysabi_siglongjmp, @function
sysabi_siglongjmp:
        lw      t1, SJ_MASKED(a0)
        beqz    t1, 1f
        mv      t0, a0                  // keep env and val across the call
        mv      t2, a1
        li      a0, SIG_SETMASK
        addi    a1, t0, SJ_MASK         // set: the saved mask
        li      a2, 0                   // oldset = NULL
        li      a3, 8
        li      a7, __NR_rt_sigprocmask
        ecall
        mv      a0, t0
        mv      a1, t2
1:      j       sysabi_longjmp
        .size   sysabi_siglongjmp, .-sysabi_siglongjmp

        .section .note.GNU-stack,"",@progbits
