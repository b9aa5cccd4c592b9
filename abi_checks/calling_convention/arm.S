// abi_checks/calling_convention/arm.S - the arm EABI system-call convention,
// observed register by register.
//
//   unsigned long sysabi_cc_trap(frame *f)      f in r0 (AAPCS)
//
// Assembled as A32 (.arm): the caller may be Thumb-2 code, `bx lr` returns
// to either state.  Loads r0-r12 and lr from f->in[], d0-d15 (and d16-d31
// where the CPU has them) from f->fin[], APSR and FPSCR from f->misc[],
// executes `svc #0`, and stores what the kernel handed back.  The frame
// layout is in frame.h.
//
// The rules checked (Linux arch/arm/kernel/entry-common.S, EABI):
//   * r7 carries the number (the EABI way; OABI encoded it in the svc
//     immediate) and survives;
//   * r0-r5 carry arguments 1-6 (r6 a 7th, which no call used here), r0
//     carries the result out;
//   * every other register r1-r12, sp, lr, the memory below sp, the APSR
//     flags (N Z C V Q), d0-d31 and FPSCR come back unchanged.
#include "frame.h"

#define IN(r) (CC_IN + (r) * 4)
#define OUT(r) (CC_OUT + (r) * 4)
#define MISC(i) CC_MISC_OFF(i)
#define FIN(i) ((i) * 16)   /* from the FIN base register */
#define FOUT(i) ((i) * 16)  /* from the FOUT base register */

        .syntax unified
        .arm
        .fpu    vfpv3               // d0-d31 (d16-d31 are only touched when the CPU has them)
        .text
        .globl  sysabi_cc_trap
        .type   sysabi_cc_trap, %function
        .p2align 2
