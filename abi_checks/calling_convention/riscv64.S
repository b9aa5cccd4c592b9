// abi_checks/calling_convention/riscv64.S - the riscv64 system-call
// convention, observed register by register.
//
//   unsigned long sysabi_cc_trap(frame *f)      f in a0 (RISC-V psABI)
//
// Loads x1-x31 from f->in[] (x0 is hard-wired zero), f0-f31 from f->fin[]
// and fcsr from f->misc[], executes `ecall`, and stores what the kernel
// handed back.  The frame layout is in frame.h.
//
// The rules checked (Linux arch/riscv/kernel/entry.S, RISC-V psABI):
//   * a7 carries the number (and survives);
//   * a0-a5 carry arguments 1-6, a0 carries the result out;
//   * every other register - ra, sp, gp, tp, t0-t6, s0-s11, a1-a7 - the
//     memory below sp, f0-f31 and fcsr come back unchanged.
// riscv has no condition flags.  The F and D extensions are taken for
// granted: Debian's riscv64 is lp64d, whose calling convention needs them.
#include "frame.h"

#define MISC(i) CC_MISC_OFF(i)
#define SLOT(r) ((r) * 8)           /* from the in[]/out[] base register */
#define FSLOT(i) ((i) * 16)         /* from the fin[]/fout[] base register */

        .option norelax             // gp holds a canary: no gp-relative relaxation here
        .text
        .globl  sysabi_cc_trap
        .type   sysabi_cc_trap, @function
        .p2align 2
