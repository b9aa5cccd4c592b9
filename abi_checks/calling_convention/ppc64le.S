// abi_checks/calling_convention/ppc64le.S - the ppc64le system-call
// convention, observed register by register.
//
//   unsigned long sysabi_cc_trap(frame *f)      f in r3 (ELFv2 ABI)
//
// Loads r0 and r2-r31 from f->in[] (r1 is the stack pointer), vs0-vs31
// from f->fin[], cr from misc[FLAGS_IN] and the FPSCR from misc[FPCTL_IN],
// executes `sc`, and stores what the kernel handed back.  The frame layout
// is in frame.h.
//
// The rules checked (Documentation/arch/powerpc/syscall64-abi.rst):
//   * r0 carries the number, r3-r8 arguments 1-6, r3 the result;
//   * r1, r2, r13, r14-r31, cr1-cr7, vs0-vs31, the FPSCR and the memory
//     below r1 come back unchanged; r0 and r4-r12 are volatile (table:
//     ppc64le.hpp).
#include "frame.h"

#define MISC(i) CC_MISC_OFF(i)
#define SLOT(r) ((r) * 8)           /* from the in[]/out[] base register */
#define FSLOT(i) ((i) * 16)         /* from the fin[]/fout[] base register */

// Our own frame: the ABI's 32-byte header, then r14-r31, f14-f31, cr, r2, r13.
#define SAVE_GPR(i) (32 + ((i) - 14) * 8)
#define SAVE_FPR(i) (176 + ((i) - 14) * 8)
#define SAVE_CR 320
#define SAVE_R2 328
#define SAVE_R13 336
#define FRAME 352                   /* a multiple of 16 */

        .abiversion 2
        .text
        .globl  sysabi_cc_trap
        .type   sysabi_cc_trap, @function
        .p2align 4
