/* abi_checks/calling_convention/mips64el_save_area.h - the n64 callee-saved
 * registers (ra, gp, s0-s7, fp, f24-f31) kept in a 160-byte save area at
 * sp, by the two routines that must give them back to their caller: the
 * calling-convention trap (calling_convention/mips64el.S) and the setjmp
 * canaries (setjmp/canaries/mips64el.S). */

        .macro  MIPS64_SAVE_CALLEE_SAVED
        daddiu  $sp, $sp, -160      // the save area (16-aligned)
        sd      $31, 0($sp)         // ra
        sd      $28, 8($sp)         // gp
        sd      $16, 16($sp)        // s0
        sd      $17, 24($sp)        // s1
        sd      $18, 32($sp)        // s2
        sd      $19, 40($sp)        // s3
        sd      $20, 48($sp)        // s4
        sd      $21, 56($sp)        // s5
        sd      $22, 64($sp)        // s6
        sd      $23, 72($sp)        // s7
        sd      $30, 80($sp)        // fp
        sdc1    $f24, 88($sp)       // f24-f31: the callee-saved FP registers
        sdc1    $f25, 96($sp)
        sdc1    $f26, 104($sp)
        sdc1    $f27, 112($sp)
        sdc1    $f28, 120($sp)
        sdc1    $f29, 128($sp)
        sdc1    $f30, 136($sp)
        sdc1    $f31, 144($sp)
        .endm

        .macro  MIPS64_RESTORE_CALLEE_SAVED
        ld      $31, 0($sp)         // everything MIPS64_SAVE_CALLEE_SAVED kept
        ld      $28, 8($sp)
        ld      $16, 16($sp)
        ld      $17, 24($sp)
        ld      $18, 32($sp)
        ld      $19, 40($sp)
        ld      $20, 48($sp)
        ld      $21, 56($sp)
        ld      $22, 64($sp)
        ld      $23, 72($sp)
        ld      $30, 80($sp)
        ldc1    $f24, 88($sp)
        ldc1    $f25, 96($sp)
        ldc1    $f26, 104($sp)
        ldc1    $f27, 112($sp)
        ldc1    $f28, 120($sp)
        ldc1    $f29, 128($sp)
        ldc1    $f30, 136($sp)
        ldc1    $f31, 144($sp)
        daddiu  $sp, $sp, 160       // drop the save area
        .endm
