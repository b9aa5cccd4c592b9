// abi_checks/setjmp/mips64el.S - setjmp and longjmp for mips64el (n64),
// written from the MIPS n64 ABI (s0-s7, gp, fp ($30) and sp are
// callee-saved, ra holds the return address; FR=1 hard-float: f24-f31 are
// callee-saved).
//
//   int  sysabi_setjmp(sysabi_jmp_buf env);                 env in a0 ($4)
//   void sysabi_longjmp(sysabi_jmp_buf env, int val);       val in a1 ($5)
//   int  sysabi_sigsetjmp(sysabi_jmp_buf env, int savemask);
//   void sysabi_siglongjmp(sysabi_jmp_buf env, int val);
//
// No routine here touches gp or reaches a global: they work unchanged in
// static, PIE and dynamic programs.  The assembler fills branch delay slots.
#include "jmp_buf.h"

#define __ASSEMBLY__ 1                  // uapi headers: no C declarations
#include <asm/unistd.h>                 // __NR_rt_sigprocmask, the n64 number
// SIG_BLOCK and SIG_SETMASK: mips's own values (arch/mips/include/uapi/
// asm/signal.h, 1 and 3, not asm-generic's 0 and 2); that header has no
// __ASSEMBLY__ guard, so they are spelled here.
#define SIG_BLOCK 1
#define SIG_SETMASK 3

        .text
        .globl  sysabi_setjmp
        .type   sysabi_setjmp, @function
sysabi_setjmp:
.Lsetjmp:
        sd      $31, SJ_RA($4)          // ra: where longjmp resumes
        sd      $29, SJ_SP($4)          // sp
        sd      $16, SJ_S0+0($4)        // s0 (callee-saved)
        sd      $17, SJ_S0+8($4)        // s1
        sd      $18, SJ_S0+16($4)       // s2
        sd      $19, SJ_S0+24($4)       // s3
        sd      $20, SJ_S0+32($4)       // s4
        sd      $21, SJ_S0+40($4)       // s5
        sd      $22, SJ_S0+48($4)       // s6
        sd      $23, SJ_S0+56($4)       // s7
        sd      $30, SJ_FP($4)          // fp
        sd      $28, SJ_GP($4)          // gp (callee-saved in n64)
        sdc1    $f24, SJ_F24+0($4)      // f24
        sdc1    $f25, SJ_F24+8($4)      // f25
        sdc1    $f26, SJ_F24+16($4)     // f26
        sdc1    $f27, SJ_F24+24($4)     // f27
        sdc1    $f28, SJ_F24+32($4)     // f28
        sdc1    $f29, SJ_F24+40($4)     // f29
        sdc1    $f30, SJ_F24+48($4)     // f30
        sdc1    $f31, SJ_F24+56($4)     // f31
        move    $2, $0                  // the direct return gives 0
        jr      $31
        .size   sysabi_setjmp, .-sysabi_setjmp

        .globl  sysabi_longjmp
        .type   sysabi_longjmp, @function
sysabi_longjmp:
.Llongjmp:
        ld      $31, SJ_RA($4)          // setjmp's return address
        ld      $29, SJ_SP($4)          // the stack as it was at setjmp
        ld      $16, SJ_S0+0($4)        // s0
        ld      $17, SJ_S0+8($4)        // s1
        ld      $18, SJ_S0+16($4)       // s2
        ld      $19, SJ_S0+24($4)       // s3
        ld      $20, SJ_S0+32($4)       // s4
        ld      $21, SJ_S0+40($4)       // s5
        ld      $22, SJ_S0+48($4)       // s6
        ld      $23, SJ_S0+56($4)       // s7
        ld      $30, SJ_FP($4)          // fp
        ld      $28, SJ_GP($4)          // gp
        ldc1    $f24, SJ_F24+0($4)      // f24
        ldc1    $f25, SJ_F24+8($4)      // f25
        ldc1    $f26, SJ_F24+16($4)     // f26
        ldc1    $f27, SJ_F24+24($4)     // f27
        ldc1    $f28, SJ_F24+32($4)     // f28
        ldc1    $f29, SJ_F24+40($4)     // f29
        ldc1    $f30, SJ_F24+48($4)     // f30
        ldc1    $f31, SJ_F24+56($4)     // f31
        sltiu   $2, $5, 1               // setjmp returns val, or 1 for 0:
        daddu   $2, $2, $5              //   (val == 0) + val
        jr      $31                     // to ra: setjmp returns a second time
        .size   sysabi_longjmp, .-sysabi_longjmp

        .globl  sysabi_sigsetjmp
        .type   sysabi_sigsetjmp, @function
sysabi_sigsetjmp:
        sd      $5, SJ_MASKED($4)       // whether the mask is saved
        sll     $5, $5, 0               // the int, sign-extended
        beqz    $5, .Lsetjmp            // no mask: plain setjmp (ra is still our caller's)
        daddiu  $6, $4, SJ_MASK         // oldset: env's mask (a2 survives the call)
        li      $4, SIG_BLOCK           // how
        move    $5, $0                  // set = NULL: read only
        li      $7, 16                  // sigsetsize: 128 signals
        li      $2, __NR_rt_sigprocmask // v0: the number
        syscall
        daddiu  $4, $6, -SJ_MASK        // env again, from a2
        b       .Lsetjmp                // tail call
        .size   sysabi_sigsetjmp, .-sysabi_sigsetjmp

        .globl  sysabi_siglongjmp
        .type   sysabi_siglongjmp, @function
sysabi_siglongjmp:
        lw      $12, SJ_MASKED($4)
        beqz    $12, .Llongjmp
        move    $16, $4                 // s0/s1: env and val across the call (longjmp restores them)
        move    $17, $5
        li      $4, SIG_SETMASK
        daddiu  $5, $16, SJ_MASK        // set: the saved mask
        move    $6, $0                  // oldset = NULL
        li      $7, 16                  // sigsetsize
        li      $2, __NR_rt_sigprocmask
        syscall
        move    $4, $16
        move    $5, $17
        b       .Llongjmp
        .size   sysabi_siglongjmp, .-sysabi_siglongjmp

        .section .note.GNU-stack,"",@progbits