sysabi_cc_trap:
        // Keep what the ABI says a callee must preserve: lr (in the
        // caller's frame), r14-r31, f14-f31, cr2-cr4, and r2 and r13.
        mflr    0                   // r0 = return address
        std     0, 16(1)            // into the caller's LR save slot
        stdu    1, -FRAME(1)        // our frame, back chain stored
        std     14, SAVE_GPR(14)(1)
        std     15, SAVE_GPR(15)(1)
        std     16, SAVE_GPR(16)(1)
        std     17, SAVE_GPR(17)(1)
        std     18, SAVE_GPR(18)(1)
        std     19, SAVE_GPR(19)(1)
        std     20, SAVE_GPR(20)(1)
        std     21, SAVE_GPR(21)(1)
        std     22, SAVE_GPR(22)(1)
        std     23, SAVE_GPR(23)(1)
        std     24, SAVE_GPR(24)(1)
        std     25, SAVE_GPR(25)(1)
        std     26, SAVE_GPR(26)(1)
        std     27, SAVE_GPR(27)(1)
        std     28, SAVE_GPR(28)(1)
        std     29, SAVE_GPR(29)(1)
        std     30, SAVE_GPR(30)(1)
        std     31, SAVE_GPR(31)(1)
        stfd    14, SAVE_FPR(14)(1)
        stfd    15, SAVE_FPR(15)(1)
        stfd    16, SAVE_FPR(16)(1)
        stfd    17, SAVE_FPR(17)(1)
        stfd    18, SAVE_FPR(18)(1)
        stfd    19, SAVE_FPR(19)(1)
        stfd    20, SAVE_FPR(20)(1)
        stfd    21, SAVE_FPR(21)(1)
        stfd    22, SAVE_FPR(22)(1)
        stfd    23, SAVE_FPR(23)(1)
        stfd    24, SAVE_FPR(24)(1)
        stfd    25, SAVE_FPR(25)(1)
        stfd    26, SAVE_FPR(26)(1)
        stfd    27, SAVE_FPR(27)(1)
        stfd    28, SAVE_FPR(28)(1)
        stfd    29, SAVE_FPR(29)(1)
        stfd    30, SAVE_FPR(30)(1)
        stfd    31, SAVE_FPR(31)(1)
        mfcr    0                   // the condition register
        std     0, SAVE_CR(1)
        std     2, SAVE_R2(1)       // TOC pointer
        std     13, SAVE_R13(1)     // thread pointer
        std     1, MISC(CC_M_SAVED_SP)(3)

        // FPSCR: keep the caller's, install a distinctive one (round toward
        // zero, inexact raised) and read it back.  mffs leaves the FPSCR in
        // an FPR's low word; the high word is masked off in a GPR.
        mffs    0                   // f0 = FPSCR
        stfd    0, MISC(CC_M_FPCTL_SAVED)(3)
        lfd     0, MISC(CC_M_FPCTL_IN)(3)
        mtfsf   0xff, 0             // FPSCR = low word of f0, all 8 fields
        mffs    0                   // read it back
        stfd    0, MISC(CC_M_FPCTL_SET)(3)
        ld      4, MISC(CC_M_FPCTL_SET)(3)
        clrldi  4, 4, 32            // keep the low 32 bits: the FPSCR
        std     4, MISC(CC_M_FPCTL_SET)(3)

        // vs0-vs31 (f0-f31 are their first halves).  lxvd2x/stxvd2x move
        // two doublewords in the same order both ways: bytes round-trip.
        addi    4, 3, CC_FIN        // r4 = fin[]
        li      5, FSLOT(0)
        lxvd2x  0, 4, 5
        li      5, FSLOT(1)
        lxvd2x  1, 4, 5
        li      5, FSLOT(2)
        lxvd2x  2, 4, 5
        li      5, FSLOT(3)
        lxvd2x  3, 4, 5
        li      5, FSLOT(4)
        lxvd2x  4, 4, 5
        li      5, FSLOT(5)
        lxvd2x  5, 4, 5
        li      5, FSLOT(6)
        lxvd2x  6, 4, 5
        li      5, FSLOT(7)
        lxvd2x  7, 4, 5
        li      5, FSLOT(8)
        lxvd2x  8, 4, 5
        li      5, FSLOT(9)
        lxvd2x  9, 4, 5
        li      5, FSLOT(10)
        lxvd2x  10, 4, 5
        li      5, FSLOT(11)
        lxvd2x  11, 4, 5
        li      5, FSLOT(12)
        lxvd2x  12, 4, 5
        li      5, FSLOT(13)
        lxvd2x  13, 4, 5
        li      5, FSLOT(14)
        lxvd2x  14, 4, 5
        li      5, FSLOT(15)
        lxvd2x  15, 4, 5
        li      5, FSLOT(16)
        lxvd2x  16, 4, 5
        li      5, FSLOT(17)
        lxvd2x  17, 4, 5
        li      5, FSLOT(18)
        lxvd2x  18, 4, 5
        li      5, FSLOT(19)
        lxvd2x  19, 4, 5
        li      5, FSLOT(20)
        lxvd2x  20, 4, 5
        li      5, FSLOT(21)
        lxvd2x  21, 4, 5
        li      5, FSLOT(22)
        lxvd2x  22, 4, 5
        li      5, FSLOT(23)
        lxvd2x  23, 4, 5
        li      5, FSLOT(24)
        lxvd2x  24, 4, 5
        li      5, FSLOT(25)
        lxvd2x  25, 4, 5
        li      5, FSLOT(26)
        lxvd2x  26, 4, 5
        li      5, FSLOT(27)
        lxvd2x  27, 4, 5
        li      5, FSLOT(28)
        lxvd2x  28, 4, 5
        li      5, FSLOT(29)
        lxvd2x  29, 4, 5
        li      5, FSLOT(30)
        lxvd2x  30, 4, 5
        li      5, FSLOT(31)
        lxvd2x  31, 4, 5

        // cr: the pattern, read back.  Nothing below sets cr (no record
        // forms, no compares) until the trap.
        ld      4, MISC(CC_M_FLAGS_IN)(3)
        mtcrf   0xff, 4             // cr = low word of r4, all 8 fields
        mfcr    4
        std     4, MISC(CC_M_FLAGS_SET)(3)

        // The stack pointer is a canary too: it points into f->stack, whose
        // 256 bytes below it the caller filled with a pattern.
        addi    1, 3, CC_TRAP_SP

        // Every register gets its canary from in[]: r0 the number, r3-r8
        // the arguments (or canaries), the rest canaries.  r31 is the base,
        // loaded last.
        addi    31, 3, CC_IN
        ld      0, SLOT(0)(31)   // the number
        ld      2, SLOT(2)(31)   // TOC pointer
        ld      3, SLOT(3)(31)   // argument 1, result
        ld      4, SLOT(4)(31)   // argument 2
        ld      5, SLOT(5)(31)   // argument 3
        ld      6, SLOT(6)(31)   // argument 4
        ld      7, SLOT(7)(31)   // argument 5
        ld      8, SLOT(8)(31)   // argument 6
        ld      9, SLOT(9)(31)
        ld      10, SLOT(10)(31)
        ld      11, SLOT(11)(31)
        ld      12, SLOT(12)(31)
        ld      13, SLOT(13)(31)  // thread pointer
        ld      14, SLOT(14)(31)
        ld      15, SLOT(15)(31)
        ld      16, SLOT(16)(31)
        ld      17, SLOT(17)(31)
        ld      18, SLOT(18)(31)
        ld      19, SLOT(19)(31)
        ld      20, SLOT(20)(31)
        ld      21, SLOT(21)(31)
        ld      22, SLOT(22)(31)
        ld      23, SLOT(23)(31)
        ld      24, SLOT(24)(31)
        ld      25, SLOT(25)(31)
        ld      26, SLOT(26)(31)
        ld      27, SLOT(27)(31)
        ld      28, SLOT(28)(31)
        ld      29, SLOT(29)(31)
        ld      30, SLOT(30)(31)
        ld      31, SLOT(31)(31)   // last: it was the base

        sc
