// abi_checks/setjmp/canaries/mips64el.S - every callee-saved register of
// mips64 n64 (s0-s7, fp, gp; f24-f31) through a setjmp/longjmp pair.  See
// canaries.h.
//
// gp holds a canary too, so after each return from setjmp this routine
// finds the record through a gp of its own, derived from the pc (bal) as
// gcc's prologues derive it from t9, and stores the canary gp from a temporary first.  Calls go
// through $25 (t9), as n64 callees expect.
#include "canaries.h"
#include "../../calling_convention/mips64el_save_area.h"

        .text
        .globl  sysabi_sj_canaries
        .type   sysabi_sj_canaries, @function
        .p2align 3
sysabi_sj_canaries:
        MIPS64_SAVE_CALLEE_SAVED            // ra, gp, s0-s7, fp, f24-f31 (mips64el_save_area.h)
        lui     $28, %hi(%neg(%gp_rel(sysabi_sj_canaries)))        // gp = ours, from t9,
        daddu   $28, $28, $25                                       //   to reach the record
        daddiu  $28, $28, %lo(%neg(%gp_rel(sysabi_sj_canaries)))
        ld      $12, %got_disp(sysabi_sj_current)($28)
        sd      $4, 0($12)              // every callee-saved register is about to hold a canary
        ld      $16, SJT_IN+0($4)       // canaries in
        ld      $17, SJT_IN+8($4)       // s1
        ld      $18, SJT_IN+16($4)      // s2
        ld      $19, SJT_IN+24($4)      // s3
        ld      $20, SJT_IN+32($4)      // s4
        ld      $21, SJT_IN+40($4)      // s5
        ld      $22, SJT_IN+48($4)      // s6
        ld      $23, SJT_IN+56($4)      // s7
        ld      $30, SJT_IN+64($4)      // fp
        ld      $28, SJT_IN+72($4)      // gp
        ldc1    $f24, SJT_FIN+0($4)
        ldc1    $f25, SJT_FIN+8($4)
        ldc1    $f26, SJT_FIN+16($4)
        ldc1    $f27, SJT_FIN+24($4)
        ldc1    $f28, SJT_FIN+32($4)
        ldc1    $f29, SJT_FIN+40($4)
        ldc1    $f30, SJT_FIN+48($4)
        ldc1    $f31, SJT_FIN+56($4)
        sd      $sp, SJT_SP_BEFORE($4)
        ld      $25, SJT_SETJMP($4)     // t9 = setjmp
        ld      $4, SJT_ENV($4)
        jalr    $25                     // setjmp(env)
        move    $14, $28                // t2 = gp as setjmp returned it
        bal     .Lback                  // ra = the pc of .Lback
.Lback: lui     $28, %hi(%neg(%gp_rel(.Lback)))     // gp = ours again, from the pc
        daddu   $28, $28, $31
        daddiu  $28, $28, %lo(%neg(%gp_rel(.Lback)))
        ld      $12, %got_disp(sysabi_sj_current)($28)
        ld      $12, 0($12)             // t0 = the record
        bnez    $2, 2f                  // the second return
        ld      $16, SJT_JUNK+0($12)    // first return: clobber them all
        ld      $17, SJT_JUNK+8($12)    
        ld      $18, SJT_JUNK+16($12)   
        ld      $19, SJT_JUNK+24($12)   
        ld      $20, SJT_JUNK+32($12)   
        ld      $21, SJT_JUNK+40($12)   
        ld      $22, SJT_JUNK+48($12)   
        ld      $23, SJT_JUNK+56($12)   
        ld      $30, SJT_JUNK+64($12)   
        ld      $28, SJT_JUNK+72($12)   
        ldc1    $f24, SJT_FJUNK+0($12)
        ldc1    $f25, SJT_FJUNK+8($12)
        ldc1    $f26, SJT_FJUNK+16($12)
        ldc1    $f27, SJT_FJUNK+24($12)
        ldc1    $f28, SJT_FJUNK+32($12)
        ldc1    $f29, SJT_FJUNK+40($12)
        ldc1    $f30, SJT_FJUNK+48($12)
        ldc1    $f31, SJT_FJUNK+56($12)
        daddiu  $sp, $sp, -32           // and move the stack pointer
        ld      $25, SJT_LONGJMP($12)   // t9 = longjmp
        ld      $4, SJT_ENV($12)
        li      $5, 1
        jalr    $25                     // longjmp(env, 1): does not return here
        teq     $0, $0                  // trap if it did
2:      sd      $2, SJT_RET($12)
        sd      $16, SJT_OUT+0($12)     // what the pair gave back
        sd      $17, SJT_OUT+8($12)     
        sd      $18, SJT_OUT+16($12)    
        sd      $19, SJT_OUT+24($12)    
        sd      $20, SJT_OUT+32($12)    
        sd      $21, SJT_OUT+40($12)    
        sd      $22, SJT_OUT+48($12)    
        sd      $23, SJT_OUT+56($12)    
        sd      $30, SJT_OUT+64($12)    
        sd      $14, SJT_OUT+72($12)    // gp, as setjmp returned it
        sdc1    $f24, SJT_FOUT+0($12)
        sdc1    $f25, SJT_FOUT+8($12)
        sdc1    $f26, SJT_FOUT+16($12)
        sdc1    $f27, SJT_FOUT+24($12)
        sdc1    $f28, SJT_FOUT+32($12)
        sdc1    $f29, SJT_FOUT+40($12)
        sdc1    $f30, SJT_FOUT+48($12)
        sdc1    $f31, SJT_FOUT+56($12)
        sd      $sp, SJT_SP_AFTER($12)
        MIPS64_RESTORE_CALLEE_SAVED         // the caller's registers back
        jr      $31
        .size   sysabi_sj_canaries, .-sysabi_sj_canaries

        .section .note.GNU-stack,"",@progbits