sysabi_cc_trap:
        // Keep what the psABI says a callee must preserve: ra, s0-s11,
        // fs0-fs11, and gp and tp, which no function may change.
        addi    sp, sp, -240
        sd      ra, 0(sp)
        sd      gp, 8(sp)
        sd      tp, 16(sp)
        sd      s0, 24(sp)
        sd      s1, 32(sp)
        sd      s2, 40(sp)
        sd      s3, 48(sp)
        sd      s4, 56(sp)
        sd      s5, 64(sp)
        sd      s6, 72(sp)
        sd      s7, 80(sp)
        sd      s8, 88(sp)
        sd      s9, 96(sp)
        sd      s10, 104(sp)
        sd      s11, 112(sp)
        fsd     fs0, 120(sp)
        fsd     fs1, 128(sp)
        fsd     fs2, 136(sp)
        fsd     fs3, 144(sp)
        fsd     fs4, 152(sp)
        fsd     fs5, 160(sp)
        fsd     fs6, 168(sp)
        fsd     fs7, 176(sp)
        fsd     fs8, 184(sp)
        fsd     fs9, 192(sp)
        fsd     fs10, 200(sp)
        fsd     fs11, 208(sp)
        sd      sp, MISC(CC_M_SAVED_SP)(a0)

        // fcsr: keep the caller's, install a distinctive one (round toward
        // zero, inexact raised) and read it back.
        frcsr   t0
        sd      t0, MISC(CC_M_FPCTL_SAVED)(a0)
        ld      t0, MISC(CC_M_FPCTL_IN)(a0)
        fscsr   t0
        frcsr   t0
        sd      t0, MISC(CC_M_FPCTL_SET)(a0)
        // f0-f31.
        addi    t0, a0, CC_FIN
        fld     f0, FSLOT(0)(t0)
        fld     f1, FSLOT(1)(t0)
        fld     f2, FSLOT(2)(t0)
        fld     f3, FSLOT(3)(t0)
        fld     f4, FSLOT(4)(t0)
        fld     f5, FSLOT(5)(t0)
        fld     f6, FSLOT(6)(t0)
        fld     f7, FSLOT(7)(t0)
        fld     f8, FSLOT(8)(t0)
        fld     f9, FSLOT(9)(t0)
        fld     f10, FSLOT(10)(t0)
        fld     f11, FSLOT(11)(t0)
        fld     f12, FSLOT(12)(t0)
        fld     f13, FSLOT(13)(t0)
        fld     f14, FSLOT(14)(t0)
        fld     f15, FSLOT(15)(t0)
        fld     f16, FSLOT(16)(t0)
        fld     f17, FSLOT(17)(t0)
        fld     f18, FSLOT(18)(t0)
        fld     f19, FSLOT(19)(t0)
        fld     f20, FSLOT(20)(t0)
        fld     f21, FSLOT(21)(t0)
        fld     f22, FSLOT(22)(t0)
        fld     f23, FSLOT(23)(t0)
        fld     f24, FSLOT(24)(t0)
        fld     f25, FSLOT(25)(t0)
        fld     f26, FSLOT(26)(t0)
        fld     f27, FSLOT(27)(t0)
        fld     f28, FSLOT(28)(t0)
        fld     f29, FSLOT(29)(t0)
        fld     f30, FSLOT(30)(t0)
        fld     f31, FSLOT(31)(t0)

        // The stack pointer is a canary too: it points into f->stack, whose
        // 256 bytes below it the caller filled with a pattern.
        addi    sp, a0, CC_TRAP_SP

        // Every register gets its canary from in[]: a7 the number, a0-a5
        // the arguments (or canaries), the rest canaries that must survive.
        // t6 (x31) is the base, loaded last.
        addi    t6, a0, CC_IN
        ld      ra, SLOT(1)(t6)
        ld      gp, SLOT(3)(t6)             // global pointer
        ld      tp, SLOT(4)(t6)             // thread pointer
        ld      t0, SLOT(5)(t6)
        ld      t1, SLOT(6)(t6)
        ld      t2, SLOT(7)(t6)
        ld      s0, SLOT(8)(t6)
        ld      s1, SLOT(9)(t6)
        ld      a0, SLOT(10)(t6)            // argument 1, result
        ld      a1, SLOT(11)(t6)            // argument 2
        ld      a2, SLOT(12)(t6)            // argument 3
        ld      a3, SLOT(13)(t6)            // argument 4
        ld      a4, SLOT(14)(t6)            // argument 5
        ld      a5, SLOT(15)(t6)            // argument 6
        ld      a6, SLOT(16)(t6)
        ld      a7, SLOT(17)(t6)            // the number (preserved too)
        ld      s2, SLOT(18)(t6)
        ld      s3, SLOT(19)(t6)
        ld      s4, SLOT(20)(t6)
        ld      s5, SLOT(21)(t6)
        ld      s6, SLOT(22)(t6)
        ld      s7, SLOT(23)(t6)
        ld      s8, SLOT(24)(t6)
        ld      s9, SLOT(25)(t6)
        ld      s10, SLOT(26)(t6)
        ld      s11, SLOT(27)(t6)
        ld      t3, SLOT(28)(t6)
        ld      t4, SLOT(29)(t6)
        ld      t5, SLOT(30)(t6)
        ld      t6, SLOT(31)(t6)            // last: it was the base

        ecall
