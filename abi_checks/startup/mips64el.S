// abi_checks/startup/mips64el.S - sp as the start-up code enters its first
// C function (entry.h).  jalr leaves sp alone.  RECORD is reached through
// the GOT, with $25 (t9) holding its address as n64 callees expect; the
// caller's gp is given back before the jump (gp is callee-saved in n64).
#include "entry.h"

        .text
        .globl  ENTRY
        .type   ENTRY, @function
        .p2align 3
        .set    noreorder           // the delay slot is filled by hand
ENTRY:
        move    $12, $28            // t0 = the caller's gp
        lui     $28, %hi(%neg(%gp_rel(ENTRY)))          // gp = our GOT pointer,
        daddu   $28, $28, $25                           //   from t9 = ENTRY
        daddiu  $28, $28, %lo(%neg(%gp_rel(ENTRY)))     //   (what gcc's prologues do)
#if SYSABI_HAS_LIBC
        move    $7, $29             // main(argc a0, argv a1, envp a2): sp is RECORD's 4th argument
#else
        move    $5, $29             // sysabi_start_c(sp a0): sp is RECORD's 2nd argument
        ld      $13, %got_disp(sysabi_startup_entry_fp)($28)  // t1: the global's address, from the GOT
        sd      $30, 0($13)         // the frame pointer ($fp) _start left (startup.cpp)
#endif
        ld      $25, %call16(RECORD)($28)  // t9 = RECORD, from the GOT
        jr      $25                 // no call: RECORD sees the same stack
        move    $28, $12            // (delay slot) gp = the caller's again
        .set    reorder
        .size   ENTRY, . - ENTRY

        .section .note.GNU-stack, "", @progbits   // no executable stack
