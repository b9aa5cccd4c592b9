// abi_checks/calling_convention/mips64el.S - the mips64 n64 system-call
// convention, observed register by register.
//
//   unsigned long sysabi_cc_trap(frame *f)      f in $4 (a0)
//
// Loads $1-$31 from f->in[] except $26/$27 (k0/k1 belong to the kernel's
// exception entry) and $29 (sp, pointed at f + CC_TRAP_SP), $f0-$f31 from
// f->fin[] and fcsr from f->misc[], executes `syscall`, and stores what the
// kernel handed back.  The frame layout is in frame.h.
//
// The rules checked (arch/mips/kernel/scall64-n64.S, the SAVE_SOME and
// RESTORE_SOME macros of arch/mips/include/asm/stackframe.h):
//   * v0 carries the number in and the result out; a3 carries argument 4
//     in and the error flag out (0 on success, 1 with a positive errno in v0);
//   * a0-a5 carry arguments 1-6;
//   * the registers the kernel's syscall entry saves and its exit restores
//     come back unchanged: v1, a0-a2, a4, a5, s0-s7, t9, gp, sp, fp, ra,
//     and f0-f31 and fcsr; the rest (at, a6, a7, t0-t3, t8, hi, lo) the
//     exit leaves as the kernel's own code left them (calling_convention/
//     mips64el.hpp: role::scratch, not checked).
// Debian's mips64el is hard-float with 64-bit FP registers (FR=1).
#include "frame.h"
#include "mips64el_save_area.h"

#define MISC(i) CC_MISC_OFF(i)
#define SLOT(r) ((r) * 8)           /* from the in[]/out[] base register */
#define FSLOT(i) ((i) * 16)         /* from the fin[]/fout[] base register */

        .text
        .globl  sysabi_cc_trap
        .type   sysabi_cc_trap, @function
        .p2align 3
        .set    noat                // $at holds a canary: the assembler may not use it