.Lafter_trap:
        // Move sp up past the checked area before spilling anything (addi
        // and std leave cr alone), then free r31 and r30.
        addi    1, 1, CC_STACK_SIZE - CC_TRAP_SP     // r1 = f + 512
        std     31, -8(1)
        std     30, -16(1)
        mfcr    31                  // cr as the trap left it
        addi    30, 1, -CC_STACK_SIZE                // r30 = f
        std     31, MISC(CC_M_FLAGS_OUT)(30)
        addi    31, 30, CC_OUT      // r31 = out[]
        std     0, SLOT(0)(31)
        std     2, SLOT(2)(31)
        std     3, SLOT(3)(31)
        std     4, SLOT(4)(31)
        std     5, SLOT(5)(31)
        std     6, SLOT(6)(31)
        std     7, SLOT(7)(31)
        std     8, SLOT(8)(31)
        std     9, SLOT(9)(31)
        std     10, SLOT(10)(31)
        std     11, SLOT(11)(31)
        std     12, SLOT(12)(31)
        std     13, SLOT(13)(31)
        std     14, SLOT(14)(31)
        std     15, SLOT(15)(31)
        std     16, SLOT(16)(31)
        std     17, SLOT(17)(31)
        std     18, SLOT(18)(31)
        std     19, SLOT(19)(31)
        std     20, SLOT(20)(31)
        std     21, SLOT(21)(31)
        std     22, SLOT(22)(31)
        std     23, SLOT(23)(31)
        std     24, SLOT(24)(31)
        std     25, SLOT(25)(31)
        std     26, SLOT(26)(31)
        std     27, SLOT(27)(31)
        std     28, SLOT(28)(31)
        std     29, SLOT(29)(31)
        ld      4, -16(1)           // r30 as the trap left it
        std     4, SLOT(30)(31)
        ld      4, -8(1)            // r31 as the trap left it
        std     4, SLOT(31)(31)
        addi    4, 1, -(CC_STACK_SIZE - CC_TRAP_SP)
        std     4, SLOT(1)(31)      // sp as the trap left it

        addi    4, 30, CC_FOUT      // r4 = fout[]
        li      5, FSLOT(0)
        stxvd2x 0, 4, 5
        li      5, FSLOT(1)
        stxvd2x 1, 4, 5
        li      5, FSLOT(2)
        stxvd2x 2, 4, 5
        li      5, FSLOT(3)
        stxvd2x 3, 4, 5
        li      5, FSLOT(4)
        stxvd2x 4, 4, 5
        li      5, FSLOT(5)
        stxvd2x 5, 4, 5
        li      5, FSLOT(6)
        stxvd2x 6, 4, 5
        li      5, FSLOT(7)
        stxvd2x 7, 4, 5
        li      5, FSLOT(8)
        stxvd2x 8, 4, 5
        li      5, FSLOT(9)
        stxvd2x 9, 4, 5
        li      5, FSLOT(10)
        stxvd2x 10, 4, 5
        li      5, FSLOT(11)
        stxvd2x 11, 4, 5
        li      5, FSLOT(12)
        stxvd2x 12, 4, 5
        li      5, FSLOT(13)
        stxvd2x 13, 4, 5
        li      5, FSLOT(14)
        stxvd2x 14, 4, 5
        li      5, FSLOT(15)
        stxvd2x 15, 4, 5
        li      5, FSLOT(16)
        stxvd2x 16, 4, 5
        li      5, FSLOT(17)
        stxvd2x 17, 4, 5
        li      5, FSLOT(18)
        stxvd2x 18, 4, 5
        li      5, FSLOT(19)
        stxvd2x 19, 4, 5
        li      5, FSLOT(20)
        stxvd2x 20, 4, 5
        li      5, FSLOT(21)
        stxvd2x 21, 4, 5
        li      5, FSLOT(22)
        stxvd2x 22, 4, 5
        li      5, FSLOT(23)
        stxvd2x 23, 4, 5
        li      5, FSLOT(24)
        stxvd2x 24, 4, 5
        li      5, FSLOT(25)
        stxvd2x 25, 4, 5
        li      5, FSLOT(26)
        stxvd2x 26, 4, 5
        li      5, FSLOT(27)
        stxvd2x 27, 4, 5
        li      5, FSLOT(28)
        stxvd2x 28, 4, 5
        li      5, FSLOT(29)
        stxvd2x 29, 4, 5
        li      5, FSLOT(30)
        stxvd2x 30, 4, 5
        li      5, FSLOT(31)
        stxvd2x 31, 4, 5
        mffs    0                   // FPSCR as the trap left it
        stfd    0, MISC(CC_M_FPCTL_OUT)(30)
        ld      4, MISC(CC_M_FPCTL_OUT)(30)
        clrldi  4, 4, 32            // its low word
        std     4, MISC(CC_M_FPCTL_OUT)(30)
        lfd     0, MISC(CC_M_FPCTL_SAVED)(30)
        mtfsf   0xff, 0             // the caller's FPSCR back

        ld      1, MISC(CC_M_SAVED_SP)(30)   // the caller's stack back (our frame)
        ld      3, CC_OUT + SLOT(3)(30)      // return the result
        ld      14, SAVE_GPR(14)(1)
        ld      15, SAVE_GPR(15)(1)
        ld      16, SAVE_GPR(16)(1)
        ld      17, SAVE_GPR(17)(1)
        ld      18, SAVE_GPR(18)(1)
        ld      19, SAVE_GPR(19)(1)
        ld      20, SAVE_GPR(20)(1)
        ld      21, SAVE_GPR(21)(1)
        ld      22, SAVE_GPR(22)(1)
        ld      23, SAVE_GPR(23)(1)
        ld      24, SAVE_GPR(24)(1)
        ld      25, SAVE_GPR(25)(1)
        ld      26, SAVE_GPR(26)(1)
        ld      27, SAVE_GPR(27)(1)
        ld      28, SAVE_GPR(28)(1)
        ld      29, SAVE_GPR(29)(1)
        ld      30, SAVE_GPR(30)(1)
        ld      31, SAVE_GPR(31)(1)
        lfd     14, SAVE_FPR(14)(1)
        lfd     15, SAVE_FPR(15)(1)
        lfd     16, SAVE_FPR(16)(1)
        lfd     17, SAVE_FPR(17)(1)
        lfd     18, SAVE_FPR(18)(1)
        lfd     19, SAVE_FPR(19)(1)
        lfd     20, SAVE_FPR(20)(1)
        lfd     21, SAVE_FPR(21)(1)
        lfd     22, SAVE_FPR(22)(1)
        lfd     23, SAVE_FPR(23)(1)
        lfd     24, SAVE_FPR(24)(1)
        lfd     25, SAVE_FPR(25)(1)
        lfd     26, SAVE_FPR(26)(1)
        lfd     27, SAVE_FPR(27)(1)
        lfd     28, SAVE_FPR(28)(1)
        lfd     29, SAVE_FPR(29)(1)
        lfd     30, SAVE_FPR(30)(1)
        lfd     31, SAVE_FPR(31)(1)
        ld      0, SAVE_CR(1)
        mtcrf   0xff, 0             // the caller's cr back
        ld      2, SAVE_R2(1)
        ld      13, SAVE_R13(1)
        addi    1, 1, FRAME         // pop our frame
        ld      0, 16(1)            // the return address
        mtlr    0
        blr
        .size   sysabi_cc_trap, . - sysabi_cc_trap

        .section .note.GNU-stack, "", @progbits   // no executable stack