.Lafter_trap:
        // Move sp up past the checked area before spilling anything, then
        // free a0 (the frame) and a1 (the out[] base).
        addi    sp, sp, CC_STACK_SIZE - CC_TRAP_SP     // sp = f + 512
        sd      a0, -8(sp)
        sd      a1, -16(sp)
        addi    a0, sp, -CC_STACK_SIZE                 // a0 = f
        addi    a1, a0, CC_OUT
        sd      ra, SLOT(1)(a1)
        sd      gp, SLOT(3)(a1)
        sd      tp, SLOT(4)(a1)
        sd      t0, SLOT(5)(a1)
        sd      t1, SLOT(6)(a1)
        sd      t2, SLOT(7)(a1)
        sd      s0, SLOT(8)(a1)
        sd      s1, SLOT(9)(a1)
        sd      a2, SLOT(12)(a1)
        sd      a3, SLOT(13)(a1)
        sd      a4, SLOT(14)(a1)
        sd      a5, SLOT(15)(a1)
        sd      a6, SLOT(16)(a1)
        sd      a7, SLOT(17)(a1)
        sd      s2, SLOT(18)(a1)
        sd      s3, SLOT(19)(a1)
        sd      s4, SLOT(20)(a1)
        sd      s5, SLOT(21)(a1)
        sd      s6, SLOT(22)(a1)
        sd      s7, SLOT(23)(a1)
        sd      s8, SLOT(24)(a1)
        sd      s9, SLOT(25)(a1)
        sd      s10, SLOT(26)(a1)
        sd      s11, SLOT(27)(a1)
        sd      t3, SLOT(28)(a1)
        sd      t4, SLOT(29)(a1)
        sd      t5, SLOT(30)(a1)
        sd      t6, SLOT(31)(a1)
        ld      t0, -8(sp)                  // a0 as the trap left it
        sd      t0, SLOT(10)(a1)
        ld      t0, -16(sp)                 // a1 as the trap left it
        sd      t0, SLOT(11)(a1)
        addi    t0, sp, -(CC_STACK_SIZE - CC_TRAP_SP)
        sd      t0, SLOT(2)(a1)             // sp as the trap left it

        addi    t0, a0, CC_FOUT
        fsd     f0, FSLOT(0)(t0)
        fsd     f1, FSLOT(1)(t0)
        fsd     f2, FSLOT(2)(t0)
        fsd     f3, FSLOT(3)(t0)
        fsd     f4, FSLOT(4)(t0)
        fsd     f5, FSLOT(5)(t0)
        fsd     f6, FSLOT(6)(t0)
        fsd     f7, FSLOT(7)(t0)
        fsd     f8, FSLOT(8)(t0)
        fsd     f9, FSLOT(9)(t0)
        fsd     f10, FSLOT(10)(t0)
        fsd     f11, FSLOT(11)(t0)
        fsd     f12, FSLOT(12)(t0)
        fsd     f13, FSLOT(13)(t0)
        fsd     f14, FSLOT(14)(t0)
        fsd     f15, FSLOT(15)(t0)
        fsd     f16, FSLOT(16)(t0)
        fsd     f17, FSLOT(17)(t0)
        fsd     f18, FSLOT(18)(t0)
        fsd     f19, FSLOT(19)(t0)
        fsd     f20, FSLOT(20)(t0)
        fsd     f21, FSLOT(21)(t0)
        fsd     f22, FSLOT(22)(t0)
        fsd     f23, FSLOT(23)(t0)
        fsd     f24, FSLOT(24)(t0)
        fsd     f25, FSLOT(25)(t0)
        fsd     f26, FSLOT(26)(t0)
        fsd     f27, FSLOT(27)(t0)
        fsd     f28, FSLOT(28)(t0)
        fsd     f29, FSLOT(29)(t0)
        fsd     f30, FSLOT(30)(t0)
        fsd     f31, FSLOT(31)(t0)
        frcsr   t0
        sd      t0, MISC(CC_M_FPCTL_OUT)(a0)
        ld      t0, MISC(CC_M_FPCTL_SAVED)(a0)
        fscsr   t0                          // the caller's fcsr back

        ld      sp, MISC(CC_M_SAVED_SP)(a0) // the caller's stack back
        ld      a0, CC_OUT + SLOT(10)(a0)   // return the result
        ld      ra, 0(sp)
        ld      gp, 8(sp)
        ld      tp, 16(sp)
        ld      s0, 24(sp)
        ld      s1, 32(sp)
        ld      s2, 40(sp)
        ld      s3, 48(sp)
        ld      s4, 56(sp)
        ld      s5, 64(sp)
        ld      s6, 72(sp)
        ld      s7, 80(sp)
        ld      s8, 88(sp)
        ld      s9, 96(sp)
        ld      s10, 104(sp)
        ld      s11, 112(sp)
        fld     fs0, 120(sp)
        fld     fs1, 128(sp)
        fld     fs2, 136(sp)
        fld     fs3, 144(sp)
        fld     fs4, 152(sp)
        fld     fs5, 160(sp)
        fld     fs6, 168(sp)
        fld     fs7, 176(sp)
        fld     fs8, 184(sp)
        fld     fs9, 192(sp)
        fld     fs10, 200(sp)
        fld     fs11, 208(sp)
        addi    sp, sp, 240
        ret
        .size   sysabi_cc_trap, . - sysabi_cc_trap

        .section .note.GNU-stack, "", @progbits