sysabi_cc_trap:
        // Keep what the n64 ABI says a callee must preserve: ra, gp, s0-s7,
        // fp and f24-f31.
        MIPS64_SAVE_CALLEE_SAVED            // ra, gp, s0-s7, fp, f24-f31 (mips64el_save_area.h)
        sd      $sp, MISC(CC_M_SAVED_SP)($4)    // the caller's sp, for the way back

        // fcsr: keep the caller's, install a distinctive one (round toward
        // zero, inexact flag raised) and read it back.
        cfc1    $12, $31            // t0 = fcsr
        sd      $12, MISC(CC_M_FPCTL_SAVED)($4)
        ld      $12, MISC(CC_M_FPCTL_IN)($4)
        ctc1    $12, $31            // fcsr = the pattern
        cfc1    $12, $31            // read back what took
        sd      $12, MISC(CC_M_FPCTL_SET)($4)
        // f0-f31.
        daddiu  $12, $4, CC_FIN     // t0 = &f->fin[0]
        ldc1    $f0, FSLOT(0)($12)
        ldc1    $f1, FSLOT(1)($12)
        ldc1    $f2, FSLOT(2)($12)
        ldc1    $f3, FSLOT(3)($12)
        ldc1    $f4, FSLOT(4)($12)
        ldc1    $f5, FSLOT(5)($12)
        ldc1    $f6, FSLOT(6)($12)
        ldc1    $f7, FSLOT(7)($12)
        ldc1    $f8, FSLOT(8)($12)
        ldc1    $f9, FSLOT(9)($12)
        ldc1    $f10, FSLOT(10)($12)
        ldc1    $f11, FSLOT(11)($12)
        ldc1    $f12, FSLOT(12)($12)
        ldc1    $f13, FSLOT(13)($12)
        ldc1    $f14, FSLOT(14)($12)
        ldc1    $f15, FSLOT(15)($12)
        ldc1    $f16, FSLOT(16)($12)
        ldc1    $f17, FSLOT(17)($12)
        ldc1    $f18, FSLOT(18)($12)
        ldc1    $f19, FSLOT(19)($12)
        ldc1    $f20, FSLOT(20)($12)
        ldc1    $f21, FSLOT(21)($12)
        ldc1    $f22, FSLOT(22)($12)
        ldc1    $f23, FSLOT(23)($12)
        ldc1    $f24, FSLOT(24)($12)
        ldc1    $f25, FSLOT(25)($12)
        ldc1    $f26, FSLOT(26)($12)
        ldc1    $f27, FSLOT(27)($12)
        ldc1    $f28, FSLOT(28)($12)
        ldc1    $f29, FSLOT(29)($12)
        ldc1    $f30, FSLOT(30)($12)
        ldc1    $f31, FSLOT(31)($12)

        // The stack pointer is a canary too: it points into f->stack, whose
        // 256 bytes below it the caller filled with a pattern.
        daddiu  $sp, $4, CC_TRAP_SP

        // Every register gets its canary from in[]: v0 the number, a0-a5 the
        // arguments (or canaries), the rest canaries.  ra is the base,
        // loaded last.
        daddiu  $31, $4, CC_IN      // ra = &f->in[0]
        ld      $1, SLOT(1)($31)    // at: assembler temporary
        ld      $2, SLOT(2)($31)    // v0: the number in, the result out
        ld      $3, SLOT(3)($31)    // v1
        ld      $4, SLOT(4)($31)    // a0: argument 1
        ld      $5, SLOT(5)($31)    // a1: argument 2
        ld      $6, SLOT(6)($31)    // a2: argument 3
        ld      $7, SLOT(7)($31)    // a3: argument 4; out: the error flag
        ld      $8, SLOT(8)($31)    // a4: argument 5
        ld      $9, SLOT(9)($31)    // a5: argument 6
        ld      $10, SLOT(10)($31)  // a6
        ld      $11, SLOT(11)($31)  // a7
        ld      $12, SLOT(12)($31)  // t0
        ld      $13, SLOT(13)($31)  // t1
        ld      $14, SLOT(14)($31)  // t2
        ld      $15, SLOT(15)($31)  // t3
        ld      $16, SLOT(16)($31)  // s0
        ld      $17, SLOT(17)($31)  // s1
        ld      $18, SLOT(18)($31)  // s2
        ld      $19, SLOT(19)($31)  // s3
        ld      $20, SLOT(20)($31)  // s4
        ld      $21, SLOT(21)($31)  // s5
        ld      $22, SLOT(22)($31)  // s6
        ld      $23, SLOT(23)($31)  // s7
        ld      $24, SLOT(24)($31)  // t8
        ld      $25, SLOT(25)($31)  // t9
        ld      $28, SLOT(28)($31)  // gp: global pointer
        ld      $30, SLOT(30)($31)  // fp: frame pointer
        ld      $31, SLOT(31)($31)  // ra: last, it was the base

        syscall