sysabi_cc_trap:
        // Keep what AAPCS says a callee must preserve: r4-r11, d8-d15 (and
        // lr, our way back).
        push    {r4-r11, lr}
        vpush   {d8-d15}
        str     sp, [r0, #MISC(CC_M_SAVED_SP)]

        // FP control: keep the caller's FPSCR, install a distinctive one
        // (flush-to-zero, round toward zero) and read it back.
        vmrs    r1, fpscr
        str     r1, [r0, #MISC(CC_M_FPCTL_SAVED)]
        ldr     r1, [r0, #MISC(CC_M_FPCTL_IN)]
        vmsr    fpscr, r1
        vmrs    r1, fpscr
        str     r1, [r0, #MISC(CC_M_FPCTL_SET)]

        // d0-d15: VFPv3-D16 is armhf's baseline.
        add     r1, r0, #CC_FIN
        vldr    d0, [r1, #FIN(0)]
        vldr    d1, [r1, #FIN(1)]
        vldr    d2, [r1, #FIN(2)]
        vldr    d3, [r1, #FIN(3)]
        vldr    d4, [r1, #FIN(4)]
        vldr    d5, [r1, #FIN(5)]
        vldr    d6, [r1, #FIN(6)]
        vldr    d7, [r1, #FIN(7)]
        vldr    d8, [r1, #FIN(8)]
        vldr    d9, [r1, #FIN(9)]
        vldr    d10, [r1, #FIN(10)]
        vldr    d11, [r1, #FIN(11)]
        vldr    d12, [r1, #FIN(12)]
        vldr    d13, [r1, #FIN(13)]
        vldr    d14, [r1, #FIN(14)]
        vldr    d15, [r1, #FIN(15)]
        // d16-d31 only with VFP-D32 (NEON CPUs have it; the caller says).
        ldr     r2, [r0, #MISC(CC_M_OPTIONS)]
        tst     r2, #CC_OPT_FP_EXT
        beq     1f
        vldr    d16, [r1, #FIN(16)]
        vldr    d17, [r1, #FIN(17)]
        vldr    d18, [r1, #FIN(18)]
        vldr    d19, [r1, #FIN(19)]
        vldr    d20, [r1, #FIN(20)]
        vldr    d21, [r1, #FIN(21)]
        vldr    d22, [r1, #FIN(22)]
        vldr    d23, [r1, #FIN(23)]
        vldr    d24, [r1, #FIN(24)]
        vldr    d25, [r1, #FIN(25)]
        vldr    d26, [r1, #FIN(26)]
        vldr    d27, [r1, #FIN(27)]
        vldr    d28, [r1, #FIN(28)]
        vldr    d29, [r1, #FIN(29)]
        vldr    d30, [r1, #FIN(30)]
        vldr    d31, [r1, #FIN(31)]
1:
        // APSR: a known pattern in N Z C V Q, read back.  Nothing below sets
        // flags until the trap: only loads, add without S.
        ldr     r1, [r0, #MISC(CC_M_FLAGS_IN)]
        msr     APSR_nzcvq, r1
        mrs     r1, APSR
        str     r1, [r0, #MISC(CC_M_FLAGS_SET)]

        // The stack pointer is a canary too: it points into f->stack, whose
        // 256 bytes below it the caller filled with a pattern.
        add     sp, r0, #CC_TRAP_SP

        // Every register gets its canary from in[]: r7 the number, r0-r5
        // the arguments (or canaries), the rest canaries that must survive.
        // lr is the base, loaded last.
        add     lr, r0, #CC_IN
        ldr     r0, [lr, #IN(0) - CC_IN]    // argument 1, result
        ldr     r1, [lr, #IN(1) - CC_IN]    // argument 2
        ldr     r2, [lr, #IN(2) - CC_IN]    // argument 3
        ldr     r3, [lr, #IN(3) - CC_IN]    // argument 4
        ldr     r4, [lr, #IN(4) - CC_IN]    // argument 5
        ldr     r5, [lr, #IN(5) - CC_IN]    // argument 6
        ldr     r6, [lr, #IN(6) - CC_IN]    // argument 7 (unused here): preserved
        ldr     r7, [lr, #IN(7) - CC_IN]    // the number (preserved too)
        ldr     r8, [lr, #IN(8) - CC_IN]
        ldr     r9, [lr, #IN(9) - CC_IN]    // the platform register
        ldr     r10, [lr, #IN(10) - CC_IN]
        ldr     r11, [lr, #IN(11) - CC_IN]  // frame pointer (A32)
        ldr     r12, [lr, #IN(12) - CC_IN]  // ip, the intra-procedure-call scratch
        ldr     lr, [lr, #IN(14) - CC_IN]   // lr, last: it was the base

        svc     #0
.Lafter_trap:
        // Move sp up past the checked area before spilling anything, then
        // free r0 (the frame) and r1 (scratch).
        add     sp, sp, #(CC_STACK_SIZE - CC_TRAP_SP)  // sp = f + 512
        push    {r0, r1}                               // sp = f + 504
        mrs     r1, APSR                               // flags after the trap
        sub     r0, sp, #(CC_STACK_SIZE - 8)           // r0 = f
        str     r1, [r0, #MISC(CC_M_FLAGS_OUT)]

        add     r1, r0, #CC_OUT
        str     r2, [r1, #OUT(2) - CC_OUT]
        str     r3, [r1, #OUT(3) - CC_OUT]
        str     r4, [r1, #OUT(4) - CC_OUT]
        str     r5, [r1, #OUT(5) - CC_OUT]
        str     r6, [r1, #OUT(6) - CC_OUT]
        str     r7, [r1, #OUT(7) - CC_OUT]
        str     r8, [r1, #OUT(8) - CC_OUT]
        str     r9, [r1, #OUT(9) - CC_OUT]
        str     r10, [r1, #OUT(10) - CC_OUT]
        str     r11, [r1, #OUT(11) - CC_OUT]
        str     r12, [r1, #OUT(12) - CC_OUT]
        str     lr, [r1, #OUT(14) - CC_OUT]
        pop     {r2, r3}                    // r0, r1 as the trap left them; sp = f + 512
        str     r2, [r1, #OUT(0) - CC_OUT]
        str     r3, [r1, #OUT(1) - CC_OUT]
        sub     r2, sp, #(CC_STACK_SIZE - CC_TRAP_SP)
        str     r2, [r1, #OUT(13) - CC_OUT] // sp as the trap left it

        add     r1, r0, #CC_FOUT
        vstr    d0, [r1, #FOUT(0)]
        vstr    d1, [r1, #FOUT(1)]
        vstr    d2, [r1, #FOUT(2)]
        vstr    d3, [r1, #FOUT(3)]
        vstr    d4, [r1, #FOUT(4)]
        vstr    d5, [r1, #FOUT(5)]
        vstr    d6, [r1, #FOUT(6)]
        vstr    d7, [r1, #FOUT(7)]
        vstr    d8, [r1, #FOUT(8)]
        vstr    d9, [r1, #FOUT(9)]
        vstr    d10, [r1, #FOUT(10)]
        vstr    d11, [r1, #FOUT(11)]
        vstr    d12, [r1, #FOUT(12)]
        vstr    d13, [r1, #FOUT(13)]
        vstr    d14, [r1, #FOUT(14)]
        vstr    d15, [r1, #FOUT(15)]
        ldr     r2, [r0, #MISC(CC_M_OPTIONS)]
        tst     r2, #CC_OPT_FP_EXT
        beq     2f
        vstr    d16, [r1, #FOUT(16)]
        vstr    d17, [r1, #FOUT(17)]
        vstr    d18, [r1, #FOUT(18)]
        vstr    d19, [r1, #FOUT(19)]
        vstr    d20, [r1, #FOUT(20)]
        vstr    d21, [r1, #FOUT(21)]
        vstr    d22, [r1, #FOUT(22)]
        vstr    d23, [r1, #FOUT(23)]
        vstr    d24, [r1, #FOUT(24)]
        vstr    d25, [r1, #FOUT(25)]
        vstr    d26, [r1, #FOUT(26)]
        vstr    d27, [r1, #FOUT(27)]
        vstr    d28, [r1, #FOUT(28)]
        vstr    d29, [r1, #FOUT(29)]
        vstr    d30, [r1, #FOUT(30)]
        vstr    d31, [r1, #FOUT(31)]
2:
        vmrs    r1, fpscr
        str     r1, [r0, #MISC(CC_M_FPCTL_OUT)]
        ldr     r1, [r0, #MISC(CC_M_FPCTL_SAVED)]
        vmsr    fpscr, r1                   // the caller's FPSCR back

        ldr     sp, [r0, #MISC(CC_M_SAVED_SP)]  // the caller's stack back
        ldr     r0, [r0, #OUT(0)]           // return the result
        vpop    {d8-d15}
        pop     {r4-r11, lr}
        bx      lr
        .size   sysabi_cc_trap, . - sysabi_cc_trap

        .section .note.GNU-stack, "", %progbits