.Lafter_trap:
        // Move sp up past the checked area before spilling anything, then
        // free a0 (the frame) and a1 (the out[] base).
        daddiu  $sp, $sp, CC_STACK_SIZE - CC_TRAP_SP   // sp = f + 512
        sd      $4, -8($sp)         // a0 as the trap left it
        sd      $5, -16($sp)        // a1 as the trap left it
        daddiu  $4, $sp, -CC_STACK_SIZE                // a0 = f
        daddiu  $5, $4, CC_OUT                         // a1 = &f->out[0]
        sd      $1, SLOT(1)($5)     // at
        sd      $2, SLOT(2)($5)     // v0
        sd      $3, SLOT(3)($5)     // v1
        sd      $6, SLOT(6)($5)     // a2
        sd      $7, SLOT(7)($5)     // a3
        sd      $8, SLOT(8)($5)     // a4
        sd      $9, SLOT(9)($5)     // a5
        sd      $10, SLOT(10)($5)   // a6
        sd      $11, SLOT(11)($5)   // a7
        sd      $12, SLOT(12)($5)   // t0
        sd      $13, SLOT(13)($5)   // t1
        sd      $14, SLOT(14)($5)   // t2
        sd      $15, SLOT(15)($5)   // t3
        sd      $16, SLOT(16)($5)   // s0
        sd      $17, SLOT(17)($5)   // s1
        sd      $18, SLOT(18)($5)   // s2
        sd      $19, SLOT(19)($5)   // s3
        sd      $20, SLOT(20)($5)   // s4
        sd      $21, SLOT(21)($5)   // s5
        sd      $22, SLOT(22)($5)   // s6
        sd      $23, SLOT(23)($5)   // s7
        sd      $24, SLOT(24)($5)   // t8
        sd      $25, SLOT(25)($5)   // t9
        sd      $28, SLOT(28)($5)   // gp
        sd      $30, SLOT(30)($5)   // fp
        sd      $31, SLOT(31)($5)   // ra
        ld      $12, -8($sp)        // a0 as the trap left it
        sd      $12, SLOT(4)($5)
        ld      $12, -16($sp)       // a1 as the trap left it
        sd      $12, SLOT(5)($5)
        daddiu  $12, $sp, -(CC_STACK_SIZE - CC_TRAP_SP)
        sd      $12, SLOT(29)($5)   // sp as the trap left it

        daddiu  $12, $4, CC_FOUT    // t0 = &f->fout[0]
        sdc1    $f0, FSLOT(0)($12)
        sdc1    $f1, FSLOT(1)($12)
        sdc1    $f2, FSLOT(2)($12)
        sdc1    $f3, FSLOT(3)($12)
        sdc1    $f4, FSLOT(4)($12)
        sdc1    $f5, FSLOT(5)($12)
        sdc1    $f6, FSLOT(6)($12)
        sdc1    $f7, FSLOT(7)($12)
        sdc1    $f8, FSLOT(8)($12)
        sdc1    $f9, FSLOT(9)($12)
        sdc1    $f10, FSLOT(10)($12)
        sdc1    $f11, FSLOT(11)($12)
        sdc1    $f12, FSLOT(12)($12)
        sdc1    $f13, FSLOT(13)($12)
        sdc1    $f14, FSLOT(14)($12)
        sdc1    $f15, FSLOT(15)($12)
        sdc1    $f16, FSLOT(16)($12)
        sdc1    $f17, FSLOT(17)($12)
        sdc1    $f18, FSLOT(18)($12)
        sdc1    $f19, FSLOT(19)($12)
        sdc1    $f20, FSLOT(20)($12)
        sdc1    $f21, FSLOT(21)($12)
        sdc1    $f22, FSLOT(22)($12)
        sdc1    $f23, FSLOT(23)($12)
        sdc1    $f24, FSLOT(24)($12)
        sdc1    $f25, FSLOT(25)($12)
        sdc1    $f26, FSLOT(26)($12)
        sdc1    $f27, FSLOT(27)($12)
        sdc1    $f28, FSLOT(28)($12)
        sdc1    $f29, FSLOT(29)($12)
        sdc1    $f30, FSLOT(30)($12)
        sdc1    $f31, FSLOT(31)($12)
        cfc1    $12, $31            // fcsr right after the trap
        sd      $12, MISC(CC_M_FPCTL_OUT)($4)
        ld      $12, MISC(CC_M_FPCTL_SAVED)($4)
        ctc1    $12, $31            // the caller's fcsr back

        ld      $sp, MISC(CC_M_SAVED_SP)($4)    // the caller's stack back
        ld      $2, CC_OUT + SLOT(2)($4)        // return v0 as the trap left it
        MIPS64_RESTORE_CALLEE_SAVED         // the caller's registers back
        jr      $31                 // return (the assembler fills the delay slot)
        .set    at
        .size   sysabi_cc_trap, . - sysabi_cc_trap

        .section .note.GNU-stack, "", @progbits
